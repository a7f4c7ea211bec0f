package org.mtlskit.pki.internal.issue;

import java.io.IOException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.Validity;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * What a profile's defects change in the certificate it makes ({@link Defect}): the fields as they
 * are emitted, shared by {@link Issuance} (which writes them) and {@link org.mtlskit.pki.internal.fixtures.ProfileMatch}
 * (which checks a certificate on disk against them, so that fixtures keeps a broken set as it keeps a
 * good one), and the alterations made after signing.
 */
public final class DefectiveSigning {
    private DefectiveSigning() {}

    /** As {@link X509Certificate#getBasicConstraints()}: -1 for CA:FALSE, MAX_VALUE for a CA without pathLen. */
    public static int basicConstraints(Profile p) {
        boolean ca = p.ca() ? !p.has(Defect.INTERMEDIATE_NOT_CA) : p.has(Defect.CA_TRUE_LEAF);
        if (!ca || p.has(Defect.V1)) {
            return -1;
        }
        return p.pathLen() == null || !p.ca() ? Integer.MAX_VALUE : p.pathLen();
    }

    /** The keyUsage bits emitted; empty when the extension is left out. */
    public static Set<KeyUsageBit> keyUsage(Profile p) {
        if (p.has(Defect.NO_KEY_USAGE) || p.has(Defect.V1)) {
            return Set.of();
        }
        if (!p.has(Defect.KEY_USAGE_WITHOUT_DIGITAL_SIGNATURE)) {
            return p.keyUsage();
        }
        Set<KeyUsageBit> bits = EnumSet.noneOf(KeyUsageBit.class);
        bits.addAll(p.keyUsage());
        bits.remove(KeyUsageBit.DIGITAL_SIGNATURE);
        if (bits.isEmpty()) {
            bits.add(p.key().isRsa() ? KeyUsageBit.KEY_ENCIPHERMENT : KeyUsageBit.KEY_AGREEMENT);
        }
        return bits;
    }

    /** The purposes emitted; empty when the extension is left out. */
    public static List<ExtendedKeyUsage> extendedKeyUsage(Profile p) {
        if (p.has(Defect.NO_EXTENDED_KEY_USAGE) || p.has(Defect.V1)) {
            return List.of();
        }
        if (!p.has(Defect.WRONG_EXTENDED_KEY_USAGE)) {
            return p.extendedKeyUsage();
        }
        return p.extendedKeyUsage().contains(ExtendedKeyUsage.CLIENT_AUTH)
                ? List.of(ExtendedKeyUsage.SERVER_AUTH)
                : List.of(ExtendedKeyUsage.CLIENT_AUTH);
    }

    public static SubjectAltNames subjectAltName(Profile p) {
        return p.has(Defect.NO_SUBJECT_ALT_NAME) || p.has(Defect.V1) ? SubjectAltNames.NONE : p.subjectAltName();
    }

    /** nameConstraints of a CA profile, and the unknown critical extension a defect asks for. */
    static List<Extension> extraExtensions(Profile p) throws IOException {
        List<Extension> extensions = new ArrayList<>();
        if (!p.extras().permittedDns().isEmpty()) {
            GeneralSubtree[] permitted = p.extras().permittedDns().stream()
                    .map(d -> new GeneralSubtree(new GeneralName(GeneralName.dNSName, d)))
                    .toArray(GeneralSubtree[]::new);
            // RFC 5280 4.2.1.10: conforming CAs MUST mark this extension as critical.
            extensions.add(
                    new Extension(Extension.nameConstraints, true, new NameConstraints(permitted, null).getEncoded()));
        }
        if (p.has(Defect.UNKNOWN_CRITICAL_EXTENSION)) {
            extensions.add(new Extension(
                    new ASN1ObjectIdentifier(Defaults.UNKNOWN_CRITICAL_EXTENSION_OID),
                    true,
                    new DERUTF8String("mtlskit: an extension no one knows, marked critical on purpose").getEncoded()));
        }
        return extensions;
    }

    /** An X.509 v1 certificate: no extensions at all, so no basicConstraints, keyUsage, EKU or SAN. */
    static X509Certificate v1(
            Profile p,
            X500Name subject,
            PublicKey subjectKey,
            Issuance.Issuer issuer,
            Validity.Window window,
            SecureRandom random) {
        X500Name issuerName = X500Name.getInstance(
                issuer.certificate().getSubjectX500Principal().getEncoded());
        JcaX509v1CertificateBuilder builder = new JcaX509v1CertificateBuilder(
                issuerName,
                Issuance.serial(random),
                Date.from(window.notBefore()),
                Date.from(window.notAfter()),
                subject,
                subjectKey);
        try {
            return finish(
                    p,
                    new JcaX509CertificateConverter()
                            .getCertificate(builder.build(Issuance.signer(p.digest(), issuer.key(), random))));
        } catch (CertificateException e) {
            throw new IllegalStateException("the certificate just made cannot be read back", e);
        }
    }

    /** The certificate as signed, or with its signature altered for the badSignature defect. */
    static X509Certificate finish(Profile p, X509Certificate signed) {
        return p.has(Defect.BAD_SIGNATURE) ? flipSignature(signed) : signed;
    }

    /**
     * The same certificate with the last bit of its signature flipped. Applied twice it gives back
     * the original, which is how fixtures checks that a badSignature certificate on disk is still
     * the one its issuer signed.
     */
    public static X509Certificate flipSignature(X509Certificate cert) {
        try {
            Certificate c = Certificate.getInstance(cert.getEncoded());
            byte[] sig = c.getSignature().getOctets();
            sig[sig.length - 1] ^= 0x01;
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(c.getTBSCertificate());
            v.add(c.getSignatureAlgorithm());
            v.add(new DERBitString(sig));
            return new JcaX509CertificateConverter()
                    .getCertificate(new org.bouncycastle.cert.X509CertificateHolder(
                            Certificate.getInstance(new DERSequence(v))));
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot re-encode a certificate to alter its signature", e);
        }
    }
}
