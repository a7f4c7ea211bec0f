package org.mtlskit.pki.internal.verify;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mtlskit.pki.internal.verify.CertificateVerifier.Purpose;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.internal.x509.NameSyntax;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * What a relying party checks of the leaf beside path validation: for a purpose, keyUsage
 * (digitalSignature, as every TLS 1.3 and ECDHE handshake signs; under RFC 5280 rules a CA
 * certificate used as the leaf is exempt, since RFC 5280 ties no key usage to TLS) and
 * extendedKeyUsage; the hostname against the subjectAltName only (RFC 6125: the CN is not used);
 * the e-mail address against its rfc822Name entries.
 */
final class LeafChecks {
    private LeafChecks() {}

    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    static void check(
            X509Certificate leaf,
            VerificationRequest request,
            Set<VerificationFailure> failures,
            List<String> reasons) {
        boolean[] ku = leaf.getKeyUsage();
        boolean caUnderRfc5280 = request.rules() == VerificationRules.RFC5280 && leaf.getBasicConstraints() >= 0;
        if (request.purpose() != null
                && ku != null
                && !ku[KeyUsageBit.DIGITAL_SIGNATURE.jcaIndex()]
                && !caUnderRfc5280) {
            failures.add(VerificationFailure.KEY_USAGE);
        }
        if (request.purpose() != null && !allowsPurpose(leaf, request.purpose())) {
            failures.add(VerificationFailure.EXTENDED_KEY_USAGE);
        }
        if (request.hostname() != null && !matchesHostname(leaf, request.hostname())) {
            failures.add(VerificationFailure.HOSTNAME_MISMATCH);
        }
        if (request.email() != null && !matchesEmail(leaf, request.email())) {
            failures.add(VerificationFailure.EMAIL_MISMATCH);
        }
    }

    private static boolean allowsPurpose(X509Certificate leaf, Purpose purpose) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            return eku == null || eku.contains(purpose.ekuOid()) || eku.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** Whether the SAN holds this rfc822Name: the local part as written, the domain in any case. */
    static boolean matchesEmail(X509Certificate leaf, String email) {
        int at = email.lastIndexOf('@');
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                String value = String.valueOf(name.get(1));
                int vat = value.lastIndexOf('@');
                if ((Integer) name.get(0) == 1
                        && at > 0
                        && vat == at
                        && value.substring(0, at).equals(email.substring(0, at))
                        && value.substring(at).equalsIgnoreCase(email.substring(at))) {
                    return true;
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }

    /** RFC 6125 matching against the SAN: DNS names (one left-most '*' label), or IP addresses for a literal. */
    static boolean matchesHostname(X509Certificate leaf, String hostname) {
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        boolean ip = NameSyntax.isIpLiteral(hostname);
        byte[] wanted = ip ? SubjectAltNames.ipBytes(hostname) : null;
        String host = ip ? null : normalise(hostname);
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            if (ip && type == 7) {
                try {
                    if (java.util.Arrays.equals(
                            InetAddress.getByName(String.valueOf(name.get(1))).getAddress(), wanted)) {
                        return true;
                    }
                } catch (java.net.UnknownHostException ignored) {
                    // an unreadable IP entry matches nothing
                }
            } else if (!ip && type == 2 && dnsMatches(normalise(String.valueOf(name.get(1))), host)) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2)) && pattern.indexOf('.', 2) > 0;
    }
}
