package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;
import org.mtlskit.pki.testing.TestKeys;
import org.mtlskit.testing.ToolRun;

/**
 * ca-tool verify on certificates that parse as DER but break X.509's rules (refused, exit 7, with
 * the rule; no longer exit 4), and on the Web PKI rules that only --rules webpki applies.
 */
class MalformedAndWebPkiVerdictTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Issued ROOT = TestCertBuilder.ca("Strict Root", NOW).build();

    @TempDir
    Path dir;

    private Path file(String name, String pem) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, pem);
        return f;
    }

    private ToolRun.Result verify(Path leaf, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "verify",
                leaf.toString(),
                "--ca",
                file("root.pem", Pem.certificates(List.of(ROOT.cert()))).toString(),
                "--at",
                NOW.toString()));
        args.addAll(List.of(more));
        return ToolRun.caTool(args.toArray(String[]::new));
    }

    private static Issued server() {
        return TestCertBuilder.leaf("host.test", NOW)
                .issuer(ROOT)
                .eku(KeyPurposeId.id_kp_serverAuth)
                .dns("host.test")
                .build();
    }

    private void assertMalformed(Path leaf, String rule, String... more) throws IOException {
        ToolRun.Result r = verify(leaf, more);
        assertEquals(ExitCodes.VERIFICATION_FAILED, r.code(), r.out() + r.err());
        assertTrue(
                r.out().startsWith(leaf + ": verification failed: ") && r.out().contains("Malformed certificate"),
                r.out());
        assertTrue(r.out().contains(rule), r.out());
        assertEquals("", r.err());
    }

    private byte[] rewrite(Issued cert, UnaryOperator<ASN1EncodableVector> change, AlgorithmIdentifier outer) {
        return MalformedCerts.rewritten(cert.cert(), ROOT.key().getPrivate(), change, outer);
    }

    @Test
    void duplicateExtensionIsRefusedAsMalformed() throws IOException {
        byte[] der = rewrite(
                server(),
                v -> {
                    ASN1Sequence exts = ASN1Sequence.getInstance(
                            ASN1TaggedObject.getInstance(v.get(7)).getExplicitBaseObject());
                    ASN1EncodableVector twice = new ASN1EncodableVector();
                    exts.forEach(twice::add);
                    twice.add(exts.getObjectAt(exts.size() - 1));
                    return MalformedCerts.replace(v, 7, new DERTaggedObject(true, 3, new DERSequence(twice)));
                },
                null);
        assertMalformed(file("dup.pem", MalformedCerts.pem(der)), "appears twice");
    }

    @Test
    void signatureAlgorithmThatDiffersFromTheTbsIsRefusedAsMalformed() throws IOException {
        byte[] der = rewrite(server(), v -> v, new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384));
        assertMalformed(file("mismatch.pem", MalformedCerts.pem(der)), "signature algorithm of the TBS differs");
    }

    @Test
    void explicitCurveParametersAreRefusedAsMalformed() throws IOException {
        Issued leaf = server();
        SubjectPublicKeyInfo named =
                SubjectPublicKeyInfo.getInstance(leaf.key().getPublic().getEncoded());
        SubjectPublicKeyInfo explicit = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(
                        X9ObjectIdentifiers.id_ecPublicKey, new X962Parameters(ECNamedCurveTable.getByName("P-256"))),
                named.getPublicKeyData().getBytes());
        byte[] der = rewrite(leaf, v -> MalformedCerts.replace(v, 6, explicit), null);
        assertMalformed(file("explicit.pem", MalformedCerts.pem(der)), "explicit curve parameters");
    }

    @Test
    void issuerWithAnInvalidKeyIsRefusedAsMalformed() throws IOException {
        Issued ca = TestCertBuilder.ca("Broken Key CA", NOW).issuer(ROOT).build();
        SubjectPublicKeyInfo evenModulus = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(BigInteger.ONE.shiftLeft(2047), BigInteger.valueOf(65537)));
        byte[] brokenCa = rewrite(ca, v -> MalformedCerts.replace(v, 6, evenModulus), null);
        Path leaf = file(
                "leaf.pem",
                Pem.certificates(List.of(TestCertBuilder.leaf("host.test", NOW)
                        .issuer(ca)
                        .dns("host.test")
                        .build()
                        .cert())));
        Path untrusted = file("broken-ca.pem", MalformedCerts.pem(brokenCa));
        assertMalformed(leaf, "public key is invalid", "--untrusted", untrusted.toString());
    }

    @Test
    void fileThatIsNoCertificateAtAllIsStillUnusableInput() throws IOException {
        Path junk = file("junk.pem", MalformedCerts.pem(new DERSequence(DERNull.INSTANCE).getEncoded()));
        ToolRun.Result r = verify(junk);
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(junk + ": certificate 1 is not an X.509 certificate", r.errorLine());
    }

    // ---- webpki ----

    private void assertOnlyWebPkiRefuses(Issued leaf, String host, String words) throws IOException {
        Path f = file("webpki.pem", Pem.certificates(List.of(leaf.cert())));
        ToolRun.Result rfc = verify(f, "--purpose", "server", "--hostname", host);
        assertEquals(ExitCodes.OK, rfc.code(), rfc.out());
        ToolRun.Result web = verify(f, "--purpose", "server", "--hostname", host, "--rules", "webpki");
        assertTrue(web.out().startsWith(f + ": verification failed: " + words + "\n  "), web.out());
        assertTrue(
                web.out().contains(": BR "), "each broken rule names its Baseline Requirements section: " + web.out());
        assertEquals(ExitCodes.VERIFICATION_FAILED, web.code());
    }

    private static TestCertBuilder webLeaf(String cn) {
        return TestCertBuilder.leaf(cn, NOW).issuer(ROOT).eku(KeyPurposeId.id_kp_serverAuth);
    }

    @Test
    void bothRuleSetsRefuseRsaUnder2048AndSha1UnlessWeakAlgorithmsAreAllowed() throws Exception {
        for (Issued weak : List.of(
                webLeaf("host.test").dns("host.test").key(TestKeys.rsaKey(1024)).build(),
                webLeaf("host.test")
                        .dns("host.test")
                        .signedWith("SHA1withECDSA")
                        .build())) {
            Path f = file("weak.pem", Pem.certificates(List.of(weak.cert())));
            String words = weak.cert().getSigAlgName().startsWith("SHA1")
                    ? "Signature hash not acceptable"
                    : "Key not acceptable";
            for (String rules : List.of("rfc5280", "webpki")) {
                ToolRun.Result run = verify(f, "--purpose", "server", "--hostname", "host.test", "--rules", rules);
                assertTrue(
                        run.out().startsWith(f + ": verification failed: " + words + "\n"), rules + ": " + run.out());
                assertEquals(ExitCodes.VERIFICATION_FAILED, run.code());
            }
            ToolRun.Result allowed =
                    verify(f, "--purpose", "server", "--hostname", "host.test", "--allow-weak-algorithms");
            assertEquals(ExitCodes.OK, allowed.code(), allowed.out());
        }
    }

    @Test
    void webPkiRefusesWeakKeys() throws Exception {
        assertOnlyWebPkiRefuses(
                webLeaf("host.test").dns("host.test").key(TestKeys.rsaKey(2052)).build(),
                "host.test",
                "Key not acceptable");
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        KeyPair dsaKey = dsa.generateKeyPair();
        assertOnlyWebPkiRefuses(
                webLeaf("host.test").dns("host.test").key(dsaKey).build(), "host.test", "Key not acceptable");
    }

    @Test
    void webPkiRefusesWhatTheBaselineRequirementsForbid() throws Exception {
        assertOnlyWebPkiRefuses(
                TestCertBuilder.leaf("host.test", NOW)
                        .issuer(ROOT)
                        .eku(KeyPurposeId.anyExtendedKeyUsage)
                        .dns("host.test")
                        .build(),
                "host.test",
                "Web PKI rule broken");
        assertOnlyWebPkiRefuses(
                TestCertBuilder.leaf("host.test", NOW)
                        .issuer(ROOT)
                        .dns("host.test")
                        .extension("2.5.29.37", true, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth).getEncoded())
                        .build(),
                "host.test",
                "Web PKI rule broken");
        assertOnlyWebPkiRefuses(webLeaf("127.0.0.001").ip("127.0.0.1").build(), "127.0.0.1", "Web PKI rule broken");
        assertOnlyWebPkiRefuses(webLeaf("other.test").dns("host.test").build(), "host.test", "Web PKI rule broken");
        assertOnlyWebPkiRefuses(webLeaf("x.test").dns("*.test", "x.test").build(), "x.test", "Web PKI rule broken");
        assertOnlyWebPkiRefuses(
                webLeaf("host.test")
                        .extension(
                                "2.5.29.17",
                                true,
                                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                                                org.bouncycastle.asn1.x509.GeneralName.dNSName, "host.test"))
                                        .getEncoded())
                        .build(),
                "host.test",
                "Web PKI rule broken");
        assertOnlyWebPkiRefuses(
                TestCertBuilder.ca("host.test", NOW)
                        .issuer(ROOT)
                        .keyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature
                                | org.bouncycastle.asn1.x509.KeyUsage.keyCertSign)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("host.test")
                        .build(),
                "host.test",
                "Web PKI rule broken");
        Issued ekuRoot = TestCertBuilder.ca("EKU Root", NOW)
                .eku(KeyPurposeId.id_kp_serverAuth)
                .build();
        Path leaf = file(
                "under-eku-root.pem",
                Pem.certificates(List.of(TestCertBuilder.leaf("host.test", NOW)
                        .issuer(ekuRoot)
                        .dns("host.test")
                        .build()
                        .cert())));
        Path rootFile = file("eku-root.pem", Pem.certificates(List.of(ekuRoot.cert())));
        assertEquals(
                ExitCodes.OK,
                ToolRun.caTool("verify", leaf.toString(), "--ca", rootFile.toString(), "--at", NOW.toString())
                        .code());
        ToolRun.Result r = ToolRun.caTool(
                "verify", leaf.toString(), "--ca", rootFile.toString(), "--at", NOW.toString(), "--rules", "webpki");
        assertTrue(r.out().startsWith(leaf + ": verification failed: Web PKI rule broken\n"), r.out());
        assertTrue(r.out().contains("CN=EKU Root: BR 7.1.2.1.2: a root carries no extendedKeyUsage"), r.out());
    }

    @Test
    void unknownRuleSetIsAUsageError() throws IOException {
        ToolRun.Result r = verify(file("any.pem", Pem.certificates(List.of(server().cert()))), "--rules", "browser");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: --rules: expected rfc5280 or webpki, got \"browser\""), r.err());
    }
}
