package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** ca-tool show: every field, days left against the injected clock, and never private material. */
class ShowCommandTest {
    /** When the set is made; show runs ten days later. */
    private static final Instant MADE = Instant.parse("2026-03-01T10:00:00Z");

    private static final Clock TEN_DAYS_LATER = Clock.fixed(MADE.plus(Duration.ofDays(10)), ZoneOffset.UTC);

    @TempDir
    static Path root;

    static Path keys;
    static Path profiles;
    static Path rsaKey;

    @BeforeAll
    static void makeSet() {
        Map<String, String> set = new java.util.LinkedHashMap<>(TestPki.demoProfiles("ec-p256"));
        set.put("ca", TestPki.ca("ec-p256") + "crl:\n  days: 30\n"); // revoke needs a CA that publishes a CRL
        set.put(
                "inter",
                "ca: true\nissuer: ca\nkey: ec-p256\nsubject:\n  CN: Test Intermediate\n"
                        + "extensions:\n  basicConstraints:\n    pathLen: 0\n");
        set.put(
                "inner",
                "issuer: inter\nkey: ec-p256\nsubject:\n  CN: inner.test\nextensions:\n"
                        + "  extendedKeyUsage: [serverAuth, clientAuth]\n  subjectAltName:\n    dns: [inner.test]\n"
                        + "    ip: [127.0.0.1, \"::1\"]\n    email: [ops@inner.test]\n    uri: [\"spiffe://test/inner\"]\n");
        keys = TestPki.makeSet(root, set, Clock.fixed(MADE, ZoneOffset.UTC));
        profiles = root.resolve("profiles");
        rsaKey = root.resolve("rsa_key.pem");
        Programs.opensslOk(root, "genrsa", "-out", rsaKey.toString(), "2048");
    }

    static ToolRun.Result show(String... args) {
        List<String> all = new ArrayList<>(List.of("show"));
        all.addAll(List.of(args));
        return ToolRun.caTool(TEN_DAYS_LATER, all.toArray(String[]::new));
    }

    /** The value after "prefix" in openssl's output; openssl 3.0 writes "sha256 Fingerprint=", later ones "SHA256". */
    static String opensslValue(String output, String prefix) {
        return output.lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(prefix + " not in:\n" + output))
                .substring(prefix.length());
    }

    @Test
    void certificateShowsSubjectIssuerSerialValidityKeyExtensionsAndFingerprint() {
        Path cert = keys.resolve("server_cert.pem");
        ToolRun.Result r = show(cert.toString());
        assertEquals(0, r.code(), r.err());
        String serial =
                opensslValue(Programs.opensslOk(root, "x509", "-noout", "-serial", "-in", cert.toString()), "serial=");
        String fingerprint = opensslValue(
                Programs.opensslOk(root, "x509", "-noout", "-fingerprint", "-sha256", "-in", cert.toString()),
                "SHA256 Fingerprint=");
        List<String> lines = r.out().lines().toList();
        assertEquals(cert + ": certificate", lines.get(0));
        assertEquals("  subject:    CN=localhost", lines.get(1));
        assertEquals("  issuer:     CN=My Test CA", lines.get(2));
        assertEquals("  serial:     " + new BigInteger(serial, 16).toString(16), lines.get(3));
        assertEquals("  valid:      2026-03-01T10:00:00Z to 2027-03-01T10:00:00Z (355 days left)", lines.get(4));
        assertTrue(lines.get(5).startsWith("  key:        EC P-256, public key SHA-256 "), lines.get(5));
        assertEquals("  signature:  ecdsa-with-SHA256, version 3", lines.get(6));
        assertEquals("  extensions:", lines.get(7));
        assertEquals("    basicConstraints (critical): CA:FALSE", lines.get(8));
        assertEquals("    keyUsage (critical): digitalSignature", lines.get(9));
        assertEquals("    extendedKeyUsage: serverAuth", lines.get(10));
        assertEquals("    subjectAltName: DNS:localhost", lines.get(11));
        assertTrue(lines.get(12).matches("    subjectKeyIdentifier: ([0-9A-F]{2}:){19}[0-9A-F]{2}"), lines.get(12));
        assertTrue(
                lines.get(13).matches("    authorityKeyIdentifier: keyid ([0-9A-F]{2}:){19}[0-9A-F]{2}"),
                lines.get(13));
        assertEquals("  SHA-256:    " + fingerprint, lines.get(14));
    }

    @Test
    void chainFileShowsEachCertificateAndEverySanKind() {
        ToolRun.Result r = show(keys.resolve("inner_cert.pem").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("inner_cert.pem: certificate (1 of 2)"), r.out());
        assertTrue(r.out().contains("inner_cert.pem: certificate (2 of 2)"), r.out());
        assertTrue(
                r.out()
                        .contains("    subjectAltName: DNS:inner.test, IP:127.0.0.1, IP:0:0:0:0:0:0:0:1, "
                                + "email:ops@inner.test, URI:spiffe://test/inner"),
                r.out());
        assertTrue(r.out().contains("    extendedKeyUsage: serverAuth, clientAuth"), r.out());
        assertTrue(r.out().contains("    basicConstraints (critical): CA:TRUE, pathlen:0"), r.out());
        assertTrue(r.out().contains("    keyUsage (critical): keyCertSign, cRLSign"), r.out());
    }

    @Test
    void expiredCertificateSaysSo() {
        Clock later = Clock.fixed(MADE.plus(Duration.ofDays(400)), ZoneOffset.UTC);
        ToolRun.Result r =
                ToolRun.caTool(later, "show", keys.resolve("client_cert.pem").toString());
        assertTrue(r.out().contains("(EXPIRED 35 days ago)"), r.out());
    }

    @Test
    void privateKeysShowOnlyPublicFacts() throws Exception {
        ToolRun.Result text =
                show(rsaKey.toString(), keys.resolve("server_key.pem").toString());
        ToolRun.Result json =
                show("--json", rsaKey.toString(), keys.resolve("server_key.pem").toString());
        assertEquals(0, text.code(), text.err());
        Path pub = root.resolve("rsa_pub.der");
        Programs.opensslOk(
                root, "pkey", "-in", rsaKey.toString(), "-pubout", "-outform", "DER", "-out", pub.toString());
        String expected = HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pub)));
        assertTrue(
                text.out()
                        .contains(rsaKey + ": private key (public facts only)\n  key:        RSA-2048, public key "
                                + "SHA-256 " + expected + "\n"),
                text.out());

        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) Pem.readPrivateKey(rsaKey);
        ECPrivateKey ec = (ECPrivateKey) Pem.readPrivateKey(keys.resolve("server_key.pem"));
        for (BigInteger secret : List.of(rsa.getPrivateExponent(), rsa.getPrimeP(), rsa.getModulus(), ec.getS())) {
            for (String form : hexForms(secret)) {
                assertFalse(text.out().contains(form) || json.out().contains(form), "private material printed");
            }
        }
        JsonNode key = new ObjectMapper()
                .readTree(json.out())
                .get("files")
                .get(0)
                .get("objects")
                .get(0);
        assertEquals(List.of("kind", "encrypted", "publicKey"), fieldNames(key));
        assertEquals(List.of("algorithm", "bits", "curve", "sha256"), fieldNames(key.get("publicKey")));
    }

    private static List<String> hexForms(BigInteger value) {
        String hex = value.toString(16);
        String tail = hex.substring(Math.max(0, hex.length() - 16)); // any 8 bytes of it would be a leak
        return List.of(
                tail,
                tail.toUpperCase(Locale.ROOT),
                HexFormat.ofDelimiter(":")
                        .formatHex(HexFormat.of().parseHex(tail.length() % 2 == 0 ? tail : "0" + tail)));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void encryptedKeyIsShownAsEncrypted() throws Exception {
        Path encrypted = root.resolve("encrypted_key.pem");
        Programs.opensslOk(
                root,
                "pkey",
                "-in",
                rsaKey.toString(),
                "-aes256",
                "-passout",
                "pass:secret-pass",
                "-out",
                encrypted.toString());
        ToolRun.Result r = show(encrypted.toString());
        assertEquals(
                encrypted + ": private key (public facts only)\n  key:        encrypted; its type shows once "
                        + "decrypted\n",
                r.out());
    }

    @Test
    void csrShowsRequestedExtensionsAndWhetherItsSignatureVerifies() {
        ToolRun.Result r = show(keys.resolve("server_csr.pem").toString());
        assertTrue(r.out().contains("  signature:  ecdsa-with-SHA256, verifies\n"), r.out());
        assertTrue(r.out().contains("  requested:\n    basicConstraints (critical): CA:FALSE\n"), r.out());
        assertTrue(r.out().contains("    subjectAltName: DNS:localhost\n"), r.out());
    }

    @Test
    void crlShowsItsRevokedEntries() {
        ToolRun.Result revoke = ToolRun.caTool(
                TEN_DAYS_LATER,
                "revoke",
                "client",
                "--reason",
                "keyCompromise",
                "--out",
                keys.toString(),
                "--profiles",
                profiles.toString());
        assertEquals(0, revoke.code(), revoke.err());
        assertEquals(
                0,
                ToolRun.caTool(TEN_DAYS_LATER, "crl", "ca", "--out", keys.toString(), "--profiles", profiles.toString())
                        .code());
        ToolRun.Result r = show(keys.resolve("ca_crl.pem").toString());
        assertEquals(0, r.code(), r.err());
        String serial = Pem.readCertificates(keys.resolve("client_cert.pem"))
                .get(0)
                .getSerialNumber()
                .toString(16);
        assertTrue(r.out().contains("  issuer:     CN=My Test CA\n"), r.out());
        assertTrue(
                r.out().contains("  revoked:    1\n    " + serial + " at 2026-03-11T10:00:00Z, keyCompromise\n"),
                r.out());
        assertTrue(r.out().contains("    cRLNumber: "), r.out());
    }

    @Test
    void extensionWithoutANameIsShownByOidAsHex() {
        Instant now = TEN_DAYS_LATER.instant();
        TestCertBuilder.Issued cert = TestCertBuilder.ca("Odd CA", now)
                .extension("1.3.6.1.4.1.55555.1", false, new byte[] {0x04, 0x02, (byte) 0xbe, (byte) 0xef})
                .build();
        Path file = root.resolve("odd.pem");
        writeCert(file, cert);
        ToolRun.Result r = show(file.toString());
        assertTrue(r.out().contains("    1.3.6.1.4.1.55555.1: DER 0402beef\n"), r.out());
    }

    private static void writeCert(Path file, TestCertBuilder.Issued cert) {
        try {
            Files.writeString(file, Pem.certificates(List.of(cert.cert())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- --json, read back into the documented schema ----

    record ShowJson(String schema, String now, List<FileJson> files) {}

    record FileJson(String file, List<JsonNode> objects) {}

    record KeyJson(String algorithm, int bits, String curve, String sha256) {}

    record ExtensionJson(String oid, String name, boolean critical, JsonNode value) {}

    record CertificateJson(
            String kind,
            int version,
            String subject,
            String issuer,
            String serial,
            String signatureAlgorithm,
            String notBefore,
            String notAfter,
            long daysLeft,
            String status,
            boolean selfIssued,
            KeyJson publicKey,
            List<ExtensionJson> extensions,
            String sha256) {}

    record CsrJson(
            String kind,
            String subject,
            String signatureAlgorithm,
            boolean signatureValid,
            KeyJson publicKey,
            List<ExtensionJson> requestedExtensions,
            String sha256) {}

    record KeyItemJson(String kind, boolean encrypted, KeyJson publicKey) {}

    record RevokedJson(String serial, String revocationDate, String reason) {}

    record CrlJson(
            String kind,
            String issuer,
            String signatureAlgorithm,
            String thisUpdate,
            String nextUpdate,
            List<RevokedJson> revoked,
            List<ExtensionJson> extensions,
            String sha256) {}

    /** Unknown fields and missing fields both fail: the JSON has exactly the documented fields. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    @Test
    void jsonNowIsToTheSecondAsTheSchemaShowsIt() throws Exception {
        Clock precise = Clock.fixed(Instant.parse("2026-03-11T10:00:00.123456789Z"), ZoneOffset.UTC);
        ToolRun.Result r = ToolRun.caTool(
                precise, "show", "--json", keys.resolve("inner_cert.pem").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "2026-03-11T10:00:00Z",
                new ObjectMapper().readTree(r.out()).get("now").asText());
    }

    @Test
    void jsonReadsBackIntoTheDocumentedSchema() throws Exception {
        Path cert = keys.resolve("inner_cert.pem");
        assertEquals(
                0,
                ToolRun.caTool(TEN_DAYS_LATER, "crl", "ca", "--out", keys.toString(), "--profiles", profiles.toString())
                        .code());
        ToolRun.Result r = show(
                "--json",
                cert.toString(),
                keys.resolve("inner_csr.pem").toString(),
                keys.resolve("inner_key.pem").toString(),
                keys.resolve("ca_crl.pem").toString());
        assertEquals(0, r.code(), r.err());
        ShowJson show = STRICT.readValue(r.out(), ShowJson.class);
        assertEquals("mtlskit.show/1", show.schema());
        assertEquals("2026-03-11T10:00:00Z", show.now());
        assertEquals(4, show.files().size());
        assertEquals(cert.toString(), show.files().get(0).file());

        List<JsonNode> chain = show.files().get(0).objects();
        assertEquals(2, chain.size());
        CertificateJson leaf = STRICT.treeToValue(chain.get(0), CertificateJson.class);
        assertEquals("certificate", leaf.kind());
        assertEquals(3, leaf.version());
        assertEquals("CN=inner.test", leaf.subject());
        assertEquals("CN=Test Intermediate", leaf.issuer());
        assertEquals(Pem.readCertificates(cert).get(0).getSerialNumber().toString(16), leaf.serial());
        assertEquals("2027-03-01T10:00:00Z", leaf.notAfter());
        assertEquals(355, leaf.daysLeft());
        assertEquals("valid", leaf.status());
        assertFalse(leaf.selfIssued());
        assertEquals(new KeyJson("EC", 256, "P-256", leaf.publicKey().sha256()), leaf.publicKey());
        String fingerprint = opensslValue(
                Programs.opensslOk(root, "x509", "-noout", "-fingerprint", "-sha256", "-in", cert.toString()),
                "SHA256 Fingerprint=");
        assertEquals(fingerprint, leaf.sha256());
        Map<String, ExtensionJson> ext = new java.util.HashMap<>();
        leaf.extensions().forEach(e -> ext.put(e.name(), e));
        assertTrue(ext.get("basicConstraints").critical());
        assertFalse(ext.get("basicConstraints").value().get("ca").asBoolean());
        assertTrue(ext.get("basicConstraints").value().get("pathLen").isNull());
        assertEquals("[\"digitalSignature\"]", ext.get("keyUsage").value().toString());
        assertEquals(
                "[\"serverAuth\",\"clientAuth\"]",
                ext.get("extendedKeyUsage").value().toString());
        assertEquals("2.5.29.17", ext.get("subjectAltName").oid());
        assertEquals(
                "[{\"type\":\"dns\",\"value\":\"inner.test\"},{\"type\":\"ip\",\"value\":\"127.0.0.1\"},"
                        + "{\"type\":\"ip\",\"value\":\"0:0:0:0:0:0:0:1\"},{\"type\":\"email\",\"value\":\"ops@inner.test\"},"
                        + "{\"type\":\"uri\",\"value\":\"spiffe://test/inner\"}]",
                ext.get("subjectAltName").value().toString());
        assertTrue(ext.get("subjectKeyIdentifier").value().isTextual());
        assertTrue(ext.get("authorityKeyIdentifier").value().get("keyId").isTextual());
        CertificateJson intermediate = STRICT.treeToValue(chain.get(1), CertificateJson.class);
        assertEquals(0, intermediate.extensions().get(0).value().get("pathLen").asInt());

        CsrJson csr = STRICT.treeToValue(show.files().get(1).objects().get(0), CsrJson.class);
        assertEquals("csr", csr.kind());
        assertTrue(csr.signatureValid());
        assertEquals(leaf.publicKey(), csr.publicKey());

        KeyItemJson key = STRICT.treeToValue(show.files().get(2).objects().get(0), KeyItemJson.class);
        assertEquals(new KeyItemJson("privateKey", false, leaf.publicKey()), key);

        CrlJson crl = STRICT.treeToValue(show.files().get(3).objects().get(0), CrlJson.class);
        assertEquals("crl", crl.kind());
        assertEquals("CN=My Test CA", crl.issuer());
        assertTrue(crl.extensions().stream()
                .anyMatch(e -> e.name().equals("cRLNumber") && e.value().isNumber()));
        assertTrue(crl.revoked().stream().allMatch(e -> e.serial().matches("[0-9a-f]+") && e.revocationDate() != null));
    }

    // ---- errors ----

    @Test
    void missingFileIsOneLineError() {
        Path missing = root.resolve("missing.pem");
        ToolRun.Result r = show(missing.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(missing + ": no such file", r.errorLine());
    }

    @Test
    void derFileIsOneLineError() throws Exception {
        Path der = root.resolve("cert.der");
        Files.write(
                der, Pem.readCertificates(keys.resolve("ca_cert.pem")).get(0).getEncoded());
        ToolRun.Result r = show(der.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                der + ": is binary DER, expected PEM text with certificates, CSRs, keys or CRLs; convert it with "
                        + "openssl x509 -inform DER (or req, pkey, crl)",
                r.errorLine());
    }

    @Test
    void textThatIsNotPemIsOneLineError() throws Exception {
        Path notes = root.resolve("notes.txt");
        Files.writeString(notes, "hello\n");
        ToolRun.Result r = show(notes.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(notes + ": is not PEM, expected certificates, CSRs, keys or CRLs", r.errorLine());
    }

    @Test
    void damagedPemIsOneLineError() throws Exception {
        Path damaged = root.resolve("damaged.pem");
        String pem = Files.readString(keys.resolve("ca_cert.pem"));
        Files.writeString(damaged, pem.substring(0, pem.length() / 2) + "\n-----END CERTIFICATE-----\n");
        ToolRun.Result r = show(damaged.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                damaged
                        + ": damaged PEM (truncated, or bad base64 or DER inside), expected certificates, CSRs, keys or CRLs",
                r.errorLine());
    }

    @Test
    void emptyFileAndFolderAreOneLineErrors() throws Exception {
        Path empty = Files.writeString(root.resolve("empty.pem"), "");
        ToolRun.Result r = show(empty.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(empty + ": is empty, expected certificates, CSRs, keys or CRLs", r.errorLine());
        ToolRun.Result folder = show(keys.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, folder.code());
        assertEquals(keys + ": is a folder, expected a PEM file", folder.errorLine());
    }
}
