package org.mtlskit.pki.internal.x509;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/** The names of X.509 extensions, as RFC 5280 and OpenSSL's configs spell them; others go by OID. */
public final class ExtensionNames {
    private ExtensionNames() {}

    private static final Map<ASN1ObjectIdentifier, String> NAMES = Map.ofEntries(
            Map.entry(Extension.basicConstraints, "basicConstraints"),
            Map.entry(Extension.keyUsage, "keyUsage"),
            Map.entry(Extension.extendedKeyUsage, "extendedKeyUsage"),
            Map.entry(Extension.subjectAlternativeName, "subjectAltName"),
            Map.entry(Extension.issuerAlternativeName, "issuerAltName"),
            Map.entry(Extension.subjectKeyIdentifier, "subjectKeyIdentifier"),
            Map.entry(Extension.authorityKeyIdentifier, "authorityKeyIdentifier"),
            Map.entry(Extension.cRLNumber, "cRLNumber"),
            Map.entry(Extension.reasonCode, "cRLReason"),
            Map.entry(Extension.invalidityDate, "invalidityDate"),
            Map.entry(Extension.cRLDistributionPoints, "crlDistributionPoints"),
            Map.entry(Extension.authorityInfoAccess, "authorityInfoAccess"),
            Map.entry(Extension.certificatePolicies, "certificatePolicies"),
            Map.entry(Extension.nameConstraints, "nameConstraints"),
            Map.entry(Extension.policyConstraints, "policyConstraints"),
            Map.entry(Extension.inhibitAnyPolicy, "inhibitAnyPolicy"),
            Map.entry(Extension.deltaCRLIndicator, "deltaCRLIndicator"),
            Map.entry(Extension.issuingDistributionPoint, "issuingDistributionPoint"),
            Map.entry(new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"), "ctPrecertificateScts"),
            Map.entry(new ASN1ObjectIdentifier("2.16.840.1.113730.1.13"), "nsComment"));

    /** The extension's name, or its OID in dotted form when it has none here. */
    public static String name(ASN1ObjectIdentifier oid) {
        return NAMES.getOrDefault(oid, oid.getId());
    }
}
