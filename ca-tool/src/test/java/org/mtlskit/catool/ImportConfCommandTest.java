package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.issue.Issuance;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.internal.x509.PublicKeys;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.testing.ToolRun;

/** ca-tool import-conf, on the demo's own ca.conf and cert.conf and on what else OpenSSL configs say. */
class ImportConfCommandTest {

    /** The demo's ca.conf, exactly as its text prints it. */
    static final String DEMO_CA_CONF = """
            [ ca ]
            default_ca = CA_default

            [ CA_default ]
            # Configuration ...
            dir = .
            certificate = $dir/ca_cert.pem
            private_key = $dir/ca_key.pem
            # Other settings ...

            [ req ]
            default_bits = 4096
            prompt = no
            default_md = sha256
            distinguished_name = dn
            x509_extensions = v3_ca

            [ dn ]
            # Distinguished Name (DN) details...
            CN = My Test CA

            [ v3_ca ]
            # CA-specific extensions...
            """;

    /**
     * The demo repository's own keys/ca.conf: the printed one with a filled [ v3_ca ], which makes
     * OpenSSL write a version 3 CA with basicConstraints and keyUsage.
     */
    static final String DEMO_REPOSITORY_CA_CONF = DEMO_CA_CONF.replace(
            "# CA-specific extensions...\n",
            "# CA-specific extensions...\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n");

    /** The demo's cert.conf, exactly as its text prints it. */
    static final String DEMO_CERT_CONF = """
            [ req ]
            default_bits = 4096
            prompt = no
            default_md = sha256
            distinguished_name = dn
            req_extensions = req_ext

            [ dn ]
            CN = localhost

            [ req_ext ]
            subjectAltName = @alt_names

            [ alt_names ]
            DNS.1 = localhost
            """;

    @TempDir
    Path dir;

    Path profiles;

    @BeforeEach
    void folders() {
        profiles = dir.resolve("profiles");
    }

    Path conf(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    ToolRun.Result importConf(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("import-conf"));
        all.addAll(List.of(args));
        all.addAll(List.of("--profiles", profiles.toString()));
        return ToolRun.caTool(all.toArray(String[]::new));
    }

    @Test
    void demoConfsBecomeProfilesWhoseCertificatesMatchOpensslsFieldByField() throws Exception {
        Path caConf = conf("ca.conf", DEMO_CA_CONF);
        Path certConf = conf("cert.conf", DEMO_CERT_CONF);
        ToolRun.Result ca = importConf(caConf.toString());
        assertEquals(0, ca.code(), ca.err());
        ToolRun.Result server = importConf(certConf.toString(), "--as", "server");
        assertEquals(0, server.code(), server.err());

        // The demo's commands, with EC keys instead of genrsa 4096 (the key does not change subject, SAN or validity).
        for (String key : List.of("ca_key.pem", "server_key.pem")) {
            Programs.opensslOk(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
        }
        Programs.opensslOk(
                dir,
                "req",
                "-new",
                "-x509",
                "-days",
                "3650",
                "-config",
                "ca.conf",
                "-key",
                "ca_key.pem",
                "-out",
                "ca_cert.pem");
        Programs.opensslOk(
                dir, "req", "-new", "-key", "server_key.pem", "-out", "server_csr.pem", "-config", "cert.conf");
        Programs.opensslOk(
                dir,
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
        X509Certificate opensslCa =
                Pem.readCertificates(dir.resolve("ca_cert.pem")).get(0);
        X509Certificate opensslServer =
                Pem.readCertificates(dir.resolve("server_cert.pem")).get(0);

        // ca-tool's certificates from the imported profiles, on the same keys.
        ProfileSet set = ProfileSet.load(profiles);
        Profile caProfile = set.get("ca");
        Profile serverProfile = set.get("server");
        PrivateKey caKey = Pem.readPrivateKey(dir.resolve("ca_key.pem"));
        PrivateKey serverKey = Pem.readPrivateKey(dir.resolve("server_key.pem"));
        X509Certificate ourCa = Issuance.selfSigned(
                caProfile,
                new KeyPair(PublicKeys.of(dir.resolve("ca_key.pem"), caKey), caKey),
                Clock.systemUTC(),
                new SecureRandom());
        X509Certificate ourServer = Issuance.issue(
                serverProfile,
                PublicKeys.of(dir.resolve("server_key.pem"), serverKey),
                new Issuance.Issuer(ourCa, caKey),
                Clock.systemUTC(),
                new SecureRandom());

        assertArrayEquals(
                opensslCa.getSubjectX500Principal().getEncoded(),
                ourCa.getSubjectX500Principal().getEncoded(),
                "CA subject");
        assertArrayEquals(
                opensslCa.getIssuerX500Principal().getEncoded(),
                ourCa.getIssuerX500Principal().getEncoded(),
                "CA issuer");
        assertEquals(sans(opensslCa), sans(ourCa), "CA SAN (none)");
        assertEquals(validity(opensslCa), validity(ourCa), "CA validity");
        assertEquals(Duration.ofDays(3650), validity(ourCa));

        assertArrayEquals(
                opensslServer.getSubjectX500Principal().getEncoded(),
                ourServer.getSubjectX500Principal().getEncoded(),
                "server subject");
        assertArrayEquals(
                opensslServer.getIssuerX500Principal().getEncoded(),
                ourServer.getIssuerX500Principal().getEncoded(),
                "server issuer");
        assertEquals(sans(opensslServer), sans(ourServer), "server SAN");
        assertEquals(List.of(List.of(2, "localhost")), sans(ourServer));
        assertEquals(validity(opensslServer), validity(ourServer), "server validity");
        assertEquals(Duration.ofDays(365), validity(ourServer));
        assertEquals(opensslServer.getSigAlgOID(), ourServer.getSigAlgOID(), "default_md sha256 on an EC key");
        assertEquals(opensslServer.getExtendedKeyUsage(), ourServer.getExtendedKeyUsage(), "no EKU in cert.conf");

        // What the .conf files say beyond that.
        assertEquals(KeySpec.RSA_4096, caProfile.key(), "default_bits = 4096");
        assertEquals(Digest.SHA256, caProfile.digest(), "default_md = sha256");
        assertTrue(caProfile.ca() && caProfile.selfSigned());
        assertEquals("ca", serverProfile.issuer());
        // Where ca-tool differs on purpose: the empty [ v3_ca ] gives OpenSSL a version 1 CA without extensions;
        // a ca-tool CA always has basicConstraints CA:TRUE and keyUsage keyCertSign, cRLSign.
        assertEquals(1, opensslCa.getVersion());
        assertEquals(Integer.MAX_VALUE, ourCa.getBasicConstraints());
    }

    @Test
    void bothFormsOfTheDemosCaConfBecomeTheSameV3CaWhileOpensslMakesV1FromThePrintedOne() throws Exception {
        for (String[] form : new String[][] {{"printed", DEMO_CA_CONF}, {"repository", DEMO_REPOSITORY_CA_CONF}}) {
            Path formDir = Files.createDirectories(dir.resolve(form[0]));
            Path caConf = Files.writeString(formDir.resolve("ca.conf"), form[1]);
            Path formProfiles = formDir.resolve("profiles");
            ToolRun.Result r = ToolRun.caTool("import-conf", caConf.toString(), "--profiles", formProfiles.toString());
            assertEquals(0, r.code(), form[0] + ": " + r.err());
            assertEquals(
                    5,
                    r.out().lines().count(),
                    form[0] + ": only the four [ CA_default ] lines are not mapped\n" + r.out());
            Profile profile = ProfileSet.load(formProfiles).get("ca");
            assertTrue(profile.ca() && profile.selfSigned(), form[0]);
            assertEquals(
                    java.util.Set.of(
                            org.mtlskit.pki.internal.x509.KeyUsageBit.KEY_CERT_SIGN,
                            org.mtlskit.pki.internal.x509.KeyUsageBit.CRL_SIGN),
                    profile.keyUsage(),
                    form[0]);

            Programs.opensslOk(
                    formDir,
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-out",
                    "ca_key.pem");
            Programs.opensslOk(
                    formDir,
                    "req",
                    "-new",
                    "-x509",
                    "-days",
                    "3650",
                    "-config",
                    "ca.conf",
                    "-key",
                    "ca_key.pem",
                    "-out",
                    "ca_cert.pem");
            X509Certificate openssl =
                    Pem.readCertificates(formDir.resolve("ca_cert.pem")).get(0);
            PrivateKey key = Pem.readPrivateKey(formDir.resolve("ca_key.pem"));
            X509Certificate ours = Issuance.selfSigned(
                    profile,
                    new KeyPair(PublicKeys.of(formDir.resolve("ca_key.pem"), key), key),
                    Clock.systemUTC(),
                    new SecureRandom());
            assertEquals(3, ours.getVersion(), form[0]);
            assertEquals(Integer.MAX_VALUE, ours.getBasicConstraints(), form[0]);
            if (form[0].equals("printed")) {
                assertEquals(1, openssl.getVersion(), "the printed ca.conf's empty [ v3_ca ] makes a version 1 CA");
                assertEquals(-1, openssl.getBasicConstraints());
            } else {
                assertEquals(3, openssl.getVersion(), "the repository's ca.conf makes a version 3 CA");
                assertEquals(Integer.MAX_VALUE, openssl.getBasicConstraints());
                assertTrue(openssl.getCriticalExtensionOIDs().containsAll(List.of("2.5.29.19", "2.5.29.15")));
                assertArrayEquals(openssl.getKeyUsage(), ours.getKeyUsage(), "keyCertSign and cRLSign, as ca-tool's");
                assertEquals(
                        openssl.getCriticalExtensionOIDs().contains("2.5.29.19"),
                        ours.getCriticalExtensionOIDs().contains("2.5.29.19"));
            }
        }
    }

    private static List<List<?>> sans(X509Certificate c) throws Exception {
        return c.getSubjectAlternativeNames() == null ? List.of() : List.copyOf(c.getSubjectAlternativeNames());
    }

    private static Duration validity(X509Certificate c) {
        return Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }

    @Test
    void demoCaConfSaysWhichLinesItCouldNotMap() throws Exception {
        Path caConf = conf("ca.conf", DEMO_CA_CONF);
        ToolRun.Result r = importConf(caConf.toString());
        Path yaml = profiles.resolve("ca.yaml");
        String reason = ": an openssl ca setting; ca-tool keeps a CA as a profile, its files in --out";
        assertEquals(
                List.of(
                        "ca: wrote " + yaml + " from " + caConf
                                + ": self-signed CA, rsa-4096, sha256, 3650 days, subject "
                                + "CN=My Test CA, subjectAltName none",
                        "  not mapped: " + caConf + ":2: default_ca = CA_default" + reason,
                        "  not mapped: " + caConf + ":6: dir = ." + reason,
                        "  not mapped: " + caConf + ":7: certificate = $dir/ca_cert.pem" + reason,
                        "  not mapped: " + caConf + ":8: private_key = $dir/ca_key.pem" + reason),
                r.out().lines().toList());
        assertTrue(Files.readString(yaml).startsWith("# Imported from ca.conf by ca-tool import-conf.\n"));
    }

    @Test
    void certConfNamesTheDefaultIssuer() throws Exception {
        ToolRun.Result r = importConf(conf("cert.conf", DEMO_CERT_CONF).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out()
                        .contains(": leaf issued by ca, rsa-4096, sha256, 365 days, subject CN=localhost, "
                                + "subjectAltName DNS:localhost\n"),
                r.out());
        assertTrue(
                r.out()
                        .contains("  note: issuer: ca (the default for a certificate the config does not self-sign; "
                                + "give another with --issuer NAME)\n"),
                r.out());
        assertTrue(Files.exists(profiles.resolve("cert.yaml")));
    }

    @Test
    void existingProfileIsReplacedOnlyWithForce() throws Exception {
        Path caConf = conf("ca.conf", DEMO_CA_CONF);
        Files.createDirectories(profiles);
        Path existing = Files.writeString(profiles.resolve("ca.yaml"), "# mine\n");
        ToolRun.Result refused = importConf(caConf.toString());
        assertEquals(ExitCodes.OUTPUT_EXISTS, refused.code());
        assertEquals(
                existing + ": exists already; --force replaces it, or give another name with --as NAME",
                refused.errorLine());
        assertEquals("# mine\n", Files.readString(existing));
        assertEquals(0, importConf(caConf.toString(), "--force").code());
        assertTrue(Files.readString(existing).contains("CN: My Test CA"));
        assertEquals(List.of("ca.yaml"), FolderSnapshot.names(profiles), "no temporary files left");
    }

    @Test
    void extensionsDnFieldsAndAltNamesSectionAreMapped() throws Exception {
        Path file = conf("device.cnf", """
                [ req ]
                default_bits = 2048
                default_md = sha384
                prompt = no
                distinguished_name = subject
                req_extensions = device_ext
                string_mask = utf8only

                [ subject ]
                C = DE
                O = Example Devices
                OU = Lab
                CN = device.example.test
                emailAddress = ops@example.test
                serialNumber = 42

                [ device_ext ]
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature, keyEncipherment
                extendedKeyUsage = serverAuth, clientAuth, 1.3.6.1.5.5.7.3.17
                subjectKeyIdentifier = hash
                subjectAltName = @names
                nsComment = "made by hand"

                [ names ]
                DNS.1 = device.example.test
                DNS.2 = *.device.example.test
                IP.1 = 192.0.2.10
                IP.2 = ::1
                email.1 = ops@example.test
                URI.1 = spiffe://example.test/device
                otherName.1 = 1.2.3.4;UTF8:x
                """);
        ToolRun.Result r = importConf(file.toString(), "--issuer", "lab-ca", "--days", "90");
        assertEquals(0, r.code(), r.err());
        Profile p = org.mtlskit.pki.internal.profile.ProfileParser.parse(
                "device", profiles.resolve("device.yaml"), Files.readString(profiles.resolve("device.yaml")));
        assertEquals(KeySpec.RSA_2048, p.key());
        assertEquals(Digest.SHA384, p.digest());
        assertEquals("lab-ca", p.issuer());
        assertFalse(p.ca());
        assertEquals(90, p.validity().days());
        assertEquals(
                "C=DE,O=Example Devices,OU=Lab,CN=device.example.test,E=ops@example.test",
                p.subject().toString());
        assertEquals(Set.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT), p.keyUsage());
        assertEquals(List.of(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH), p.extendedKeyUsage());
        assertEquals(
                List.of("device.example.test", "*.device.example.test"),
                p.subjectAltName().dns());
        assertEquals(List.of("192.0.2.10", "::1"), p.subjectAltName().ip());
        assertEquals(List.of("ops@example.test"), p.subjectAltName().email());
        assertEquals(List.of("spiffe://example.test/device"), p.subjectAltName().uri());
        String unmapped = String.join(
                "\n",
                r.out().lines().filter(l -> l.startsWith("  not mapped: ")).toList());
        assertEquals(
                String.join(
                        "\n",
                        "  not mapped: " + file
                                + ":7: string_mask = utf8only: a profile has no string_mask; from [ req ] it "
                                + "maps default_bits, default_md, distinguished_name and x509_extensions/req_extensions",
                        "  not mapped: " + file
                                + ":15: serialNumber = 42: ca-tool's subject holds CN, O, OU, L, ST, C and "
                                + "emailAddress",
                        "  not mapped: " + file + ":20: extendedKeyUsage = serverAuth, clientAuth, 1.3.6.1.5.5.7.3.17: "
                                + "1.3.6.1.5.5.7.3.17: not an extendedKeyUsage a profile holds; allowed: serverAuth, "
                                + "clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning",
                        "  not mapped: " + file
                                + ":23: nsComment = \"made by hand\": a profile has no nsComment; it holds "
                                + "basicConstraints, keyUsage, extendedKeyUsage and subjectAltName",
                        "  not mapped: " + file
                                + ":32: otherName.1 = 1.2.3.4;UTF8:x: otherName entries have no place in a "
                                + "profile; it holds DNS, IP, email and URI"),
                unmapped);
        assertFalse(r.out().contains("note: issuer"), "no default issuer note with --issuer");
    }

    @Test
    void inlineSubjectAltNameAndIntermediateCa() throws Exception {
        Path file = conf("inter.conf", """
                [ req ]
                prompt = no
                distinguished_name = dn
                x509_extensions = v3_intermediate
                [ dn ]
                CN = Lab Intermediate
                [ v3_intermediate ]
                basicConstraints = critical, CA:TRUE, pathlen:0
                keyUsage = critical, keyCertSign, cRLSign
                subjectAltName = DNS:lab.test, IP:10.0.0.1, critical
                """);
        ToolRun.Result r = importConf(file.toString(), "--issuer", "ca");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": intermediate CA issued by ca, rsa-4096, sha256, 3650 days"), r.out());
        assertTrue(
                r.out()
                        .contains("  not mapped: " + file + ":10: subjectAltName = DNS:lab.test, IP:10.0.0.1, "
                                + "critical: critical: ca-tool writes subjectAltName non-critical (RFC 5280 asks for critical only with "
                                + "an empty subject)\n"),
                r.out());
        Profile p = org.mtlskit.pki.internal.profile.ProfileParser.parse(
                "inter", profiles.resolve("inter.yaml"), Files.readString(profiles.resolve("inter.yaml")));
        assertTrue(p.ca());
        assertEquals(0, p.pathLen());
        assertEquals(List.of("lab.test"), p.subjectAltName().dns());
        assertEquals(List.of("10.0.0.1"), p.subjectAltName().ip());
    }

    @Test
    void promptStyleDnTakesTheDefaults() throws Exception {
        Path file = conf("prompting.conf", """
                [ req ]
                distinguished_name = req_dn
                [ req_dn ]
                commonName = Common Name (e.g. server FQDN)
                commonName_default = prompted.test
                commonName_max = 64
                """);
        ToolRun.Result r = importConf(file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("subject CN=prompted.test"), r.out());
        assertTrue(
                r.out()
                        .contains(":4: commonName = Common Name (e.g. server FQDN): a prompt text (prompt is not "
                                + "\"no\"); the value is read from commonName_default\n"),
                r.out());
        assertTrue(
                r.out().contains(":6: commonName_max = 64: a length limit for prompting; ca-tool never prompts\n"),
                r.out());
    }

    // ---- errors ----

    @Test
    void fileWithoutReqSectionIsRefused() throws Exception {
        Path file = conf("openssl-ca.conf", "[ ca ]\ndefault_ca = x\n");
        ToolRun.Result r = importConf(file.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                file + ": has no [ req ] section; import-conf reads openssl req configs such as the demo's ca.conf "
                        + "and cert.conf",
                r.errorLine());
        assertFalse(Files.exists(profiles));
    }

    @Test
    void sectionThatDoesNotExistIsNamedWithItsLine() throws Exception {
        Path file = conf("broken.conf", "[ req ]\nprompt = no\ndistinguished_name = nowhere\n");
        ToolRun.Result r = importConf(file.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                file + ":3: distinguished_name names section [ nowhere ], which the file does not have", r.errorLine());
    }

    @Test
    void reqSectionWithoutDistinguishedNameIsRefused() throws Exception {
        Path file = conf("nodn.conf", "[ req ]\nprompt = no\n");
        ToolRun.Result r = importConf(file.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                file + ": [ req ] has no distinguished_name = SECTION line; a profile needs a subject", r.errorLine());
    }

    @Test
    void serverAuthWithoutSubjectAltNameIsRefused() throws Exception {
        Path file = conf(
                "nosan.conf",
                "[ req ]\nprompt = no\ndistinguished_name = dn\nreq_extensions = ext\n"
                        + "[ dn ]\nCN = localhost\n[ ext ]\nextendedKeyUsage = serverAuth\n");
        ToolRun.Result r = importConf(file.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                file + ":8: extendedKeyUsage serverAuth without a subjectAltName: a serverAuth profile needs a DNS "
                        + "or IP entry, since TLS clients check the hostname against the SAN; add subjectAltName = DNS:NAME to "
                        + "the section",
                r.errorLine());
    }

    @Test
    void dnWithoutUsableFieldIsRefused() throws Exception {
        Path file = conf("emptydn.conf", "[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nUID = 7\n");
        ToolRun.Result r = importConf(file.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                file + ": [ dn ] gives no subject field ca-tool can use (CN, O, OU, L, ST, C, emailAddress); a "
                        + "profile needs a subject",
                r.errorLine());
    }

    @Test
    void missingFileIsOneLineError() {
        Path missing = dir.resolve("missing.conf");
        ToolRun.Result r = importConf(missing.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(missing + ": no such file", r.errorLine());
    }

    @Test
    void badProfileNameIsRefused() throws Exception {
        ToolRun.Result r = importConf(conf("cert.conf", DEMO_CERT_CONF).toString(), "--as", "../x");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                "\"../x\" is not a profile name; use letters, digits, '-', '_' and '.' (give one with --as NAME)",
                r.errorLine());
    }

    @Test
    void daysOutOfRangeIsAUsageError() throws Exception {
        ToolRun.Result r = importConf(conf("cert.conf", DEMO_CERT_CONF).toString(), "--days", "0");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: --days: must be 1 to 36500, got 0\n"), r.err());
        assertFalse(Files.exists(profiles.resolve("cert.yaml")));
    }

    @Test
    void altNamesSectionThatDoesNotExistIsNamedWithItsLine() throws Exception {
        Path file = conf(
                "noalt.conf",
                "[ req ]\nprompt = no\ndistinguished_name = dn\nreq_extensions = ext\n"
                        + "[ dn ]\nCN = localhost\n[ ext ]\nsubjectAltName = @alt_names\n");
        ToolRun.Result r = importConf(file.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                file + ":8: subjectAltName names section [ alt_names ], which the file does not have", r.errorLine());
    }

    @Test
    void fileThatIsNotUtf8IsRefused() throws Exception {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, new byte[] {'[', ' ', 'r', 'e', 'q', ' ', ']', '\n', 'C', 'N', '=', (byte) 0xe9, '\n'});
        ToolRun.Result r = importConf(file.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(file + ": not UTF-8 text; expected an OpenSSL config file", r.errorLine());
    }
}
