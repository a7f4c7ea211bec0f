package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * One run at a time in a folder: a second is refused at once (exit 10, one line) and changes
 * nothing; what a dead run left is finished or removed, and only files of ours are touched.
 */
class FolderLockTest {

    @TempDir
    Path root;

    Path keys;
    Path profiles;

    @BeforeEach
    void makeSet() {
        keys = TestPki.makeSet(root, TestPki.demoProfilesWithRevokedClient("ec-p256"), Clock.systemUTC());
        profiles = root.resolve("profiles");
    }

    String[] args(String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of("--out", keys.toString(), "--profiles", profiles.toString()));
        return all.toArray(String[]::new);
    }

    String inUse() {
        return keys + ": in use by another ca-tool run (it holds " + keys.resolve(FolderLock.FILE)
                + "); nothing was changed; run again when it has finished";
    }

    @Test
    void runInAFolderAnotherProcessHoldsIsRefusedWithExit10() {
        FolderSnapshot before = FolderSnapshot.of(keys);
        try (FolderLock held = FolderLock.acquire(keys)) {
            ToolRun.Result r = ToolRun.runCaToolChild(List.of(), root, args("fixtures", "--force"));

            assertEquals(ExitCodes.FOLDER_LOCKED, r.code(), r.err());
            assertEquals("ca-tool: error: " + inUse() + "\n", r.err());
        }
        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void runInAFolderAnotherThreadHoldsIsRefusedToo() throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (FolderLock held = FolderLock.acquire(keys)) {
                locked.countDown();
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        try {
            assertTrue(locked.await(30, TimeUnit.SECONDS));
            for (String[] command : List.of(
                    args("revoke", "client"), args("crl"), args("csr", "server", "--force"), args("issue", "server"))) {
                ToolRun.Result r = ToolRun.caTool(command);
                assertEquals(ExitCodes.FOLDER_LOCKED, r.code(), String.join(" ", command) + ": " + r.err());
                assertEquals(inUse(), r.errorLine());
            }
        } finally {
            done.countDown();
            holder.join(30_000);
        }
        assertEquals(0, ToolRun.caTool(args("crl")).code(), "the lock is free once its holder is done");
    }

    @Test
    void twoForcedFixturesAtOnceNeverLeaveAMixedSet() {
        for (int round = 0; round < 3; round++) {
            Process first = ToolRun.startCaTool(List.of(), root, args("fixtures", "--force"));
            Process second = ToolRun.startCaTool(List.of(), root, args("fixtures", "--force"));
            ToolRun.Result a = ToolRun.finishCaTool(first);
            ToolRun.Result b = ToolRun.finishCaTool(second);

            for (ToolRun.Result r : List.of(a, b)) {
                assertTrue(r.code() == 0 || r.code() == ExitCodes.FOLDER_LOCKED, r.err());
                if (r.code() == ExitCodes.FOLDER_LOCKED) {
                    assertEquals("ca-tool: error: " + inUse() + "\n", r.err());
                }
            }
            assertTrue(a.code() == 0 || b.code() == 0, "one of them ran: " + a.err() + b.err());
            SetChecks.assertConsistent(keys);
            assertEquals(Set.of(), FolderSnapshot.temporaryFiles(keys));
        }
    }

    @Test
    void staleTemporaryFilesOfOursAreRemovedAndNothingElse() throws Exception {
        List<String> ours = List.of(".ca-tool.0123456789abcdef.tmp", ".ca-tool.fedcba9876543210.tmp");
        List<String> notOurs = List.of(
                ".ca-tool.0123.tmp",
                ".server_key.pem.123.tmp",
                "notes.tmp",
                ".ca-tool.lock.tmp",
                ".ca-tool.0123456789ABCDEF.tmp",
                "ca-tool.0123456789abcdef.tmp");
        for (String name : ours) {
            Files.writeString(keys.resolve(name), "-----BEGIN PRIVATE KEY-----\n");
        }
        for (String name : notOurs) {
            Files.writeString(keys.resolve(name), "user's file\n");
        }

        ToolRun.Result r = ToolRun.caTool(args("fixtures"));

        assertEquals(0, r.code(), r.err());
        for (String name : ours) {
            assertFalse(Files.exists(keys.resolve(name)), name);
        }
        for (String name : notOurs) {
            assertEquals("user's file\n", Files.readString(keys.resolve(name)), name);
        }
    }

    @Test
    void commitRecordNotWrittenByCaToolIsRefusedAndNothingRenamed() throws Exception {
        Files.writeString(keys.resolve(".ca-tool.0123456789abcdef.tmp"), "evil");
        Path record = keys.resolve(StagedFiles.COMMIT_RECORD);
        Files.writeString(record, "mtlskit-commit 1\n.ca-tool.0123456789abcdef.tmp ..%2Fprofiles%2Fca.yaml\nend 1\n");
        FolderSnapshot before = FolderSnapshot.of(keys);

        ToolRun.Result r = ToolRun.caTool(args("fixtures"));

        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code(), r.err());
        assertEquals(
                record + ": not a commit record ca-tool wrote; look at the folder, then delete the file to go on",
                r.errorLine());
        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
        assertFalse(Files.readString(profiles.resolve("ca.yaml")).contains("evil"));
    }

    @Test
    void fileNameOf235CharactersIsWritten() {
        String name = "c".repeat(231) + ".pem";
        TestPki.writeProfiles(
                profiles,
                java.util.Map.of(
                        "server",
                        TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost") + "files:\n  cert: " + name + "\n"));

        ToolRun.Result r = ToolRun.caTool(args("issue", "server", "--force"));

        assertEquals(0, r.code(), r.err());
        assertEquals(235, name.length());
        assertTrue(Files.isRegularFile(keys.resolve(name)));
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(keys));
    }
}
