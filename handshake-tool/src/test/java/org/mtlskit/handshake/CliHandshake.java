package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.mtlskit.testing.ToolRun;

/**
 * One handshake as the demo runs it: `handshake-tool serve` for one connection on a free loopback
 * port, and `handshake-tool connect --server localhost` against it; and what each side must print.
 */
final class CliHandshake {
    private CliHandshake() {}

    /** The demo's server steps, in its order; "SSL handshake successful" follows only on success. */
    static final List<String> SERVER_STEPS = List.of(
            "Loading CA certificate...",
            "Loading server certificate...",
            "Loading server private key...",
            "Setting up SSL configuration...",
            "Setting up SSL context...",
            "Binding to port...",
            "Server is running. Waiting for connections...",
            "Client connected. Setting up SSL...");

    static final List<String> CLIENT_STEPS = List.of(
            "Loading CA certificate...",
            "Loading client certificate...",
            "Loading client private key...",
            "Setting up SSL configuration...",
            "Setting up SSL context...",
            "Connecting to server...",
            "Starting handshake...");
    static final String SERVER_SUCCESS = "SSL handshake successful";
    static final String CLIENT_SUCCESS = "Handshake successful!";

    /** The CA to trust, and our certificate and key: the three files the demo gives each side. */
    record Side(Path ca, Path cert, Path key) {
        /** CA_STEM_cert.pem, STEM_cert.pem and STEM_key.pem in {@code keys}. */
        static Side of(Path keys, String caStem, String stem) {
            return new Side(
                    keys.resolve(caStem + "_cert.pem"),
                    keys.resolve(stem + "_cert.pem"),
                    keys.resolve(stem + "_key.pem"));
        }
    }

    record Result(ToolRun.Result server, ToolRun.Result client) {}

    static Cli.Running serve(String tls, Side s) {
        return Cli.start(
                "serve",
                "--ca-certificate",
                s.ca.toString(),
                "--certificate",
                s.cert.toString(),
                "--private-key",
                s.key.toString(),
                "-p",
                "0",
                "--count",
                "1",
                "--tls",
                tls);
    }

    static ToolRun.Result connect(String tls, Side s, int port) {
        return Cli.run(
                "connect",
                "--ca-certificate",
                s.ca.toString(),
                "--certificate",
                s.cert.toString(),
                "--private-key",
                s.key.toString(),
                "--server",
                "localhost",
                "-p",
                String.valueOf(port),
                "--tls",
                tls);
    }

    static Result run(String tls, Side server, Side client) throws InterruptedException {
        try (Cli.Running serve = serve(tls, server)) {
            ToolRun.Result c = connect(tls, client, serve.port());
            return new Result(serve.await(), c);
        }
    }

    /** The lines of stdout that are the demo's step lines, in the order printed. */
    static List<String> demoSteps(ToolRun.Result o, List<String> steps, String success) {
        return o.outLines().stream()
                .filter(l -> steps.contains(l) || l.equals(success))
                .toList();
    }

    private static List<String> plus(List<String> steps, String line) {
        return Stream.concat(steps.stream(), Stream.of(line)).toList();
    }

    static void serverAccepted(ToolRun.Result s, String tls) {
        s.assertExit(ExitCodes.OK);
        assertEquals(plus(SERVER_STEPS, SERVER_SUCCESS), demoSteps(s, SERVER_STEPS, SERVER_SUCCESS));
        assertTrue(
                s.outLines().stream().anyMatch(l -> l.startsWith("Protocol: TLSv" + tls + ", cipher suite: ")),
                s.out());
        assertTrue(s.outLines().contains("Served 1 connection: 1 succeeded, 0 failed"), s.out());
        assertEquals("", s.err());
    }

    static void clientAccepted(ToolRun.Result c, String tls) {
        c.assertExit(ExitCodes.OK);
        assertEquals(plus(CLIENT_STEPS, CLIENT_SUCCESS), demoSteps(c, CLIENT_STEPS, CLIENT_SUCCESS));
        assertTrue(
                c.outLines().stream().anyMatch(l -> l.startsWith("Protocol: TLSv" + tls + ", cipher suite: ")),
                c.out());
        // the server's verdict line arrived: no note about a missing one
        assertTrue(c.outLines().stream().noneMatch(l -> l.startsWith("Note:")), c.out());
        assertEquals("", c.err());
    }

    static void serverRefusedClient(ToolRun.Result s, String words) {
        s.assertExit(ExitCodes.WE_REFUSED);
        assertEquals(SERVER_STEPS, demoSteps(s, SERVER_STEPS, SERVER_SUCCESS));
        assertEquals(
                List.of(
                        "SSL handshake failed: we refused the client's certificate",
                        "Certificate verification errors: " + words),
                s.errLines());
        assertTrue(s.outLines().contains("Served 1 connection: 0 succeeded, 1 failed"), s.out());
    }

    static void serverRefusedByClient(ToolRun.Result s, String alert) {
        s.assertExit(ExitCodes.PEER_REFUSED);
        assertEquals(SERVER_STEPS, demoSteps(s, SERVER_STEPS, SERVER_SUCCESS));
        assertEquals(
                List.of(
                        "SSL handshake failed: the client refused us during the handshake (it sent the alert "
                                + told(alert) + ")",
                        "No certificate verification errors"),
                s.errLines());
    }

    static void clientRefusedServer(ToolRun.Result c, String words) {
        c.assertExit(ExitCodes.WE_REFUSED);
        assertEquals(CLIENT_STEPS, demoSteps(c, CLIENT_STEPS, CLIENT_SUCCESS));
        assertEquals(
                List.of(
                        "Handshake failed: we refused the server's certificate",
                        "Certificate verification errors: " + words),
                c.errLines());
    }

    /**
     * In TLS 1.2 the server's refusal ends the handshake; in TLS 1.3 the client's handshake is
     * complete before the server judges its certificate, so the alert comes after it.
     */
    static void clientRefusedByServer(ToolRun.Result c, String tls, String alert) {
        c.assertExit(ExitCodes.PEER_REFUSED);
        assertEquals(CLIENT_STEPS, demoSteps(c, CLIENT_STEPS, CLIENT_SUCCESS));
        String when = tls.equals("1.3") ? "after the handshake" : "during the handshake";
        assertEquals(
                List.of(
                        "Handshake failed: the server refused us " + when + " (it sent the alert " + told(alert) + ")",
                        "No certificate verification errors"),
                c.errLines());
    }

    /** An alert as handshake-tool tells it: its name and what it means for us. */
    static String told(String alert) {
        return alert + ": "
                + switch (alert) {
                    case "certificate_unknown" -> "it does not accept our certificate";
                    case "certificate_expired" -> "it found our certificate expired or not yet valid";
                    case "bad_certificate" -> "it found our certificate bad";
                    case "unknown_ca" -> "it does not trust the CA that issued our certificate";
                    case "certificate_revoked" -> "it found our certificate revoked";
                    case "certificate_required" -> "it requires a certificate we did not send";
                    case "handshake_failure" -> "it could not agree on the handshake's parameters";
                    default -> throw new IllegalArgumentException("no words pinned for " + alert);
                };
    }
}
