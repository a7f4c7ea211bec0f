package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * A name the file system cannot take is refused when the profile is read, with its field and line;
 * and a commit that cannot be finished anyway is rolled back to the previous files, so no folder is
 * ever wedged.
 */
class CommitNeverWedgesTest {

    @TempDir
    Path root;

    @Test
    void aKeyFileNameOf256CharactersIsRefusedWhenTheProfileIsRead() throws Exception {
        Path keys = TestPki.makeSet(root, TestPki.demoProfiles("ec-p256"), Clock.systemUTC());
        Path server = root.resolve("profiles/server.yaml");
        String name = "k".repeat(252) + ".pem";
        Files.writeString(server, Files.readString(server) + "files:\n  key: " + name + "\n");
        int line = (int) Files.readString(server).lines().count();
        FolderSnapshot before = FolderSnapshot.of(keys);

        ToolRun.Result r = ToolRun.caTool(
                "fixtures",
                "--out",
                keys.toString(),
                "--profiles",
                root.resolve("profiles").toString());

        r.assertExit(ExitCodes.INVALID_PROFILE);
        assertEquals(
                server + ":" + line + ": files.key: the name has 256 bytes, more than a file name may have (255); "
                        + "give a shorter one",
                r.errorLine());
        assertEquals(Set.of(), before.bytesChangedIn(FolderSnapshot.of(keys)));
        assertFalse(Files.exists(keys.resolve(StagedFiles.COMMIT_RECORD)));
        // and the folder goes on working: with the name fixed, the next run writes
        Files.writeString(server, Files.readString(server).replace(name, "k".repeat(251) + ".pem"));
        ToolRun.caTool(
                        "fixtures",
                        "--out",
                        keys.toString(),
                        "--profiles",
                        root.resolve("profiles").toString())
                .assertExit(0);
        assertTrue(Files.exists(keys.resolve("k".repeat(251) + ".pem")));
    }

    @Test
    void aNameInCaToolsOwnNamespaceIsRefusedWhenTheProfileIsRead() throws Exception {
        TestPki.writeProfiles(
                root.resolve("profiles"), Map.of("ca", TestPki.ca("ec-p256") + "files:\n  cert: .ca-tool.commit\n"));
        ToolRun.Result r = ToolRun.caTool(
                "fixtures",
                "--out",
                root.resolve("keys").toString(),
                "--profiles",
                root.resolve("profiles").toString());
        r.assertExit(ExitCodes.INVALID_PROFILE);
        assertTrue(
                r.errorLine()
                        .startsWith(
                                root.resolve("profiles/ca.yaml") + ":8: files.cert: \".ca-tool.commit\" begins "
                                        + "with .ca-tool., which ca-tool keeps for its lock, commit record and temporary files"),
                r.err());
    }

    /** A rename the file system refuses in the middle of a commit: the files already renamed get their old content back. */
    @Test
    void aCommitWhoseRenameFailsIsRolledBackToThePreviousFiles() throws Exception {
        Path dir = Files.createDirectories(root.resolve("out"));
        Files.writeString(dir.resolve("a.pem"), "old a");
        Files.writeString(dir.resolve("b.pem"), "old b");
        try (StagedFiles files = new StagedFiles(dir)) {
            files.stage("a.pem", "new a".getBytes(StandardCharsets.US_ASCII), false);
            files.stage("c.pem", "new c".getBytes(StandardCharsets.US_ASCII), false);
            files.stage("b.pem", "new b".getBytes(StandardCharsets.US_ASCII), false);
            // between staging and commit, something makes b.pem a folder that is not empty: its rename fails
            Files.delete(dir.resolve("b.pem"));
            Files.writeString(Files.createDirectory(dir.resolve("b.pem")).resolve("inside"), "x");
            PkiException e = assertThrows(PkiException.class, files::commit);
            assertEquals(PkiException.Kind.WRITE_FAILED, e.kind());
            assertTrue(e.getMessage().startsWith(dir.resolve("b.pem") + ": cannot write: "), e.getMessage());
            assertTrue(
                    e.getMessage().endsWith("; the commit was rolled back: the previous files are back, as they were"),
                    e.getMessage());
        }
        assertEquals("old a", Files.readString(dir.resolve("a.pem")));
        assertFalse(Files.exists(dir.resolve("c.pem")), "a file new in the commit is removed again");
        assertFalse(Files.exists(dir.resolve(StagedFiles.COMMIT_RECORD)));
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(dir));
    }

    /**
     * The wedge of a 256-character name, made by hand: a killed run's record whose second rename cannot
     * be done. The next run restores the previous files, says so, and the run after it goes on.
     */
    @Test
    void anInterruptedCommitThatCannotBeFinishedIsRolledBackByTheNextRun() throws Exception {
        Path dir = Files.createDirectories(root.resolve("out"));
        Files.writeString(dir.resolve("a.pem"), "new a"); // the first rename was done before the kill
        Files.writeString(dir.resolve(".ca-tool.00000000000000aa.tmp"), "old a"); // a.pem's previous content
        Files.writeString(dir.resolve(".ca-tool.00000000000000bb.tmp"), "new long");
        String tooLong = "x".repeat(300);
        Files.writeString(
                dir.resolve(StagedFiles.COMMIT_RECORD),
                "mtlskit-commit 2\n"
                        + ".ca-tool.00000000000000a1.tmp a.pem .ca-tool.00000000000000aa.tmp\n"
                        + ".ca-tool.00000000000000bb.tmp " + tooLong + " -\n"
                        + "end 2\n");

        PkiException e =
                assertThrows(PkiException.class, () -> FolderLock.acquire(dir).close());
        assertEquals(PkiException.Kind.WRITE_FAILED, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith(dir.resolve(tooLong) + ": cannot finish the interrupted commit in "
                                + dir.resolve(StagedFiles.COMMIT_RECORD)
                                + ": File name too long; the commit was rolled back: the "
                                + "previous files are back, as they were"),
                e.getMessage());
        assertEquals("old a", Files.readString(dir.resolve("a.pem")));
        assertFalse(Files.exists(dir.resolve(StagedFiles.COMMIT_RECORD)));
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(dir));
        FolderLock.acquire(dir).close(); // not wedged
    }
}
