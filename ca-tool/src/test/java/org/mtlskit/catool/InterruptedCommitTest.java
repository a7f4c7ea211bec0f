package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * A {@code fixtures --force} killed at any moment leaves, once the next run has started, the old set
 * or the new one, whole: keys match their certificates and CSRs, every leaf verifies against its CA,
 * and the revoked client is refused by {@code openssl verify -crl_check}. ca-tool runs as a child JVM
 * that halts itself after its N-th rename ({@link StagedFiles#HALT_AFTER_RENAME}), then as one killed
 * with SIGKILL at random moments (fixed seed).
 *
 * <p>The issue asks for 20 kills at every rename point; that takes about half an hour on two shared
 * cores, so by default the suite halts once at each point (18 renames of a forced run, 4 of the
 * revoked client's re-issue) and kills 6 times at random. The full count:
 * {@code mvn -pl ca-tool -am test -Dtest=InterruptedCommitTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmtlskit.kills.perPoint=20 -Dmtlskit.kills.random=20}.
 */
@Tag("slow") // kills child JVMs at every rename point: minutes; run by -Pslow (see the README's "Tests")
class InterruptedCommitTest {

    static final int PER_POINT = Integer.getInteger("mtlskit.kills.perPoint", 1);
    static final int RANDOM_KILLS = Integer.getInteger("mtlskit.kills.random", 6);
    /** Keys, CSRs and certificates of 6 profiles (16 files) and the CA's revocation state and CRL. */
    static final int RENAMES = 18;

    @TempDir
    Path root;

    Path profiles;
    Path keys;

    @BeforeEach
    void makeTheOldSet() {
        keys = TestPki.makeSet(root, TestPki.demoProfilesWithRevokedClient("ec-p256"), java.time.Clock.systemUTC());
        profiles = root.resolve("profiles");
        assertEquals(RENAMES, FolderSnapshot.of(keys).files().size());
        SetChecks.assertConsistent(keys);
    }

    String[] forcedFixtures() {
        return new String[] {"fixtures", "--force", "--out", keys.toString(), "--profiles", profiles.toString()};
    }

    @Test
    void haltAfterEveryRenameLeavesTheNewSetWholeOnceTheNextRunStarts() {
        for (int round = 0; round < PER_POINT; round++) {
            for (int point = 0; point <= RENAMES; point++) {
                FolderSnapshot before = FolderSnapshot.of(keys);
                ToolRun.Result halted = ToolRun.runCaToolChild(
                        List.of("-D" + StagedFiles.HALT_AFTER_RENAME + "=" + point), root, forcedFixtures());
                assertEquals(
                        StagedFiles.HALT_STATUS, halted.code(), "halt after rename " + point + ": " + halted.err());
                assertTrue(
                        Files.exists(keys.resolve(StagedFiles.COMMIT_RECORD)), "the commit record outlives the halt");
                // revocation state and CRL go first: even a reader that never recovers (a server given --crl)
                // sees no revoked certificate accepted between two renames
                Programs.Result midway = Programs.openssl(
                        keys,
                        "verify",
                        "-crl_check",
                        "-CAfile",
                        "ca_cert.pem",
                        "-CRLfile",
                        "ca_crl.pem",
                        "revoked_cert.pem");
                assertNotEquals(0, midway.code(), "after rename " + point + ": " + midway.output());

                recoverAsTheNextRunDoes();

                assertEquals(
                        before.files().keySet(),
                        before.bytesChangedIn(FolderSnapshot.of(keys)),
                        "after rename " + point + " the commit was decided: every file is the new one");
                SetChecks.assertConsistent(keys);
                nextRunKeepsEverythingAndLeavesNoTemporaryFile();
            }
        }
    }

    /**
     * The case: the revoked client alone is re-issued (its profile changed), so its CA and
     * the CA's key stay. Its revocation state and CRL are renamed first, so at no point between renames
     * does openssl accept the new revoked certificate, recovery or not.
     */
    @Test
    void reissuedRevokedClientIsRefusedAfterEveryRename() throws Exception {
        Path profile = profiles.resolve("revoked.yaml");
        String[] fixtures = {"fixtures", "--out", keys.toString(), "--profiles", profiles.toString()};
        int renames = 4; // revoked_csr.pem and revoked_cert.pem on the same key, ca_revocations.json, ca_crl.pem
        for (int round = 0; round < PER_POINT; round++) {
            for (int point = 0; point <= renames; point++) {
                String text = Files.readString(profile);
                Files.writeString(
                        profile,
                        text.contains("days: 365")
                                ? text.replace("days: 365", "days: 366")
                                : text.replace("days: 366", "days: 365"));
                FolderSnapshot before = FolderSnapshot.of(keys);
                ToolRun.Result halted = ToolRun.runCaToolChild(
                        List.of("-D" + StagedFiles.HALT_AFTER_RENAME + "=" + point), root, fixtures);
                assertEquals(
                        StagedFiles.HALT_STATUS, halted.code(), "halt after rename " + point + ": " + halted.err());

                Programs.Result midway = Programs.openssl(
                        keys,
                        "verify",
                        "-crl_check",
                        "-CAfile",
                        "ca_cert.pem",
                        "-CRLfile",
                        "ca_crl.pem",
                        "revoked_cert.pem");
                assertNotEquals(0, midway.code(), "after rename " + point + ": " + midway.output());
                assertTrue(midway.output().contains("certificate revoked"), midway.output());

                recoverAsTheNextRunDoes();
                assertEquals(
                        Set.of("revoked_csr.pem", "revoked_cert.pem", "ca_revocations.json", "ca_crl.pem"),
                        before.bytesChangedIn(FolderSnapshot.of(keys)));
                SetChecks.assertConsistent(keys);
                nextRunKeepsEverythingAndLeavesNoTemporaryFile();
            }
        }
    }

    @Test
    void sigkillAtRandomMomentsLeavesTheOldOrTheNewSetWhole() throws Exception {
        Random random = new Random(20261129L);
        long typicalMillis = timeOneRun();
        int old = 0;
        int whole = 0;
        for (int i = 0; i < RANDOM_KILLS; i++) {
            FolderSnapshot before = FolderSnapshot.of(keys);
            Process p = ToolRun.startCaTool(List.of(), root, forcedFixtures());
            Thread.sleep(random.nextLong(typicalMillis + 1));
            ToolRun.kill(p);

            recoverAsTheNextRunDoes();

            Set<String> changed = before.bytesChangedIn(FolderSnapshot.of(keys));
            assertTrue(
                    changed.isEmpty() || changed.equals(before.files().keySet()),
                    "kill " + i + " left a mixed set; changed: " + changed);
            if (changed.isEmpty()) {
                old++;
            } else {
                whole++;
            }
            SetChecks.assertConsistent(keys);
            nextRunKeepsEverythingAndLeavesNoTemporaryFile();
        }
        assertEquals(RANDOM_KILLS, old + whole);
        System.out.println("random kills: " + old + " left the old set, " + whole + " the new one, 0 a mix");
    }

    /** What any run does first on taking the folder's lock: finish or discard what the killed run left. */
    void recoverAsTheNextRunDoes() {
        FolderLock.acquire(keys).close();
    }

    /** How long a forced run takes here, to spread the kills over it. */
    long timeOneRun() {
        long start = System.nanoTime();
        ToolRun.Result r = ToolRun.runCaToolChild(List.of(), root, forcedFixtures());
        assertEquals(0, r.code(), r.err());
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    void nextRunKeepsEverythingAndLeavesNoTemporaryFile() {
        ToolRun.Result next = ToolRun.caTool("fixtures", "--out", keys.toString(), "--profiles", profiles.toString());
        assertEquals(0, next.code(), next.err());
        for (String line : next.out().lines().filter(l -> !l.startsWith(" ")).toList()) {
            assertTrue(line.contains(": kept: "), "a whole set is kept as it is: " + next.out());
        }
        assertEquals(Set.of(), FolderSnapshot.temporaryFiles(keys));
        assertFalse(Files.exists(keys.resolve(StagedFiles.COMMIT_RECORD)));
    }
}
