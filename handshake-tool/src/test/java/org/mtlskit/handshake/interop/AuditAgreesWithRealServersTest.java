package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * audit server against the servers people run, each case and version compared with the truth taken
 * without the audit: curl presenting that case's chain to the same server, and the server's own log
 * (nginx's $ssl_client_verify, s_server's and gnutls-serv's errors, the demo server's verdict line).
 * The table is written to target/audit-agreement.md.
 */
class AuditAgreesWithRealServersTest extends AuditServerTest {

    /** How long a server's lines about a connection curl has ended may still take to arrive (they carry no end mark). */
    static final long LINES_SETTLE_MS = 500;

    static final Pattern SERVER_SUCCESS = Pattern.compile("^SSL handshake successful");
    static final Pattern SERVER_FAILURE = Pattern.compile("^SSL handshake failed");

    /** Audits the started server, takes the truth case by case, records the table and asserts agreement. */
    static void auditAndCompare(String peer, int port, PeerProcess server, ServerAgreement.Judge judge)
            throws Exception {
        Audit a = audit(port);
        List<AgreementTable.Row> rows = ServerAgreement.compare(
                peer, a.json(), battery, batteryProfiles, file("ca_cert.pem"), port, server, judge);
        List<AgreementTable.Row> wrong =
                AgreementTable.record(peer, rows, ServerAgreement.notOffered(a.json()), a.out());
        assertEquals(
                List.of(),
                wrong,
                peer + ": the audit disagrees with the server on " + wrong.size() + " of " + rows.size() + " cases:\n"
                        + AgreementTable.describe(wrong) + "\n" + a.out());
    }

    void nginx(String mode) throws Exception {
        requirePeer(PresentingClient.missing());
        requirePeer(WebServers.missing("nginx", "nginx-light"));
        try (WebServers.Started nginx =
                WebServers.nginx(root, mode, file("ca_cert.pem"), file("server_cert.pem"), file("server_key.pem"))) {
            Audit a = audit(nginx.port());
            AtomicInteger seen = new AtomicInteger(
                    WebServers.accessLog(nginx, 0, Duration.ZERO).size());
            ServerAgreement.Judge judge = (answer, server, before) -> {
                String logged = "no request logged";
                if (!answer.status().equals("000")) {
                    List<String> lines = WebServers.accessLog(nginx, seen.get(), Duration.ofSeconds(10));
                    if (lines.size() > seen.get()) {
                        logged = "access log \"" + lines.get(lines.size() - 1) + "\"";
                        seen.set(lines.size());
                    }
                }
                String evidence = answer.words() + "; nginx " + logged;
                return answer.served() ? Truth.accepted(evidence) : Truth.refused(evidence);
            };
            String peer = "nginx ssl_verify_client " + mode;
            List<AgreementTable.Row> rows = ServerAgreement.compare(
                    peer,
                    a.json(),
                    battery,
                    batteryProfiles,
                    file("ca_cert.pem"),
                    nginx.port(),
                    nginx.process(),
                    judge);
            List<AgreementTable.Row> wrong =
                    AgreementTable.record(peer, rows, ServerAgreement.notOffered(a.json()), a.out());
            assertEquals(
                    List.of(),
                    wrong,
                    peer + ": the audit disagrees with nginx on " + wrong.size() + " of " + rows.size() + " cases:\n"
                            + AgreementTable.describe(wrong) + "\n" + a.out());
        }
    }

    @Test
    void auditAgreesWithNginxVerifyingClientsOn() throws Exception {
        nginx("on");
    }

    @Test
    void auditAgreesWithNginxVerifyingClientsOptional() throws Exception {
        nginx("optional");
    }

    @Test
    void auditAgreesWithNginxVerifyingClientsOptionalNoCa() throws Exception {
        nginx("optional_no_ca");
    }

    @Test
    void auditAgreesWithHaproxyVerifyRequired() throws Exception {
        requirePeer(PresentingClient.missing());
        requirePeer(WebServers.missing("haproxy", "haproxy"));
        try (WebServers.Started haproxy =
                WebServers.haproxy(root, file("ca_cert.pem"), file("server_cert.pem"), file("server_key.pem"))) {
            auditAndCompare(
                    "haproxy verify required", haproxy.port(), haproxy.process(), ServerAgreement.BY_HTTP_STATUS);
        }
    }

    /**
     * s_server's own output decides: an error line for the connection ("ERROR", or OpenSSL's
     * "...:error:..." reason) is a refusal; none, with the page served, an acceptance.
     */
    static final ServerAgreement.Judge OPENSSL_OUTPUT = (answer, server, before) -> {
        Thread.sleep(LINES_SETTLE_MS);
        List<String> fresh = before.since(server);
        Optional<String> error = fresh.stream()
                .filter(l -> l.startsWith("ERROR") || l.contains(":error:"))
                .findFirst();
        String lines = "s_server printed " + (fresh.isEmpty() ? "nothing" : "\"" + String.join(" / ", fresh) + "\"");
        if (error.isPresent()) {
            return Truth.refused(lines + "; " + answer.words());
        }
        return answer.served()
                ? Truth.accepted(lines + "; " + answer.words())
                : Truth.unknown(lines + "; " + answer.words());
    };

    void opensslServer(String... verify) throws Exception {
        requirePeer(PresentingClient.missing());
        try (Device d = AgreementDevices.opensslServer(keys, verify)) {
            auditAndCompare("openssl s_server " + String.join(" ", verify), d.port(), d.process(), OPENSSL_OUTPUT);
        }
    }

    @Test
    void auditAgreesWithOpensslServerStrict() throws Exception {
        opensslServer("-Verify", "1", "-verify_return_error");
    }

    @Test
    void auditAgreesWithOpensslServerOptional() throws Exception {
        opensslServer("-verify", "1");
    }

    /** gnutls-serv in its HTTP mode: "Error in handshake" for the connection is its refusal. */
    @Test
    void auditAgreesWithGnutlsServer() throws Exception {
        requirePeer(PresentingClient.missing());
        try (Device d = AgreementDevices.gnutlsServer(keys)) {
            auditAndCompare(
                    "gnutls-serv --require-client-cert --verify-client-cert",
                    d.port(),
                    d.process(),
                    (answer, server, before) -> {
                        Thread.sleep(LINES_SETTLE_MS);
                        List<String> fresh = before.since(server);
                        Optional<String> error = fresh.stream()
                                .filter(l -> l.contains("Error in handshake"))
                                .findFirst();
                        String lines = "gnutls-serv printed "
                                + (fresh.isEmpty() ? "nothing" : "\"" + String.join(" / ", fresh) + "\"");
                        if (error.isPresent()) {
                            return Truth.refused(lines + "; " + answer.words());
                        }
                        return answer.served()
                                ? Truth.accepted(lines + "; " + answer.words())
                                : Truth.unknown(lines + "; " + answer.words());
                    });
        }
    }

    /** The demo's own server: handshake, close_notify, no data; its "SSL handshake successful/failed" line decides. */
    @Test
    void auditAgreesWithTheDemoStyleMbedtlsServer() throws Exception {
        requirePeer(PresentingClient.missing());
        try (Device d = AgreementDevices.mbedtlsServer(keys, "--demo")) {
            auditAndCompare(
                    "mbedtls_peer server --demo (the demo's server)",
                    d.port(),
                    d.process(),
                    ServerAgreement.byVerdictLine(SERVER_SUCCESS, SERVER_FAILURE));
        }
    }

    /** handshake-tool serve in its own JVM; its "SSL handshake successful/failed" line decides. */
    @Test
    void auditAgreesWithHandshakeToolServe() throws Exception {
        requirePeer(PresentingClient.missing());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (Device d = start(
                "handshake-tool serve",
                List.of(
                        java,
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.mtlskit.handshake.HandshakeTool",
                        "serve",
                        "--ca-certificate",
                        file("ca_cert.pem").toString(),
                        "--certificate",
                        file("server_cert.pem").toString(),
                        "--private-key",
                        file("server_key.pem").toString(),
                        "-p",
                        "0",
                        "--count",
                        "1000"),
                Map.of(),
                Pattern.compile("^Listening on 127\\.0\\.0\\.1 port (\\d+)$"))) {
            auditAndCompare(
                    "handshake-tool serve",
                    d.port(),
                    d.process(),
                    ServerAgreement.byVerdictLine(SERVER_SUCCESS, SERVER_FAILURE));
        }
    }
}
