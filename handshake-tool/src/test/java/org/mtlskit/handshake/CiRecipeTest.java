package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.testing.ToolRun;

/**
 * The README's CI recipe runs scripts/ci-fixtures.sh; this test runs that script as a CI job would,
 * twice (the second time on the "cached" keys/), so that the recipe cannot rot. The tools are the
 * ones under test, started from the test class path instead of the launchers (which would build jars).
 */
class CiRecipeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

    @TempDir
    Path work;

    Path repo;

    record Run(int code, String output) {}

    @BeforeEach
    void copyProfiles() throws IOException {
        repo = Path.of("").toAbsolutePath();
        while (!Files.exists(repo.resolve("scripts/ci-fixtures.sh"))) {
            repo = repo.getParent();
        }
        Files.createDirectories(work.resolve("profiles"));
        try (Stream<Path> list = Files.list(repo.resolve("bench/profiles-p256"))) {
            for (Path p : list.toList()) {
                Files.copy(p, work.resolve("profiles").resolve(p.getFileName()));
            }
        }
    }

    static String javaCommand(String mainClass) {
        return String.join(" ", ToolRun.javaCommand(mainClass));
    }

    Run recipe(Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", repo.resolve("scripts/ci-fixtures.sh").toString())
                .directory(work.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("KEYS", work.resolve("keys").toString());
        env.put("PROFILES", work.resolve("profiles").toString());
        env.put("REPORTS", work.resolve("reports").toString());
        env.put("CA_TOOL", javaCommand(ToolRun.CA_TOOL_MAIN));
        env.put("HANDSHAKE_TOOL", javaCommand(ToolRun.HANDSHAKE_TOOL_MAIN));
        env.putAll(extraEnv);
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the recipe did not finish:\n" + output);
        return new Run(p.exitValue(), output);
    }

    Map<String, String> keysFolder() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(work.resolve("keys"))) {
            for (Path p : list.toList()) {
                files.put(
                        p.getFileName().toString(),
                        java.util.HexFormat.of()
                                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                                .digest(Files.readAllBytes(p)))
                                + " " + Files.getLastModifiedTime(p));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    JsonNode checkReport() throws IOException {
        return JSON.readTree(work.resolve("reports/fixtures-check.json").toFile());
    }

    @Test
    void theRecipeMakesTheFixturesRunsTheScenariosAndKeepsACachedFolderAsItIs() throws Exception {
        Run first = recipe(Map.of());
        assertEquals(0, first.code(), first.output());
        assertTrue(first.output().contains("All scenarios behaved as the demo says."), first.output());
        JsonNode plan = checkReport();
        assertEquals("mtlskit.fixtures/1", plan.get("schema").asText());
        assertTrue(plan.get("changes").asBoolean());
        plan.get("profiles")
                .forEach(p -> assertEquals("created", p.get("action").asText(), p.toString()));

        try (Stream<Path> list = Files.list(work.resolve("keys"))) {
            for (Path p : list.toList()) {
                Files.setLastModifiedTime(p, LONG_AGO);
            }
        }
        Map<String, String> cached = keysFolder();
        Run second = recipe(Map.of());
        assertEquals(0, second.code(), second.output());
        assertEquals(cached, keysFolder(), "a second run on the cached folder rewrote files");
        assertFalse(checkReport().get("changes").asBoolean(), checkReport().toString());
        checkReport()
                .get("profiles")
                .forEach(p -> assertEquals("kept", p.get("action").asText(), p.toString()));
    }

    @Test
    void checkOnlyFailsWithNineAndWritesNothingWhenAProfileChanged() throws Exception {
        assertEquals(0, recipe(Map.of()).code());
        deleteTree(work.resolve("reports"));
        Path client = work.resolve("profiles/client.yaml");
        Files.writeString(client, Files.readString(client).replace("CN: localhost", "CN: device 7"));
        Map<String, String> before = keysFolder();
        Run r = recipe(Map.of("CHECK_ONLY", "true"));
        assertEquals(9, r.code(), r.output());
        assertTrue(r.output().contains("client: would re-issue (subject changed)"), r.output());
        assertEquals(before, keysFolder());
        assertFalse(Files.exists(work.resolve("reports")), "CHECK_ONLY wrote the reports folder");
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
