package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.verify.CertificateVerifier;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.internal.verify.VerificationRequest;
import org.mtlskit.pki.internal.verify.VerificationRules;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;
import org.mtlskit.pki.testing.TestKeys;
import org.mtlskit.testing.ToolRun;

/**
 * ca-tool verify: verdict, reasons, exit codes, JSON; and, for every failure kind, the same reasons
 * as the shared CertificateVerifier gives handshake-tool for the same chain.
 */
class VerifyCommandTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long DAY = 86_400;

    @TempDir
    static Path dir;

    static Issued root;
    static Path rootFile;

    @BeforeAll
    static void makeRoot() {
        root = TestCertBuilder.ca("Verify Root", NOW).build();
        rootFile = write("root.pem", root);
    }

    static Path write(String name, Issued... certs) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(
                    file,
                    Pem.certificates(
                            java.util.Arrays.stream(certs).map(Issued::cert).toList()));
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ToolRun.Result verify(String... args) {
        List<String> all = new ArrayList<>(List.of("verify"));
        all.addAll(List.of(args));
        all.addAll(List.of("--at", NOW.toString()));
        return ToolRun.caTool(all.toArray(String[]::new));
    }

    static TestCertBuilder server() {
        return TestCertBuilder.leaf("localhost", NOW)
                .issuer(root)
                .eku(KeyPurposeId.id_kp_serverAuth)
                .dns("localhost");
    }

    @Test
    void validCertificateExitsZeroAndSaysWhatWasChecked() {
        Path leaf = write("valid.pem", server().build());
        ToolRun.Result r =
                verify(leaf.toString(), "--ca", rootFile.toString(), "--purpose", "server", "--hostname", "localhost");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(
                leaf + ": OK (CN=localhost; purpose server; hostname localhost; at 2026-06-01T12:00:00Z)\n", r.out());
    }

    @Test
    void refusedCertificateExitsSevenWithEveryReasonInHandshakeToolsWords() {
        Path leaf = write(
                "expired-other-host.pem",
                server().dns("other.test")
                        .validity(NOW.minusSeconds(30 * DAY), NOW.minusSeconds(DAY))
                        .build());
        ToolRun.Result r = verify(
                leaf.toString(), "--ca", rootFile.toString(), "--purpose", "client", "--hostname", "elsewhere.test");
        assertEquals(ExitCodes.VERIFICATION_FAILED, r.code());
        assertEquals(
                leaf + ": verification failed: Certificate expired, CN mismatch (hostname), Extended key usage "
                        + "mismatch\n",
                r.out());
        assertEquals("", r.err());
    }

    @Test
    void withoutPurposeNeitherKeyUsageNorExtendedKeyUsageIsChecked() {
        Path leaf = write(
                "client-only.pem",
                TestCertBuilder.leaf("client", NOW)
                        .issuer(root)
                        .keyUsage(KeyUsage.keyEncipherment)
                        .eku(KeyPurposeId.id_kp_clientAuth)
                        .build());
        assertEquals(0, verify(leaf.toString(), "--ca", rootFile.toString()).code());
        assertEquals(
                ExitCodes.VERIFICATION_FAILED,
                verify(leaf.toString(), "--ca", rootFile.toString(), "--purpose", "server")
                        .code());
    }

    @Test
    void chainFileVerifiesWithoutUntrustedOption() {
        Issued intermediate =
                TestCertBuilder.ca("Verify Intermediate", NOW).issuer(root).build();
        Issued leaf = TestCertBuilder.leaf("localhost", NOW)
                .issuer(intermediate)
                .dns("localhost")
                .build();
        Path chain = write("chain.pem", leaf, intermediate);
        assertEquals(
                0,
                verify(chain.toString(), "--ca", rootFile.toString(), "--hostname", "localhost")
                        .code());
        Path alone = write("alone.pem", leaf);
        Path untrusted = write("untrusted.pem", intermediate);
        assertEquals(
                ExitCodes.VERIFICATION_FAILED,
                verify(alone.toString(), "--ca", rootFile.toString()).code());
        assertEquals(
                0,
                verify(alone.toString(), "--ca", rootFile.toString(), "--untrusted", untrusted.toString())
                        .code());
    }

    @Test
    void maxDepthBoundsTheIntermediates() {
        Issued intermediate =
                TestCertBuilder.ca("Depth Intermediate", NOW).issuer(root).build();
        Path chain = write(
                "depth.pem",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(intermediate)
                        .dns("localhost")
                        .build(),
                intermediate);
        assertEquals(
                0,
                verify(chain.toString(), "--ca", rootFile.toString(), "--max-depth", "1")
                        .code());
        ToolRun.Result r = verify(chain.toString(), "--ca", rootFile.toString(), "--max-depth", "0");
        assertEquals(ExitCodes.VERIFICATION_FAILED, r.code());
        assertEquals(chain + ": verification failed: Path length exceeded\n", r.out());
        ToolRun.Result bad = verify(chain.toString(), "--ca", rootFile.toString(), "--max-depth", "-1");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().startsWith("ca-tool: error: --max-depth: must be 0 or more, got -1"), bad.err());
    }

    @Test
    void emailIsMatchedAgainstTheSubjectAltName() throws Exception {
        Path leaf = write(
                "email.pem",
                TestCertBuilder.leaf("ops", NOW)
                        .issuer(root)
                        .extension(
                                "2.5.29.17",
                                false,
                                new org.bouncycastle.asn1.x509.GeneralNames(
                                                new GeneralName(GeneralName.rfc822Name, "ops@Example.TEST"))
                                        .getEncoded())
                        .build());
        assertEquals(
                0,
                verify(leaf.toString(), "--ca", rootFile.toString(), "--email", "ops@example.test")
                        .code());
        ToolRun.Result r = verify(leaf.toString(), "--ca", rootFile.toString(), "--email", "dev@example.test");
        assertEquals(leaf + ": verification failed: Email mismatch\n", r.out());
    }

    @Test
    void jsonVerdictReadsBack() throws Exception {
        Path leaf = write("json.pem", server().build());
        ToolRun.Result r = verify(
                leaf.toString(),
                "--ca",
                rootFile.toString(),
                "--purpose",
                "server",
                "--hostname",
                "other.test",
                "--json");
        assertEquals(ExitCodes.VERIFICATION_FAILED, r.code());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("mtlskit.verify/1", json.get("schema").asText());
        assertEquals(leaf.toString(), json.get("file").asText());
        assertEquals("CN=localhost", json.get("subject").asText());
        assertEquals(false, json.get("valid").asBoolean());
        assertEquals(
                "HOSTNAME_MISMATCH", json.get("failures").get(0).get("code").asText());
        assertEquals(
                "CN mismatch (hostname)",
                json.get("failures").get(0).get("words").asText());
        assertEquals("server", json.get("purpose").asText());
        assertEquals("other.test", json.get("hostname").asText());
        assertEquals("2026-06-01T12:00:00Z", json.get("at").asText());
    }

    // ---- the same component as handshake-tool, per failure kind ----

    /** A situation that fails for {@code kind}: the peer chain, the CRLs, the purpose and the host. */
    record Situation(
            VerificationFailure kind,
            List<Issued> chain,
            List<X509CRL> crls,
            CertificateVerifier.Purpose purpose,
            String host,
            List<String> options,
            UnaryOperator<VerificationRequest> request) {
        Situation(
                VerificationFailure kind,
                List<Issued> chain,
                List<X509CRL> crls,
                CertificateVerifier.Purpose purpose,
                String host) {
            this(kind, chain, crls, purpose, host, List.of(), r -> r);
        }
    }

    /** The situations of the failure kinds that came with the RFC 5280 engine and the rule sets. */
    static List<Situation> engineSituations() throws Exception {
        Issued narrowCa = TestCertBuilder.ca("Narrow CA", NOW)
                .issuer(root)
                .extension(
                        "2.5.29.30",
                        true,
                        new NameConstraints(
                                        new GeneralSubtree[] {
                                            new GeneralSubtree(new GeneralName(GeneralName.dNSName, "good.test"))
                                        },
                                        null)
                                .getEncoded())
                .build();
        Issued pathLen0 =
                TestCertBuilder.ca("PathLen 0 CA", NOW).issuer(root).pathLen(0).build();
        Issued below =
                TestCertBuilder.ca("Below PathLen 0", NOW).issuer(pathLen0).build();
        Issued explicitPolicy = TestCertBuilder.ca("Explicit Policy CA", NOW)
                .issuer(root)
                .extension("2.5.29.36", true, new PolicyConstraints(BigInteger.ZERO, null).getEncoded())
                .build();
        Issued intermediate =
                TestCertBuilder.ca("Uncovered CA", NOW).issuer(root).build();
        GeneralSubtree[] many = new GeneralSubtree[600];
        String[] names = new String[600];
        for (int i = 0; i < many.length; i++) {
            many[i] = new GeneralSubtree(new GeneralName(GeneralName.dNSName, "excluded" + i + ".test"));
            names[i] = "name" + i + ".test";
        }
        Issued manyExclusions = TestCertBuilder.ca("Many Exclusions CA", NOW)
                .issuer(root)
                .extension("2.5.29.30", true, new NameConstraints(null, many).getEncoded())
                .build();
        var server = CertificateVerifier.Purpose.SERVER;
        return List.of(
                new Situation(
                        VerificationFailure.NAME_CONSTRAINT_BUDGET,
                        List.of(
                                TestCertBuilder.leaf("localhost", NOW)
                                        .issuer(manyExclusions)
                                        .dns("localhost")
                                        .dns(names)
                                        .build(),
                                manyExclusions),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.NAME_CONSTRAINT,
                        List.of(
                                TestCertBuilder.leaf("evil.test", NOW)
                                        .issuer(narrowCa)
                                        .dns("evil.test")
                                        .build(),
                                narrowCa),
                        List.of(),
                        server,
                        null),
                new Situation(
                        VerificationFailure.UNKNOWN_CRITICAL_EXTENSION,
                        List.of(server().extension("1.3.6.1.4.1.55555.1", true, DERNull.INSTANCE.getEncoded())
                                .build()),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.CRL_NOT_TRUSTED,
                        List.of(server().build()),
                        List.of(crl(root, BigInteger.valueOf(7))),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.REVOCATION_UNKNOWN,
                        List.of(
                                TestCertBuilder.leaf("localhost", NOW)
                                        .issuer(intermediate)
                                        .dns("localhost")
                                        .build(),
                                intermediate),
                        List.of(crl(root, BigInteger.valueOf(7))),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.MALFORMED,
                        List.of(Issued.of(evenRsaModulus(server().build()), null)),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.PROFILE,
                        List.of(server().keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)
                                .build()),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.NAME_SYNTAX,
                        List.of(server().dns("under_score.test").build()),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.PATH_LENGTH,
                        List.of(
                                TestCertBuilder.leaf("localhost", NOW)
                                        .issuer(below)
                                        .dns("localhost")
                                        .build(),
                                below,
                                pathLen0),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.POLICY,
                        List.of(
                                TestCertBuilder.leaf("localhost", NOW)
                                        .issuer(explicitPolicy)
                                        .dns("localhost")
                                        .build(),
                                explicitPolicy),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.EMAIL_MISMATCH,
                        List.of(server().build()),
                        List.of(),
                        server,
                        "localhost",
                        List.of("--email", "ops@example.test"),
                        r -> r.email("ops@example.test")),
                new Situation(
                        VerificationFailure.BAD_KEY,
                        List.of(server().key(TestKeys.rsaKey(1024)).build()),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.BAD_HASH,
                        List.of(server().signedWith("SHA1withECDSA").build()),
                        List.of(),
                        server,
                        "localhost"),
                new Situation(
                        VerificationFailure.WEB_PKI,
                        List.of(TestCertBuilder.leaf("localhost", NOW)
                                .issuer(root)
                                .eku(KeyPurposeId.anyExtendedKeyUsage)
                                .dns("localhost")
                                .build()),
                        List.of(),
                        server,
                        "localhost",
                        List.of("--rules", "webpki"),
                        r -> r.rules(VerificationRules.WEBPKI)));
    }

    @Test
    void everyFailureKindIsReportedAsTheSharedVerifierReportsItToHandshakeTool() throws Exception {
        Issued stranger = TestCertBuilder.ca("Verify Root", NOW).build();
        Issued revoked = server().build();
        X509CRL crl = crl(root, revoked.cert().getSerialNumber());
        List<Situation> situations = new ArrayList<>(engineSituations());
        situations.addAll(List.of(
                new Situation(
                        VerificationFailure.NOT_TRUSTED,
                        List.of(TestCertBuilder.leaf("localhost", NOW)
                                .issuer(stranger)
                                .build()),
                        List.of(),
                        CertificateVerifier.Purpose.CLIENT,
                        null),
                new Situation(
                        VerificationFailure.EXPIRED,
                        List.of(server().validity(NOW.minusSeconds(9 * DAY), NOW.minusSeconds(DAY))
                                .build()),
                        List.of(),
                        CertificateVerifier.Purpose.SERVER,
                        "localhost"),
                new Situation(
                        VerificationFailure.NOT_YET_VALID,
                        List.of(server().validity(NOW.plusSeconds(DAY), NOW.plusSeconds(9 * DAY))
                                .build()),
                        List.of(),
                        CertificateVerifier.Purpose.SERVER,
                        "localhost"),
                new Situation(
                        VerificationFailure.HOSTNAME_MISMATCH,
                        List.of(server().build()),
                        List.of(),
                        CertificateVerifier.Purpose.SERVER,
                        "other.test"),
                new Situation(
                        VerificationFailure.KEY_USAGE,
                        List.of(server().keyUsage(KeyUsage.keyAgreement).build()),
                        List.of(),
                        CertificateVerifier.Purpose.SERVER,
                        "localhost"),
                new Situation(
                        VerificationFailure.EXTENDED_KEY_USAGE,
                        List.of(server().build()),
                        List.of(),
                        CertificateVerifier.Purpose.CLIENT,
                        null),
                new Situation(
                        VerificationFailure.REVOKED,
                        List.of(revoked),
                        List.of(crl),
                        CertificateVerifier.Purpose.SERVER,
                        "localhost")));
        Set<VerificationFailure> covered = EnumSet.noneOf(VerificationFailure.class);
        for (Situation s : situations) {
            Path leaf = write(s.kind() + ".pem", s.chain().toArray(Issued[]::new));
            List<String> args = new ArrayList<>(List.of(
                    leaf.toString(),
                    "--ca",
                    rootFile.toString(),
                    "--purpose",
                    s.purpose() == CertificateVerifier.Purpose.SERVER ? "server" : "client",
                    "--json"));
            if (s.host() != null) {
                args.addAll(List.of("--hostname", s.host()));
            }
            args.addAll(s.options());
            for (X509CRL c : s.crls()) {
                Path crlFile = dir.resolve(s.kind() + "_crl.pem");
                Files.writeString(
                        crlFile,
                        "-----BEGIN X509 CRL-----\n"
                                + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                                        .encodeToString(c.getEncoded())
                                + "\n-----END X509 CRL-----\n");
                args.addAll(List.of("--crl", crlFile.toString()));
            }
            ToolRun.Result r = verify(args.toArray(String[]::new));
            List<String> cliWords = new ArrayList<>();
            new ObjectMapper()
                    .readTree(r.out())
                    .get("failures")
                    .forEach(f -> cliWords.add(f.get("words").asText()));

            // What handshake-tool's PeerVerifier computes for the same peer chain (server side: no hostname).
            List<X509Certificate> chain = s.chain().stream().map(Issued::cert).toList();
            Set<VerificationFailure> shared = CertificateVerifier.verify(s.request()
                    .apply(VerificationRequest.of(chain, List.of(root.cert()), NOW)
                            .crls(s.crls())
                            .purpose(s.purpose())
                            .hostname(s.host())));
            assertEquals(
                    shared.stream().map(VerificationFailure::words).toList(),
                    cliWords,
                    s.kind().name());
            assertTrue(shared.contains(s.kind()), s.kind() + " situation gives " + shared);
            assertEquals(ExitCodes.VERIFICATION_FAILED, r.code());
            covered.addAll(shared);
        }
        // "Certificate missing" is an empty peer chain: handshake-tool's case only; a CERT file always holds one.
        assertEquals(
                Set.of(VerificationFailure.MISSING),
                CertificateVerifier.verify(
                        List.of(), List.of(root.cert()), CertificateVerifier.Purpose.CLIENT, null, NOW));
        covered.add(VerificationFailure.MISSING);
        assertEquals(EnumSet.allOf(VerificationFailure.class), covered, "every failure kind is covered");
    }

    /** The certificate with an RSA key whose modulus is even (no RSA key at all), signed again by the root. */
    static X509Certificate evenRsaModulus(Issued cert) throws IOException {
        var spki = new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                        org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new org.bouncycastle.asn1.pkcs.RSAPublicKey(BigInteger.ONE.shiftLeft(2047), BigInteger.valueOf(65537)));
        return MalformedCerts.read(MalformedCerts.rewritten(
                cert.cert(), root.key().getPrivate(), v -> MalformedCerts.replace(v, 6, spki), null));
    }

    private static X509CRL crl(Issued ca, BigInteger serial) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()),
                Date.from(NOW.minusSeconds(DAY)));
        b.setNextUpdate(Date.from(NOW.plusSeconds(7 * DAY)));
        // no cRLNumber: RFC 5280 5.2.3 requires one, so such a CRL is "CRL not trusted" as well
        b.addCRLEntry(serial, Date.from(NOW.minusSeconds(DAY)), CRLReason.keyCompromise);
        return new JcaX509CRLConverter()
                .getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(ca.key().getPrivate())));
    }

    // ---- errors ----

    @Test
    void unknownPurposeIsAUsageError() {
        ToolRun.Result r = verify("x.pem", "--ca", rootFile.toString(), "--purpose", "both");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: --purpose: expected server or client, got \"both\"\n"), r.err());
    }

    @Test
    void unreadableTimeIsAUsageError() {
        ToolRun.Result r = ToolRun.caTool("verify", "x.pem", "--ca", rootFile.toString(), "--at", "yesterday");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(
                r.err()
                        .startsWith(
                                "ca-tool: error: --at: \"yesterday\" is not a time; write 2030-01-31, 2030-01-31T12:00:00Z (UTC) "
                                        + "or seconds since 1970\n"),
                r.err());
    }

    @Test
    void timeAsSecondsSince1970IsAccepted() {
        Path leaf = write("epoch.pem", server().build());
        ToolRun.Result r = ToolRun.caTool(
                "verify", leaf.toString(), "--ca", rootFile.toString(), "--at", Long.toString(NOW.getEpochSecond()));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().endsWith("at 2026-06-01T12:00:00Z)\n"), r.out());
    }

    @Test
    void missingCertificateFileIsOneLineError() {
        Path missing = dir.resolve("missing.pem");
        ToolRun.Result r = verify(missing.toString(), "--ca", rootFile.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(missing + ": no such file", r.errorLine());
    }

    @Test
    void caFileHoldingAKeyIsOneLineError() throws IOException {
        Path key = dir.resolve("key.pem");
        Files.writeString(
                key, org.mtlskit.pki.internal.pem.Pem.privateKey(root.key().getPrivate()));
        ToolRun.Result r = verify(rootFile.toString(), "--ca", key.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(key + ": holds a private key, expected a certificate", r.errorLine());
    }

    @Test
    void caOptionIsRequired() {
        ToolRun.Result r = ToolRun.caTool("verify", "x.pem");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: Missing required option: '--ca=CA_FILE'"), r.err());
    }
}
