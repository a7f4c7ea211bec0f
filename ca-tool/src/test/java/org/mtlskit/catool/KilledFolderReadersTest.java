package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.internal.files.UnfinishedCommit;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * A real {@code ca-tool fixtures --force} process killed with SIGKILL after each of its renames and at
 * random moments: in every killed folder, each reader (verify, show, lint, {@code fixtures --check},
 * and the pre-check handshake-tool's serve, connect, scenarios and audit make through
 * {@link UnfinishedCommit}) either sees a consistent set or refuses with the one line naming the
 * unfinished commit (exit 11); the next {@code fixtures} leaves a consistent set every time.
 *
 * <p>100 kills by default: every rename point (0, the record on disk, to 18) four times (76), and 24 at
 * random moments (fixed seed). That takes minutes on two shared cores, hence the tag. Other counts:
 * {@code -Dmtlskit.kills.readers.rounds=R -Dmtlskit.kills.readers.random=N}.
 */
@Tag("slow")
class KilledFolderReadersTest {

    static final int ROUNDS = Integer.getInteger("mtlskit.kills.readers.rounds", 4);
    static final int RANDOM_KILLS = Integer.getInteger("mtlskit.kills.readers.random", 24);

    @TempDir
    Path root;

    Path profiles;
    Path keys;

    @BeforeEach
    void makeTheOldSet() {
        keys = TestPki.makeSet(root, TestPki.demoProfilesWithRevokedClient("ec-p256"), Clock.systemUTC());
        profiles = root.resolve("profiles");
    }

    String[] fixtures(boolean force) {
        List<String> args =
                new ArrayList<>(List.of("fixtures", "--out", keys.toString(), "--profiles", profiles.toString()));
        if (force) {
            args.add("--force");
        }
        return args.toArray(String[]::new);
    }

    @Test
    void everyReaderOfAKilledFolderSeesAWholeSetOrNamesTheUnfinishedCommit() throws Exception {
        int kills = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int point = 0; point <= InterruptedCommitTest.RENAMES; point++) {
                killAfterRename(point);
                assertTrue(Files.exists(keys.resolve(StagedFiles.COMMIT_RECORD)), "killed after rename " + point);
                refused += readersSeeAWholeSetOrRefuse("kill after rename " + point) ? 1 : 0;
                kills++;
                nextFixturesLeavesAConsistentSet();
            }
        }
        Random random = new Random(20261208L);
        long typicalMillis = timeOneRun();
        for (int i = 0; i < RANDOM_KILLS; i++) {
            Process p = ToolRun.startCaTool(List.of(), root, fixtures(true));
            Thread.sleep(random.nextLong(typicalMillis + 1));
            ToolRun.kill(p);
            refused += readersSeeAWholeSetOrRefuse("random kill " + i) ? 1 : 0;
            kills++;
            nextFixturesLeavesAConsistentSet();
        }
        assertEquals(ROUNDS * (InterruptedCommitTest.RENAMES + 1) + RANDOM_KILLS, kills);
        System.out.println("kills: " + kills + "; readers refused an unfinished commit after " + refused
                + ", saw a whole set after " + (kills - refused) + "; consistent after the next fixtures: " + kills);
    }

    /** Starts fixtures --force, waits until it has done {@code point} renames, and SIGKILLs it there. */
    void killAfterRename(int point) throws IOException {
        Process p =
                ToolRun.startCaTool(List.of("-D" + StagedFiles.PAUSE_AFTER_RENAME + "=" + point), root, fixtures(true));
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = err.readLine(); ; line = err.readLine()) {
            assertNotNull(line, "ca-tool ended before rename " + point + ": " + seen);
            seen.append(line).append('\n');
            if (line.equals(StagedFiles.PAUSED + point)) {
                break;
            }
        }
        ToolRun.kill(p);
    }

    /** Each reader on the killed folder; true when they refused (the commit record is there). */
    boolean readersSeeAWholeSetOrRefuse(String when) {
        String k = keys.toString();
        List<ToolRun.Result> readers = List.of(
                ToolRun.caTool(
                        "verify",
                        k + "/server_cert.pem",
                        "--ca",
                        k + "/ca_cert.pem",
                        "--crl",
                        k + "/ca_crl.pem",
                        "--purpose",
                        "server",
                        "--hostname",
                        "localhost"),
                ToolRun.caTool(
                        "verify", k + "/revoked_cert.pem", "--ca", k + "/ca_cert.pem", "--crl", k + "/ca_crl.pem"),
                ToolRun.caTool(
                        "show", k + "/ca_cert.pem", k + "/server_cert.pem", k + "/client_key.pem", k + "/ca_crl.pem"),
                ToolRun.caTool("lint", "--target", "openssl-3", k + "/server_cert.pem", k + "/ca_cert.pem"),
                ToolRun.caTool("fixtures", "--check", "--out", k, "--profiles", profiles.toString()));
        if (Files.exists(keys.resolve(StagedFiles.COMMIT_RECORD))) {
            for (ToolRun.Result r : readers) {
                r.assertExit(ExitCodes.UNFINISHED_COMMIT);
                assertTrue(r.errorLine().startsWith(k + ": holds an interrupted commit from "), when + ": " + r.err());
                assertTrue(
                        r.errorLine().endsWith("run ca-tool fixtures on it to finish the commit"),
                        when + ": " + r.err());
            }
            PkiException e = assertThrows(
                    PkiException.class,
                    () -> UnfinishedCommit.refuseIn(List.of(
                            keys.resolve("ca_cert.pem"),
                            keys.resolve("server_cert.pem"),
                            keys.resolve("server_key.pem"))));
            assertEquals(PkiException.Kind.UNFINISHED_COMMIT, e.kind(), when);
            return true;
        }
        // no record: the commit was not decided (old set) or is finished (new set); either is whole
        SetChecks.assertConsistent(keys);
        readers.get(0).assertExit(0);
        readers.get(1).assertExit(ExitCodes.VERIFICATION_FAILED);
        assertTrue(
                readers.get(1).out().contains("revoked"),
                when + ": " + readers.get(1).out());
        readers.get(2).assertExit(0);
        assertTrue(
                Set.of(0, ExitCodes.LINT_FINDINGS).contains(readers.get(3).code()),
                when + ": " + readers.get(3).err());
        readers.get(4).assertExit(0);
        UnfinishedCommit.refuseIn(keys);
        return false;
    }

    void nextFixturesLeavesAConsistentSet() {
        ToolRun.caTool(fixtures(false)).assertExit(0);
        assertFalse(Files.exists(keys.resolve(StagedFiles.COMMIT_RECORD)));
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(keys));
        SetChecks.assertConsistent(keys);
    }

    long timeOneRun() {
        long start = System.nanoTime();
        ToolRun.runCaToolChild(List.of(), root, fixtures(true)).assertExit(0);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
