package org.mtlskit.pki;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The syntax RFC 5280 requires of names: a dNSName is the "preferred name syntax" of RFC 1034
 * (letters, digits and hyphens, labels of 1 to 63, no underscore), with one whole left-most '*'
 * label allowed in a SAN (RFC 6125); an iPAddress is 4 or 16 octets in a SAN, address and mask (8
 * or 32 octets, a contiguous mask) in a name constraint.
 */
final class NameSyntax {
    private NameSyntax() {
    }

    static boolean subjectAltNamesValid(X509Certificate c) {
        GeneralName[] names;
        try {
            names = ProfileRules.subjectAltNames(c);
        } catch (RuntimeException e) {
            return false;
        }
        for (GeneralName n : names) {
            if (n.getTagNo() == GeneralName.dNSName && !dnsName(text(n), true)) {
                return false;
            }
            if (n.getTagNo() == GeneralName.iPAddress) {
                int len = ASN1OctetString.getInstance(n.getName()).getOctets().length;
                if (len != 4 && len != 16) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean subtreeValid(GeneralName base) {
        if (base.getTagNo() == GeneralName.dNSName) {
            String name = text(base);
            // a constraint may be empty (every name) or start with a dot (only subdomains)
            return name.isEmpty() || dnsName(name.startsWith(".") ? name.substring(1) : name, false);
        }
        if (base.getTagNo() == GeneralName.iPAddress) {
            byte[] b = ASN1OctetString.getInstance(base.getName()).getOctets();
            if (b.length != 8 && b.length != 32) {
                return false;
            }
            boolean ended = false;
            for (int i = b.length / 2; i < b.length; i++) {
                for (int bit = 7; bit >= 0; bit--) {
                    boolean set = (b[i] >> bit & 1) == 1;
                    if (set && ended) {
                        return false;
                    }
                    ended |= !set;
                }
            }
        }
        return true;
    }

    static String text(GeneralName n) {
        return ((ASN1String) n.getName()).getString();
    }

    static boolean dnsName(String name, boolean wildcardAllowed) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        String[] labels = n.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String l = labels[i];
            if (i == 0 && wildcardAllowed && l.equals("*") && labels.length > 1) {
                continue;
            }
            if (l.isEmpty() || l.length() > 63 || l.startsWith("-") || l.endsWith("-") || !l.matches("[A-Za-z0-9-]+")) {
                return false;
            }
        }
        return true;
    }
}
