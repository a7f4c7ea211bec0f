package org.mtlskit.pki.internal.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.pki.testing.TestCertBuilder.bare;
import static org.mtlskit.pki.testing.TestCertBuilder.write;
import static org.mtlskit.pki.testing.TestKeys.ecKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/** What the mbedTLS 2.28 proof tests share: a root, file makers, and lint and mbedTLS verdicts. */
final class MbedtlsProof {
    private MbedtlsProof() {}

    static final Issued ROOT = bare("Proof Root", ecKey())
            .basicConstraints(true)
            .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
            .build();

    /** mbedtls_version_get_string of the library the program runs on says 2.28. */
    static void checkVersion() {
        MbedtlsCheck.Result version = MbedtlsCheck.run("version");
        assertTrue(version.out().startsWith("OK mbedTLS 2.28."), version.out());
    }

    static Issued constrainedCa(boolean critical, KeyPair key) {
        NameConstraints nc = new NameConstraints(
                new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, "allowed.test"))}, null);
        return bare("Constrained CA", key)
                .issuer(ROOT)
                .basicConstraints(true)
                .keyUsage(KeyUsage.keyCertSign)
                .extension(Extension.nameConstraints, critical, nc)
                .build();
    }

    /** A leaf below the last CA, then the CAs from the leaf's issuer up: the file a server sends. */
    static Path chain(Path file, List<Issued> cas) {
        Issued last = cas.get(cas.size() - 1);
        Issued leaf = bare("leaf.test", ecKey())
                .issuer(last)
                .basicConstraints(false)
                .dns("leaf.test")
                .build();
        List<Issued> all = new ArrayList<>(List.of(leaf));
        for (int i = cas.size() - 1; i >= 0; i--) {
            all.add(cas.get(i));
        }
        return write(file.getParent(), file.getFileName().toString(), all.toArray(Issued[]::new));
    }

    static Path pkcs8(Path dir, KeyPair key) throws IOException {
        Path file = dir.resolve(key.getPublic().getAlgorithm() + "_" + System.nanoTime() + "_key.pem");
        try (PemWriter w = new PemWriter(Files.newBufferedWriter(file))) {
            w.writeObject(new PemObject("PRIVATE KEY", key.getPrivate().getEncoded()));
        }
        return file;
    }

    static X509Certificate jca(Issued c) throws Exception {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(c.der()));
    }

    static List<Finding> lint(Path file) {
        return Linter.lintFiles(List.of(file), Target.MBEDTLS_2_28, Limits.DEFAULT);
    }

    static void assertBreaks(String rule, Action action, Path file) {
        List<Finding> findings = lint(file);
        Set<String> rules = findings.stream().map(f -> f.rule().id()).collect(Collectors.toSet());
        assertTrue(rules.contains(rule), file.getFileName() + ": lint should flag " + rule + ", flagged " + rules);
        Finding f = findings.stream()
                .filter(x -> x.rule().id().equals(rule))
                .findFirst()
                .orElseThrow();
        assertEquals(action, f.rule().action());
        assertTrue(f.line().startsWith(rule + " " + file + " "), f.line());
        assertTrue(
                f.line().contains("mbedTLS 2.28 " + action.words() + ": ")
                        && f.line().contains("; fix: "),
                f.line());
    }

    static void assertClean(String rule, Path file) {
        List<Finding> findings = lint(file);
        assertTrue(
                findings.stream().noneMatch(f -> f.rule().id().equals(rule)),
                file.getFileName() + ": lint should not flag " + rule + ": " + findings);
    }

    static void assertTaken(MbedtlsCheck.Result r) {
        assertTrue(r.ok(), "mbedTLS should take it: " + r.out());
    }

    static void assertRefused(MbedtlsCheck.Result r, String code) {
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().startsWith("ERROR " + code + " "), "expected mbedTLS error " + code + ", got: " + r.out());
    }

    static void assertRefusedWith(MbedtlsCheck.Result r, String code, String flagText) {
        assertRefused(r, code);
        assertTrue(
                r.out().contains("FLAGS ") && r.out().contains(flagText),
                "expected flag \"" + flagText + "\": " + r.out());
    }
}
