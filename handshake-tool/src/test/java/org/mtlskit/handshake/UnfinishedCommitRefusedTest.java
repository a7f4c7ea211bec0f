package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * A folder of ca-tool's files that a killed ca-tool left mid-commit (some files new, some old) is
 * refused by every handshake-tool command that reads it, with one line and exit 11, before any
 * socket is opened: a verdict drawn from a mixed set would be wrong.
 */
class UnfinishedCommitRefusedTest {

    @TempDir
    static Path root;

    static Path keys;

    @BeforeAll
    static void killFixturesAfterItsThirdRename() {
        keys = TestPki.makeSet(root, TestPki.demoProfilesWithRevokedClient("ec-p256"), Clock.systemUTC());
        ToolRun.Result halted = ToolRun.runCaToolChild(
                List.of("-D" + StagedFiles.HALT_AFTER_RENAME + "=3"),
                root,
                "fixtures",
                "--force",
                "--out",
                keys.toString(),
                "--profiles",
                root.resolve("profiles").toString());
        assertEquals(StagedFiles.HALT_STATUS, halted.code(), halted.err());
        assertTrue(Files.exists(keys.resolve(StagedFiles.COMMIT_RECORD)));
    }

    static void assertRefused(ToolRun.Result r) {
        r.assertExit(ExitCodes.UNFINISHED_COMMIT);
        String line = r.errorLine();
        assertTrue(line.startsWith(keys + ": holds an interrupted commit from "), line);
        assertTrue(
                line.endsWith(" (.ca-tool.commit): its files may be a mix of two sets; run ca-tool fixtures on it to "
                        + "finish the commit"),
                line);
    }

    String k(String file) {
        return keys.resolve(file).toString();
    }

    @Test
    void connectRefusesAMidCommitFolder() {
        assertRefused(Cli.run(
                "connect",
                "--ca-certificate",
                k("ca_cert.pem"),
                "--certificate",
                k("client_cert.pem"),
                "--private-key",
                k("client_key.pem"),
                "--server",
                "127.0.0.1",
                "--port",
                "1"));
    }

    @Test
    void serveRefusesAMidCommitFolder() {
        assertRefused(Cli.run(
                "serve",
                "--ca-certificate",
                k("ca_cert.pem"),
                "--certificate",
                k("server_cert.pem"),
                "--private-key",
                k("server_key.pem"),
                "--port",
                "0",
                "--count",
                "1",
                "--crl",
                k("ca_crl.pem")));
    }

    @Test
    void scenariosRefusesAMidCommitFolder() {
        ToolRun.Result r = Cli.run("scenarios", "--keys", keys.toString());
        assertRefused(r);
        assertEquals("", r.out());
    }

    @Test
    void auditServerAndClientRefuseAMidCommitBattery() {
        assertRefused(Cli.run(
                "audit",
                "server",
                "--server",
                "127.0.0.1",
                "--port",
                "1",
                "--ca-certificate",
                k("ca_cert.pem"),
                "--keys",
                keys.toString(),
                "--profiles",
                root.resolve("profiles").toString()));
        assertRefused(Cli.run(
                "audit",
                "client",
                "--listen",
                "1",
                "--keys",
                keys.toString(),
                "--profiles",
                root.resolve("profiles").toString()));
    }
}
