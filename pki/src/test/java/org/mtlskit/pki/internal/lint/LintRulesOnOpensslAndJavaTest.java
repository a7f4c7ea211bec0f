package org.mtlskit.pki.internal.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.pki.testing.TestCertBuilder.bare;
import static org.mtlskit.pki.testing.TestCertBuilder.write;
import static org.mtlskit.pki.testing.TestKeys.rsaKey;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/**
 * The openssl-3 and java-17 rules that can be proven here: with the real openssl (openssl verify,
 * whose -auth_level applies the security level a TLS handshake uses) and the JDK's own PKIX validator.
 */
class LintRulesOnOpensslAndJavaTest {
    @TempDir
    Path dir;

    private static final ASN1ObjectIdentifier PRIVATE_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.2");
    private static final Issued RSA_ROOT = bare("Proof RSA Root", rsaKey(2048))
            .basicConstraints(true)
            .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
            .build();

    @Test
    void unknownCriticalExtensionIsRefusedByOpenssl() throws Exception {
        Path root = write(dir, "root.pem", RSA_ROOT);
        Path bad = write(dir, "crit.pem", leaf(true, rsaKey(2048), null));
        Path good = write(dir, "noncrit.pem", leaf(false, rsaKey(2048), null));
        assertFlags(Target.OPENSSL_3, "critical-extension", bad, true);
        assertTrue(
                openssl("verify", "-CAfile", root.toString(), bad.toString()).contains("unhandled critical extension"));
        assertFlags(Target.OPENSSL_3, "critical-extension", good, false);
        assertTrue(
                openssl("verify", "-CAfile", root.toString(), good.toString()).endsWith(": OK"));
    }

    @Test
    void rsaKeyBelow2048BitsIsRefusedByOpensslAtSecurityLevel2() throws Exception {
        Path root = write(dir, "root.pem", RSA_ROOT);
        Path small = write(dir, "rsa1024.pem", leaf(null, rsaKey(1024), null));
        Path enough = write(dir, "rsa2048.pem", leaf(null, rsaKey(2048), null));
        assertFlags(Target.OPENSSL_3, "rsa-key-size", small, true);
        assertTrue(openssl("verify", "-auth_level", "2", "-CAfile", root.toString(), small.toString())
                .contains("key too weak"));
        assertFlags(Target.OPENSSL_3, "rsa-key-size", enough, false);
        assertTrue(openssl("verify", "-auth_level", "2", "-CAfile", root.toString(), enough.toString())
                .endsWith(": OK"));
    }

    @Test
    void sha1SignatureIsRefusedByOpensslAtSecurityLevel1() throws Exception {
        Path root = write(dir, "root.pem", RSA_ROOT);
        Path sha1 = write(dir, "sha1.pem", leaf(null, rsaKey(2048), "SHA1withRSA"));
        Path sha256 = write(dir, "sha256.pem", leaf(null, rsaKey(2048), null));
        assertFlags(Target.OPENSSL_3, "signature-digest", sha1, true);
        assertTrue(openssl("verify", "-auth_level", "1", "-CAfile", root.toString(), sha1.toString())
                .contains("too weak"));
        assertFlags(Target.OPENSSL_3, "signature-digest", sha256, false);
        assertTrue(openssl("verify", "-auth_level", "1", "-CAfile", root.toString(), sha256.toString())
                .endsWith(": OK"));
    }

    @Test
    void unknownCriticalExtensionIsRefusedByJava() throws Exception {
        Path bad = write(dir, "crit.pem", leaf(true, rsaKey(2048), null));
        Path good = write(dir, "noncrit.pem", leaf(false, rsaKey(2048), null));
        assertFlags(Target.JAVA_17, "critical-extension", bad, true);
        CertPathValidatorException e = assertThrows(CertPathValidatorException.class, () -> javaValidates(bad));
        assertTrue(e.getMessage().toLowerCase().contains("unrecognized critical extension"), e.getMessage());
        assertFlags(Target.JAVA_17, "critical-extension", good, false);
        javaValidates(good);
    }

    @Test
    void rsaKeyBelow1024BitsIsRefusedByJava() throws Exception {
        Path small = write(dir, "rsa512.pem", leaf(null, rsaKey(512), null));
        Path ok = write(dir, "rsa1024.pem", leaf(null, rsaKey(1024), null));
        assertFlags(Target.JAVA_17, "rsa-key-size", small, true);
        assertThrows(CertPathValidatorException.class, () -> javaValidates(small));
        assertFlags(Target.JAVA_17, "rsa-key-size", ok, false);
        javaValidates(ok);
    }

    @Test
    void md5SignatureIsRefusedByJava() throws Exception {
        Path md5 = write(dir, "md5.pem", leaf(null, rsaKey(2048), "MD5withRSA"));
        Path sha1 = write(dir, "sha1.pem", leaf(null, rsaKey(2048), "SHA1withRSA"));
        assertFlags(Target.JAVA_17, "signature-digest", md5, true);
        assertThrows(CertPathValidatorException.class, () -> javaValidates(md5));
        // SHA-1 is refused only below a CA of the JDK's own cacerts (jdkCA), not below a locally trusted root.
        assertFlags(Target.JAVA_17, "signature-digest", sha1, false);
        javaValidates(sha1);
    }

    private static Issued leaf(Boolean criticalPrivateExtension, java.security.KeyPair key, String signature) {
        TestCertBuilder b =
                bare("leaf", key).issuer(RSA_ROOT).basicConstraints(false).keyUsage(KeyUsage.digitalSignature);
        if (criticalPrivateExtension != null) {
            b.extension(PRIVATE_OID, criticalPrivateExtension, DERNull.INSTANCE);
        }
        if (signature != null) {
            b.signedWith(signature);
        }
        return b.build();
    }

    private static void assertFlags(Target target, String rule, Path file, boolean flagged) {
        boolean found = Linter.lintFiles(List.of(file), target, Limits.DEFAULT).stream()
                .anyMatch(f -> f.rule().id().equals(rule));
        assertEquals(flagged, found, target + " " + rule + " on " + file.getFileName());
    }

    /** The JDK's PKIX validator (the SUN provider, default java.security), revocation off, as JSSE uses it. */
    private static void javaValidates(Path leafFile) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate root = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(RSA_ROOT.der()));
        X509Certificate leaf;
        try (var in = java.nio.file.Files.newInputStream(leafFile)) {
            leaf = (X509Certificate) cf.generateCertificates(in).iterator().next();
        }
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX", "SUN").validate(cf.generateCertPath(List.of(leaf)), params);
    }

    /** openssl's combined output, last line stripped; missing openssl skips locally and fails with CI=true. */
    private static String openssl(String... args) {
        Programs.Result r = Programs.openssl(null, args);
        String out = r.output().strip();
        if (out.endsWith(": OK")) {
            assertEquals(0, r.code(), out);
        } else {
            assertNotEquals(0, r.code(), out);
        }
        return out;
    }
}
