package org.mtlskit.pki.internal.x509;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The syntax RFC 5280 requires of names: a dNSName is the "preferred name syntax" of RFC 1034
 * (letters, digits and hyphens, labels of 1 to 63, no underscore), with one whole left-most '*'
 * label allowed in a SAN (RFC 6125); an iPAddress is 4 or 16 octets in a SAN, address and mask (8
 * or 32 octets, a contiguous mask) in a name constraint. Also the syntax a profile's values must have
 * (SAN entries, hosts), and what an IP literal is to every class that tells IP addresses from host names.
 */
public final class NameSyntax {
    private NameSyntax() {}

    public static boolean subjectAltNamesValid(X509Certificate c) {
        GeneralName[] names;
        try {
            names = SubjectAltNames.inCertificate(c);
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

    public static boolean subtreeValid(GeneralName base) {
        if (base.getTagNo() == GeneralName.dNSName) {
            String name = text(base);
            // a constraint may be empty (every name); a leading dot is URI syntax (4.2.1.10), not DNS
            return name.isEmpty() || dnsName(name, false);
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

    public static String text(GeneralName n) {
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

    private static final Pattern PROFILE_DNS_NAME = Pattern.compile(
            "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** A dotted-quad IPv4 address literal such as 127.0.0.1. */
    public static boolean isIpv4Literal(String value) {
        return IPV4.matcher(value).matches();
    }

    /** An IP address literal, checked without any name lookup. */
    public static boolean isIpLiteral(String value) {
        if (isIpv4Literal(value)) {
            return true;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // With a ':' in it and only hex digits, InetAddress parses a literal and never resolves.
            return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * A DNS name a profile's SAN may hold: LDH labels, an optional left-most "*." and trailing dot, at
     * most 253 characters as written (the profile's rule; {@link #dnsName} is the rule for names in certificates).
     */
    public static boolean isDnsName(String value) {
        return value.length() <= 253 && PROFILE_DNS_NAME.matcher(value).matches();
    }

    /** local@domain in printable ASCII, as an rfc822Name (an IA5String) holds it. */
    public static boolean isEmailAddress(String value) {
        return value.matches("[\\x21-\\x7e&&[^@]]+@[\\x21-\\x7e&&[^@]]+");
    }

    public static boolean isAscii(String value) {
        return value.chars().allMatch(c -> c < 0x80);
    }

    public static boolean isAbsoluteUri(String value) {
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return false;
        }
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
