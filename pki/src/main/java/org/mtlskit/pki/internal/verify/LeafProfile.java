package org.mtlskit.pki.internal.verify;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.x509.NameSyntax;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/** The Baseline Requirements' rules for the leaf (subscriber certificate), for {@link WebPkiRules}. */
final class LeafProfile {
    private LeafProfile() {}

    private static final String ANY_EKU = "2.5.29.37.0";

    static void check(X509Certificate leaf, String wantedEku, WebPkiRules.Rules r) {
        if (leaf.getBasicConstraints() >= 0) {
            r.broken(leaf, "7.1.2.7.8", "a subscriber certificate is not a CA");
        }
        Set<String> critical = leaf.getCriticalExtensionOIDs() == null ? Set.of() : leaf.getCriticalExtensionOIDs();
        List<String> eku = WebPkiRules.eku(leaf);
        if (eku == null) {
            r.broken(leaf, "7.1.2.7.10", "a subscriber certificate carries an extendedKeyUsage");
        } else if (eku.contains(ANY_EKU)
                || !eku.contains(wantedEku)
                || critical.contains(Extension.extendedKeyUsage.getId())) {
            r.broken(
                    leaf,
                    "7.1.2.7.10",
                    "the extendedKeyUsage is not critical, lists " + WebPkiRules.keyPurpose(wantedEku)
                            + " and not anyExtendedKeyUsage");
        }
        boolean emptySubject = leaf.getSubjectX500Principal().getEncoded().length <= 2;
        if (critical.contains(Extension.subjectAlternativeName.getId()) && !emptySubject) {
            r.broken(leaf, "7.1.2.7.12", "the subjectAltName is critical only when the subject is empty");
        }
        GeneralName[] sans = SubjectAltNames.inCertificate(leaf);
        for (GeneralName n : sans) {
            if (n.getTagNo() == GeneralName.dNSName) {
                String name = NameSyntax.text(n);
                if (name.startsWith("*.")
                        && name.substring(2).replaceAll("\\.$", "").indexOf('.') < 0) {
                    r.broken(
                            leaf,
                            "3.2.2.6",
                            "the wildcard " + PrintableText.escape(name) + " stands directly under a top-level label");
                }
            }
        }
        for (String cn : WebPkiRules.commonNames(leaf)) {
            if (!inSubjectAltNames(cn, sans)) {
                r.broken(
                        leaf,
                        "7.1.4.3",
                        "the commonName \"" + PrintableText.escape(cn) + "\" is not one of the "
                                + "subjectAltName entries written in its canonical form");
            }
        }
    }

    /**
     * BR 7.1.4.3: a dNSName entry character for character, or an IP address entry in its canonical
     * text: IPv4 dotted decimal without leading zeros, IPv6 as RFC 5952 section 4 writes it.
     */
    static boolean inSubjectAltNames(String cn, GeneralName[] sans) {
        for (GeneralName n : sans) {
            if (n.getTagNo() == GeneralName.dNSName && NameSyntax.text(n).equals(cn)) {
                return true;
            }
            if (n.getTagNo() == GeneralName.iPAddress) {
                try {
                    InetAddress a = InetAddress.getByAddress(
                            ASN1OctetString.getInstance(n.getName()).getOctets());
                    String text = a.getHostAddress();
                    if (text.contains(":") ? rfc5952(text).equals(cn) : text.equals(cn)) {
                        return true;
                    }
                } catch (UnknownHostException e) {
                    // not an address: matches nothing
                }
            }
        }
        return false;
    }

    /**
     * RFC 5952 section 4: lower case, no leading zeros, the longest run of two or more zero groups
     * (the first of equal runs) written "::". The JDK writes every group in full.
     */
    static String rfc5952(String full) {
        String[] groups = full.split(":", -1);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; i++) {
            groups[i] = Integer.toHexString(Integer.parseInt(groups[i], 16));
        }
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}
