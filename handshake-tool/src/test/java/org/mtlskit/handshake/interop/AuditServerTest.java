package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.handshake.Cli;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.AuditBatteries;
import org.mtlskit.testing.ToolRun;

/**
 * What a run of handshake-tool audit server needs: the battery made from the shipped profiles
 * (profiles/audit, unchanged) below a trusted and an untrusted CA, a server certificate for the
 * devices, the audit run in this JVM, and its report read back from the JSON it wrote.
 */
abstract class AuditServerTest {

    @TempDir
    static Path root;

    static Path keys;
    static Path batteryProfiles;
    static Path battery;

    /** How long an audit waits for the answer to its probe: every server here answers at once. */
    static final String PROBE_WAIT_MS = "1000";

    @BeforeAll
    static void makeTheBattery() throws IOException {
        AuditBatteries.Made made =
                AuditBatteries.make(root, Map.of("server", TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost")));
        keys = made.keys();
        batteryProfiles = made.profiles();
        battery = made.folder();
    }

    static Path file(String name) {
        return keys.resolve(name);
    }

    /** A finished audit: exit code, what it printed, and the JSON and JUnit files it wrote. */
    record Audit(int code, String out, String err, JsonNode json, String junit) {
        /** The report, one line per case and version: "case tls expected device alert result". */
        String verdicts() {
            List<String> lines = new ArrayList<>();
            for (JsonNode c : json.get("cases")) {
                lines.add(String.join(
                        " ",
                        c.get("case").asText(),
                        c.get("tls").asText(),
                        c.get("expected").asText(),
                        c.get("device").asText(),
                        c.get("alert").isNull() ? "-" : c.get("alert").asText(),
                        c.get("result").asText()));
            }
            return String.join("\n", lines) + "\n";
        }
    }

    static Audit audit(int port, String... more) throws IOException {
        Path dir = Files.createTempDirectory(root, "report");
        Path json = dir.resolve("audit.json");
        Path junit = dir.resolve("audit.xml");
        List<String> args = new ArrayList<>(List.of(
                "audit",
                "server",
                "--server",
                "localhost",
                "-p",
                String.valueOf(port),
                "--ca-certificate",
                file("ca_cert.pem").toString(),
                "--profiles",
                batteryProfiles.toString(),
                "--keys",
                battery.toString(),
                "--json",
                json.toString(),
                "--junit",
                junit.toString()));
        if (!List.of(more).contains("--probe-wait")) {
            args.addAll(List.of("--probe-wait", PROBE_WAIT_MS));
        }
        args.addAll(List.of(more));
        ToolRun.Result r = Cli.run(args.toArray(String[]::new));
        if (!Files.exists(json)) {
            fail("no report written; " + r);
        }
        return new Audit(
                r.code(), r.out(), r.err(), new ObjectMapper().readTree(json.toFile()), Files.readString(junit));
    }

    /**
     * Every case on the given versions as the expected column says: each a PASS. The last case of
     * each version, no-client-certificate, takes its alert from "no-client-certificate 1.2" (or 1.3).
     */
    static String allPass(List<String> versions, Map<String, String> alerts) {
        StringBuilder b = new StringBuilder();
        for (String v : versions) {
            for (String[] c : CASES) {
                String device = c[1].equals("accept") ? "accepted" : "refused";
                b.append(c[0])
                        .append(' ')
                        .append(v)
                        .append(' ')
                        .append(c[1])
                        .append(' ')
                        .append(device)
                        .append(' ')
                        .append(c[1].equals("accept") ? "-" : alerts.getOrDefault(c[0], alerts.get("*")))
                        .append(" PASS\n");
            }
            b.append(noClientCertificate(
                    v, "refused " + alerts.getOrDefault(NO_CERT + " " + v, alerts.get("*")) + " PASS"));
        }
        return b.toString();
    }

    /** The case the audit adds to every battery: a client without a certificate. */
    static final String NO_CERT = "no-client-certificate";

    /** Its line in {@link Audit#verdicts()}: "no-client-certificate 1.2 refuse " and what the device did. */
    static String noClientCertificate(String v, String did) {
        return NO_CERT + " " + v + " refuse " + did + "\n";
    }

    /** The shipped battery in report order (baseline first, then by name) with what each expects. */
    static final String[][] CASES = {
        {"good", "accept"},
        {"bad-signature", "refuse"},
        {"ca-true-leaf", "accept"},
        {"expired", "refuse"},
        {"good-via-intermediate", "accept"},
        {"intermediate-not-a-ca", "refuse"},
        {"key-usage-without-digital-signature", "refuse"},
        {"md5", "refuse"},
        {"missing-intermediate", "refuse"},
        {"name-constraint-violation", "refuse"},
        {"no-extended-key-usage", "accept"},
        {"no-key-usage", "accept"},
        {"no-subject-alt-name", "accept"},
        {"not-yet-valid", "refuse"},
        {"path-len-exceeded", "refuse"},
        {"rsa-1024", "refuse"},
        {"self-signed", "refuse"},
        {"server-auth-only", "refuse"},
        {"sha1", "refuse"},
        {"unknown-critical-extension", "refuse"},
        {"untrusted-issuer", "refuse"},
        {"v1", "accept"},
        {"wrong-chain-order", "refuse"}
    };

    /** A peer that is missing skips the test on a developer's machine and fails it in CI. */
    static void requirePeer(Optional<String> missing) {
        if (missing.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true, so no audit test may be skipped, but: " + missing.get());
            }
            Assumptions.abort(missing.get());
        }
    }

    /** Starts a device and returns it once it has printed the port it listens on. */
    static Device start(String label, List<String> command, Map<String, String> env, Pattern portLine)
            throws IOException, InterruptedException {
        PeerProcess p = PeerProcess.start(label, command, env, List.of());
        Optional<String> line = p.awaitLine(portLine, Peer.START_TIMEOUT);
        if (line.isEmpty()) {
            String transcript = p.transcript();
            p.close();
            fail(label + " did not say its port:\n" + transcript);
        }
        Matcher m = portLine.matcher(line.get());
        assertTrue(m.find());
        return new Device(p, Integer.parseInt(m.group(1)));
    }

    record Device(PeerProcess process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    static Duration bound() {
        return Duration.ofSeconds(120);
    }
}
