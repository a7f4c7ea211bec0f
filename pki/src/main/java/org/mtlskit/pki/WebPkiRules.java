package org.mtlskit.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * What {@link VerificationRules#WEBPKI} adds: rules of the CA/Browser Forum's Baseline
 * Requirements that browsers enforce and RFC 5280 does not.
 * <ul>
 * <li>keys (every certificate and the anchor): RSA of 2048 bits or more and a multiple of 8;
 *     EC only on P-256, P-384, P-521; no DSA ({@link VerificationFailure#BAD_KEY});</li>
 * <li>the leaf: not a CA (RFC 5280 does not forbid a CA certificate as end entity; the Baseline
 *     Requirements do); an EKU that is not anyExtendedKeyUsage alone and not critical; a CN that is one of
 *     its SAN entries spelt the same way; no wildcard directly under a top-level label
 *     ("*.com"); a SAN marked critical only when the subject is empty;</li>
 * <li>the trust anchor has no EKU; no AKI names an issuer and serial instead of a key identifier.</li>
 * </ul>
 */
final class WebPkiRules {
    private WebPkiRules() {
    }

    private static final String ANY_EKU = "2.5.29.37.0";

    static Set<VerificationFailure> check(List<X509Certificate> path, X509Certificate anchor) {
        Set<VerificationFailure> out = EnumSet.noneOf(VerificationFailure.class);
        List<X509Certificate> all = new ArrayList<>(path);
        all.add(anchor);
        for (X509Certificate c : all) {
            if (!keyAcceptable(c.getPublicKey())) {
                out.add(VerificationFailure.BAD_KEY);
            }
            if (akiNamesIssuer(c)) {
                out.add(VerificationFailure.WEB_PKI);
            }
        }
        X509Certificate leaf = path.get(0);
        if (!leafHolds(leaf) || (anchor.getVersion() >= 3 && anchor.getExtensionValue(Extension.extendedKeyUsage.getId()) != null)) {
            out.add(VerificationFailure.WEB_PKI);
        }
        return out;
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
        return !(key instanceof DSAKey);
    }

    /** P-256, P-384 and P-521 have a = p - 3 (secp256k1 and the Brainpool curves do not). */
    private static boolean isNistPrime(ECPublicKey ec) {
        var field = ec.getParams().getCurve().getField();
        if (!(field instanceof java.security.spec.ECFieldFp fp)) {
            return false;
        }
        return ec.getParams().getCurve().getA().equals(fp.getP().subtract(java.math.BigInteger.valueOf(3)));
    }

    private static boolean akiNamesIssuer(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (ext == null) {
            return false;
        }
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets());
        return aki.getAuthorityCertIssuer() != null || aki.getAuthorityCertSerialNumber() != null;
    }

    private static boolean leafHolds(X509Certificate leaf) {
        if (leaf.getBasicConstraints() >= 0) {
            return false;
        }
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            Set<String> critical = leaf.getCriticalExtensionOIDs() == null ? Set.of() : leaf.getCriticalExtensionOIDs();
            if (eku != null && (critical.contains(Extension.extendedKeyUsage.getId())
                    || eku.size() == 1 && eku.get(0).equals(ANY_EKU))) {
                return false;
            }
            boolean emptySubject = leaf.getSubjectX500Principal().getEncoded().length <= 2;
            if (critical.contains(Extension.subjectAlternativeName.getId()) && !emptySubject) {
                return false;
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        GeneralName[] sans = ProfileRules.subjectAltNames(leaf);
        for (GeneralName n : sans) {
            if (n.getTagNo() == GeneralName.dNSName) {
                String name = NameSyntax.text(n);
                if (name.startsWith("*.") && name.substring(2).replaceAll("\\.$", "").indexOf('.') < 0) {
                    return false;
                }
            }
        }
        for (RDN rdn : X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN)) {
            String cn = IETFUtils.valueToString(rdn.getFirst().getValue());
            if (!inSubjectAltNames(cn, sans)) {
                return false;
            }
        }
        return true;
    }

    /** BR 7.1.4.3: the CN is a SAN entry: a dNSName (case aside), or an IP address in its usual text form. */
    private static boolean inSubjectAltNames(String cn, GeneralName[] sans) {
        for (GeneralName n : sans) {
            if (n.getTagNo() == GeneralName.dNSName && NameSyntax.text(n).toLowerCase(Locale.ROOT).equals(cn.toLowerCase(Locale.ROOT))) {
                return true;
            }
            if (n.getTagNo() == GeneralName.iPAddress) {
                try {
                    String text = InetAddress.getByAddress(ASN1OctetString.getInstance(n.getName()).getOctets()).getHostAddress();
                    if (text.equals(cn) || (text.contains(":") && compressed(text).equals(cn.toLowerCase(Locale.ROOT)))) {
                        return true;
                    }
                } catch (UnknownHostException e) {
                    // not an address: matches nothing
                }
            }
        }
        return false;
    }

    /** An IPv6 address in RFC 5952's short form (the JDK writes every group). */
    private static String compressed(String full) {
        String s = (":" + full + ":").replaceAll(":0+([0-9a-f])", ":$1");
        String best = null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(:0)+:").matcher(s);
        while (m.find()) {
            if (best == null || m.group().length() > best.length()) {
                best = m.group();
            }
        }
        if (best != null && best.length() > 3) {
            s = s.replaceFirst(java.util.regex.Pattern.quote(best), "::");
        }
        s = s.replaceAll("^:(?!:)", "").replaceAll("(?<!:):$", "");
        return s;
    }
}
