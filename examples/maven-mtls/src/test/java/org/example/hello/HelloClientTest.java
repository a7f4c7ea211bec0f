package org.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mtlskit.junit5.AuditCertificates;
import org.mtlskit.junit5.MtlsExtension;
import org.mtlskit.junit5.MtlsServer;
import org.mtlskit.junit5.MtlsTestServer;
import org.mtlskit.junit5.TestPki;

/** Our client against an in-JVM mTLS server (mtlskit-junit5): who refused whom, per connection. */
@ExtendWith(MtlsExtension.class)
class HelloClientTest {
    private static final char[] PASSWORD = "pw".toCharArray();

    /** Our client as it runs in production: JSSE's key and trust managers over keystores. */
    private static HelloClient client(org.mtlskit.pki.Credential own, java.security.cert.X509Certificate ca)
            throws Exception {
        SSLContext context = HelloClient.context(TestPki.keyStore(own, PASSWORD), PASSWORD, trustStore(ca));
        return new HelloClient(context);
    }

    private static java.security.KeyStore trustStore(java.security.cert.X509Certificate ca) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        return store;
    }

    @Test
    void theServerAcceptsOurClient(TestPki pki, @MtlsServer MtlsTestServer server) throws Exception {
        HelloClient client = client(pki.client(), pki.ca().certificate());

        assertEquals("OK", client.hello("localhost", server.port(), null));

        server.assertAccepted();
    }

    /**
     * JSSE's key manager presents a certificate only when its issuer is one the server asks for
     * (the CA names in its CertificateRequest): a client of another CA sends none, and the server
     * says so.
     */
    @Test
    void theServerRefusesAClientOfAnotherCa(TestPki pki, @MtlsServer MtlsTestServer server) throws Exception {
        HelloClient client = client(pki.untrustedClient(), pki.ca().certificate());

        assertThrows(IOException.class, () -> client.hello("localhost", server.port(), null));

        assertEquals("refused: Certificate missing", server.assertRefused().line());
    }

    @Test
    void ourClientRefusesAnExpiredServer(TestPki pki, AuditCertificates audit,
                                         @MtlsServer(presenting = "server-expired") MtlsTestServer server)
            throws Exception {
        HelloClient client = client(pki.client(), audit.trustAnchor());

        assertThrows(IOException.class, () -> client.hello("localhost", server.port(), null));

        server.assertPeerRefused();
    }
}
