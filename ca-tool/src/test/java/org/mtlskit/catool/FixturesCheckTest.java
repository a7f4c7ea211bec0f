package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.testing.ToolRun.caTool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * "ca-tool fixtures --check" says what fixtures would do, with the same decision, and writes nothing:
 * not a file, not a folder, not a modification time. "--json" gives the same as data (mtlskit.fixtures/1).
 */
class FixturesCheckTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    Path profiles;
    Path keys;

    @BeforeEach
    void makeSet() {
        profiles = root.resolve("profiles");
        keys = root.resolve("keys");
        Map<String, String> set = TestPki.demoProfiles("ec-p256");
        // The server's certificate is short-lived, so that it alone comes near its end.
        set.put("server", set.get("server").replace("days: 365", "days: 40"));
        TestPki.writeProfiles(profiles, set);
        ToolRun.Result made = run(CLOCK, "fixtures");
        assertEquals(0, made.code(), made.out() + made.err());
        FolderSnapshot.backdate(keys, LONG_AGO);
    }

    ToolRun.Result run(Clock clock, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--profiles", profiles.toString(), "--out", keys.toString()));
        return caTool(clock, all.toArray(String[]::new));
    }

    /** Every path under the temporary root, with each regular file's bytes digest and modification time. */
    Map<String, String> everything() throws IOException {
        try {
            return walk();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> walk() throws IOException, java.security.NoSuchAlgorithmException {
        Map<String, String> all = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                all.put(
                        root.relativize(p).toString(),
                        Files.isDirectory(p)
                                ? "dir"
                                : java.util.HexFormat.of()
                                                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                                        .digest(Files.readAllBytes(p)))
                                        + " " + Files.getLastModifiedTime(p));
            }
        }
        return all;
    }

    /** Runs a check and asserts that nothing under the root changed, appeared or vanished. */
    ToolRun.Result checkWritingNothing(Clock clock, String... options) throws IOException {
        Map<String, String> before = everything();
        List<String> args = new ArrayList<>(List.of("fixtures", "--check"));
        args.addAll(List.of(options));
        ToolRun.Result r = run(clock, args.toArray(String[]::new));
        assertEquals(before, everything(), "fixtures --check changed the folder\n" + r.out() + r.err());
        assertEquals("", r.err());
        return r;
    }

    static String line(ToolRun.Result r, String profile) {
        return r.outLines().stream()
                .filter(l -> l.startsWith(profile + ": "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + profile + " in\n" + r.out()));
    }

    @Test
    void aSetThatStillFitsIsReportedAsKeptWithExitZero() throws IOException {
        ToolRun.Result r = checkWritingNothing(CLOCK);
        assertEquals(0, r.code(), r.out());
        for (String p : List.of("ca", "bad-ca", "server", "client", "bad")) {
            assertTrue(line(r, p).startsWith(p + ": would keep; valid until "), r.out());
        }
        assertTrue(r.out().endsWith("fixtures --check: nothing would change (exit 0)\n"), r.out());
    }

    @Test
    void aCertificateNearItsEndIsReportedWithExitNineAndTheRunThenDoesExactlyThat() throws IOException {
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(15)), ZoneOffset.UTC);
        ToolRun.Result r = checkWritingNothing(later);
        assertEquals(9, r.code(), r.out());
        assertEquals(
                "server: would re-issue (expires within 30 days): would write " + keys.resolve("server_csr.pem")
                        + " " + keys.resolve("server_cert.pem") + "; would be valid until "
                        + NOW.plus(Duration.ofDays(15 + 40)),
                line(r, "server"));
        assertTrue(line(r, "client").startsWith("client: would keep; "), r.out());
        assertTrue(r.out().endsWith("fixtures --check: 1 of 5 profiles would change (exit 9)\n"), r.out());

        JsonNode plan = JSON.readTree(checkWritingNothing(later, "--json").out());
        ToolRun.Result done = run(later, "fixtures", "--json");
        assertEquals(0, done.code(), done.err());
        JsonNode result = JSON.readTree(done.out());
        assertEquals("check", plan.get("mode").asText());
        assertEquals("run", result.get("mode").asText());
        assertTrue(plan.get("changes").asBoolean());
        assertEquals(plan.get("profiles"), result.get("profiles"), "the check's plan is what the run did");
        assertEquals(0, checkWritingNothing(later).code(), "after the run, nothing is left to do");
    }

    @Test
    void aRenewalWindowThatReachesACertificateCountsAsAChange() throws IOException {
        ToolRun.Result r = checkWritingNothing(CLOCK, "--renew-within", "45");
        assertEquals(9, r.code(), r.out());
        assertTrue(line(r, "server").startsWith("server: would re-issue (expires within 45 days)"), r.out());
    }

    @Test
    void aChangedProfileIsReportedAsAReissue() throws IOException {
        Files.writeString(
                profiles.resolve("client.yaml"),
                Files.readString(profiles.resolve("client.yaml")).replace("CN: localhost", "CN: device 7"));
        ToolRun.Result r = checkWritingNothing(CLOCK);
        assertEquals(9, r.code(), r.out());
        assertTrue(line(r, "client").startsWith("client: would re-issue (subject changed): would write "), r.out());
        assertTrue(line(r, "server").startsWith("server: would keep"), r.out());
    }

    @Test
    void missingFilesAreReportedAsWhatTheRunWouldWrite() throws IOException {
        Files.delete(keys.resolve("server_csr.pem"));
        Files.delete(keys.resolve("bad_key.pem"));
        ToolRun.Result r = checkWritingNothing(CLOCK);
        assertEquals(9, r.code(), r.out());
        assertTrue(line(r, "server").startsWith("server: would re-issue (CSR missing): would write "), r.out());
        assertTrue(line(r, "bad").startsWith("bad: would create: would write " + keys.resolve("bad_key.pem")), r.out());
    }

    @Test
    void aMissingOutputFolderIsNotCreated() throws IOException {
        Path elsewhere = root.resolve("not-yet");
        Map<String, String> before = everything();
        ToolRun.Result r = caTool(
                CLOCK,
                "fixtures",
                "--check",
                "--json",
                "--profiles",
                profiles.toString(),
                "--out",
                elsewhere.toString());
        assertEquals(9, r.code(), r.out() + r.err());
        assertFalse(Files.exists(elsewhere));
        assertEquals(before, everything());
        for (JsonNode p : JSON.readTree(r.out()).get("profiles")) {
            assertEquals("created", p.get("action").asText());
        }
    }

    @Test
    void theJsonReportFollowsItsDocumentedSchema() throws IOException {
        JsonNode doc = JSON.readTree(checkWritingNothing(CLOCK, "--json").out());
        assertEquals(List.of("schema", "mode", "now", "renewWithinDays", "changes", "profiles"), names(doc));
        assertEquals("mtlskit.fixtures/1", doc.get("schema").asText());
        assertEquals(NOW.toString(), doc.get("now").asText());
        assertEquals(30, doc.get("renewWithinDays").asInt());
        assertFalse(doc.get("changes").asBoolean());
        assertEquals(5, doc.get("profiles").size());
        JsonNode server = null;
        for (JsonNode p : doc.get("profiles")) {
            server = p.get("profile").asText().equals("server") ? p : server;
        }
        assertEquals(List.of("profile", "action", "reasons", "files", "notAfter", "expiring"), names(server));
        assertEquals("kept", server.get("action").asText());
        assertEquals(0, server.get("reasons").size());
        assertEquals(0, server.get("files").size());
        assertEquals(
                NOW.plus(Duration.ofDays(40)).toString(), server.get("notAfter").asText());
        assertFalse(server.get("expiring").asBoolean());
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
