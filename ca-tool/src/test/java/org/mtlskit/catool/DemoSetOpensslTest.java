package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.pki.testing.Programs.openssl;
import static org.mtlskit.pki.testing.Programs.opensslOk;
import static org.mtlskit.testing.ToolRun.caTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * The demo's whole set, made once from the repository's own profiles (RSA-4096, as the demo's
 * openssl commands make it) by "ca-tool fixtures", then checked with the real openssl binary.
 */
class DemoSetOpensslTest {

    static final List<String> DEMO_FILES = List.of(
            "ca_key.pem",
            "ca_cert.pem",
            "server_key.pem",
            "server_csr.pem",
            "server_cert.pem",
            "client_key.pem",
            "client_csr.pem",
            "client_cert.pem",
            "bad_ca_key.pem",
            "bad_ca_cert.pem",
            "bad_key.pem",
            "bad_csr.pem",
            "bad_cert.pem");
    /** What profiles/revoked.yaml and the CA's crl section add: a revoked client, the CA's CRL and its state. */
    static final List<String> REVOCATION_FILES =
            List.of("revoked_key.pem", "revoked_csr.pem", "revoked_cert.pem", "ca_crl.pem", "ca_revocations.json");

    @TempDir
    static Path root;

    static Path keys;
    static Instant now;
    static ToolRun.Result fixtures;

    @BeforeAll
    static void makeTheDemoSet() throws IOException {
        Path profiles = Files.createDirectories(root.resolve("profiles"));
        try (Stream<Path> repo = Files.list(TestPki.repoProfiles())) {
            for (Path p : repo.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()));
            }
        }
        keys = root.resolve("keys");
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fixtures = caTool(
                Clock.fixed(now, ZoneOffset.UTC),
                "fixtures",
                "--profiles",
                profiles.toString(),
                "--out",
                keys.toString());
        assertEquals(0, fixtures.code(), fixtures.out() + fixtures.err());
    }

    @Test
    void writesExactlyTheDemosFileNames() throws IOException {
        try (Stream<Path> files = Files.list(keys)) {
            TreeSet<String> expected = new TreeSet<>(DEMO_FILES);
            expected.addAll(REVOCATION_FILES);
            expected.add(org.mtlskit.pki.internal.files.FolderLock.FILE); // the folder's lock, kept between runs
            assertEquals(
                    expected,
                    files.map(p -> p.getFileName().toString())
                            .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void serverCertificateVerifiesForSslServerAgainstTheCa() {
        assertEquals(
                "server_cert.pem: OK\n",
                opensslOk(
                        keys,
                        "verify",
                        "-x509_strict",
                        "-purpose",
                        "sslserver",
                        "-CAfile",
                        "ca_cert.pem",
                        "server_cert.pem"));
    }

    @Test
    void clientCertificateVerifiesForSslClientAgainstTheCa() {
        assertEquals(
                "client_cert.pem: OK\n",
                opensslOk(
                        keys,
                        "verify",
                        "-x509_strict",
                        "-purpose",
                        "sslclient",
                        "-CAfile",
                        "ca_cert.pem",
                        "client_cert.pem"));
    }

    @Test
    void serverCertificateIsNotAClientCertificate() {
        Programs.Result p = openssl(
                keys, "verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", "ca_cert.pem", "server_cert.pem");
        assertNotEquals(0, p.code(), p.output());
        assertTrue(p.output().contains("unsuitable certificate purpose"), p.output());
    }

    @Test
    void badCertificateFailsAgainstTheTrustedCa() {
        for (String purpose : List.of("sslclient", "sslserver")) {
            Programs.Result p = openssl(
                    keys, "verify", "-x509_strict", "-purpose", purpose, "-CAfile", "ca_cert.pem", "bad_cert.pem");
            assertNotEquals(0, p.code(), p.output());
            assertTrue(p.output().contains("bad_cert.pem: verification failed"), p.output());
            assertFalse(p.output().contains("bad_cert.pem: OK"), p.output());
        }
    }

    @Test
    void badCertificateVerifiesAgainstItsOwnCaForBothPurposes() {
        for (String purpose : List.of("sslclient", "sslserver")) {
            assertEquals(
                    "bad_cert.pem: OK\n",
                    opensslOk(
                            keys,
                            "verify",
                            "-x509_strict",
                            "-purpose",
                            purpose,
                            "-CAfile",
                            "bad_ca_cert.pem",
                            "bad_cert.pem"));
        }
    }

    @Test
    void badCaHasTheTrustedCasNameButNotItsKey() throws Exception {
        X509Certificate ca = Pem.readCertificates(keys.resolve("ca_cert.pem")).get(0);
        X509Certificate badCa =
                Pem.readCertificates(keys.resolve("bad_ca_cert.pem")).get(0);
        assertEquals(ca.getSubjectX500Principal(), badCa.getSubjectX500Principal());
        assertNotEquals(ca.getPublicKey(), badCa.getPublicKey());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"server_cert.pem", "client_cert.pem", "bad_cert.pem"})
    void leafSubjectAltNameIsDnsLocalhost(String cert) {
        assertEquals(
                "X509v3 Subject Alternative Name: \n    DNS:localhost\n",
                opensslOk(keys, "x509", "-noout", "-in", cert, "-ext", "subjectAltName"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"server_csr.pem", "client_csr.pem", "bad_csr.pem"})
    void opensslReqVerifiesEachCsr(String csr) {
        String out = opensslOk(keys, "req", "-verify", "-noout", "-in", csr);
        assertTrue(out.contains("verify OK"), out);
        String text = opensslOk(keys, "req", "-noout", "-text", "-in", csr);
        assertTrue(text.contains("Subject: CN = localhost"), text);
        assertTrue(text.contains("DNS:localhost"), "the CSR asks for the SAN:\n" + text);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ca_key.pem", "server_key.pem", "client_key.pem", "bad_ca_key.pem", "bad_key.pem"})
    void opensslPkeyCheckAcceptsEachKey(String key) throws IOException {
        String out = opensslOk(keys, "pkey", "-check", "-noout", "-in", key);
        assertTrue(out.contains("Key is valid"), out);
        assertTrue(
                Files.readString(keys.resolve(key)).startsWith("-----BEGIN PRIVATE KEY-----\n"),
                key + " is not PKCS#8 PEM");
    }

    @Test
    void keysAreRsa4096AndCertificatesSha256AsInTheDemo() throws Exception {
        for (String cert :
                List.of("ca_cert.pem", "server_cert.pem", "client_cert.pem", "bad_ca_cert.pem", "bad_cert.pem")) {
            X509Certificate c = Pem.readCertificates(keys.resolve(cert)).get(0);
            assertEquals(4096, ((RSAPublicKey) c.getPublicKey()).getModulus().bitLength(), cert);
            assertEquals("SHA256withRSA", c.getSigAlgName(), cert);
        }
    }

    /**
     * The six RSA-4096 keys come from ten-plus prime searches run side by side; each key still passes
     * OpenSSL's own consistency check and the size checks of FIPS 186-4 B.3.3 the JDK's generator makes.
     */
    @Test
    void everyKeyPassesOpensslsRsaCheckAndTheFips186PrimeChecks() throws Exception {
        java.math.BigInteger e = java.math.BigInteger.valueOf(65537);
        java.math.BigInteger floor = java.math.BigInteger.TWO.pow(4095).sqrt();
        java.math.BigInteger minDistance = java.math.BigInteger.TWO.pow(2048 - 100);
        Set<java.math.BigInteger> moduli = new TreeSet<>();
        for (String name : List.of("ca", "server", "client", "bad_ca", "bad", "revoked")) {
            String file = name + "_key.pem";
            assertEquals("RSA key ok\n", opensslOk(keys, "rsa", "-check", "-noout", "-in", file), file);
            java.security.interfaces.RSAPrivateCrtKey key =
                    (java.security.interfaces.RSAPrivateCrtKey) Pem.readPrivateKey(keys.resolve(file), null);
            java.math.BigInteger p = key.getPrimeP();
            java.math.BigInteger q = key.getPrimeQ();
            assertEquals(e, key.getPublicExponent(), file);
            assertEquals(4096, key.getModulus().bitLength(), file);
            assertTrue(p.compareTo(floor) > 0 && q.compareTo(floor) > 0, file + ": p, q > sqrt(2) * 2^2047");
            assertTrue(p.subtract(q).abs().compareTo(minDistance) > 0, file + ": |p - q| > 2^1948");
            assertTrue(key.getPrivateExponent().bitLength() > 2048, file + ": d > 2^2048");
            moduli.add(key.getModulus());
        }
        assertEquals(6, moduli.size(), "six different keys");
    }

    @Test
    void keyFilesAre0600CertificatesAndCsrs0644AndTheNewFolder0700() throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        for (String name : DEMO_FILES) {
            String expected = name.endsWith("_key.pem") ? "rw-------" : "rw-r--r--";
            assertEquals(
                    expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(name))), name);
        }
    }

    @Test
    void outputNamesEveryFileWrittenAndUntilWhenItIsValid() {
        String caUntil = now.plus(Duration.ofDays(3650)).toString();
        String leafUntil = now.plus(Duration.ofDays(365)).toString();
        List<String> lines = fixtures.outLines();
        List<String> closing = lines.subList(lines.size() - 6, lines.size());
        assertEquals(
                List.of(
                        "bad-ca: created: wrote " + keys.resolve("bad_ca_key.pem") + " "
                                + keys.resolve("bad_ca_cert.pem") + "; CN=My Test CA, valid until " + caUntil,
                        "bad: created: wrote " + keys.resolve("bad_key.pem") + " " + keys.resolve("bad_csr.pem") + " "
                                + keys.resolve("bad_cert.pem") + "; CN=localhost, valid until " + leafUntil,
                        "ca: created: wrote " + keys.resolve("ca_key.pem") + " " + keys.resolve("ca_cert.pem") + " "
                                + keys.resolve("ca_revocations.json") + " " + keys.resolve("ca_crl.pem")
                                + "; CN=My Test CA, valid until " + caUntil,
                        "client: created: wrote " + keys.resolve("client_key.pem") + " "
                                + keys.resolve("client_csr.pem") + " " + keys.resolve("client_cert.pem")
                                + "; CN=localhost, valid until " + leafUntil,
                        "revoked: created: wrote " + keys.resolve("revoked_key.pem") + " "
                                + keys.resolve("revoked_csr.pem") + " " + keys.resolve("revoked_cert.pem")
                                + "; CN=localhost, valid until " + leafUntil,
                        "server: created: wrote " + keys.resolve("server_key.pem") + " "
                                + keys.resolve("server_csr.pem") + " " + keys.resolve("server_cert.pem")
                                + "; CN=localhost, valid until " + leafUntil),
                closing);
        assertEquals("", fixtures.err());
    }

    @Test
    void keyGenerationShowsProgress() {
        List<String> lines = fixtures.outLines();
        assertTrue(lines.get(0).matches("Generating 6 keys on \\d+ threads\\.\\.\\."), lines.get(0));
        Set<String> generated = new TreeSet<>();
        for (String line : lines.subList(1, 7)) {
            assertTrue(line.matches("Generated RSA-4096 key for [a-z-]+ \\(\\d+[.,]\\d s\\)"), line);
            generated.add(line.replaceFirst("Generated RSA-4096 key for ([a-z-]+) .*", "$1"));
        }
        assertEquals(Set.of("ca", "bad-ca", "server", "client", "bad", "revoked"), generated);
    }

    @Test
    void theDemosOwnOpensslSigningCommandWorksOnTheFiles(@TempDir Path work) throws IOException {
        for (String name : List.of("ca_key.pem", "ca_cert.pem", "server_csr.pem")) {
            Files.copy(keys.resolve(name), work.resolve(name));
        }
        Files.writeString(
                work.resolve("cert.conf"),
                "[ req ]\ndefault_bits = 4096\nprompt = no\ndefault_md = sha256\n"
                        + "distinguished_name = dn\nreq_extensions = req_ext\n\n[ dn ]\nCN = localhost\n\n"
                        + "[ req_ext ]\nsubjectAltName = @alt_names\n\n[ alt_names ]\nDNS.1 = localhost\n");
        opensslOk(
                work,
                "x509",
                "-req",
                "-days",
                "365",
                "-in",
                "server_csr.pem",
                "-CA",
                "ca_cert.pem",
                "-CAkey",
                "ca_key.pem",
                "-CAcreateserial",
                "-out",
                "server_cert.pem",
                "-extfile",
                "cert.conf",
                "-extensions",
                "req_ext");
        assertEquals(
                "server_cert.pem: OK\n",
                opensslOk(work, "verify", "-purpose", "sslserver", "-CAfile", "ca_cert.pem", "server_cert.pem"));
    }
}
