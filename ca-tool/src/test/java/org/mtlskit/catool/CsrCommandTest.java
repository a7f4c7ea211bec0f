package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.x509.KeyMatch;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** ca-tool csr: a leaf profile's CSR for an existing or a new key, accepted by openssl req -verify. */
class CsrCommandTest {

    @TempDir
    Path root;

    Path keys;
    Path profiles;

    @BeforeEach
    void writeProfiles() {
        profiles = root.resolve("profiles");
        keys = root.resolve("keys");
        TestPki.writeProfiles(
                profiles,
                Map.of(
                        "ca",
                        TestPki.ca("ec-p256"),
                        "server",
                        TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost")));
    }

    ToolRun.Result caTool(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", keys.toString(), "--profiles", profiles.toString()));
        return ToolRun.caTool(all.toArray(String[]::new));
    }

    @Test
    void profileWithoutKeyGetsANewKeyAndACsrOpensslAccepts() throws Exception {
        ToolRun.Result r = caTool("csr", "server");
        assertEquals(0, r.code(), r.err());
        Path key = keys.resolve("server_key.pem");
        Path csr = keys.resolve("server_csr.pem");
        assertTrue(
                r.out()
                        .endsWith("server: wrote " + key + " (new EC P-256 key) and " + csr
                                + "; subject CN=localhost, subjectAltName DNS:localhost\n"),
                r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String verified = Programs.opensslOk(root, "req", "-verify", "-noout", "-in", csr.toString());
        assertTrue(verified.contains("verify OK") || verified.contains("self-signature ok"), verified);
        String text = Programs.opensslOk(root, "req", "-noout", "-text", "-in", csr.toString());
        assertTrue(text.contains("DNS:localhost"), text);
        assertTrue(KeyMatch.matches(Pem.readPrivateKey(key), publicKey(Pem.readCsr(csr))));
    }

    @Test
    void existingKeyIsKeptAndUsed() throws Exception {
        assertEquals(0, caTool("csr", "server").code());
        Path key = keys.resolve("server_key.pem");
        byte[] before = Files.readAllBytes(key);
        ToolRun.Result r = caTool("csr", "server", "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "server: wrote " + keys.resolve("server_csr.pem") + " for the key in " + key
                        + "; subject CN=localhost, subjectAltName DNS:localhost\n",
                r.out());
        assertArrayEquals(before, Files.readAllBytes(key));
        assertTrue(KeyMatch.matches(Pem.readPrivateKey(key), publicKey(Pem.readCsr(keys.resolve("server_csr.pem")))));
    }

    @Test
    void keyFromAnotherFileIsUsedAndNotCopied() throws Exception {
        Path key = root.resolve("device_key.pem");
        Programs.opensslOk(
                root, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        ToolRun.Result r = caTool("csr", "server", "--key", key.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("for the key in " + key), r.out());
        assertFalse(Files.exists(keys.resolve("server_key.pem")));
        assertTrue(KeyMatch.matches(Pem.readPrivateKey(key), publicKey(Pem.readCsr(keys.resolve("server_csr.pem")))));
    }

    @Test
    void keyOfAnotherTypeThanTheProfilesIsRefused() {
        Path key = root.resolve("rsa_key.pem");
        Programs.opensslOk(root, "genrsa", "-out", key.toString(), "2048");
        ToolRun.Result r = caTool("csr", "server", "--key", key.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                key + ": the key is RSA-2048, but profile \"server\" asks for ec-p256 ("
                        + profiles.resolve("server.yaml")
                        + ", key:); change the profile's key or give another key file",
                r.errorLine());
        assertFalse(Files.exists(keys.resolve("server_csr.pem")));
    }

    @Test
    void missingKeyFileIsOneLineError() {
        Path key = root.resolve("nowhere.pem");
        ToolRun.Result r = caTool("csr", "server", "--key", key.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(key + ": no such file", r.errorLine());
    }

    @Test
    void caProfileHasNoCsr() {
        ToolRun.Result r = caTool("csr", "ca");
        assertEquals(ExitCodes.INVALID_PROFILE, r.code());
        assertEquals(
                profiles.resolve("ca.yaml") + ": \"ca\" is a CA profile; a CA is made without a CSR, as in the "
                        + "demo: ca-tool init ca",
                r.errorLine());
    }

    private static java.security.PublicKey publicKey(PKCS10CertificationRequest csr) throws Exception {
        return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
    }

    @Test
    void keyWhosePublicPartCannotBeDerivedIsOneLineError() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("DSA");
        g.initialize(2048);
        Path key = root.resolve("dsa_key.pem");
        Files.writeString(key, Pem.privateKey(g.generateKeyPair().getPrivate()));
        ToolRun.Result r = caTool("csr", "server", "--key", key.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                key + ": holds a DSA key, whose public key ca-tool cannot derive; use RSA, EC or Ed25519",
                r.errorLine());
    }
}
