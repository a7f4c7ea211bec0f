package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.mtlskit.testing.ToolRun.caTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * A run that cannot write leaves every earlier file byte for byte as it was and no temporary file
 * behind, and says so in one line with exit code 6.
 */
class FileSafetyTest {

    static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

    @TempDir
    Path root;

    Path profiles;
    Path keys;

    @BeforeEach
    void writeDemoProfiles() {
        profiles = root.resolve("profiles");
        keys = root.resolve("keys");
        TestPki.writeProfiles(profiles, TestPki.demoProfiles("ec-p256"));
    }

    ToolRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--profiles", profiles.toString(), "--out", keys.toString()));
        return caTool(all.toArray(String[]::new));
    }

    FolderSnapshot madeSet() {
        ToolRun.Result r = run("fixtures");
        assertEquals(0, r.code(), r.err());
        FolderSnapshot.backdate(keys, LONG_AGO);
        return FolderSnapshot.of(keys);
    }

    /** Replaces a file of the set by a folder of the same name, which no rename can replace. */
    void blockWithFolder(String name) throws IOException {
        Files.delete(keys.resolve(name));
        Files.createDirectory(keys.resolve(name));
    }

    @Test
    void forcedRunThatFailsAtTheLastFileChangesNothing() throws IOException {
        FolderSnapshot before = madeSet();
        blockWithFolder("server_cert.pem");

        ToolRun.Result r = run("fixtures", "--force");

        assertEquals(ExitCodes.WRITE_FAILED, r.code());
        assertEquals(keys.resolve("server_cert.pem") + ": is a folder, cannot write a file there", r.errorLine());
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(keys));
        assertEquals(
                Set.of("server_cert.pem"),
                before.changedIn(FolderSnapshot.of(keys)),
                "every other file keeps its bytes and modification time");
    }

    @Test
    void issueThatCannotWriteTheCertificateKeepsTheOldKey() throws IOException {
        FolderSnapshot before = madeSet();
        blockWithFolder("client_cert.pem");

        ToolRun.Result r = run("issue", "client", "--force");

        assertEquals(ExitCodes.WRITE_FAILED, r.code());
        assertEquals(keys.resolve("client_cert.pem") + ": is a folder, cannot write a file there", r.errorLine());
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(keys));
        assertEquals(Set.of("client_cert.pem"), before.changedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void forcedInitThatCannotWriteTheCertificateKeepsTheOldCaKey() throws IOException {
        FolderSnapshot before = madeSet();
        blockWithFolder("ca_cert.pem");

        ToolRun.Result r = run("init", "--force");

        assertEquals(ExitCodes.WRITE_FAILED, r.code());
        assertEquals(keys.resolve("ca_cert.pem") + ": is a folder, cannot write a file there", r.errorLine());
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(keys));
        assertEquals(Set.of("ca_cert.pem"), before.changedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void outputFolderInsideARegularFileExits6() throws IOException {
        Path file = Files.writeString(root.resolve("not-a-folder"), "x");
        keys = file.resolve("keys");

        ToolRun.Result r = run("fixtures");

        assertEquals(ExitCodes.WRITE_FAILED, r.code());
        assertEquals(keys + ": cannot write: Not a directory; nothing was changed", r.errorLine());
        assertEquals("x", Files.readString(file));
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(root));
    }

    @Test
    void unwritableOutputFolderExits6AndChangesNothing() throws IOException {
        FolderSnapshot before = madeSet();
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(Files.isWritable(keys), "root writes into a folder of mode 0500; the folder cases cover root");
            ToolRun.Result r = run("fixtures", "--force");

            assertEquals(ExitCodes.WRITE_FAILED, r.code());
            assertEquals(
                    keys.resolve("bad_ca_key.pem") + ": cannot write: permission denied; nothing was changed",
                    r.errorLine());
            assertEquals(Set.of(), FolderSnapshot.temporaryFiles(keys));
            assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
        } finally {
            Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void failedFirstRunLeavesNoHalfSet() throws IOException {
        Files.createDirectories(keys.resolve("server_cert.pem"));

        ToolRun.Result r = run("fixtures");

        assertEquals(ExitCodes.WRITE_FAILED, r.code());
        assertEquals(
                List.of("server_cert.pem"),
                FolderSnapshot.names(keys),
                "no key or certificate of the set is written when one file fails");
        assertFalse(Files.isRegularFile(keys.resolve("ca_key.pem")));
    }
}
