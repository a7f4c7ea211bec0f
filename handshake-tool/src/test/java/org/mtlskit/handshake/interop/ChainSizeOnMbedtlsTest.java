package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.lint.Finding;
import org.mtlskit.pki.internal.lint.Limits;
import org.mtlskit.pki.internal.lint.Linter;
import org.mtlskit.pki.internal.lint.Target;
import org.mtlskit.pki.internal.pem.Pem;

/**
 * The two size rules of ca-tool lint --target mbedtls-2.28, proven with handshakes of our mbedTLS
 * 2.28 peer (mbedtls_peer.c as it is; Debian's library has MBEDTLS_SSL_IN/OUT_CONTENT_LEN 16384)
 * against openssl on loopback: a chain whose Certificate message exceeds 16384 bytes cannot be
 * received nor sent by mbedTLS 2.28; the same set with a small certificate handshakes.
 */
class ChainSizeOnMbedtlsTest {
    @TempDir
    static Path dir;

    private static final MbedtlsPeer MBEDTLS = new MbedtlsPeer();
    private static final OpensslPeer OPENSSL = new OpensslPeer();
    private static final Limits BOTH = new Limits(16384, 16384);

    private static PeerFiles bigServer;
    private static PeerFiles smallServer;
    private static PeerFiles client;

    @BeforeAll
    static void files() throws Exception {
        Optional<String> missing = MBEDTLS.missing(Peer.Role.CLIENT).or(() -> OPENSSL.missing(Peer.Role.SERVER));
        if (missing.isPresent()) {
            if (Matrix.inCi()) {
                fail(missing.get() + " (CI=true: the chain size rules must be proven)");
            }
            Assumptions.abort(missing.get());
        }
        KeyPair caKey = ec();
        X509Certificate ca = cert("Size Root", caKey, null, caKey, true, List.of());
        Path caFile = Files.writeString(dir.resolve("ca.pem"), Pem.certificates(List.of(ca)));
        List<String> many = new ArrayList<>(List.of(Peer.HOSTNAME));
        for (int i = 0; i < 800; i++) {
            many.add("host-" + i + ".size-limit.example.test");
        }
        bigServer = files(caFile, "big", ca, caKey, many);
        smallServer = files(caFile, "small", ca, caKey, List.of(Peer.HOSTNAME));
        client = files(caFile, "client", ca, caKey, List.of(Peer.HOSTNAME));
    }

    @Test
    void chainLargerThanInContentLenCannotBeReceived() throws Exception {
        assertTrue(rules(bigServer.certificate()).contains("chain-in-content-len"), "lint flags the big chain");
        assertTrue(!rules(smallServer.certificate()).contains("chain-in-content-len"), "lint passes the small chain");
        List<String> big = mbedtlsClientAgainstOpenssl(bigServer);
        // 2.28 does not reassemble a handshake message from several records: "feature not available".
        assertTrue(big.stream().anyMatch(l -> l.startsWith("Handshake failed: -0x7080")), String.join("\n", big));
        List<String> small = mbedtlsClientAgainstOpenssl(smallServer);
        assertTrue(small.contains("Handshake successful"), String.join("\n", small));
    }

    @Test
    void chainLargerThanOutContentLenCannotBeSent() throws Exception {
        assertTrue(rules(bigServer.certificate()).contains("chain-out-content-len"), "lint flags the big chain");
        List<String> big = mbedtlsServerLines(bigServer);
        // MBEDTLS_ERR_SSL_CERTIFICATE_TOO_LARGE: "Our own certificate(s) is/are too large to send".
        assertTrue(big.stream().anyMatch(l -> l.startsWith("Handshake failed: -0x7500")), String.join("\n", big));
        List<String> small = mbedtlsServerLines(smallServer);
        assertTrue(small.contains("Handshake successful"), String.join("\n", small));
    }

    private static List<String> rules(Path file) {
        return Linter.lintFiles(List.of(file), Target.MBEDTLS_2_28, BOTH).stream()
                .map(Finding::rule)
                .map(r -> r.id())
                .toList();
    }

    /** The mbedTLS client's lines after a handshake with openssl s_server showing {@code server}. */
    private static List<String> mbedtlsClientAgainstOpenssl(PeerFiles server) throws Exception {
        try (PeerProcess s = OPENSSL.startServer(server, "1.2")) {
            int port = port(s, OPENSSL);
            try (PeerProcess c = MBEDTLS.startClient(client, "1.2", port)) {
                assertTrue(c.awaitExit(Duration.ofSeconds(40)), "mbedtls_peer client did not finish");
                return c.outLines();
            }
        }
    }

    /** The mbedTLS server's lines after openssl s_client connected to it. */
    private static List<String> mbedtlsServerLines(PeerFiles server) throws Exception {
        try (PeerProcess s = MBEDTLS.startServer(server, "1.2")) {
            int port = port(s, MBEDTLS);
            try (PeerProcess c = OPENSSL.startClient(client, "1.2", port)) {
                c.awaitExit(Duration.ofSeconds(20));
            }
            assertTrue(s.awaitExit(Duration.ofSeconds(20)), "mbedtls_peer server did not finish");
            return s.outLines();
        }
    }

    private static int port(PeerProcess server, Peer peer) throws InterruptedException {
        String line = server.awaitLine(peer.portLine(), Peer.START_TIMEOUT)
                .orElseThrow(() -> new AssertionError("server did not start: " + server.transcript()));
        Matcher m = peer.portLine().matcher(line);
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    private static PeerFiles files(Path caFile, String name, X509Certificate ca, KeyPair caKey, List<String> dns)
            throws Exception {
        KeyPair key = ec();
        X509Certificate cert = cert(Peer.HOSTNAME, key, ca, caKey, false, dns);
        Path certFile = Files.writeString(dir.resolve(name + "_cert.pem"), Pem.certificates(List.of(cert)));
        Path keyFile = Files.writeString(dir.resolve(name + "_key.pem"), Pem.privateKey(key.getPrivate()));
        assertEquals(
                name.equals("big"),
                cert.getEncoded().length > 16384,
                name + ": " + cert.getEncoded().length + " bytes");
        return new PeerFiles(caFile, certFile, keyFile);
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate cert(
            String cn, KeyPair key, X509Certificate issuer, KeyPair issuerKey, boolean ca, List<String> dns)
            throws Exception {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + cn);
        X500Name issuerName = issuer == null
                ? subject
                : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        var b = new JcaX509v3CertificateBuilder(
                issuerName,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(3600)),
                Date.from(now.plusSeconds(86_400)),
                subject,
                key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign : KeyUsage.digitalSignature));
        if (!dns.isEmpty()) {
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(dns.stream()
                            .map(d -> new GeneralName(GeneralName.dNSName, d))
                            .toArray(GeneralName[]::new)));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
