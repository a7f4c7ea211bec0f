package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.handshake.CliHandshake.clientRefusedByServer;
import static org.mtlskit.handshake.CliHandshake.serverRefusedClient;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.handshake.CliHandshake.Result;
import org.mtlskit.handshake.CliHandshake.Side;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.testing.ToolRun;

/**
 * `handshake-tool serve` judges client chains with the RFC 5280 engine: a client certificate with
 * an unknown critical extension, and one outside its CA's name constraints, are refused on TLS 1.2
 * and 1.3, with the reason in words. Both are signed by the demo's own CA (built here with Bouncy
 * Castle, as no profile can state them).
 */
@Timeout(30)
class ConstrainedClientHandshakeTest {
    @TempDir
    static Path root;

    static Path keys;
    private static final AtomicLong SERIAL = new AtomicLong(7000);

    @BeforeAll
    static void makeCertificates() throws Exception {
        keys = TestCertificates.make(root);
        X509Certificate ca = Pem.readCertificates(keys.resolve("ca_cert.pem")).get(0);
        PrivateKey caKey = Pem.readPrivateKey(keys.resolve("ca_key.pem"));

        KeyPair odd = p256();
        X509v3CertificateBuilder b = leaf(ca, odd, "localhost");
        b.addExtension(
                new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.9"), true, DERNull.INSTANCE.getEncoded()));
        write("critical_ext", List.of(sign(b, caKey)), odd);

        KeyPair narrowKey = p256();
        X509v3CertificateBuilder nb = new JcaX509v3CertificateBuilder(
                ca,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(Instant.now().minusSeconds(3600)),
                Date.from(Instant.now().plusSeconds(86_400)),
                new X500Name("CN=Narrow Client CA"),
                narrowKey.getPublic());
        nb.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        nb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        nb.addExtension(
                Extension.nameConstraints,
                true,
                new NameConstraints(
                        new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, "clients.test"))},
                        null));
        addKeyIds(nb, narrowKey, ca);
        X509Certificate narrow = sign(nb, caKey);
        KeyPair outsideKey = p256();
        write(
                "outside_constraint",
                List.of(sign(leaf(narrow, outsideKey, "localhost"), narrowKey.getPrivate()), narrow),
                outsideKey);
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** A client leaf as the demo's profiles make it: digitalSignature, clientAuth, a DNS SAN. */
    private static X509v3CertificateBuilder leaf(X509Certificate issuer, KeyPair key, String dns) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(Instant.now().minusSeconds(3600)),
                Date.from(Instant.now().plusSeconds(86_400)),
                new X500Name("CN=" + dns),
                key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        b.addExtension(
                Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dns)));
        addKeyIds(b, key, issuer);
        return b;
    }

    private static void addKeyIds(X509v3CertificateBuilder b, KeyPair key, X509Certificate issuer) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key.getPublic()));
        b.addExtension(
                Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer.getPublicKey()));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static void write(String stem, List<X509Certificate> chain, KeyPair key) throws Exception {
        Files.writeString(keys.resolve(stem + "_cert.pem"), Pem.certificates(chain));
        Files.writeString(keys.resolve(stem + "_key.pem"), Pem.privateKey(key.getPrivate()));
    }

    private static Side client(String stem) {
        return Side.of(keys, "ca", stem);
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void clientWithAnUnknownCriticalExtensionIsRefusedByServer(String tls) throws Exception {
        Result h = CliHandshake.run(tls, Side.of(keys, "ca", "server"), client("critical_ext"));

        serverRefusedClient(h.server(), "Unknown critical extension");
        clientRefusedByServer(h.client(), tls, "certificate_unknown");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void clientOutsideItsCasNameConstraintIsRefusedByServer(String tls) throws Exception {
        Result h = CliHandshake.run(tls, Side.of(keys, "ca", "server"), client("outside_constraint"));

        serverRefusedClient(h.server(), "Name constraint violated");
        clientRefusedByServer(h.client(), tls, "certificate_unknown");
    }

    @Test
    void unknownRuleSetIsAUsageError() {
        Side s = Side.of(keys, "ca", "server");
        ToolRun.Result o = Cli.run(
                "serve",
                "--ca-certificate",
                s.ca().toString(),
                "--certificate",
                s.cert().toString(),
                "--private-key",
                s.key().toString(),
                "-p",
                "0",
                "--count",
                "1",
                "--rules",
                "browser");
        o.assertExit(ExitCodes.USAGE);
        assertTrue(o.err().contains("expected rfc5280 or webpki, got \"browser\""), o.err());
    }
}
