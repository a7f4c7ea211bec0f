package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtlskit.handshake.CliHandshake.SERVER_STEPS;
import static org.mtlskit.handshake.CliHandshake.SERVER_SUCCESS;
import static org.mtlskit.handshake.CliHandshake.clientAccepted;
import static org.mtlskit.handshake.CliHandshake.clientRefusedByServer;
import static org.mtlskit.handshake.CliHandshake.clientRefusedServer;
import static org.mtlskit.handshake.CliHandshake.demoSteps;
import static org.mtlskit.handshake.CliHandshake.serverAccepted;
import static org.mtlskit.handshake.CliHandshake.serverRefusedByClient;
import static org.mtlskit.handshake.CliHandshake.serverRefusedClient;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.handshake.CliHandshake.Result;
import org.mtlskit.handshake.CliHandshake.Side;
import org.mtlskit.testing.ToolRun;

/**
 * Real handshakes on loopback between `handshake-tool serve` and `handshake-tool connect`, each
 * case with TLS 1.2 and with TLS 1.3, asserting what each side prints and its exit code: the demo's
 * three scenarios, and one broken rule at a time on either side.
 *
 * <p>The alert a refused side reports is JSSE's (JDK 17) choice: a JSSE server refusing a client
 * certificate always sends certificate_unknown; a JSSE client refusing a server certificate sends
 * certificate_expired or bad_certificate (not yet valid) in TLS 1.2 when the verifier gives that
 * reason, and certificate_unknown for everything in TLS 1.3.
 */
@Timeout(30)
class MutualAuthenticationTest {
    @TempDir
    static Path root;

    static Path keys;

    @BeforeAll
    static void makeCertificates() {
        keys = TestCertificates.make(root);
    }

    // ---- the demo's three scenarios

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void goodClientAndGoodServerAcceptEachOther(String tls) throws Exception {
        Result h = handshake(tls, goodServer(), goodClient());

        serverAccepted(h.server(), tls);
        clientAccepted(h.client(), tls);
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void clientFromUntrustedCaIsRefusedByServer(String tls) throws Exception {
        Result h = handshake(tls, goodServer(), files("ca", "bad"));

        serverRefusedClient(h.server(), "Certificate not trusted");
        clientRefusedByServer(h.client(), tls, "certificate_unknown");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void serverFromUntrustedCaIsRefusedByClient(String tls) throws Exception {
        Result h = handshake(tls, files("bad_ca", "bad"), goodClient());

        serverRefusedByClient(h.server(), "certificate_unknown");
        clientRefusedServer(h.client(), "Certificate not trusted");
    }

    // ---- validity

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void expiredServerCertificateIsRefusedByClient(String tls) throws Exception {
        Result h = handshake(tls, files("ca", "expired_server"), goodClient());

        serverRefusedByClient(h.server(), tls.equals("1.2") ? "certificate_expired" : "certificate_unknown");
        clientRefusedServer(h.client(), "Certificate expired");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void expiredClientCertificateIsRefusedByServer(String tls) throws Exception {
        Result h = handshake(tls, goodServer(), files("ca", "expired_client"));

        serverRefusedClient(h.server(), "Certificate expired");
        clientRefusedByServer(h.client(), tls, "certificate_unknown");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void notYetValidServerCertificateIsRefusedByClient(String tls) throws Exception {
        Result h = handshake(tls, files("ca", "future_server"), goodClient());

        serverRefusedByClient(h.server(), tls.equals("1.2") ? "bad_certificate" : "certificate_unknown");
        clientRefusedServer(h.client(), "Certificate validity starts in the future");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void notYetValidClientCertificateIsRefusedByServer(String tls) throws Exception {
        Result h = handshake(tls, goodServer(), files("ca", "future_client"));

        serverRefusedClient(h.server(), "Certificate validity starts in the future");
        clientRefusedByServer(h.client(), tls, "certificate_unknown");
    }

    // ---- hostname and purpose

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void serverCertificateForAnotherHostIsRefusedByClient(String tls) throws Exception {
        Result h = handshake(tls, files("ca", "otherhost_server"), goodClient());

        serverRefusedByClient(h.server(), "certificate_unknown");
        clientRefusedServer(h.client(), "CN mismatch (hostname)");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void clientCertificateWithoutClientAuthIsRefusedByServer(String tls) throws Exception {
        Result h = handshake(tls, goodServer(), files("ca", "client_without_client_auth"));

        serverRefusedClient(h.server(), "Extended key usage mismatch");
        clientRefusedByServer(h.client(), tls, "certificate_unknown");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void serverCertificateWithoutServerAuthIsRefusedByClient(String tls) throws Exception {
        Result h = handshake(tls, files("ca", "server_without_server_auth"), goodClient());

        serverRefusedByClient(h.server(), "certificate_unknown");
        clientRefusedServer(h.client(), "Extended key usage mismatch");
    }

    // ---- no client certificate at all

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void clientWithoutCertificateIsRefusedByServer(String tls) throws Exception {
        String clientSaw;
        ToolRun.Result server;
        try (Cli.Running serve = CliHandshake.serve(tls, goodServer())) {
            clientSaw = handshakeWithoutCertificate(serve.port(), tls);
            server = serve.await();
        }

        server.assertExit(ExitCodes.WE_REFUSED);
        assertEquals(SERVER_STEPS, demoSteps(server, SERVER_STEPS, SERVER_SUCCESS));
        assertEquals(
                List.of(
                        "SSL handshake failed: the client sent no certificate",
                        "Certificate verification errors: Certificate missing"),
                server.errLines());
        // JDK 17 sends bad_certificate in TLS 1.3 too, where RFC 8446 asks for certificate_required
        assertEquals("Received fatal alert: bad_certificate", clientSaw);
    }

    // ---- the harness

    static Side files(String caStem, String stem) {
        return Side.of(keys, caStem, stem);
    }

    static Side goodServer() {
        return files("ca", "server");
    }

    static Side goodClient() {
        return files("ca", "client");
    }

    static Result handshake(String tls, Side server, Side client) throws InterruptedException {
        return CliHandshake.run(tls, server, client);
    }

    /**
     * A plain JSSE client with no key manager, so it has no certificate to send; it trusts the CA.
     * Returns what ended the connection (the alert the server sent).
     */
    static String handshakeWithoutCertificate(int port, String tls) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (InputStream in = Files.newInputStream(keys.resolve("ca_cert.pem"))) {
            anchors.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket =
                (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) Cli.PATIENCE.toMillis());
            socket.setEnabledProtocols(new String[] {"TLSv" + tls});
            socket.startHandshake();
            // TLS 1.3: the handshake is complete on our side; the server's alert comes with the next read
            int read = socket.getInputStream().read();
            return "read " + read + " instead of an alert";
        } catch (SSLException e) {
            return e.getMessage();
        }
    }
}
