package org.mtlskit.pki.internal.lint;

import static org.mtlskit.pki.internal.lint.MbedtlsProof.ROOT;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertBreaks;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertClean;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertRefused;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertRefusedWith;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.assertTaken;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.chain;
import static org.mtlskit.pki.internal.lint.MbedtlsProof.constrainedCa;
import static org.mtlskit.pki.testing.TestCertBuilder.bare;
import static org.mtlskit.pki.testing.TestCertBuilder.write;
import static org.mtlskit.pki.testing.TestKeys.ecKey;
import static org.mtlskit.pki.testing.TestKeys.rsaKey;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/**
 * The mbedTLS 2.28 rules of ca-tool lint about verification, names and key usage, each proven on the
 * real library through src/test/c/mbedtls_check.c (verify with the default profile, and the TLS
 * layer's own mbedtls_ssl_check_cert_usage): lint flags what mbedTLS refuses, ignores or does not
 * check, and passes what it verifies.
 */
class MbedtlsVerifyRulesTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void theLibraryIsMbedtls228() {
        MbedtlsProof.checkVersion();
    }

    @Test
    void nonCriticalNameConstraintsAreIgnored() {
        KeyPair caKey = ecKey();
        Issued ca = constrainedCa(false, caKey);
        Path caFile = write(dir, "nc_ca.pem", ca);
        Path outside = write(
                dir,
                "outside.pem",
                bare("outside.test", ecKey())
                        .issuer(ca)
                        .basicConstraints(false)
                        .dns("outside.test")
                        .build());
        assertBreaks("name-constraints-ignored", Action.IGNORES, caFile);
        // The constraint permits only allowed.test, yet a name outside it verifies: ignored.
        assertTaken(
                MbedtlsCheck.run("verify", outside.toString(), "--ca", caFile.toString(), "--name", "outside.test"));
        Path plainCa = write(dir, "root.pem", ROOT);
        assertClean("name-constraints-ignored", plainCa);
        assertTaken(MbedtlsCheck.run("parse-cert", plainCa.toString()));
    }

    @Test
    void version1TrustedRootNeedsNoCaBit() {
        Issued v1Root = bare("v1 root", ecKey()).version(1).build();
        Issued v3NotCa = bare("v3 not a CA", ecKey()).basicConstraints(false).build();
        Path v1RootFile = write(dir, "v1root.pem", v1Root);
        Path v3File = write(dir, "v3notca.pem", v3NotCa);
        Path underV1 = write(
                dir,
                "under_v1.pem",
                bare("a.test", ecKey())
                        .issuer(v1Root)
                        .basicConstraints(false)
                        .dns("a.test")
                        .build());
        Path underV3 = write(
                dir,
                "under_v3.pem",
                bare("a.test", ecKey())
                        .issuer(v3NotCa)
                        .basicConstraints(false)
                        .dns("a.test")
                        .build());
        assertBreaks("v1-root-ca-bit", Action.DOES_NOT_CHECK, v1RootFile);
        assertTaken(MbedtlsCheck.run("verify", underV1.toString(), "--ca", v1RootFile.toString(), "--name", "a.test"));
        // The same check on a version 3 root is made: CA:FALSE is refused.
        assertClean("v1-root-ca-bit", v3File);
        assertRefusedWith(
                MbedtlsCheck.run("verify", underV3.toString(), "--ca", v3File.toString(), "--name", "a.test"),
                "-0x2700",
                "not correctly signed by the trusted CA");
    }

    @Test
    void ipSubjectAltNameIsNotMatched() {
        Path caFile = write(dir, "root.pem", ROOT);
        Path ip = write(
                dir,
                "ip.pem",
                bare("device", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .ip("127.0.0.1")
                        .build());
        Path dns = write(
                dir,
                "dns.pem",
                bare("device", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("localhost")
                        .build());
        assertBreaks("ip-san-not-matched", Action.IGNORES, ip);
        assertRefusedWith(
                MbedtlsCheck.run("verify", ip.toString(), "--ca", caFile.toString(), "--name", "127.0.0.1"),
                "-0x2700",
                "Common Name (CN) does not match");
        assertClean("ip-san-not-matched", dns);
        assertTaken(MbedtlsCheck.run("verify", dns.toString(), "--ca", caFile.toString(), "--name", "localhost"));
    }

    @Test
    void commonNameIsIgnoredWhenThereIsASubjectAltName() {
        Path caFile = write(dir, "root.pem", ROOT);
        Path withSan = write(
                dir,
                "cn_san.pem",
                bare("device.test", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .dns("other.test")
                        .build());
        Path noSan = write(
                dir,
                "cn_only.pem",
                bare("device.test", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .build());
        assertBreaks("cn-ignored-with-san", Action.IGNORES, withSan);
        assertRefusedWith(
                MbedtlsCheck.run("verify", withSan.toString(), "--ca", caFile.toString(), "--name", "device.test"),
                "-0x2700",
                "Common Name (CN) does not match");
        assertClean("cn-ignored-with-san", noSan);
        assertTaken(MbedtlsCheck.run("verify", noSan.toString(), "--ca", caFile.toString(), "--name", "device.test"));
    }

    @Test
    void serverWithoutKeyEnciphermentIsRefusedForRsaKeyExchange() {
        KeyPair rsa = rsaKey(2048);
        Path bad = write(
                dir,
                "rsa_ds.pem",
                bare("s", rsa)
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .keyUsage(KeyUsage.digitalSignature)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .build());
        Path good = write(
                dir,
                "rsa_ds_ke.pem",
                bare("s", rsa)
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .build());
        String suite = "TLS-RSA-WITH-AES-128-GCM-SHA256";
        assertBreaks("server-ku-rsa-kx", Action.REFUSES, bad);
        assertRefusedWith(
                MbedtlsCheck.run("usage", bad.toString(), "--suite", suite, "--endpoint", "server"),
                "-0x7A00",
                "Usage does not match the keyUsage extension");
        assertClean("server-ku-rsa-kx", good);
        assertTaken(MbedtlsCheck.run("usage", good.toString(), "--suite", suite, "--endpoint", "server"));
    }

    @Test
    void serverWithoutDigitalSignatureIsRefusedForEcdhe() {
        KeyPair ec = ecKey();
        Path bad = write(
                dir,
                "ec_ka.pem",
                bare("s", ec)
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .keyUsage(KeyUsage.keyAgreement)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .build());
        Path good = write(
                dir,
                "ec_ds.pem",
                bare("s", ec)
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .keyUsage(KeyUsage.digitalSignature)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .build());
        String suite = "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256";
        assertBreaks("server-ku-ecdhe", Action.REFUSES, bad);
        assertRefusedWith(
                MbedtlsCheck.run("usage", bad.toString(), "--suite", suite, "--endpoint", "server"),
                "-0x7A00",
                "Usage does not match the keyUsage extension");
        assertClean("server-ku-ecdhe", good);
        assertTaken(MbedtlsCheck.run("usage", good.toString(), "--suite", suite, "--endpoint", "server"));
        // No keyUsage at all is no restriction.
        Path none = write(
                dir,
                "ec_noku.pem",
                bare("s", ec).issuer(ROOT).basicConstraints(false).build());
        assertClean("server-ku-ecdhe", none);
        assertTaken(MbedtlsCheck.run("usage", none.toString(), "--suite", suite, "--endpoint", "server"));
    }

    @Test
    void clientWithoutDigitalSignatureIsRefused() {
        KeyPair ec = ecKey();
        Path bad = write(
                dir,
                "client_ka.pem",
                bare("c", ec)
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .keyUsage(KeyUsage.keyAgreement)
                        .eku(KeyPurposeId.id_kp_clientAuth)
                        .build());
        Path good = write(
                dir,
                "client_ds.pem",
                bare("c", ec)
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .keyUsage(KeyUsage.digitalSignature)
                        .eku(KeyPurposeId.id_kp_clientAuth)
                        .build());
        String suite = "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256";
        assertBreaks("client-ku", Action.REFUSES, bad);
        assertRefusedWith(
                MbedtlsCheck.run("usage", bad.toString(), "--suite", suite, "--endpoint", "client"),
                "-0x7A00",
                "Usage does not match the keyUsage extension");
        assertClean("client-ku", good);
        assertTaken(MbedtlsCheck.run("usage", good.toString(), "--suite", suite, "--endpoint", "client"));
    }

    @Test
    void moreThanEightIntermediatesAreRefused() {
        Path caFile = write(dir, "root.pem", ROOT);
        List<Issued> cas = new ArrayList<>();
        Issued parent = ROOT;
        for (int i = 1; i <= 9; i++) {
            parent = bare("Intermediate " + i, ecKey())
                    .issuer(parent)
                    .basicConstraints(true)
                    .keyUsage(KeyUsage.keyCertSign)
                    .build();
            cas.add(parent);
        }
        Path nine = chain(dir.resolve("nine.pem"), cas);
        Path eight = chain(dir.resolve("eight.pem"), cas.subList(0, 8));
        assertBreaks("max-intermediates", Action.REFUSES, nine);
        assertRefused(
                MbedtlsCheck.run("verify", nine.toString(), "--ca", caFile.toString(), "--name", "leaf.test"),
                "-0x3000");
        assertClean("max-intermediates", eight);
        assertTaken(MbedtlsCheck.run("verify", eight.toString(), "--ca", caFile.toString(), "--name", "leaf.test"));
    }

    @Test
    void sha1SignatureIsRefused() {
        Path caFile = write(dir, "root.pem", ROOT);
        Path sha1 = write(
                dir,
                "sha1.pem",
                bare("a.test", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .dns("a.test")
                        .signedWith("SHA1withECDSA")
                        .build());
        Path sha256 = write(
                dir,
                "sha256.pem",
                bare("a.test", ecKey())
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .dns("a.test")
                        .build());
        assertBreaks("signature-digest", Action.REFUSES, sha1);
        assertRefusedWith(
                MbedtlsCheck.run("verify", sha1.toString(), "--ca", caFile.toString(), "--name", "a.test"),
                "-0x2700",
                "unacceptable hash");
        assertClean("signature-digest", sha256);
        assertTaken(MbedtlsCheck.run("verify", sha256.toString(), "--ca", caFile.toString(), "--name", "a.test"));
    }

    @Test
    void rsaKeyBelow2048BitsIsRefused() {
        Path caFile = write(dir, "root.pem", ROOT);
        Path small = write(
                dir,
                "rsa1024.pem",
                bare("a.test", rsaKey(1024))
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .dns("a.test")
                        .build());
        Path enough = write(
                dir,
                "rsa2048.pem",
                bare("a.test", rsaKey(2048))
                        .issuer(ROOT)
                        .basicConstraints(false)
                        .dns("a.test")
                        .build());
        assertBreaks("rsa-key-size", Action.REFUSES, small);
        assertRefusedWith(
                MbedtlsCheck.run("verify", small.toString(), "--ca", caFile.toString(), "--name", "a.test"),
                "-0x2700",
                "key");
        assertClean("rsa-key-size", enough);
        assertTaken(MbedtlsCheck.run("verify", enough.toString(), "--ca", caFile.toString(), "--name", "a.test"));
    }

    private Path pkcs8(KeyPair key) throws IOException {
        return MbedtlsProof.pkcs8(dir, key);
    }
}
