package org.mtlskit.pki.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.Pem;
import org.mtlskit.pki.lint.ProofCerts.Issued;

/**
 * Each mbedTLS 2.28 rule of ca-tool lint, proven on the real library (Debian's libmbedtls, through
 * src/test/c/mbedtls_check.c): a file that breaks the rule is flagged by lint and fails in mbedTLS the
 * way the rule says; a file that does not break it is not flagged and loads or verifies.
 */
class LintRulesOnMbedtlsTest {
    @TempDir
    Path dir;

    private static final Issued ROOT = ProofCerts.cert("Proof Root", ProofCerts.ec()).ca(true)
            .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).build();

    @BeforeAll
    static void theLibraryIsMbedtls228() {
        MbedtlsCheck.Result version = MbedtlsCheck.run("version");
        assertTrue(version.out().startsWith("OK mbedTLS 2.28."), version.out());
    }

    // ---- keys and keystores ----

    @Test
    void encryptedKeyWithAesIsRefusedAndWith3desLoads() throws Exception {
        KeyPair key = ProofCerts.ec();
        Path password = Files.writeString(dir.resolve("pw.txt"), "correct horse\n");
        Path aes = Files.writeString(dir.resolve("aes_key.pem"),
                Pem.encryptedPrivateKey(key.getPrivate(), "correct horse".toCharArray(), new SecureRandom()));
        Path des3 = dir.resolve("des3_key.pem");
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.DES3_CBC)
                .setProvider(ProofCerts.BC).setPassword("correct horse".toCharArray()).build();
        try (PemWriter w = new PemWriter(Files.newBufferedWriter(des3))) {
            w.writeObject(new JcaPKCS8Generator(key.getPrivate(), encryptor).generate());
        }
        assertBreaks("encrypted-key-cipher", Action.REFUSES_TO_PARSE, aes);
        assertRefused(MbedtlsCheck.run("parse-key", aes.toString(), "--password-file", password.toString()), "-0x2E80");
        assertClean("encrypted-key-cipher", des3);
        assertTaken(MbedtlsCheck.run("parse-key", des3.toString(), "--password-file", password.toString()));
    }

    @Test
    void pkcs12KeystoreIsRefused() throws Exception {
        Issued leaf = ProofCerts.cert("p12", ProofCerts.ec()).issuer(ROOT).build();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("leaf", leaf.key().getPrivate(), "pw".toCharArray(), new java.security.cert.Certificate[] {jca(leaf)});
        Path p12 = dir.resolve("leaf.p12");
        try (var out = Files.newOutputStream(p12)) {
            ks.store(out, "pw".toCharArray());
        }
        Path password = Files.writeString(dir.resolve("pw.txt"), "pw\n");
        Path pem = pkcs8(leaf.key());
        assertBreaks("pkcs12-file", Action.REFUSES_TO_PARSE, p12);
        assertRefused(MbedtlsCheck.run("parse-key", p12.toString(), "--password-file", password.toString()), "-0x3D00");
        assertClean("pkcs12-file", pem);
        assertTaken(MbedtlsCheck.run("parse-key", pem.toString()));
    }

    // ---- extensions and versions ----

    @Test
    void unknownCriticalExtensionMakesTheCertificateUnparsable() {
        ASN1ObjectIdentifier privateOid = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1");
        Path bad = ProofCerts.write(dir, "crit.pem", ProofCerts.cert("crit", ProofCerts.ec()).issuer(ROOT).ca(false)
                .extension(privateOid, true, DERNull.INSTANCE).build());
        Path good = ProofCerts.write(dir, "noncrit.pem", ProofCerts.cert("noncrit", ProofCerts.ec()).issuer(ROOT).ca(false)
                .extension(privateOid, false, DERNull.INSTANCE).build());
        assertBreaks("critical-extension", Action.REFUSES_TO_PARSE, bad);
        assertRefused(MbedtlsCheck.run("parse-cert", bad.toString()), "-0x2562");
        assertClean("critical-extension", good);
        assertTaken(MbedtlsCheck.run("parse-cert", good.toString()));
    }

    @Test
    void criticalNameConstraintsMakeTheCaUnloadable() {
        Path bad = ProofCerts.write(dir, "nc_crit.pem", constrainedCa(true, ProofCerts.ec()));
        Path good = ProofCerts.write(dir, "nc_noncrit.pem", constrainedCa(false, ProofCerts.ec()));
        assertBreaks("critical-name-constraints", Action.REFUSES_TO_PARSE, bad);
        assertRefused(MbedtlsCheck.run("parse-cert", bad.toString()), "-0x2562");
        assertClean("critical-name-constraints", good);
        assertTaken(MbedtlsCheck.run("parse-cert", good.toString()));
    }

    @Test
    void nonCriticalNameConstraintsAreIgnored() {
        KeyPair caKey = ProofCerts.ec();
        Issued ca = constrainedCa(false, caKey);
        Path caFile = ProofCerts.write(dir, "nc_ca.pem", ca);
        Path outside = ProofCerts.write(dir, "outside.pem", ProofCerts.cert("outside.test", ProofCerts.ec()).issuer(ca)
                .ca(false).dns("outside.test").build());
        assertBreaks("name-constraints-ignored", Action.IGNORES, caFile);
        // The constraint permits only allowed.test, yet a name outside it verifies: ignored.
        assertTaken(MbedtlsCheck.run("verify", outside.toString(), "--ca", caFile.toString(), "--name", "outside.test"));
        Path plainCa = ProofCerts.write(dir, "root.pem", ROOT);
        assertClean("name-constraints-ignored", plainCa);
        assertTaken(MbedtlsCheck.run("parse-cert", plainCa.toString()));
    }

    @Test
    void version1CertificateWithExtensionsIsRefused() {
        Path v1 = ProofCerts.write(dir, "v1ext.pem", ProofCerts.cert("v1", ProofCerts.ec()).issuer(ROOT).ca(false)
                .version(1).build());
        Path v2 = ProofCerts.write(dir, "v2ext.pem", ProofCerts.cert("v2", ProofCerts.ec()).issuer(ROOT).ca(false)
                .version(2).build());
        Path plainV1 = ProofCerts.write(dir, "v1.pem", ProofCerts.cert("v1plain", ProofCerts.ec()).issuer(ROOT)
                .version(1).build());
        assertBreaks("v1-with-extensions", Action.REFUSES_TO_PARSE, v1);
        assertBreaks("v1-with-extensions", Action.REFUSES_TO_PARSE, v2);
        assertRefused(MbedtlsCheck.run("parse-cert", v1.toString()), "-0x21E6");
        assertRefused(MbedtlsCheck.run("parse-cert", v2.toString()), "-0x21E6");
        assertClean("v1-with-extensions", plainV1);
        assertTaken(MbedtlsCheck.run("parse-cert", plainV1.toString()));
    }

    @Test
    void version1TrustedRootNeedsNoCaBit() {
        Issued v1Root = ProofCerts.cert("v1 root", ProofCerts.ec()).version(1).build();
        Issued v3NotCa = ProofCerts.cert("v3 not a CA", ProofCerts.ec()).ca(false).build();
        Path v1RootFile = ProofCerts.write(dir, "v1root.pem", v1Root);
        Path v3File = ProofCerts.write(dir, "v3notca.pem", v3NotCa);
        Path underV1 = ProofCerts.write(dir, "under_v1.pem", ProofCerts.cert("a.test", ProofCerts.ec()).issuer(v1Root)
                .ca(false).dns("a.test").build());
        Path underV3 = ProofCerts.write(dir, "under_v3.pem", ProofCerts.cert("a.test", ProofCerts.ec()).issuer(v3NotCa)
                .ca(false).dns("a.test").build());
        assertBreaks("v1-root-ca-bit", Action.DOES_NOT_CHECK, v1RootFile);
        assertTaken(MbedtlsCheck.run("verify", underV1.toString(), "--ca", v1RootFile.toString(), "--name", "a.test"));
        // The same check on a version 3 root is made: CA:FALSE is refused.
        assertClean("v1-root-ca-bit", v3File);
        assertRefusedWith(MbedtlsCheck.run("verify", underV3.toString(), "--ca", v3File.toString(), "--name", "a.test"),
                "-0x2700", "not correctly signed by the trusted CA");
    }

    // ---- names ----

    @Test
    void ipSubjectAltNameIsNotMatched() {
        Path caFile = ProofCerts.write(dir, "root.pem", ROOT);
        Path ip = ProofCerts.write(dir, "ip.pem", ProofCerts.cert("device", ProofCerts.ec()).issuer(ROOT).ca(false)
                .eku(KeyPurposeId.id_kp_serverAuth).ip("127.0.0.1").build());
        Path dns = ProofCerts.write(dir, "dns.pem", ProofCerts.cert("device", ProofCerts.ec()).issuer(ROOT).ca(false)
                .eku(KeyPurposeId.id_kp_serverAuth).dns("localhost").build());
        assertBreaks("ip-san-not-matched", Action.IGNORES, ip);
        assertRefusedWith(MbedtlsCheck.run("verify", ip.toString(), "--ca", caFile.toString(), "--name", "127.0.0.1"),
                "-0x2700", "Common Name (CN) does not match");
        assertClean("ip-san-not-matched", dns);
        assertTaken(MbedtlsCheck.run("verify", dns.toString(), "--ca", caFile.toString(), "--name", "localhost"));
    }

    @Test
    void commonNameIsIgnoredWhenThereIsASubjectAltName() {
        Path caFile = ProofCerts.write(dir, "root.pem", ROOT);
        Path withSan = ProofCerts.write(dir, "cn_san.pem", ProofCerts.cert("device.test", ProofCerts.ec()).issuer(ROOT)
                .ca(false).dns("other.test").build());
        Path noSan = ProofCerts.write(dir, "cn_only.pem", ProofCerts.cert("device.test", ProofCerts.ec()).issuer(ROOT)
                .ca(false).build());
        assertBreaks("cn-ignored-with-san", Action.IGNORES, withSan);
        assertRefusedWith(MbedtlsCheck.run("verify", withSan.toString(), "--ca", caFile.toString(), "--name", "device.test"),
                "-0x2700", "Common Name (CN) does not match");
        assertClean("cn-ignored-with-san", noSan);
        assertTaken(MbedtlsCheck.run("verify", noSan.toString(), "--ca", caFile.toString(), "--name", "device.test"));
    }

    // ---- key usage, through the check the TLS layer runs (mbedtls_ssl_check_cert_usage) ----

    @Test
    void serverWithoutKeyEnciphermentIsRefusedForRsaKeyExchange() {
        KeyPair rsa = ProofCerts.rsa(2048);
        Path bad = ProofCerts.write(dir, "rsa_ds.pem", ProofCerts.cert("s", rsa).issuer(ROOT).ca(false)
                .keyUsage(KeyUsage.digitalSignature).eku(KeyPurposeId.id_kp_serverAuth).build());
        Path good = ProofCerts.write(dir, "rsa_ds_ke.pem", ProofCerts.cert("s", rsa).issuer(ROOT).ca(false)
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment).eku(KeyPurposeId.id_kp_serverAuth).build());
        String suite = "TLS-RSA-WITH-AES-128-GCM-SHA256";
        assertBreaks("server-ku-rsa-kx", Action.REFUSES, bad);
        assertRefusedWith(MbedtlsCheck.run("usage", bad.toString(), "--suite", suite, "--endpoint", "server"),
                "-0x7A00", "Usage does not match the keyUsage extension");
        assertClean("server-ku-rsa-kx", good);
        assertTaken(MbedtlsCheck.run("usage", good.toString(), "--suite", suite, "--endpoint", "server"));
    }

    @Test
    void serverWithoutDigitalSignatureIsRefusedForEcdhe() {
        KeyPair ec = ProofCerts.ec();
        Path bad = ProofCerts.write(dir, "ec_ka.pem", ProofCerts.cert("s", ec).issuer(ROOT).ca(false)
                .keyUsage(KeyUsage.keyAgreement).eku(KeyPurposeId.id_kp_serverAuth).build());
        Path good = ProofCerts.write(dir, "ec_ds.pem", ProofCerts.cert("s", ec).issuer(ROOT).ca(false)
                .keyUsage(KeyUsage.digitalSignature).eku(KeyPurposeId.id_kp_serverAuth).build());
        String suite = "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256";
        assertBreaks("server-ku-ecdhe", Action.REFUSES, bad);
        assertRefusedWith(MbedtlsCheck.run("usage", bad.toString(), "--suite", suite, "--endpoint", "server"),
                "-0x7A00", "Usage does not match the keyUsage extension");
        assertClean("server-ku-ecdhe", good);
        assertTaken(MbedtlsCheck.run("usage", good.toString(), "--suite", suite, "--endpoint", "server"));
        // No keyUsage at all is no restriction.
        Path none = ProofCerts.write(dir, "ec_noku.pem", ProofCerts.cert("s", ec).issuer(ROOT).ca(false).build());
        assertClean("server-ku-ecdhe", none);
        assertTaken(MbedtlsCheck.run("usage", none.toString(), "--suite", suite, "--endpoint", "server"));
    }

    @Test
    void clientWithoutDigitalSignatureIsRefused() {
        KeyPair ec = ProofCerts.ec();
        Path bad = ProofCerts.write(dir, "client_ka.pem", ProofCerts.cert("c", ec).issuer(ROOT).ca(false)
                .keyUsage(KeyUsage.keyAgreement).eku(KeyPurposeId.id_kp_clientAuth).build());
        Path good = ProofCerts.write(dir, "client_ds.pem", ProofCerts.cert("c", ec).issuer(ROOT).ca(false)
                .keyUsage(KeyUsage.digitalSignature).eku(KeyPurposeId.id_kp_clientAuth).build());
        String suite = "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256";
        assertBreaks("client-ku", Action.REFUSES, bad);
        assertRefusedWith(MbedtlsCheck.run("usage", bad.toString(), "--suite", suite, "--endpoint", "client"),
                "-0x7A00", "Usage does not match the keyUsage extension");
        assertClean("client-ku", good);
        assertTaken(MbedtlsCheck.run("usage", good.toString(), "--suite", suite, "--endpoint", "client"));
    }

    // ---- chains, digests and keys ----

    @Test
    void moreThanEightIntermediatesAreRefused() {
        Path caFile = ProofCerts.write(dir, "root.pem", ROOT);
        List<Issued> cas = new ArrayList<>();
        Issued parent = ROOT;
        for (int i = 1; i <= 9; i++) {
            parent = ProofCerts.cert("Intermediate " + i, ProofCerts.ec()).issuer(parent).ca(true)
                    .keyUsage(KeyUsage.keyCertSign).build();
            cas.add(parent);
        }
        Path nine = chain(dir.resolve("nine.pem"), cas);
        Path eight = chain(dir.resolve("eight.pem"), cas.subList(0, 8));
        assertBreaks("max-intermediates", Action.REFUSES, nine);
        assertRefused(MbedtlsCheck.run("verify", nine.toString(), "--ca", caFile.toString(), "--name", "leaf.test"), "-0x3000");
        assertClean("max-intermediates", eight);
        assertTaken(MbedtlsCheck.run("verify", eight.toString(), "--ca", caFile.toString(), "--name", "leaf.test"));
    }

    @Test
    void sha1SignatureIsRefused() {
        Path caFile = ProofCerts.write(dir, "root.pem", ROOT);
        Path sha1 = ProofCerts.write(dir, "sha1.pem", ProofCerts.cert("a.test", ProofCerts.ec()).issuer(ROOT).ca(false)
                .dns("a.test").signature("SHA1withECDSA").build());
        Path sha256 = ProofCerts.write(dir, "sha256.pem", ProofCerts.cert("a.test", ProofCerts.ec()).issuer(ROOT).ca(false)
                .dns("a.test").build());
        assertBreaks("signature-digest", Action.REFUSES, sha1);
        assertRefusedWith(MbedtlsCheck.run("verify", sha1.toString(), "--ca", caFile.toString(), "--name", "a.test"),
                "-0x2700", "unacceptable hash");
        assertClean("signature-digest", sha256);
        assertTaken(MbedtlsCheck.run("verify", sha256.toString(), "--ca", caFile.toString(), "--name", "a.test"));
    }

    @Test
    void rsaKeyBelow2048BitsIsRefused() {
        Path caFile = ProofCerts.write(dir, "root.pem", ROOT);
        Path small = ProofCerts.write(dir, "rsa1024.pem", ProofCerts.cert("a.test", ProofCerts.rsa(1024)).issuer(ROOT)
                .ca(false).dns("a.test").build());
        Path enough = ProofCerts.write(dir, "rsa2048.pem", ProofCerts.cert("a.test", ProofCerts.rsa(2048)).issuer(ROOT)
                .ca(false).dns("a.test").build());
        assertBreaks("rsa-key-size", Action.REFUSES, small);
        assertRefusedWith(MbedtlsCheck.run("verify", small.toString(), "--ca", caFile.toString(), "--name", "a.test"),
                "-0x2700", "key");
        assertClean("rsa-key-size", enough);
        assertTaken(MbedtlsCheck.run("verify", enough.toString(), "--ca", caFile.toString(), "--name", "a.test"));
    }

    @Test
    void ed25519KeyIsUnparsable() throws IOException {
        KeyPair ed = ProofCerts.ed25519();
        Path cert = ProofCerts.write(dir, "ed.pem", ProofCerts.cert("ed", ed).issuer(ROOT).ca(false).build());
        Path key = pkcs8(ed);
        Path ecCert = ProofCerts.write(dir, "ec.pem", ProofCerts.cert("ec", ProofCerts.ec()).issuer(ROOT).ca(false).build());
        assertBreaks("ed25519-key", Action.REFUSES_TO_PARSE, cert);
        assertBreaks("ed25519-key", Action.REFUSES_TO_PARSE, key);
        assertRefused(MbedtlsCheck.run("parse-cert", cert.toString()), "-0x3C80");
        assertRefused(MbedtlsCheck.run("parse-key", key.toString()), "-0x3C80");
        assertClean("ed25519-key", ecCert);
        assertTaken(MbedtlsCheck.run("parse-cert", ecCert.toString()));
    }

    @Test
    void ed25519SignatureIsUnparsable() {
        Issued edRoot = ProofCerts.cert("Ed root", ProofCerts.ed25519()).ca(true).keyUsage(KeyUsage.keyCertSign).build();
        Path bad = ProofCerts.write(dir, "by_ed.pem", ProofCerts.cert("leaf", ProofCerts.ec()).issuer(edRoot).ca(false).build());
        Path good = ProofCerts.write(dir, "by_ec.pem", ProofCerts.cert("leaf", ProofCerts.ec()).issuer(ROOT).ca(false).build());
        assertBreaks("eddsa-signature", Action.REFUSES_TO_PARSE, bad);
        assertRefused(MbedtlsCheck.run("parse-cert", bad.toString()), "-0x262E");
        assertClean("eddsa-signature", good);
        assertTaken(MbedtlsCheck.run("parse-cert", good.toString()));
    }

    @Test
    void rsaPssKeyIsUnparsableButPssSignatureIsAccepted() {
        Issued rsaRoot = ProofCerts.cert("RSA root", ProofCerts.rsa(2048)).ca(true).keyUsage(KeyUsage.keyCertSign).build();
        Path rootFile = ProofCerts.write(dir, "rsa_root.pem", rsaRoot);
        Path pssKey = ProofCerts.write(dir, "pss_key.pem", ProofCerts.cert("pss", ProofCerts.rsaPss()).issuer(rsaRoot)
                .ca(false).build());
        Path pssSigned = ProofCerts.write(dir, "pss_signed.pem", ProofCerts.cert("a.test", ProofCerts.rsa(2048))
                .issuer(rsaRoot).ca(false).dns("a.test").signature("SHA256withRSAandMGF1").build());
        assertBreaks("rsa-pss-key", Action.REFUSES_TO_PARSE, pssKey);
        assertRefused(MbedtlsCheck.run("parse-cert", pssKey.toString()), "-0x3C80");
        assertClean("rsa-pss-key", pssSigned);
        assertTaken(MbedtlsCheck.run("verify", pssSigned.toString(), "--ca", rootFile.toString(), "--name", "a.test"));
    }

    // ---- helpers ----

    private Issued constrainedCa(boolean critical, KeyPair key) {
        NameConstraints nc = new NameConstraints(
                new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, "allowed.test"))}, null);
        return ProofCerts.cert("Constrained CA", key).issuer(ROOT).ca(true).keyUsage(KeyUsage.keyCertSign)
                .extension(Extension.nameConstraints, critical, nc).build();
    }

    /** A leaf below the last CA, then the CAs from the leaf's issuer up: the file a server sends. */
    private static Path chain(Path file, List<Issued> cas) {
        Issued last = cas.get(cas.size() - 1);
        Issued leaf = ProofCerts.cert("leaf.test", ProofCerts.ec()).issuer(last).ca(false).dns("leaf.test").build();
        List<Issued> all = new ArrayList<>(List.of(leaf));
        for (int i = cas.size() - 1; i >= 0; i--) {
            all.add(cas.get(i));
        }
        return ProofCerts.write(file.getParent(), file.getFileName().toString(), all.toArray(Issued[]::new));
    }

    private Path pkcs8(KeyPair key) throws IOException {
        Path file = dir.resolve(key.getPublic().getAlgorithm() + "_" + System.nanoTime() + "_key.pem");
        try (PemWriter w = new PemWriter(Files.newBufferedWriter(file))) {
            w.writeObject(new PemObject("PRIVATE KEY", key.getPrivate().getEncoded()));
        }
        return file;
    }

    private static X509Certificate jca(Issued c) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(c.der()));
    }

    private static List<Finding> lint(Path file) {
        return Linter.lintFiles(List.of(file), Target.MBEDTLS_2_28, Limits.DEFAULT);
    }

    private static void assertBreaks(String rule, Action action, Path file) {
        List<Finding> findings = lint(file);
        Set<String> rules = findings.stream().map(f -> f.rule().id()).collect(Collectors.toSet());
        assertTrue(rules.contains(rule), file.getFileName() + ": lint should flag " + rule + ", flagged " + rules);
        Finding f = findings.stream().filter(x -> x.rule().id().equals(rule)).findFirst().orElseThrow();
        assertEquals(action, f.rule().action());
        assertTrue(f.line().startsWith(rule + " " + file + " "), f.line());
        assertTrue(f.line().contains("mbedTLS 2.28 " + action.words() + ": ") && f.line().contains("; fix: "), f.line());
    }

    private static void assertClean(String rule, Path file) {
        List<Finding> findings = lint(file);
        assertTrue(findings.stream().noneMatch(f -> f.rule().id().equals(rule)),
                file.getFileName() + ": lint should not flag " + rule + ": " + findings);
    }

    private static void assertTaken(MbedtlsCheck.Result r) {
        assertTrue(r.ok(), "mbedTLS should take it: " + r.out());
    }

    private static void assertRefused(MbedtlsCheck.Result r, String code) {
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().startsWith("ERROR " + code + " "), "expected mbedTLS error " + code + ", got: " + r.out());
    }

    private static void assertRefusedWith(MbedtlsCheck.Result r, String code, String flagText) {
        assertRefused(r, code);
        assertTrue(r.out().contains("FLAGS ") && r.out().contains(flagText), "expected flag \"" + flagText + "\": " + r.out());
    }
}
