package org.mtlskit.pki.internal.verify;

import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.asn1.x509.PolicyMappings;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.x509.ExtensionNames;

/**
 * Decodes the value of every extension a verifier reads (RFC 5280 4.2 and 5.2, 5.3) with its
 * ASN.1 structure, so a malformed one is found before any check reads it and is reported by name,
 * as a refusal, never as a failure of ours further on. Extensions nobody reads are not decoded.
 */
public final class ExtensionChecks {
    private ExtensionChecks() {}

    private static final Map<ASN1ObjectIdentifier, Function<ASN1Primitive, Object>> DECODERS = Map.ofEntries(
            Map.entry(Extension.authorityKeyIdentifier, AuthorityKeyIdentifier::getInstance),
            Map.entry(Extension.subjectKeyIdentifier, SubjectKeyIdentifier::getInstance),
            Map.entry(Extension.basicConstraints, v -> {
                BasicConstraints bc = BasicConstraints.getInstance(v);
                return bc.getPathLenConstraint() == null
                        ? bc
                        : bc.getPathLenConstraint().intValueExact();
            }),
            Map.entry(Extension.keyUsage, KeyUsage::getInstance),
            Map.entry(Extension.extendedKeyUsage, ExtendedKeyUsage::getInstance),
            Map.entry(Extension.subjectAlternativeName, ExtensionChecks::names),
            Map.entry(Extension.issuerAlternativeName, ExtensionChecks::names),
            Map.entry(Extension.certificateIssuer, ExtensionChecks::names),
            Map.entry(Extension.nameConstraints, v -> {
                NameConstraints nc = NameConstraints.getInstance(v);
                for (GeneralSubtree[] trees :
                        new GeneralSubtree[][] {nc.getPermittedSubtrees(), nc.getExcludedSubtrees()}) {
                    for (GeneralSubtree t : trees == null ? new GeneralSubtree[0] : trees) {
                        name(t.getBase());
                    }
                }
                return nc;
            }),
            Map.entry(Extension.policyConstraints, PolicyConstraints::getInstance),
            Map.entry(Extension.certificatePolicies, CertificatePolicies::getInstance),
            Map.entry(Extension.policyMappings, PolicyMappings::getInstance),
            Map.entry(Extension.inhibitAnyPolicy, ASN1Integer::getInstance),
            Map.entry(Extension.authorityInfoAccess, ExtensionChecks::access),
            Map.entry(Extension.subjectInfoAccess, ExtensionChecks::access),
            Map.entry(
                    Extension.cRLDistributionPoints,
                    v -> CRLDistPoint.getInstance(v).getDistributionPoints()),
            Map.entry(Extension.freshestCRL, v -> CRLDistPoint.getInstance(v).getDistributionPoints()),
            Map.entry(Extension.cRLNumber, ASN1Integer::getInstance),
            Map.entry(Extension.deltaCRLIndicator, ASN1Integer::getInstance),
            Map.entry(Extension.issuingDistributionPoint, IssuingDistributionPoint::getInstance),
            Map.entry(Extension.reasonCode, ASN1Enumerated::getInstance),
            Map.entry(
                    Extension.invalidityDate,
                    v -> ASN1GeneralizedTime.getInstance(v).getTimeString()));

    /** The first extension of these whose value cannot be decoded, as "the extension NAME cannot be decoded (why)"; null when none. */
    public static String problem(Extensions extensions) {
        if (extensions == null) {
            return null;
        }
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            String p = problem(extensions.getExtension(oid));
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** What is wrong with one extension's value, or null. */
    public static String problem(Extension e) {
        Function<ASN1Primitive, Object> decoder = DECODERS.get(e.getExtnId());
        if (decoder == null) {
            return null;
        }
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(e.getExtnValue().getOctets());
            if (value == null) {
                throw new IllegalArgumentException("empty value");
            }
            decoder.apply(value);
            return null;
        } catch (java.io.IOException | RuntimeException ex) {
            return "the extension " + ExtensionNames.name(e.getExtnId()) + " cannot be decoded ("
                    + PrintableText.escape(String.valueOf(ex.getMessage())) + ")";
        }
    }

    private static Object names(ASN1Primitive value) {
        for (GeneralName n : GeneralNames.getInstance(value).getNames()) {
            name(n);
        }
        return value;
    }

    private static Object access(ASN1Primitive value) {
        ASN1Sequence seq = ASN1Sequence.getInstance(value);
        for (ASN1Encodable e : seq) {
            name(AccessDescription.getInstance(e).getAccessLocation());
        }
        return AuthorityInformationAccess.getInstance(value);
    }

    /** A name decoded as far as a verifier reads it: the string forms as strings, an address as octets. */
    static void name(GeneralName n) {
        switch (n.getTagNo()) {
            case GeneralName.dNSName, GeneralName.rfc822Name, GeneralName.uniformResourceIdentifier ->
                org.bouncycastle.asn1.ASN1IA5String.getInstance(n.getName());
            case GeneralName.iPAddress -> org.bouncycastle.asn1.ASN1OctetString.getInstance(n.getName());
            case GeneralName.directoryName -> org.bouncycastle.asn1.x500.X500Name.getInstance(n.getName());
            default -> n.getName();
        }
    }
}
