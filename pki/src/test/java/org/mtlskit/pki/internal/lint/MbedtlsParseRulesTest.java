package org.mtlskit.pki.internal.lint;

import static org.mtlskit.pki.internal.lint.MbedtlsProof.ROOT;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertBreaks;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertClean;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertRefused;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertTaken;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.constrainedCa;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.jca;
import static org.mtlskit.pki.testing.TestCertBuilder.bare;
import static org.mtlskit.pki.testing.TestCertBuilder.write;
import static org.mtlskit.pki.testing.TestKeys.ecKey;
import static org.mtlskit.pki.testing.TestKeys.ed25519Key;
import static org.mtlskit.pki.testing.TestKeys.rsaKey;
import static org.mtlskit.pki.testing.TestKeys.rsaPssKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/**
 * The mbedTLS 2.28 rules of ca-tool lint whose file the library refuses to parse (or load), each
 * proven on the real library through src/test/c/mbedtls_check.c: a file that breaks the rule is
 * flagged by lint and refused by mbedTLS with the error code named; one that does not is passed by
 * lint and loaded by mbedTLS.
 */
class MbedtlsParseRulesTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void theLibraryIsMbedtls228() {
        MbedtlsProof.checkVersion();
    }

    @Test
    void encryptedKeyWithAesIsRefusedAndWith3desLoads() throws Exception {
        KeyPair key = ecKey();
        Path password = Files.writeString(dir.resolve("pw.txt"), "correct horse\n");
        Path aes = Files.writeString(
                dir.resolve("aes_key.pem"),
                Pem.encryptedPrivateKey(key.getPrivate(), "correct horse".toCharArray(), new SecureRandom()));
        Path des3 = dir.resolve("des3_key.pem");
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.DES3_CBC)
                .setProvider(new BouncyCastleProvider())
                .setPassword("correct horse".toCharArray())
                .build();
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
        Issued leaf = bare("p12", ecKey()).issuer(ROOT).build();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
                "leaf", leaf.key().getPrivate(), "pw".toCharArray(), new java.security.cert.Certificate[] {jca(leaf)});
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

    @Test
    void unknownCriticalExtensionMakesTheCertificateUnparsable() {
        ASN1ObjectIdentifier privateOid = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1");
        Path bad = write(
                dir,
                "crit.pem",
                bare("crit", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .extension(privateOid, true, DERNull.INSTANCE)
                        .build());
        Path good = write(
                dir,
                "noncrit.pem",
                bare("noncrit", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .extension(privateOid, false, DERNull.INSTANCE)
                        .build());
        assertBreaks("critical-extension", Action.REFUSES_TO_PARSE, bad);
        assertRefused(MbedtlsCheck.run("parse-cert", bad.toString()), "-0x2562");
        assertClean("critical-extension", good);
        assertTaken(MbedtlsCheck.run("parse-cert", good.toString()));
    }

    @Test
    void criticalNameConstraintsMakeTheCaUnloadable() {
        Path bad = write(dir, "nc_crit.pem", constrainedCa(true, ecKey()));
        Path good = write(dir, "nc_noncrit.pem", constrainedCa(false, ecKey()));
        assertBreaks("critical-name-constraints", Action.REFUSES_TO_PARSE, bad);
        assertRefused(MbedtlsCheck.run("parse-cert", bad.toString()), "-0x2562");
        assertClean("critical-name-constraints", good);
        assertTaken(MbedtlsCheck.run("parse-cert", good.toString()));
    }

    @Test
    void version1CertificateWithExtensionsIsRefused() {
        Path v1 = write(
                dir,
                "v1ext.pem",
                bare("v1", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .version(1)
                        .build());
        Path v2 = write(
                dir,
                "v2ext.pem",
                bare("v2", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .version(2)
                        .build());
        Path plainV1 = write(
                dir, "v1.pem", bare("v1plain", ecKey()).issuer(ROOT).version(1).build());
        assertBreaks("v1-with-extensions", Action.REFUSES_TO_PARSE, v1);
        assertBreaks("v1-with-extensions", Action.REFUSES_TO_PARSE, v2);
        assertRefused(MbedtlsCheck.run("parse-cert", v1.toString()), "-0x21E6");
        assertRefused(MbedtlsCheck.run("parse-cert", v2.toString()), "-0x21E6");
        assertClean("v1-with-extensions", plainV1);
        assertTaken(MbedtlsCheck.run("parse-cert", plainV1.toString()));
    }

    @Test
    void ed25519KeyIsUnparsable() throws IOException {
        KeyPair ed = ed25519Key();
        Path cert = write(
                dir,
                "ed.pem",
                bare("ed", ed).issuer(ROOT).basicConstraints(false).build());
        Path key = pkcs8(ed);
        Path ecCert = write(
                dir,
                "ec.pem",
                bare("ec", ecKey()).issuer(ROOT).basicConstraints(false).build());
        assertBreaks("ed25519-key", Action.REFUSES_TO_PARSE, cert);
        assertBreaks("ed25519-key", Action.REFUSES_TO_PARSE, key);
        assertRefused(MbedtlsCheck.run("parse-cert", cert.toString()), "-0x3C80");
        assertRefused(MbedtlsCheck.run("parse-key", key.toString()), "-0x3C80");
        assertClean("ed25519-key", ecCert);
        assertTaken(MbedtlsCheck.run("parse-cert", ecCert.toString()));
    }

    @Test
    void ed25519SignatureIsUnparsable() {
        Issued edRoot = bare("Ed root", ed25519Key())
                .basicConstraints(true)
                .keyUsage(KeyUsage.keyCertSign)
                .build();
        Path bad = write(
                dir,
                "by_ed.pem",
                bare("leaf", ecKey()).issuer(edRoot).basicConstraints(false).build());
        Path good = write(
                dir,
                "by_ec.pem",
                bare("leaf", ecKey()).issuer(ROOT).basicConstraints(false).build());
        assertBreaks("eddsa-signature", Action.REFUSES_TO_PARSE, bad);
        assertRefused(MbedtlsCheck.run("parse-cert", bad.toString()), "-0x262E");
        assertClean("eddsa-signature", good);
        assertTaken(MbedtlsCheck.run("parse-cert", good.toString()));
    }

    @Test
    void rsaPssKeyIsUnparsableButPssSignatureIsAccepted() {
        Issued rsaRoot = bare("RSA root", rsaKey(2048))
                .basicConstraints(true)
                .keyUsage(KeyUsage.keyCertSign)
                .build();
        Path rootFile = write(dir, "rsa_root.pem", rsaRoot);
        Path pssKey = write(
                dir,
                "pss_key.pem",
                bare("pss", rsaPssKey()).issuer(rsaRoot).basicConstraints(false).build());
        Path pssSigned = write(
                dir,
                "pss_signed.pem",
                bare("a.test", rsaKey(2048))
                        .issuer(rsaRoot)
                        .basicConstraints(false)
                        .dns("a.test")
                        .signedWith("SHA256withRSAandMGF1")
                        .build());
        assertBreaks("rsa-pss-key", Action.REFUSES_TO_PARSE, pssKey);
        assertRefused(MbedtlsCheck.run("parse-cert", pssKey.toString()), "-0x3C80");
        assertClean("rsa-pss-key", pssSigned);
        assertTaken(MbedtlsCheck.run("verify", pssSigned.toString(), "--ca", rootFile.toString(), "--name", "a.test"));
    }

    private Path pkcs8(KeyPair key) throws IOException {
        return MbedtlsProof.pkcs8(dir, key);
    }
}
