package org.mtlskit.pki;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Decides whether a peer's certificate chain is acceptable, and lists every reason when it is
 * not. One component for every tool, so they never disagree about the same certificate.
 *
 * <p><b>The verdict comes from a proven engine.</b> Each candidate path is validated by Bouncy
 * Castle's RFC 5280 CertPathValidator ({@link Rfc5280Engine}). The candidates come from our
 * bounded depth-first search ({@link PathSearch}), not from Bouncy Castle's CertPathBuilder.
 * Measured on 1.87 (bench/PkixBuilderExperiment.java, run by scripts/bench-verify.sh) the builder
 * does back up past a candidate that fails validation, but (a) it picks issuers by name and checks
 * signatures only as it validates a whole path, so 100 CA certificates of one subject cost it
 * 1.3–1.7 s to build and 2.3–3 s to refuse, against 0.02–0.4 s for our search, on the same
 * loaded machine; and (b) when every candidate fails it reports only "Certification path could not be
 * validated.", losing the reason a user needs. Our search checks each issuer link's key
 * identifier and signature before going deeper, backs up over every candidate issuer, and keeps
 * the engine's reason for the first complete candidate path.
 *
 * <p><b>Our checks on top</b>, each of which must accept as well: the trust anchor's own dates
 * (as OpenSSL and mbedTLS check them; RFC 5280 leaves them to the relying party) and, for a v3
 * anchor, its CA flag; the MUSTs of the RFC 5280 certificate profile ({@link ProfileRules}); CRLs
 * of the path's CAs that carry no CRL number or a critical one; malformed certificates
 * ({@link MalformedCertificates}); with {@link VerificationRules#WEBPKI}, {@link WebPkiRules}; and
 * for the leaf, keyUsage (digitalSignature, as every TLS 1.3 and ECDHE handshake signs) and
 * extendedKeyUsage for the purpose, the hostname against the subjectAltName only (RFC 6125: the
 * CN is not used), and the e-mail address against its rfc822Name entries.
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
     * Every reason to refuse {@code chain} under RFC 5280 rules, the chain's own certificates after
     * the leaf being the only intermediates; empty when it is acceptable.
     */
    public static Set<VerificationFailure> verify(List<X509Certificate> chain, List<X509Certificate> anchors,
                                                  Purpose purpose, String hostname, Instant at) {
        return verify(VerificationRequest.of(chain, anchors, at).purpose(purpose).hostname(hostname));
    }

    /** The same, with CRLs: when any is given, each certificate on the path must be covered by a valid one. */
    static Set<VerificationFailure> verify(List<X509Certificate> chain, List<X509Certificate> anchors,
                                           List<X509CRL> crls, Purpose purpose, String hostname, Instant at) {
        return verify(VerificationRequest.of(chain, anchors, at).crls(crls).purpose(purpose).hostname(hostname));
    }

    /** Every reason to refuse the request's chain, in {@link VerificationFailure}'s order; empty when it is acceptable. */
    public static Set<VerificationFailure> verify(VerificationRequest request) {
        Set<VerificationFailure> failures = EnumSet.noneOf(VerificationFailure.class);
        List<X509Certificate> chain = request.chain();
        if (chain.isEmpty()) {
            failures.add(VerificationFailure.MISSING);
            return failures;
        }
        X509Certificate leaf = chain.get(0);
        List<X509Certificate> pool = new ArrayList<>(new LinkedHashSet<>(chain.subList(1, chain.size())));
        pool.addAll(request.untrusted());
        List<X509Certificate> given = new ArrayList<>(chain);
        given.addAll(request.untrusted());
        given.addAll(request.anchors());
        if (given.stream().anyMatch(CertificateVerifier::malformed)) {
            failures.add(VerificationFailure.MALFORMED);
        }
        Rfc5280Engine engine = new Rfc5280Engine(pool, request.crls(), request.at());
        List<Set<VerificationFailure>> refusals = new ArrayList<>();
        PathSearch.Outcome outcome = new PathSearch(pool, request.anchors(), request.maxIntermediates())
                .search(leaf, candidate -> {
                    Set<VerificationFailure> f = judge(candidate, engine, request);
                    refusals.add(f);
                    return f.isEmpty();
                });
        if (!outcome.accepted()) {
            if (!refusals.isEmpty()) {
                failures.addAll(refusals.get(0));
            } else {
                failures.add(outcome.tooDeep() ? VerificationFailure.PATH_LENGTH : VerificationFailure.NOT_TRUSTED);
                addDateFailures(List.of(leaf), request.at(), failures);
            }
        }
        boolean[] ku = leaf.getKeyUsage();
        if (request.purpose() != null && ku != null && !ku[KeyUsageBit.DIGITAL_SIGNATURE.jcaIndex()]) {
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
        return failures;
    }

    /** Every reason to refuse one candidate path: the engine's and ours. */
    private static Set<VerificationFailure> judge(PathSearch.Candidate candidate, Rfc5280Engine engine,
                                                  VerificationRequest request) {
        Set<VerificationFailure> f = engine.validate(candidate);
        X509Certificate anchor = candidate.anchor();
        List<X509Certificate> timed = new ArrayList<>(candidate.path());
        timed.add(anchor);
        addDateFailures(timed, request.at(), f);
        if (!usableAnchor(anchor)) {
            f.add(VerificationFailure.NOT_TRUSTED);
        }
        f.addAll(ProfileRules.check(candidate.path(), anchor, request.purpose() != null));
        if (request.rules() == VerificationRules.WEBPKI) {
            f.addAll(WebPkiRules.check(candidate.path(), anchor));
        }
        if (!request.weakAlgorithmsAllowed()) {
            f.addAll(AlgorithmPolicy.check(candidate.path(), anchor));
        }
        if (!crlsWellFormed(timed, request.crls())) {
            f.add(VerificationFailure.CRL_NOT_TRUSTED);
        }
        return f;
    }

    private static void addDateFailures(List<X509Certificate> certs, Instant at, Set<VerificationFailure> failures) {
        Date when = Date.from(at);
        for (X509Certificate c : certs) {
            try {
                c.checkValidity(when);
            } catch (CertificateExpiredException e) {
                failures.add(VerificationFailure.EXPIRED);
            } catch (CertificateNotYetValidException e) {
                failures.add(VerificationFailure.NOT_YET_VALID);
            }
        }
    }

    /**
     * An anchor is trusted as configured, as OpenSSL and JSSE do, a v1 one too (the demo's root is
     * v1), but a v3 anchor must be a CA that may sign certificates.
     */
    private static boolean usableAnchor(X509Certificate anchor) {
        if (anchor.getVersion() < 3) {
            return true;
        }
        boolean[] ku = anchor.getKeyUsage();
        return anchor.getBasicConstraints() >= 0 && (ku == null || ku[KeyUsageBit.KEY_CERT_SIGN.jcaIndex()]);
    }

    /**
     * RFC 5280 5.2.3: a CRL carries a CRL number, not marked critical; 6.3.3 (f): its issuer may
     * sign CRLs. Checked for each CRL that a CA on the path signed.
     */
    private static boolean crlsWellFormed(List<X509Certificate> cas, List<X509CRL> crls) {
        for (X509CRL crl : crls) {
            for (X509Certificate ca : cas) {
                if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) || !signedBy(crl, ca)) {
                    continue;
                }
                Set<String> critical = crl.getCriticalExtensionOIDs() == null ? Set.of() : crl.getCriticalExtensionOIDs();
                boolean[] ku = ca.getKeyUsage();
                if (crl.getExtensionValue(Extension.cRLNumber.getId()) == null || critical.contains(Extension.cRLNumber.getId())
                        || (ku != null && !ku[KeyUsageBit.CRL_SIGN.jcaIndex()])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean malformed(X509Certificate c) {
        try {
            return MalformedCertificates.problem(c.getEncoded()) != null;
        } catch (CertificateEncodingException e) {
            return true;
        }
    }

    private static boolean allowsPurpose(X509Certificate leaf, Purpose purpose) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            return eku == null || eku.contains(purpose.eku.oid()) || eku.contains(ANY_EXTENDED_KEY_USAGE);
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
                if ((Integer) name.get(0) == 1 && at > 0 && vat == at
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
        byte[] wanted = ip ? Issuance.ipBytes(hostname) : null;
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
