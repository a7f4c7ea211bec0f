package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * What profiles ask fixtures to publish besides keys and certificates: encrypted keys, PKCS#12
 * keystores and truststores, a revoked client and the CA's CRL, all kept on a second run.
 */
class FixturesPublishingTest {

    @TempDir
    Path root;

    ToolRun.Result caTool(String... args) {
        return ToolRun.caTool(java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args),
                        java.util.stream.Stream.of(
                                "--out",
                                root.resolve("keys").toString(),
                                "--profiles",
                                root.resolve("profiles").toString()))
                .toArray(String[]::new));
    }

    static String openssl(String... args) {
        return Programs.opensslOk(null, args);
    }

    Map<String, String> profiles() {
        Map<String, String> p = TestPki.demoProfiles("ec-p256");
        p.put("ca", TestPki.ca("ec-p256") + "crl:\n  days: 10\nfiles:\n  truststore: ca_truststore.p12\n");
        p.put(
                "client",
                TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost")
                        + "files:\n  encryptKey: true\n  pkcs12: client.p12\n");
        p.put("revoked", TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost") + "revoked: keyCompromise\n");
        return p;
    }

    @Test
    void fixturesWritesEncryptedKeyKeystoresRevocationAndCrlThenKeepsThem() throws Exception {
        TestPki.writeProfiles(root.resolve("profiles"), profiles());
        Path pw = root.resolve("pw.txt");
        Files.writeString(pw, "fixture-secret\n");
        ToolRun.Result first = caTool("fixtures", "--password-file", pw.toString());
        assertEquals(0, first.code(), first.err());
        assertFalse(first.out().contains("fixture-secret"));
        Path keys = root.resolve("keys");

        assertTrue(
                Files.readString(keys.resolve("client_key.pem")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        openssl("pkey", "-in", keys.resolve("client_key.pem").toString(), "-passin", "file:" + pw, "-noout", "-check");
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("client.p12"))));
        String p12 = openssl(
                "pkcs12", "-info", "-in", keys.resolve("client.p12").toString(), "-passin", "file:" + pw, "-nokeys");
        assertTrue(p12.contains("subject=CN = localhost") && p12.contains("subject=CN = My Test CA"), p12);
        openssl(
                "pkcs12",
                "-info",
                "-in",
                keys.resolve("ca_truststore.p12").toString(),
                "-passin",
                "file:" + pw,
                "-nokeys");

        String crl = openssl(
                "crl",
                "-in",
                keys.resolve("ca_crl.pem").toString(),
                "-CAfile",
                keys.resolve("ca_cert.pem").toString(),
                "-noout",
                "-verify",
                "-text");
        assertTrue(crl.contains("verify OK"), crl);
        assertTrue(Pem.readCrl(keys.resolve("ca_crl.pem"))
                .isRevoked(
                        Pem.readCertificates(keys.resolve("revoked_cert.pem")).get(0)));
        assertFalse(Pem.readCrl(keys.resolve("ca_crl.pem"))
                .isRevoked(Pem.readCertificates(keys.resolve("client_cert.pem")).get(0)));

        FolderSnapshot before = FolderSnapshot.of(keys);
        ToolRun.Result second = caTool("fixtures", "--password-file", pw.toString());
        assertEquals(0, second.code(), second.err());
        assertEquals(before, FolderSnapshot.of(keys), "a second run changes no file");
    }

    @Test
    void encryptedKeyWithoutPasswordIsRefusedBeforeAnythingIsWritten() {
        TestPki.writeProfiles(root.resolve("profiles"), profiles());
        ToolRun.Result r = caTool("fixtures");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                "ca-tool: error: " + root.resolve("profiles").resolve("client.yaml")
                        + ": files.encryptKey needs a password: give --password-file FILE or --password-env VARIABLE\n",
                r.err());
        assertFalse(Files.exists(root.resolve("keys")));
    }

    @Test
    void revokedProfileNeedsAnIssuerThatPublishesACrl() {
        Map<String, String> p = TestPki.demoProfiles("ec-p256");
        p.put("revoked", TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost") + "revoked: keyCompromise\n");
        TestPki.writeProfiles(root.resolve("profiles"), p);
        ToolRun.Result r = caTool("fixtures");
        assertEquals(ExitCodes.INVALID_PROFILE, r.code());
        assertEquals(
                "ca-tool: error: " + root.resolve("profiles").resolve("revoked.yaml") + ":11: revoked: the issuer "
                        + "\"ca\" publishes no CRL, so the revocation would never be seen; add crl: {days: 30} to its profile\n",
                r.err());
    }

    @Test
    void crlAndTruststoreOnALeafAndAnUnknownReasonAreRefused() {
        Map<String, String> p = TestPki.demoProfiles("ec-p256");
        p.put("client", TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost") + "crl:\n  days: 3\n");
        TestPki.writeProfiles(root.resolve("profiles"), p);
        ToolRun.Result r = caTool("fixtures");
        assertEquals(ExitCodes.INVALID_PROFILE, r.code());
        assertTrue(
                r.err().endsWith("client.yaml:11: crl: only a CA publishes a CRL; this profile is a leaf\n"), r.err());

        p.put("client", TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost") + "files:\n  truststore: t.p12\n");
        TestPki.writeProfiles(root.resolve("profiles"), p);
        r = caTool("fixtures");
        assertTrue(
                r.err()
                        .endsWith("client.yaml:12: files.truststore: a truststore holds a CA certificate; this profile "
                                + "is a leaf (use files.pkcs12 for its key and chain)\n"),
                r.err());

        p.put("client", TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost") + "revoked: stolen\n");
        TestPki.writeProfiles(root.resolve("profiles"), p);
        r = caTool("fixtures");
        assertTrue(
                r.err()
                        .contains(
                                "client.yaml:11: revoked: unknown value \"stolen\"; allowed: unspecified, keyCompromise"),
                r.err());
    }
}
