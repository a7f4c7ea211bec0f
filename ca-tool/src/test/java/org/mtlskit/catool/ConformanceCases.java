package org.mtlskit.catool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;
import org.mtlskit.pki.testing.TestKeys;

/**
 * The situations of the conformance table, by kind: malformed extensions, name constraints
 * (budget, wildcards, constraint syntax), the Web PKI profile, and chains a conformant validator
 * accepts that were once refused. Each is built here, in memory, with its expected verdict, the
 * rule behind it and what {@code openssl verify -x509_strict} (3.0) says of it.
 */
final class ConformanceCases {
    private ConformanceCases() {}

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    /**
     * One situation.
     *
     * @param chain    the leaf, then the untrusted certificates in the order given
     * @param rules    rfc5280 or webpki
     * @param expected our failures (empty: valid)
     * @param reason   a text one of our reason lines must hold (null: none required)
     * @param rule     the rule the verdict follows
     * @param openssl  whether openssl verify -x509_strict accepts it
     */
    record Case(
            String kind,
            String name,
            List<Issued> chain,
            List<Issued> anchors,
            String rules,
            String host,
            Set<VerificationFailure> expected,
            String reason,
            String rule,
            boolean openssl) {}

    static Set<VerificationFailure> valid() {
        return EnumSet.noneOf(VerificationFailure.class);
    }

    static Set<VerificationFailure> refused(VerificationFailure first, VerificationFailure... rest) {
        return EnumSet.of(first, rest);
    }

    static final Issued ROOT = TestCertBuilder.ca("Conformance Root", NOW).build();

    static TestCertBuilder server(String cn, Issued issuer) {
        return TestCertBuilder.leaf(cn, NOW).issuer(issuer).eku(KeyPurposeId.id_kp_serverAuth);
    }

    static Issued constrained(String cn, boolean critical, GeneralSubtree[] permitted, GeneralSubtree[] excluded) {
        return TestCertBuilder.ca(cn, NOW)
                .issuer(ROOT)
                .extension(Extension.nameConstraints, critical, new NameConstraints(permitted, excluded))
                .build();
    }

    static GeneralSubtree[] dns(String... names) {
        GeneralSubtree[] out = new GeneralSubtree[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = new GeneralSubtree(new GeneralName(GeneralName.dNSName, names[i]));
        }
        return out;
    }

    static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Issued rootWithAki(String cn, ASN1Encodable aki) {
        return TestCertBuilder.ca(cn, NOW)
                .noAuthorityKeyId()
                .extension("2.5.29.35", false, der(aki))
                .build();
    }

    static KeyPair p384() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Case rfc(
            String kind,
            String name,
            Issued leaf,
            List<Issued> untrusted,
            Issued anchor,
            String host,
            Set<VerificationFailure> expected,
            String reason,
            String rule,
            boolean openssl) {
        return make(kind, name, leaf, untrusted, anchor, "rfc5280", host, expected, reason, rule, openssl);
    }

    static Case web(
            String kind,
            String name,
            Issued leaf,
            List<Issued> untrusted,
            Issued anchor,
            String host,
            Set<VerificationFailure> expected,
            String reason,
            String rule,
            boolean openssl) {
        return make(kind, name, leaf, untrusted, anchor, "webpki", host, expected, reason, rule, openssl);
    }

    private static Case make(
            String kind,
            String name,
            Issued leaf,
            List<Issued> untrusted,
            Issued anchor,
            String rules,
            String host,
            Set<VerificationFailure> expected,
            String reason,
            String rule,
            boolean openssl) {
        List<Issued> chain = new ArrayList<>(List.of(leaf));
        chain.addAll(untrusted);
        return new Case(kind, name, chain, List.of(anchor), rules, host, expected, reason, rule, openssl);
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(malformed());
        cases.addAll(ConformanceNameCases.all());
        cases.addAll(ConformanceWebPkiCases.all());
        cases.addAll(ConformanceAcceptCases.all());
        return cases;
    }

    private static List<Case> malformed() {
        String k = "malformed extension";
        VerificationFailure m = VerificationFailure.MALFORMED;
        String rule = "RFC 5280 4.2.1.1: authorityCertIssuer and authorityCertSerialNumber go together";
        Issued issuerOnly = rootWithAki(
                "AKI Issuer Only Root",
                new DERSequence(
                        new DERTaggedObject(false, 1, new GeneralNames(new GeneralName(new X500Name("CN=Somebody"))))));
        Issued serialOnly =
                rootWithAki("AKI Serial Only Root", new DERSequence(new DERTaggedObject(false, 2, new ASN1Integer(5))));
        KeyPair own = TestKeys.ecKey();
        Issued keyIdOnly = TestCertBuilder.ca("AKI KeyId Root", NOW)
                .key(own)
                .noAuthorityKeyId()
                .extension(
                        "2.5.29.35",
                        false,
                        der(new DERSequence(
                                new DERTaggedObject(false, 0, new org.bouncycastle.asn1.DEROctetString(keyId(own))))))
                .build();
        Issued badSan = server("www.example.com", ROOT)
                .extension("2.5.29.17", false, new byte[] {0x30, 0x03, (byte) 0x82, 0x05, 0x61})
                .build();
        Issued badAia = server("www.example.com", ROOT)
                .dns("www.example.com")
                .extension("1.3.6.1.5.5.7.1.1", false, new byte[] {0x30, 0x02, 0x30, 0x00})
                .build();
        return List.of(
                rfc(
                        k,
                        "root AKI with authorityCertIssuer and no serial",
                        server("www.example.com", issuerOnly)
                                .dns("www.example.com")
                                .build(),
                        List.of(),
                        issuerOnly,
                        "www.example.com",
                        refused(m),
                        "the extension authorityKeyIdentifier cannot be decoded",
                        rule,
                        false),
                web(
                        k,
                        "root AKI with authorityCertIssuer and no serial (webpki)",
                        server("www.example.com", issuerOnly)
                                .dns("www.example.com")
                                .build(),
                        List.of(),
                        issuerOnly,
                        "www.example.com",
                        refused(m),
                        "the extension authorityKeyIdentifier cannot be decoded",
                        rule,
                        false),
                rfc(
                        k,
                        "root AKI with a serial and no authorityCertIssuer",
                        server("www.example.com", serialOnly)
                                .dns("www.example.com")
                                .build(),
                        List.of(),
                        serialOnly,
                        "www.example.com",
                        refused(m),
                        "the extension authorityKeyIdentifier cannot be decoded",
                        rule,
                        false),
                rfc(
                        k,
                        "root AKI with a keyIdentifier only (well-formed)",
                        server("www.example.com", keyIdOnly)
                                .dns("www.example.com")
                                .build(),
                        List.of(),
                        keyIdOnly,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 4.2.1.1: a self-signed certificate's AKI is optional",
                        true),
                rfc(
                        k,
                        "leaf SAN whose dNSName overruns the SEQUENCE",
                        badSan,
                        List.of(),
                        ROOT,
                        "www.example.com",
                        refused(VerificationFailure.HOSTNAME_MISMATCH, m),
                        "the extension subjectAltName cannot be decoded",
                        "RFC 5280 4.2.1.6, X.690 DER",
                        false),
                rfc(
                        k,
                        "leaf AIA with an empty AccessDescription",
                        badAia,
                        List.of(),
                        ROOT,
                        "www.example.com",
                        refused(m),
                        "the extension authorityInfoAccess cannot be decoded",
                        "RFC 5280 4.2.2.1",
                        true));
    }

    static byte[] keyId(KeyPair key) {
        try {
            return new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
                    .createSubjectKeyIdentifier(key.getPublic())
                    .getKeyIdentifier();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued aia(String cn, GeneralName location) {
        return server(cn, ROOT)
                .dns(cn)
                .extension(
                        Extension.authorityInfoAccess,
                        false,
                        new AuthorityInformationAccess(
                                new AccessDescription(AccessDescription.id_ad_caIssuers, location)))
                .build();
    }

    static Issued caAsLeaf() {
        return TestCertBuilder.ca("ca.example.com", NOW)
                .issuer(ROOT)
                .keyUsage(KeyUsage.keyCertSign)
                .eku(KeyPurposeId.id_kp_serverAuth)
                .dns("ca.example.com")
                .build();
    }

    static KeyPair ed25519() {
        return TestKeys.ed25519Key();
    }
}
