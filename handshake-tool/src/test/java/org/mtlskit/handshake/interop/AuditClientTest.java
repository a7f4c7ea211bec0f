package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.mtlskit.handshake.Cli;
import org.mtlskit.testing.ToolRun;

/**
 * What a run of handshake-tool audit client needs: the battery of {@link AuditServerTest} (the
 * shipped profiles/audit, whose server cases audit client serves), the audit run in this JVM with
 * the client's command, and its report read back from the JSON it wrote.
 */
abstract class AuditClientTest extends AuditServerTest {

    /** How long the audit waits after the client's Finished: every client here acts at once. */
    static final String WAIT_MS = "1000";

    /** The shipped server cases in report order (baseline first, then by name). */
    static final String[] SERVER_CASES = {
        "server-good",
        "server-bad-signature",
        "server-client-auth-only",
        "server-cn-only-match",
        "server-expired",
        "server-intermediate-not-a-ca",
        "server-ip-in-dns-san",
        "server-ip-san-for-name",
        "server-key-usage-without-digital-signature",
        "server-missing-intermediate",
        "server-name-constraint-violation",
        "server-name-not-in-san",
        "server-not-yet-valid",
        "server-path-len-exceeded",
        "server-revoked",
        "server-rsa-1024",
        "server-self-signed",
        "server-sha1",
        "server-unknown-critical-extension",
        "server-untrusted-issuer",
        "server-wildcard-not-left-most",
        "server-wildcard-public-suffix",
        "server-wildcard-two-labels"
    };

    /** The name cases: a client that checks no hostname accepts all of them. */
    static final List<String> NAME_CASES = List.of(
            "server-cn-only-match",
            "server-ip-in-dns-san",
            "server-ip-san-for-name",
            "server-name-not-in-san",
            "server-wildcard-not-left-most",
            "server-wildcard-public-suffix",
            "server-wildcard-two-labels");

    /** The request the clients here send once they accept (what the demo's style of client does is beside the point). */
    static final String REQUEST = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | ";

    static Audit auditClient(String command, String... more) throws IOException {
        Path dir = Files.createTempDirectory(root, "client-report");
        Path json = dir.resolve("audit.json");
        Path junit = dir.resolve("audit.xml");
        List<String> args = new ArrayList<>(List.of(
                "audit",
                "client",
                "--profiles",
                batteryProfiles.toString(),
                "--keys",
                battery.toString(),
                "--wait",
                WAIT_MS,
                "--json",
                json.toString(),
                "--junit",
                junit.toString(),
                "--run",
                command));
        args.addAll(List.of(more));
        ToolRun.Result r = Cli.run(args.toArray(String[]::new));
        if (!Files.exists(json)) {
            fail("no report written; " + r);
        }
        return new Audit(
                r.code(), r.out(), r.err(), new ObjectMapper().readTree(json.toFile()), Files.readString(junit));
    }

    /**
     * The report expected on the given versions: for each case, what the client did ("accepted -",
     * "refused unknown_ca", ...) as {@code seen} says; the result follows from what the case expects.
     */
    static String expected(List<String> versions, BiFunction<String, String, String> seen) {
        StringBuilder b = new StringBuilder();
        for (String v : versions) {
            for (String c : SERVER_CASES) {
                String expect = c.equals("server-good") ? "accept" : "refuse";
                String s = c.equals("server-good") ? "accepted -" : seen.apply(c, v);
                boolean accepted = s.startsWith("accepted");
                b.append(c)
                        .append(' ')
                        .append(v)
                        .append(' ')
                        .append(expect)
                        .append(' ')
                        .append(s)
                        .append(' ')
                        .append(accepted == expect.equals("accept") ? "PASS" : "FAIL")
                        .append('\n');
            }
        }
        return b.toString();
    }

    static List<String> diagnosis(Audit a) {
        List<String> lines = new ArrayList<>();
        for (JsonNode d : a.json().get("diagnosis")) {
            lines.add(d.asText());
        }
        return lines;
    }

    /** The client's exit code of each case, as the report recorded it. */
    static List<String> exits(Audit a) {
        List<String> exits = new ArrayList<>();
        for (JsonNode c : a.json().get("cases")) {
            exits.add(c.get("client").get("exit").asText());
        }
        return exits;
    }

    static String abs(String name) {
        return battery.resolve(name).toAbsolutePath().toString();
    }
}
