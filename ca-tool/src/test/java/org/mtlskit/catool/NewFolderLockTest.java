package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** The lock is taken before anything is decided or made, also when the output folder does not exist yet. */
class NewFolderLockTest {

    @TempDir
    Path root;

    /**
     * The first run is held while it makes its keys (its progress line blocks), the folder having been
     * created by it a moment before; a second run on the same folder is refused at once with exit 10.
     */
    @Test
    void aSecondRunOnAFolderTheFirstJustCreatedExitsTen() throws Exception {
        Path profiles = root.resolve("profiles");
        TestPki.writeProfiles(profiles, TestPki.demoProfiles("rsa-2048"));
        Path out = root.resolve("new/keys");
        CountDownLatch making = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread first = new Thread(
                () -> {
                    try {
                        new Fixtures(ProfileSet.load(profiles), out, Clock.systemUTC(), new SecureRandom(), line -> {
                                    making.countDown();
                                    awaitQuietly(release);
                                })
                                .fixtures(false, Duration.ZERO);
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                },
                "first-fixtures");
        first.start();
        try {
            assertTrue(making.await(120, TimeUnit.SECONDS), "the first run never started making keys");
            assertTrue(Files.isDirectory(out), "the folder is created before the lock is taken");
            assertTrue(Files.exists(out.resolve(FolderLock.FILE)), "and locked before anything is decided");

            ToolRun.Result second =
                    ToolRun.caTool("fixtures", "--out", out.toString(), "--profiles", profiles.toString());

            second.assertExit(ExitCodes.FOLDER_LOCKED);
            assertTrue(second.errorLine().startsWith(out + ": in use by another ca-tool run"), second.err());
        } finally {
            release.countDown();
            first.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertEquals(null, failed.get());
        assertFalse(first.isAlive());
        assertTrue(Files.exists(out.resolve("server_cert.pem")));
    }

    /** Two real processes at once on a folder that does not exist yet: never do both create the set. */
    @Test
    void twoProcessesOnANewFolderNeverBothCreate() throws Exception {
        Path profiles = root.resolve("profiles");
        TestPki.writeProfiles(profiles, TestPki.demoProfiles("rsa-2048"));
        for (int trial = 0; trial < 4; trial++) {
            Path out = root.resolve("keys" + trial);
            String[] args = {"fixtures", "--out", out.toString(), "--profiles", profiles.toString()};
            Process a = ToolRun.startCaTool(List.of(), root, args);
            Process b = ToolRun.startCaTool(List.of(), root, args);
            List<ToolRun.Result> results = new ArrayList<>(List.of(ToolRun.finishCaTool(a), ToolRun.finishCaTool(b)));
            long created = results.stream()
                    .filter(r -> r.code() == 0 && r.out().contains(": created"))
                    .count();
            assertEquals(1, created, "trial " + trial + ": " + results);
            String trialName = "trial " + trial;
            for (ToolRun.Result r : results) {
                // the other run either was refused, or came after the first and kept every file
                assertTrue(r.code() == ExitCodes.FOLDER_LOCKED || r.code() == 0, "trial " + trial + ": " + r);
                if (r.code() == 0 && !r.out().contains(": created")) {
                    r.outLines().stream()
                            .filter(l -> !l.startsWith(" "))
                            .forEach(l -> assertTrue(l.contains(": kept: "), trialName + ": " + r));
                }
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
