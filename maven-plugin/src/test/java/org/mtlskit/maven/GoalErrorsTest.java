package org.mtlskit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A goal fails with ca-tool's one line (the remedy in the plugin's parameters), and skip does nothing. */
class GoalErrorsTest {
    private static final Clock NOW = Clock.systemUTC();

    @Test
    void anInvalidProfileFailsTheBuildWithCaToolsLine(@TempDir Path dir) throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("ca.yaml"), "ca: true\nkey: ec-p256\nvalidity:\n  days: -5\n");
        Path keys = dir.resolve("keys");

        Goals.CaToolRun caTool =
                Goals.caTool(NOW, "fixtures", "--profiles", profiles.toString(), "--out", keys.toString());
        MojoFailureException failure = assertThrows(
                MojoFailureException.class,
                () -> Goals.fixtures(profiles, keys, NOW, new GoalLog()).execute());

        assertEquals(3, caTool.exit(), caTool.err());
        assertEquals(caTool.err().strip(), "ca-tool: error: " + failure.getMessage());
        assertTrue(failure.getMessage().startsWith(profiles.resolve("ca.yaml").toString()), failure.getMessage());
        assertFalse(Files.exists(keys), "nothing is written when a profile is invalid");
    }

    @Test
    void aMissingPasswordNamesThePluginsParameters(@TempDir Path dir) throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(
                profiles.resolve("ca.yaml"),
                "ca: true\nkey: ec-p256\nsubject:\n  CN: CA\nfiles:\n  encryptKey: true\n");

        MojoFailureException failure = assertThrows(
                MojoFailureException.class,
                () -> Goals.fixtures(profiles, dir.resolve("keys"), NOW, new GoalLog())
                        .execute());

        assertEquals(
                profiles.resolve("ca.yaml") + ": files.encryptKey needs a password: give <passwordFile> or "
                        + "<passwordEnv>",
                failure.getMessage());
    }

    @Test
    void aPasswordFromAnUnsetVariableIsRefusedByName(@TempDir Path dir) throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("ca.yaml"), "ca: true\nkey: ec-p256\nsubject:\n  CN: CA\n");
        FixturesMojo goal = Goals.fixtures(profiles, dir.resolve("keys"), NOW, new GoalLog());
        goal.passwordEnv = "MTLSKIT_TEST_PASSWORD";
        goal.env = name -> null;

        MojoFailureException failure = assertThrows(MojoFailureException.class, goal::execute);

        assertEquals("environment variable MTLSKIT_TEST_PASSWORD is not set", failure.getMessage());
    }

    @Test
    void skipWritesNothing(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        GoalLog log = new GoalLog();
        FixturesMojo goal = Goals.fixtures(Path.of("..", "profiles"), keys, NOW, log);
        goal.skip = true;

        goal.execute();

        assertFalse(Files.exists(keys));
        assertEquals(java.util.List.of("skipped (mtlskit.skip)"), log.info);
    }

    @Test
    void aNegativeRenewalWindowIsRefused(@TempDir Path dir) {
        FixturesMojo goal = Goals.fixtures(Path.of("..", "profiles"), dir.resolve("keys"), NOW, new GoalLog());
        goal.renewWithinDays = -1;

        MojoFailureException failure = assertThrows(MojoFailureException.class, goal::execute);

        assertEquals("renewWithinDays: must be 0 or more days, got -1", failure.getMessage());
        assertFalse(Files.exists(dir.resolve("keys")));
    }

    @Test
    void aPasswordFromTwoSourcesIsRefused(@TempDir Path dir) throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("ca.yaml"), "ca: true\nkey: ec-p256\nsubject:\n  CN: CA\n");
        FixturesMojo goal = Goals.fixtures(profiles, dir.resolve("keys"), NOW, new GoalLog());
        goal.passwordFile =
                Files.writeString(dir.resolve("pw"), "long enough\n").toFile();
        goal.passwordEnv = "MTLSKIT_TEST_PASSWORD";

        MojoFailureException failure = assertThrows(MojoFailureException.class, goal::execute);

        assertEquals("give passwordFile or passwordEnv, not both", failure.getMessage());
    }
}
