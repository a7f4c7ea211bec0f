package org.mtlskit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals carry out the very plan ca-tool fixtures makes, on the shipped profiles: the same lines
 * for --check, the same files kept and re-issued, and the same outcome lines.
 */
class SamePlanAsCaToolTest {
    private static final Path SHIPPED = Path.of("..", "profiles");
    private static final Clock NOW = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);

    /** The shipped set, made once by ca-tool (its RSA-4096 keys take a while); each test works on a copy. */
    @TempDir
    static Path made;

    @BeforeAll
    static void makeTheShippedSet() throws IOException {
        copy(SHIPPED, made.resolve("profiles"));
        Goals.CaToolRun run = Goals.caTool(
                NOW,
                "fixtures",
                "--profiles",
                made.resolve("profiles").toString(),
                "--out",
                made.resolve("keys").toString());
        assertEquals(0, run.exit(), run.err());
    }

    @Test
    void checkPrintsCaToolsPlanLineForLine(@TempDir Path dir) throws Exception {
        Path profiles = copy(made.resolve("profiles"), dir.resolve("profiles"));
        Path keys = copy(made.resolve("keys"), dir.resolve("keys"));
        changeTheSet(profiles, keys);

        Goals.CaToolRun caTool =
                Goals.caTool(NOW, "fixtures", "--check", "--profiles", profiles.toString(), "--out", keys.toString());
        GoalLog log = new GoalLog();
        MojoFailureException failure = assertThrows(
                MojoFailureException.class,
                () -> Goals.check(profiles, keys, NOW, log).execute());

        assertEquals(9, caTool.exit(), caTool.err());
        List<String> plan = caTool.out().subList(0, caTool.out().size() - 1); // its last line names its exit code
        assertEquals(plan, log.info);
        assertTrue(plan.stream().anyMatch(l -> l.startsWith("server: would re-issue")), String.join("\n", plan));
        assertTrue(plan.stream().anyMatch(l -> l.startsWith("client: would create")), String.join("\n", plan));
        assertTrue(plan.stream().anyMatch(l -> l.startsWith("ca: would keep")), String.join("\n", plan));
        assertEquals(keys + ": 3 of 6 profiles would change (mtlskit:fixtures makes them)", failure.getMessage());
    }

    @Test
    void fixturesKeepsAndReissuesTheFilesCaToolDoes(@TempDir Path dir) throws Exception {
        Path profiles = copy(made.resolve("profiles"), dir.resolve("profiles"));
        Path byCaTool = copy(made.resolve("keys"), dir.resolve("by-ca-tool"));
        changeTheSet(profiles, byCaTool);
        Path byPlugin = copy(byCaTool, dir.resolve("by-plugin"));
        Map<String, String> before = digests(byCaTool);

        Goals.CaToolRun caTool =
                Goals.caTool(NOW, "fixtures", "--profiles", profiles.toString(), "--out", byCaTool.toString());
        GoalLog log = new GoalLog();
        Goals.fixtures(profiles, byPlugin, NOW, log).execute();

        assertEquals(0, caTool.exit(), caTool.err());
        List<String> changedByCaTool = changed(before, digests(byCaTool));
        assertEquals(changedByCaTool, changed(before, digests(byPlugin)));
        assertEquals(
                List.of(
                        "ca_crl.pem",
                        "ca_revocations.json",
                        "client_cert.pem",
                        "client_csr.pem",
                        "client_key.pem",
                        "server_cert.pem",
                        "server_csr.pem"),
                changedByCaTool);
        List<String> outcomes = log.info.stream()
                .filter(SamePlanAsCaToolTest::notProgress)
                .map(l -> l.replace(byPlugin.toString(), byCaTool.toString()))
                .toList();
        List<String> caToolOutcomes =
                caTool.out().stream().filter(SamePlanAsCaToolTest::notProgress).toList();
        assertEquals(caToolOutcomes, outcomes);
    }

    @Test
    void aSecondRunWritesNothing(@TempDir Path dir) throws Exception {
        Path profiles = copy(made.resolve("profiles"), dir.resolve("profiles"));
        Path keys = copy(made.resolve("keys"), dir.resolve("keys"));
        Map<String, String> before = digests(keys);
        Map<Path, java.nio.file.attribute.FileTime> times = times(keys);

        GoalLog log = new GoalLog();
        Goals.fixtures(profiles, keys, NOW, log).execute();
        Goals.check(profiles, keys, NOW, new GoalLog()).execute();

        assertEquals(before, digests(keys));
        assertEquals(times, times(keys));
        assertEquals(6, log.info.size(), String.join("\n", log.info));
        assertTrue(log.info.stream().allMatch(l -> l.contains(": kept: ")), String.join("\n", log.info));
    }

    /** Key generation's progress lines carry how long it took, which differs between two runs. */
    private static boolean notProgress(String line) {
        return !line.startsWith("Generated ") && !line.startsWith("Generating ");
    }

    /** A profile changed (server: new SAN), a set removed (client) and so a CRL to re-sign: three would change. */
    private static void changeTheSet(Path profiles, Path keys) throws IOException {
        Path server = profiles.resolve("server.yaml");
        String yaml = Files.readString(server);
        String changed = yaml.replace("dns: [localhost]", "dns: [localhost, server.test]");
        assertNotEquals(yaml, changed, "server.yaml no longer lists dns: [localhost]; change the test");
        Files.writeString(server, changed);
        for (String f : List.of("client_key.pem", "client_cert.pem", "client_csr.pem")) {
            Files.deleteIfExists(keys.resolve(f));
        }
        Files.delete(keys.resolve("ca_crl.pem"));
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    static Map<String, String> digests(Path dir) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                digests.put(
                        f.getFileName().toString(),
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return digests;
    }

    private static Map<Path, java.nio.file.attribute.FileTime> times(Path dir) throws IOException {
        Map<Path, java.nio.file.attribute.FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                times.put(f.getFileName(), Files.getLastModifiedTime(f));
            }
        }
        return times;
    }

    /** The files whose content is new or different, by name. */
    private static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
