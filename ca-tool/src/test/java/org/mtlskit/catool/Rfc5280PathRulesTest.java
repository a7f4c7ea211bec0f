package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.mtlskit.pki.internal.verify.CertificateVerifier;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.internal.verify.VerificationRequest;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/**
 * The RFC 5280 cases the hand-written verifier got wrong, one kind per test, each built here with
 * Bouncy Castle: name constraints, unknown critical extensions, CRLs that cannot be trusted, the
 * certificate profile's MUSTs, SAN syntax, path building that must back up, and pathLen with a
 * self-issued certificate.
 */
class Rfc5280PathRulesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Issued ROOT = TestCertBuilder.ca("Rules Root", NOW).build();
    private static final Set<VerificationFailure> VALID = EnumSet.noneOf(VerificationFailure.class);
    private static final String UNKNOWN_OID = "1.3.6.1.4.1.55555.7";

    private static TestCertBuilder leaf(String dns, Issued issuer) {
        return TestCertBuilder.leaf(dns, NOW).issuer(issuer).dns(dns);
    }

    private static Set<VerificationFailure> verdict(List<Issued> chain, Issued anchor, List<X509CRL> crls) {
        return CertificateVerifier.verify(
                VerificationRequest.of(chain.stream().map(Issued::cert).toList(), List.of(anchor.cert()), NOW)
                        .crls(crls)
                        .purpose(CertificateVerifier.Purpose.SERVER));
    }

    private static Set<VerificationFailure> verdict(Issued... chain) {
        return verdict(List.of(chain), ROOT, List.of());
    }

    private static byte[] dnsSubtrees(String permitted, String excluded) throws Exception {
        return new NameConstraints(
                        permitted == null
                                ? null
                                : new GeneralSubtree[] {
                                    new GeneralSubtree(new GeneralName(GeneralName.dNSName, permitted))
                                },
                        excluded == null
                                ? null
                                : new GeneralSubtree[] {
                                    new GeneralSubtree(new GeneralName(GeneralName.dNSName, excluded))
                                })
                .getEncoded();
    }

    // ---- name constraints ----

    @Test
    void nameOutsideAnIntermediatesPermittedSubtreeIsRefused() throws Exception {
        Issued ca = TestCertBuilder.ca("Good Only", NOW)
                .issuer(ROOT)
                .extension("2.5.29.30", true, dnsSubtrees("good.test", null))
                .build();
        assertEquals(VALID, verdict(leaf("www.good.test", ca).build(), ca));
        assertEquals(
                Set.of(VerificationFailure.NAME_CONSTRAINT),
                verdict(leaf("evil.test", ca).build(), ca));
    }

    @Test
    void rootsExcludedSubtreeIsHonouredAndALowerCaCannotWidenIt() throws Exception {
        Issued root = TestCertBuilder.ca("Constrained Root", NOW)
                .extension("2.5.29.30", true, dnsSubtrees(null, "evil.test"))
                .build();
        Issued widening = TestCertBuilder.ca("Widening CA", NOW)
                .issuer(root)
                .extension("2.5.29.30", true, dnsSubtrees("evil.test", null))
                .build();
        Issued evil = leaf("www.evil.test", widening).build();
        assertEquals(Set.of(VerificationFailure.NAME_CONSTRAINT), verdict(List.of(evil, widening), root, List.of()));
        Issued plain = TestCertBuilder.ca("Plain CA", NOW).issuer(root).build();
        assertEquals(VALID, verdict(List.of(leaf("other.test", plain).build(), plain), root, List.of()));
    }

    @Test
    void excludedIpRangeRefusesAnAddressInIt() throws Exception {
        byte[] range = {10, 0, 0, 0, (byte) 255, 0, 0, 0};
        Issued ca = TestCertBuilder.ca("No Tens", NOW)
                .issuer(ROOT)
                .extension(
                        "2.5.29.30",
                        true,
                        new NameConstraints(null, new GeneralSubtree[] {
                                    new GeneralSubtree(
                                            new GeneralName(GeneralName.iPAddress, new DEROctetString(range)))
                                })
                                .getEncoded())
                .build();
        assertEquals(
                Set.of(VerificationFailure.NAME_CONSTRAINT),
                verdict(
                        TestCertBuilder.leaf("ten", NOW)
                                .issuer(ca)
                                .ip("10.1.2.3")
                                .build(),
                        ca));
        assertEquals(
                VALID,
                verdict(
                        TestCertBuilder.leaf("eleven", NOW)
                                .issuer(ca)
                                .ip("11.1.2.3")
                                .build(),
                        ca));
    }

    @Test
    void directoryNameConstraintRefusesASubjectOutsideIt() throws Exception {
        Issued ca = TestCertBuilder.ca("Org Only", NOW)
                .issuer(ROOT)
                .extension(
                        "2.5.29.30",
                        true,
                        new NameConstraints(
                                        new GeneralSubtree[] {
                                            new GeneralSubtree(new GeneralName(new X500Name("O=Good")))
                                        },
                                        null)
                                .getEncoded())
                .build();
        assertEquals(
                Set.of(VerificationFailure.NAME_CONSTRAINT),
                verdict(leaf("host.test", ca).build(), ca));
    }

    @Test
    void malformedOrMisplacedNameConstraintsAreRefused() throws Exception {
        Issued badSyntax = TestCertBuilder.ca("Bad Subtree", NOW)
                .issuer(ROOT)
                .extension("2.5.29.30", true, dnsSubtrees("bad_name.test", null))
                .build();
        // host.test is outside the subtree as well
        assertEquals(
                Set.of(VerificationFailure.NAME_CONSTRAINT, VerificationFailure.NAME_SYNTAX),
                verdict(leaf("host.test", badSyntax).build(), badSyntax));
        Issued empty = TestCertBuilder.ca("Empty Subtrees", NOW)
                .issuer(ROOT)
                .extension("2.5.29.30", true, new org.bouncycastle.asn1.DERSequence().getEncoded())
                .build();
        assertEquals(
                Set.of(VerificationFailure.NAME_SYNTAX),
                verdict(leaf("host.test", empty).build(), empty));
        Issued inLeaf = leaf("host.test", ROOT)
                .extension("2.5.29.30", true, dnsSubtrees("host.test", null))
                .build();
        assertEquals(Set.of(VerificationFailure.PROFILE), verdict(inLeaf));
    }

    // ---- unknown critical extensions ----

    @Test
    void unknownCriticalExtensionIsRefusedInLeafIntermediateAndRoot() throws Exception {
        byte[] value = DERNull.INSTANCE.getEncoded();
        Set<VerificationFailure> refused = Set.of(VerificationFailure.UNKNOWN_CRITICAL_EXTENSION);
        assertEquals(
                refused,
                verdict(leaf("host.test", ROOT)
                        .extension(UNKNOWN_OID, true, value)
                        .build()));
        assertEquals(
                VALID,
                verdict(leaf("host.test", ROOT)
                        .extension(UNKNOWN_OID, false, value)
                        .build()));
        Issued ca = TestCertBuilder.ca("Odd CA", NOW)
                .issuer(ROOT)
                .extension(UNKNOWN_OID, true, value)
                .build();
        assertEquals(refused, verdict(leaf("host.test", ca).build(), ca));
        Issued root = TestCertBuilder.ca("Odd Root", NOW)
                .extension(UNKNOWN_OID, true, value)
                .build();
        assertEquals(refused, verdict(List.of(leaf("host.test", root).build()), root, List.of()));
    }

    // ---- CRLs ----

    private static X509CRL crl(Issued ca, BigInteger number, boolean numberCritical) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()),
                Date.from(NOW.minusSeconds(3600)));
        b.setNextUpdate(Date.from(NOW.plusSeconds(86_400)));
        if (number != null) {
            b.addExtension(Extension.cRLNumber, numberCritical, new CRLNumber(number));
        }
        return new JcaX509CRLConverter()
                .getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(ca.key().getPrivate())));
    }

    @Test
    void crlThatCannotBeTrustedRefusesWithItsReason() throws Exception {
        Issued ok = leaf("host.test", ROOT).build();
        assertEquals(VALID, verdict(List.of(ok), ROOT, List.of(crl(ROOT, BigInteger.ONE, false))));
        Set<VerificationFailure> untrusted = Set.of(VerificationFailure.CRL_NOT_TRUSTED);
        assertEquals(untrusted, verdict(List.of(ok), ROOT, List.of(crl(ROOT, null, false))));
        assertEquals(untrusted, verdict(List.of(ok), ROOT, List.of(crl(ROOT, BigInteger.ONE, true))));
        Issued noCrlSign = TestCertBuilder.ca("No CRL Sign", NOW)
                .keyUsage(KeyUsage.keyCertSign)
                .build();
        Set<VerificationFailure> f = verdict(
                List.of(leaf("host.test", noCrlSign).build()),
                noCrlSign,
                List.of(crl(noCrlSign, BigInteger.ONE, false)));
        assertEquals(true, f.contains(VerificationFailure.CRL_NOT_TRUSTED), f.toString());
    }

    // ---- the certificate profile ----

    @Test
    void profileMustsAreChecked() throws Exception {
        Set<VerificationFailure> profile = Set.of(VerificationFailure.PROFILE);
        byte[] akiOfRoot = new AuthorityKeyIdentifier(new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
                        .createSubjectKeyIdentifier(ROOT.key().getPublic())
                        .getKeyIdentifier())
                .getEncoded();
        assertEquals(profile, verdict(leaf("host.test", ROOT).noAuthorityKeyId().build()), "no AKI");
        // the engine also calls a critical AKI an unknown critical extension: it processes none
        assertEquals(
                Set.of(VerificationFailure.UNKNOWN_CRITICAL_EXTENSION, VerificationFailure.PROFILE),
                verdict(leaf("host.test", ROOT)
                        .noAuthorityKeyId()
                        .extension("2.5.29.35", true, akiOfRoot)
                        .build()),
                "critical AKI");
        // an AKI that names another key rules the issuer out, as OpenSSL's X509_check_akid does
        assertEquals(
                Set.of(VerificationFailure.NOT_TRUSTED),
                verdict(leaf("host.test", ROOT)
                        .noAuthorityKeyId()
                        .extension("2.5.29.35", false, new AuthorityKeyIdentifier(new byte[] {1, 2, 3}).getEncoded())
                        .build()),
                "AKI not the issuer's SKI");
        assertEquals(
                profile,
                verdict(leaf("host.test", ROOT)
                        .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)
                        .build()),
                "keyCertSign without CA");
        // RFC 5280 does not forbid a CA certificate as end entity (only --rules webpki refuses it)
        assertEquals(
                VALID,
                verdict(TestCertBuilder.ca("host.test", NOW)
                        .issuer(ROOT)
                        .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)
                        .dns("host.test")
                        .build()),
                "CA:TRUE as a TLS peer");
        assertEquals(
                profile, verdict(leaf("host.test", ROOT).serial(BigInteger.ZERO).build()), "serial 0");
        assertEquals(
                profile,
                verdict(leaf("host.test", ROOT)
                        .serial(BigInteger.ONE.shiftLeft(165))
                        .build()),
                "21 octets");
        Issued softRoot = TestCertBuilder.ca("Soft Root", NOW)
                .noBasicConstraints()
                .extension("2.5.29.19", false, new BasicConstraints(true).getEncoded())
                .build();
        assertEquals(
                profile,
                verdict(List.of(leaf("host.test", softRoot).build()), softRoot, List.of()),
                "root basicConstraints not critical");
        Issued softPolicy = TestCertBuilder.ca("Soft Policy", NOW)
                .issuer(ROOT)
                .extension("2.5.29.36", false, new PolicyConstraints(null, BigInteger.ONE).getEncoded())
                .build();
        assertEquals(
                profile, verdict(leaf("host.test", softPolicy).build(), softPolicy), "policyConstraints not critical");
    }

    @Test
    void dnsNameWithAnUnderscoreIsInvalidSyntax() {
        assertEquals(
                Set.of(VerificationFailure.NAME_SYNTAX),
                verdict(leaf("under_score.test", ROOT).build()));
    }

    // ---- path building ----

    @Test
    void pathBuildingBacksUpWhenTheFirstCandidateIssuerFails() {
        Issued right = TestCertBuilder.ca("Twin CA", NOW).issuer(ROOT).build();
        Issued expiredSameKey = TestCertBuilder.ca("Twin CA", NOW)
                .issuer(ROOT)
                .key(right.key())
                .validity(NOW.minusSeconds(9 * 86_400), NOW.minusSeconds(86_400))
                .build();
        Issued otherKey = TestCertBuilder.ca("Twin CA", NOW).issuer(ROOT).build();
        Issued leaf = leaf("host.test", right).build();
        // the first two candidates fail (other key; expired), the third validates
        assertEquals(VALID, verdict(leaf, otherKey, expiredSameKey, right));
        assertEquals(Set.of(VerificationFailure.EXPIRED), verdict(leaf, otherKey, expiredSameKey));
    }

    @Test
    void hundredIntermediatesOfOneSubjectAreDecided() {
        List<Issued> chain = new ArrayList<>();
        Issued right = TestCertBuilder.ca("Crowded CA", NOW).issuer(ROOT).build();
        chain.add(leaf("host.test", right).build());
        for (int i = 0; i < 100; i++) {
            chain.add(TestCertBuilder.ca("Crowded CA", NOW).issuer(ROOT).build());
        }
        assertEquals(Set.of(VerificationFailure.NOT_TRUSTED), verdict(chain, ROOT, List.of()));
        chain.add(right);
        assertEquals(VALID, verdict(chain, ROOT, List.of()));
    }

    @Test
    void pathLenDoesNotCountSelfIssuedCertificates() {
        Issued ca =
                TestCertBuilder.ca("Rollover CA", NOW).issuer(ROOT).pathLen(0).build();
        Issued rolledOver = TestCertBuilder.ca("Rollover CA", NOW).issuer(ca).build(); // self-issued: new key
        assertEquals(VALID, verdict(leaf("host.test", rolledOver).build(), rolledOver, ca));
        Issued other = TestCertBuilder.ca("Other CA", NOW).issuer(ca).build();
        assertEquals(
                Set.of(VerificationFailure.PATH_LENGTH),
                verdict(leaf("host.test", other).build(), other, ca));
    }
}
