package org.mtlskit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.opentest4j.AssertionFailedError;

/** Real handshakes on loopback against the extension's server, each connection recorded as serve words it. */
@ExtendWith(MtlsExtension.class)
class MtlsExtensionTest {

    @Test
    void aClientOfTheTestCaIsAccepted(TestPki pki, @MtlsServer MtlsTestServer server) throws Exception {
        assertEquals(MtlsTestServer.VERDICT_LINE, Clients.call(pki.clientContext(), server.port()));

        assertEquals("accepted", server.assertAccepted().line());
    }

    @Test
    void aRefusedClientsReasonIsInTheAssertionMessage(TestPki pki, @MtlsServer MtlsTestServer server) {
        assertThrows(IOException.class, () -> Clients.call(pki.clientContext(pki.untrustedClient()), server.port()));

        AssertionFailedError e = assertThrows(AssertionFailedError.class, server::assertAccepted);

        assertEquals(
                "expected the client to be accepted, but the connection ended: refused: Certificate not trusted",
                e.getMessage());
        assertEquals(
                List.of("refused: Certificate not trusted"),
                server.connections().stream().map(Connection::line).toList());
    }

    @Test
    void aClientWithoutACertificateIsRefused(TestPki pki, @MtlsServer MtlsTestServer server) throws Exception {
        javax.net.ssl.SSLContext noCertificate = javax.net.ssl.SSLContext.getInstance("TLS");
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trust.init(pki.trustStore());
        noCertificate.init(null, trust.getTrustManagers(), null);

        assertThrows(IOException.class, () -> Clients.call(noCertificate, server.port()));

        assertEquals(Connection.Verdict.REFUSED, server.assertRefused().verdict());
    }

    @Test
    void aClientThatRefusesAnExpiredServerIsRecordedAsPeerRefused(
            TestPki pki, AuditCertificates audit, @MtlsServer(presenting = "server-expired") MtlsTestServer server)
            throws Exception {
        javax.net.ssl.SSLContext myClient = Clients.jsse(pki.client(), audit.trustAnchor());

        assertThrows(IOException.class, () -> Clients.call(myClient, server.port()));

        assertTrue(
                server.assertPeerRefused().line().startsWith("peer refused: alert "),
                server.connections().toString());
    }

    @Test
    void theBatteryBaselineIsAcceptedByTheSameClient(
            TestPki pki, AuditCertificates audit, @MtlsServer(presenting = "server-good") MtlsTestServer server)
            throws Exception {
        javax.net.ssl.SSLContext myClient = Clients.jsse(pki.client(), audit.trustAnchor());

        assertEquals(MtlsTestServer.VERDICT_LINE, Clients.call(myClient, server.port()));

        server.assertAccepted();
        assertEquals("server-good", audit.names(AuditCase.Role.SERVER).get(0));
    }

    @Test
    void aProfilesFolderIsMadeAndReadByName(@TempDir Path dir) throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("ca.yaml"), "ca: true\nkey: ec-p256\nsubject:\n  CN: Folder CA\n");
        Files.writeString(
                profiles.resolve("server.yaml"),
                "issuer: ca\nkey: ec-p256\nsubject:\n  CN: localhost\n"
                        + "extensions:\n  extendedKeyUsage: [serverAuth]\n  subjectAltName:\n    dns: [localhost]\n");

        ProfileFixtures files = ProfileFixtures.make(profiles, dir.resolve("keys"));

        assertEquals(
                "CN=localhost",
                files.credential("server")
                        .certificate()
                        .getSubjectX500Principal()
                        .getName());
        assertEquals(
                "CN=Folder CA",
                files.chain("server").get(0).getIssuerX500Principal().getName());
        assertTrue(Files.exists(dir.resolve("keys").resolve("server_cert.pem")));
    }
}
