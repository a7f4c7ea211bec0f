package org.mtlskit.pki;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a peer's certificate chain is acceptable, and lists every reason when it is
 * not (where a PKIX validator stops at the first). One component for every tool, so they never
 * disagree about the same certificate.
 *
 * <p>Checks: a path from the leaf through the given intermediates to one of the trust anchors,
 * each link's signature and CA flag, pathLen; validity of every certificate on the path at the
 * given time, the trust anchor's too (as OpenSSL and mbedTLS do, though RFC 5280 leaves the
 * anchor's dates to the relying party); for the leaf, keyUsage (digitalSignature, as every TLS 1.3
 * and ECDHE handshake signs) and extendedKeyUsage for the purpose; and the hostname against the
 * subjectAltName only (RFC 6125: the CN is not used).
 */
public final class CertificateVerifier {
    private CertificateVerifier() {
    }

    /** What the certificate is for: a TLS server (serverAuth) or client (clientAuth). */
    public enum Purpose {
        SERVER(ExtendedKeyUsage.SERVER_AUTH),
        CLIENT(ExtendedKeyUsage.CLIENT_AUTH);

        private final ExtendedKeyUsage eku;

        Purpose(ExtendedKeyUsage eku) {
            this.eku = eku;
        }
    }

    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    /**
     * Every reason to refuse {@code chain}; empty when it is acceptable.
     *
     * @param purpose  what the leaf is for; null checks neither its keyUsage nor its extendedKeyUsage
     *                 (as openssl verify without -purpose)
     * @param chain    the peer's certificates, leaf first (may be empty: {@link VerificationFailure#MISSING})
     * @param anchors  the trusted CA certificates
     * @param hostname the name or IP literal the peer must carry in its SAN, or null not to check
     */
    public static Set<VerificationFailure> verify(List<X509Certificate> chain, List<X509Certificate> anchors,
                                                  Purpose purpose, String hostname, Instant at) {
        return verify(chain, anchors, List.of(), purpose, hostname, at);
    }

    /**
     * The same, also refusing a certificate on the path that a CRL of its issuer lists
     * ({@link VerificationFailure#REVOKED}). Only CRLs whose signature the issuer's key verifies count;
     * whether a CRL is current is for the caller to check when it loads it.
     */
    public static Set<VerificationFailure> verify(List<X509Certificate> chain, List<X509Certificate> anchors,
                                                  List<X509CRL> crls, Purpose purpose, String hostname, Instant at) {
        Set<VerificationFailure> failures = EnumSet.noneOf(VerificationFailure.class);
        if (chain.isEmpty()) {
            failures.add(VerificationFailure.MISSING);
            return failures;
        }
        X509Certificate leaf = chain.get(0);
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate anchor = buildPath(leaf, chain.subList(1, chain.size()), anchors, path);
        if (anchor == null) {
            failures.add(VerificationFailure.NOT_TRUSTED);
        } else if (isRevoked(path, anchor, crls)) {
            failures.add(VerificationFailure.REVOKED);
        }
        Date when = Date.from(at);
        List<X509Certificate> timed = new ArrayList<>(path.isEmpty() ? List.of(leaf) : path);
        if (anchor != null) {
            timed.add(anchor);
        }
        for (X509Certificate c : timed) {
            try {
                c.checkValidity(when);
            } catch (CertificateExpiredException e) {
                failures.add(VerificationFailure.EXPIRED);
            } catch (CertificateNotYetValidException e) {
                failures.add(VerificationFailure.NOT_YET_VALID);
            }
        }
        boolean[] ku = leaf.getKeyUsage();
        if (purpose != null && ku != null && !ku[KeyUsageBit.DIGITAL_SIGNATURE.jcaIndex()]) {
            failures.add(VerificationFailure.KEY_USAGE);
        }
        if (purpose != null && !allowsPurpose(leaf, purpose)) {
            failures.add(VerificationFailure.EXTENDED_KEY_USAGE);
        }
        if (hostname != null && !matchesHostname(leaf, hostname)) {
            failures.add(VerificationFailure.HOSTNAME_MISMATCH);
        }
        return failures;
    }

    /** Whether a CRL signed by the issuer of a certificate on the path lists that certificate. */
    private static boolean isRevoked(List<X509Certificate> path, X509Certificate anchor, List<X509CRL> crls) {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
            for (X509CRL crl : crls) {
                if (crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && signedBy(crl, issuer)
                        && crl.isRevoked(cert)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Fills {@code path} with the leaf and the intermediates up to (not including) a trust anchor
     * whose key verifies the last link; returns that anchor, or null when there is none.
     */
    private static X509Certificate buildPath(X509Certificate leaf, List<X509Certificate> intermediates,
                                     List<X509Certificate> anchors, List<X509Certificate> path) {
        path.add(leaf);
        X509Certificate current = leaf;
        int casBelow = 0;
        for (int depth = 0; depth <= intermediates.size(); depth++) {
            for (X509Certificate anchor : anchors) {
                if (issuedBy(current, anchor) && caAllows(anchor, casBelow, true)) {
                    return anchor;
                }
            }
            X509Certificate next = null;
            for (X509Certificate candidate : intermediates) {
                if (!path.contains(candidate) && issuedBy(current, candidate) && caAllows(candidate, casBelow, false)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            path.add(next);
            current = next;
            casBelow++;
        }
        return null;
    }

    private static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether {@code ca} may sign with {@code casBelow} CA certificates under it. An anchor is
     * trusted as configured, as OpenSSL and JSSE do, but must not be marked CA:FALSE.
     */
    private static boolean caAllows(X509Certificate ca, int casBelow, boolean anchor) {
        int pathLen = ca.getBasicConstraints();
        if (pathLen < 0) {
            return anchor && ca.getVersion() < 3;
        }
        boolean[] ku = ca.getKeyUsage();
        if (ku != null && !ku[KeyUsageBit.KEY_CERT_SIGN.jcaIndex()]) {
            return false;
        }
        return casBelow <= pathLen;
    }

    private static boolean allowsPurpose(X509Certificate leaf, Purpose purpose) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            return eku == null || eku.contains(purpose.eku.oid()) || eku.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** RFC 6125 matching against the SAN: DNS names (one left-most '*' label), or IP addresses for a literal. */
    public static boolean matchesHostname(X509Certificate leaf, String hostname) {
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        boolean ip = ProfileParser.isIpLiteral(hostname);
        byte[] wanted = ip ? CertificateBuilder.ipBytes(hostname) : null;
        String host = ip ? null : normalise(hostname);
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            if (ip && type == 7) {
                try {
                    if (java.util.Arrays.equals(InetAddress.getByName(String.valueOf(name.get(1))).getAddress(), wanted)) {
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
