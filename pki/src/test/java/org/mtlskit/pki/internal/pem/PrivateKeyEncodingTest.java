package org.mtlskit.pki.internal.pem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.x509.KeyMatch;
import org.mtlskit.pki.testing.Programs;

/** Private keys are written as OpenSSL writes them, so every TLS stack reads them. */
class PrivateKeyEncodingTest {

    @ParameterizedTest
    @EnumSource(
            value = KeySpec.class,
            names = {"EC_P256", "EC_P384"})
    void ecKeyCarriesItsPublicKeyAsOpensslWritesIt(KeySpec spec) throws Exception {
        KeyPair pair = spec.generate(new SecureRandom());
        PrivateKeyInfo info = Pem.pkcs8(pair.getPrivate());
        org.bouncycastle.asn1.sec.ECPrivateKey inner =
                org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        assertNotNull(inner.getPublicKey(), "GnuTLS refuses an EC key without its public key");
        assertArrayEquals(
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())
                        .getPublicKeyData()
                        .getBytes(),
                inner.getPublicKey().getBytes());
        assertTrue(KeyMatch.matches(
                new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPrivateKey(info), pair.getPublic()));
    }

    @ParameterizedTest
    @EnumSource(
            value = KeySpec.class,
            names = {"RSA_2048", "EC_P256", "EC_P384", "ED25519"})
    void gnutlsCerttoolAndOpensslReadOurKeys(KeySpec spec, @TempDir Path dir) throws Exception {
        KeyPair pair = spec.generate(new SecureRandom());
        Path file = dir.resolve("key.pem");
        Files.writeString(file, Pem.privateKey(pair.getPrivate()));
        Programs.ok("openssl", "pkey", "-check", "-noout", "-in", file.toString());
        if (new java.io.File("/usr/bin/certtool").canExecute() || "true".equals(System.getenv("CI"))) {
            Programs.ok("certtool", "-k", "--infile", file.toString());
        }
    }
}
