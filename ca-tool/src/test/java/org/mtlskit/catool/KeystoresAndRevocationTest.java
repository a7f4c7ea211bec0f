package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** export, revoke and crl, checked with the real keytool and openssl. */
class KeystoresAndRevocationTest {

    @TempDir
    static Path root;

    static Path keys;
    static Path profiles;
    static Path passwordFile;

    @BeforeAll
    static void makeSet() throws IOException {
        Map<String, String> demo = TestPki.demoProfiles("ec-p256");
        demo.put("ca", TestPki.ca("ec-p256") + "crl:\n  days: 30\n"); // revoke needs a CA that publishes a CRL
        demo.put("bad-ca", TestPki.ca("ec-p256") + "crl:\n  days: 30\n");
        keys = TestPki.makeSet(root, demo, Clock.systemUTC());
        profiles = root.resolve("profiles");
        passwordFile = root.resolve("password.txt");
        Files.writeString(passwordFile, "fixture-pass\n");
    }

    static ToolRun.Result caTool(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", keys.toString(), "--profiles", profiles.toString()));
        return ToolRun.caTool(all.toArray(String[]::new));
    }

    static String run(String... command) {
        return Programs.ok(command);
    }

    @Test
    void pkcs12KeystoreHoldsKeyAndChainReadableByKeytoolAndOpenssl() throws Exception {
        Path p12 = root.resolve("server.p12");
        ToolRun.Result r =
                caTool("export", "server", "--pkcs12", p12.toString(), "--password-file", passwordFile.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + p12), r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)));

        String keytool = run("keytool", "-list", "-v", "-keystore", p12.toString(), "-storepass", "fixture-pass");
        assertTrue(keytool.contains("Alias name: server"), keytool);
        assertTrue(keytool.contains("Entry type: PrivateKeyEntry"), keytool);
        assertTrue(keytool.contains("Certificate chain length: 2"), keytool);

        String openssl =
                run("openssl", "pkcs12", "-info", "-in", p12.toString(), "-passin", "file:" + passwordFile, "-nokeys");
        assertTrue(openssl.contains("subject=CN = localhost"), openssl);
        assertTrue(openssl.contains("subject=CN = My Test CA"), openssl);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, "fixture-pass".toCharArray());
        }
        X509Certificate leaf = (X509Certificate) store.getCertificate("server");
        assertEquals(Pem.readCertificates(keys.resolve("server_cert.pem")).get(0), leaf);
    }

    @Test
    void truststoreHoldsTheCaAsTrustedEntry() throws Exception {
        Path trust = root.resolve("truststore.p12");
        ToolRun.Result r = caTool("export", "ca", "--truststore", trust.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("password changeit"), r.out());
        String keytool = run("keytool", "-list", "-keystore", trust.toString(), "-storepass", "changeit");
        assertTrue(keytool.contains("ca, ") && keytool.contains("trustedCertEntry"), keytool);
        String openssl =
                run("openssl", "pkcs12", "-info", "-in", trust.toString(), "-passin", "pass:changeit", "-nokeys");
        assertTrue(openssl.contains("subject=CN = My Test CA"), openssl);
    }

    @Test
    void jksKeystoreOnRequest() throws Exception {
        Path jks = root.resolve("client.jks");
        ToolRun.Result r = caTool(
                "export", "client", "--pkcs12", jks.toString(), "--jks", "--password-file", passwordFile.toString());
        assertEquals(0, r.code(), r.err());
        String keytool = run("keytool", "-list", "-keystore", jks.toString(), "-storepass", "fixture-pass");
        assertTrue(keytool.contains("Keystore type: JKS"), keytool);
        assertTrue(keytool.contains("client, ") && keytool.contains("PrivateKeyEntry"), keytool);
    }

    @Test
    void keystoreWithoutPasswordIsRefusedWithOneLine() {
        Path p12 = root.resolve("nopass.p12");
        ToolRun.Result r = caTool("export", "server", "--pkcs12", p12.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                p12 + ": a keystore holds a private key and needs a password: give --password-file FILE or "
                        + "--password-env VARIABLE",
                r.err().strip().replaceFirst("^ca-tool: error: ", ""));
        assertFalse(Files.exists(p12));
    }

    @Test
    void passwordFromEnvironmentVariable() throws Exception {
        Path p12 = root.resolve("env.p12");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = CaTool.commandLine(
                Clock.systemUTC(), new SecureRandom(), new PrintWriter(out, true), new PrintWriter(err, true));
        ((CaTool) cmd.getCommand()).env = name -> name.equals("FIXTURE_PW") ? "from-env-var" : null;
        int code = cmd.execute(
                "export",
                "server",
                "--pkcs12",
                p12.toString(),
                "--password-env",
                "FIXTURE_PW",
                "--out",
                keys.toString(),
                "--profiles",
                profiles.toString());
        assertEquals(0, code, err.toString());
        run("keytool", "-list", "-keystore", p12.toString(), "-storepass", "from-env-var");
        assertFalse(
                out.toString().contains("from-env-var") || err.toString().contains("from-env-var"),
                "the password must never be printed");
    }

    @Test
    void revokedCertificateIsListedInSignedCrlAndRefusedByOpensslVerify() throws Exception {
        ToolRun.Result revoke = caTool("revoke", "bad", "--reason", "keyCompromise");
        assertEquals(0, revoke.code(), revoke.err());
        assertTrue(revoke.out().startsWith("bad: revoked by CA \"bad-ca\""), revoke.out());
        ToolRun.Result again = caTool("revoke", "bad");
        assertTrue(again.out().startsWith("bad: already revoked"), again.out());

        ToolRun.Result crl = caTool("crl", "bad-ca", "--days", "7");
        assertEquals(0, crl.code(), crl.err());
        Path crlFile = keys.resolve("bad_ca_crl.pem");
        assertTrue(crl.out().contains("wrote " + crlFile + " (1 revoked"), crl.out());

        String verified = run(
                "openssl",
                "crl",
                "-in",
                crlFile.toString(),
                "-CAfile",
                keys.resolve("bad_ca_cert.pem").toString(),
                "-noout",
                "-verify");
        assertTrue(verified.contains("verify OK"), verified);
        X509CRL parsed = Pem.readCrl(crlFile);
        assertTrue(parsed.isRevoked(
                Pem.readCertificates(keys.resolve("bad_cert.pem")).get(0)));

        Programs.Result refused = Programs.openssl(
                null,
                "verify",
                "-crl_check",
                "-CAfile",
                keys.resolve("bad_ca_cert.pem").toString(),
                "-CRLfile",
                crlFile.toString(),
                keys.resolve("bad_cert.pem").toString());
        assertNotEquals(0, refused.code());
        assertTrue(refused.output().contains("certificate revoked"), refused.output());
    }

    @Test
    void crlNumberGrowsWithEachCrl() throws Exception {
        caTool("crl", "ca");
        X509CRL first = Pem.readCrl(keys.resolve("ca_crl.pem"));
        caTool("crl", "ca");
        X509CRL second = Pem.readCrl(keys.resolve("ca_crl.pem"));
        assertTrue(crlNumber(second) > crlNumber(first));
        String state = Files.readString(keys.resolve("ca_revocations.json"));
        assertTrue(state.contains("\"crlNumber\" : " + crlNumber(second)), state);
    }

    private static long crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue("2.5.29.20");
        return org.bouncycastle.asn1.ASN1Integer.getInstance(
                        org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets())
                .getValue()
                .longValueExact();
    }

    @Test
    void unknownReasonAndUnknownSerialAreOneLineErrors() {
        ToolRun.Result r = caTool("revoke", "client", "--reason", "stolen");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertTrue(
                r.err()
                        .startsWith(
                                "ca-tool: error: --reason: unknown reason \"stolen\"; allowed: unspecified, keyCompromise"),
                r.err());
        ToolRun.Result s = caTool("revoke", "not-a-serial!");
        assertEquals(ExitCodes.UNUSABLE_INPUT, s.code());
        assertEquals(1, s.err().strip().lines().count(), s.err());
    }
}
