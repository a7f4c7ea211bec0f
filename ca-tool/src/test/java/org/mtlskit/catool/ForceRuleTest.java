package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** An existing file is replaced only with --force, by issue too; and import-conf --force never breaks the set. */
class ForceRuleTest {

    @TempDir
    Path root;

    @Test
    void issueOnAnExistingSetReplacesNothingWithoutForce() throws Exception {
        Path keys = TestPki.makeSet(root, TestPki.demoProfiles("ec-p256"), Clock.systemUTC());
        String profiles = root.resolve("profiles").toString();
        FolderSnapshot before = FolderSnapshot.of(keys);

        ToolRun.Result refused = ToolRun.caTool("issue", "server", "--out", keys.toString(), "--profiles", profiles);

        refused.assertExit(ExitCodes.OUTPUT_EXISTS);
        assertEquals(
                keys.resolve("server_key.pem") + ": exists already; issuing \"server\" again makes a new key and "
                        + "certificate in its place; --force replaces it",
                refused.errorLine());
        assertEquals(Set.of(), before.bytesChangedIn(FolderSnapshot.of(keys)));

        ToolRun.caTool("issue", "server", "--force", "--out", keys.toString(), "--profiles", profiles)
                .assertExit(0);
        assertEquals(
                Set.of("server_key.pem", "server_csr.pem", "server_cert.pem"),
                before.bytesChangedIn(FolderSnapshot.of(keys)));
    }

    /** The README's old row: import-conf demo-conf/ca.conf --force over profiles/ drops the CRL revoked.yaml needs. */
    @Test
    void importConfForceRefusesAProfileThatBreaksTheSetAndNamesTheLineToKeep() throws Exception {
        Path profiles = root.resolve("profiles");
        TestPki.writeProfiles(profiles, TestPki.demoProfilesWithRevokedClient("ec-p256"));
        Path ca = profiles.resolve("ca.yaml");
        String old = Files.readString(ca);
        Path conf = Files.writeString(root.resolve("ca.conf"), ImportConfCommandTest.DEMO_CA_CONF);

        ToolRun.Result r = ToolRun.caTool("import-conf", conf.toString(), "--profiles", profiles.toString(), "--force");

        r.assertExit(ExitCodes.OUTPUT_EXISTS);
        String line = r.errorLine();
        assertTrue(
                line.startsWith(ca + ": the imported profile would break the set (" + profiles.resolve("revoked.yaml")),
                line);
        assertTrue(line.contains("publishes no CRL"), line);
        assertTrue(
                line.endsWith("; the profile there has crl: (line 7), which the import has not: keep it, or import to "
                        + "another profiles folder, --force or not"),
                line);
        assertEquals(old, Files.readString(ca));
        ToolRun.caTool("lint", "--profiles", profiles.toString(), "--target", "openssl-3")
                .assertExit(0);

        // into a folder of its own, as the README's table says, the import is written
        Path imported = root.resolve("imported");
        ToolRun.caTool("import-conf", conf.toString(), "--profiles", imported.toString())
                .assertExit(0);
        assertTrue(Files.exists(imported.resolve("ca.yaml")));
    }
}
