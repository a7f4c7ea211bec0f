package org.mtlskit.pki.internal.verify;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.verify.CertificateVerifier.Purpose;
import org.mtlskit.pki.internal.x509.NameSyntax;

/**
 * What {@link VerificationRules#WEBPKI} adds: the CA/Browser Forum's Baseline Requirements (BR,
 * version 2) certificate profile, for the parts a client can check on the chain it is given. Each
 * broken rule is a {@link VerificationFailure#WEB_PKI} (keys: {@link VerificationFailure#BAD_KEY})
 * with a reason naming the BR section and the certificate.
 * <ul>
 * <li>6.1.5, 7.1.3.1: every key of the path and the anchor is RSA of 2048 bits or more and a
 *     multiple of 8, or EC on P-256, P-384 or P-521; nothing else.</li>
 * <li>7.1.2.7.10 (leaf), 7.1.2.10.6 (CA), 7.1.2.1.2 (root): the leaf carries an EKU, not critical,
 *     with the purpose's key purpose (serverAuth when none is given) and never anyExtendedKeyUsage; a
 *     CA's EKU, where present (CAs issued before 2019 have none, and browsers accept them), holds the
 *     purpose and not anyExtendedKeyUsage; the root has none.</li>
 * <li>7.1.2.11.1, 7.1.2.1.3: an authorityKeyIdentifier holds a keyIdentifier and neither
 *     authorityCertIssuer nor authorityCertSerialNumber.</li>
 * <li>7.1.2.7.7, 7.1.2.10.3: an authorityInformationAccess, where present, is not critical and
 *     lists only id-ad-ocsp and id-ad-caIssuers, each an http:// URI.</li>
 * <li>7.1.2.7.8: the leaf is not a CA. 7.1.2.7.12: its SAN is critical only under an empty subject.
 *     3.2.2.6: no wildcard directly under a top-level label ("*.com").</li>
 * <li>7.1.4.3: each subject CN of the leaf is one of its SAN entries, written exactly as the entry:
 *     a dNSName character for character, an IPv4 address in dotted decimal, an IPv6 address in RFC 5952
 *     form.</li>
 * </ul>
 */
final class WebPkiRules {
    private WebPkiRules() {}

    private static final String ANY_EKU = "2.5.29.37.0";

    static Set<VerificationFailure> check(
            List<X509Certificate> path, X509Certificate anchor, Purpose purpose, List<String> reasons) {
        Set<VerificationFailure> out = EnumSet.noneOf(VerificationFailure.class);
        List<X509Certificate> all = new ArrayList<>(path);
        if (!path.contains(anchor)) {
            all.add(anchor);
        }
        Rules r = new Rules(out, reasons);
        String wanted = (purpose == null ? Purpose.SERVER : purpose).ekuOid();
        for (int i = 0; i < all.size(); i++) {
            X509Certificate c = all.get(i);
            if (!keyAcceptable(c.getPublicKey())) {
                out.add(VerificationFailure.BAD_KEY);
                reasons.add(who(c) + ": BR 6.1.5: the key is not RSA of 2048 bits or more (a multiple of 8) "
                        + "nor EC on P-256, P-384 or P-521");
            }
            r.akiForm(c);
            r.aiaForm(c);
            if (i > 0 && c != anchor) {
                List<String> eku = eku(c);
                if (eku != null && (eku.contains(ANY_EKU) || !eku.contains(wanted))) {
                    r.broken(
                            c,
                            "7.1.2.10.6",
                            "the CA's extendedKeyUsage must list " + keyPurpose(wanted)
                                    + " and not anyExtendedKeyUsage");
                }
            }
        }
        if (anchor.getVersion() >= 3 && anchor.getExtensionValue(Extension.extendedKeyUsage.getId()) != null) {
            r.broken(anchor, "7.1.2.1.2", "a root carries no extendedKeyUsage");
        }
        LeafProfile.check(path.get(0), wanted, r);
        return out;
    }

    /** Collects broken rules. */
    record Rules(Set<VerificationFailure> out, List<String> reasons) {
        void broken(X509Certificate c, String section, String rule) {
            out.add(VerificationFailure.WEB_PKI);
            reasons.add(who(c) + ": BR " + section + ": " + rule);
        }

        void akiForm(X509Certificate c) {
            byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
            if (ext == null) {
                return;
            }
            AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(
                    ASN1OctetString.getInstance(ext).getOctets());
            if (aki.getKeyIdentifier() == null
                    || aki.getAuthorityCertIssuer() != null
                    || aki.getAuthorityCertSerialNumber() != null) {
                broken(
                        c,
                        "7.1.2.11.1",
                        "the authorityKeyIdentifier holds a keyIdentifier and no issuer or serial number");
            }
        }

        void aiaForm(X509Certificate c) {
            byte[] ext = c.getExtensionValue(Extension.authorityInfoAccess.getId());
            if (ext == null) {
                return;
            }
            boolean ok = c.getCriticalExtensionOIDs() == null
                    || !c.getCriticalExtensionOIDs().contains(Extension.authorityInfoAccess.getId());
            AccessDescription[] ads = AuthorityInformationAccess.getInstance(
                            ASN1OctetString.getInstance(ext).getOctets())
                    .getAccessDescriptions();
            ok &= ads.length > 0;
            for (AccessDescription ad : ads) {
                ok &= (ad.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                                || ad.getAccessMethod().equals(AccessDescription.id_ad_caIssuers))
                        && ad.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier
                        && NameSyntax.text(ad.getAccessLocation()).startsWith("http://");
            }
            if (!ok) {
                broken(
                        c,
                        "7.1.2.7.7",
                        "the authorityInformationAccess is not critical and lists only OCSP and "
                                + "caIssuers locations, each an http:// URI");
            }
        }
    }

    static List<String> eku(X509Certificate c) {
        try {
            return c.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("extendedKeyUsage cannot be decoded", e);
        }
    }

    static String keyPurpose(String oid) {
        return oid.equals(Purpose.CLIENT.ekuOid()) ? "clientAuth" : "serverAuth";
    }

    static String who(X509Certificate c) {
        return PrintableText.escape(c.getSubjectX500Principal().getName());
    }

    static boolean keyAcceptable(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits >= 2048 && bits % 8 == 0;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return (bits == 256 || bits == 384 || bits == 521) && isNistPrime(ec);
        }
        return false;
    }

    /** P-256, P-384 and P-521 have a = p - 3 (secp256k1 and the Brainpool curves do not). */
    private static boolean isNistPrime(ECPublicKey ec) {
        var field = ec.getParams().getCurve().getField();
        if (!(field instanceof java.security.spec.ECFieldFp fp)) {
            return false;
        }
        return ec.getParams().getCurve().getA().equals(fp.getP().subtract(java.math.BigInteger.valueOf(3)));
    }

    /** The CNs of a certificate's subject, as written. */
    static List<String> commonNames(X509Certificate c) {
        List<String> cns = new ArrayList<>();
        for (RDN rdn :
                X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN)) {
            cns.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return cns;
    }
}
