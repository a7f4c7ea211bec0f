package org.mtlskit.pki.internal.verify;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

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
 * anchor, its CA flag; the MUSTs of the RFC 5280 certificate profile ({@link Rfc5280ProfileRules}); the
 * name-constraint budget and wildcard SANs ({@link NameConstraintLimits}, run before the engine so an
 * over-budget path never reaches it); CRLs of the path's CAs that carry no CRL number or a critical
 * one, and CRLs that cannot be decoded ({@link CrlChecks}); malformed certificates, an undecodable
 * extension among them ({@link MalformedCertificates}, {@link ExtensionChecks}); with
 * {@link VerificationRules#WEBPKI}, {@link WebPkiRules}; and the leaf's key usage, purpose, hostname
 * and e-mail address ({@link LeafChecks}). {@link #explain} gives the rule behind a reason where one
 * line says more than the reason's words.
 */
public final class CertificateVerifier {
    private CertificateVerifier() {}

    /** What the certificate is for: a TLS server (serverAuth) or client (clientAuth). */
    public enum Purpose {
        SERVER(ExtendedKeyUsage.SERVER_AUTH),
        CLIENT(ExtendedKeyUsage.CLIENT_AUTH);

        private final ExtendedKeyUsage eku;

        Purpose(ExtendedKeyUsage eku) {
            this.eku = eku;
        }

        String ekuOid() {
            return eku.oid();
        }
    }

    /**
     * Every reason to refuse {@code chain} under RFC 5280 rules, the chain's own certificates after
     * the leaf being the only intermediates; empty when it is acceptable.
     */
    public static Set<VerificationFailure> verify(
            List<X509Certificate> chain, List<X509Certificate> anchors, Purpose purpose, String hostname, Instant at) {
        return verify(
                VerificationRequest.of(chain, anchors, at).purpose(purpose).hostname(hostname));
    }

    /** The same, with CRLs: when any is given, each certificate on the path must be covered by a valid one. */
    static Set<VerificationFailure> verify(
            List<X509Certificate> chain,
            List<X509Certificate> anchors,
            List<X509CRL> crls,
            Purpose purpose,
            String hostname,
            Instant at) {
        return verify(VerificationRequest.of(chain, anchors, at)
                .crls(crls)
                .purpose(purpose)
                .hostname(hostname));
    }

    /** Every reason to refuse the request's chain, in {@link VerificationFailure}'s order; empty when it is acceptable. */
    public static Set<VerificationFailure> verify(VerificationRequest request) {
        return explain(request).failures();
    }

    /** The verdict on the request's chain, with the rule behind each reason where one line says more. */
    public static Verdict explain(VerificationRequest request) {
        Set<VerificationFailure> failures = EnumSet.noneOf(VerificationFailure.class);
        List<String> reasons = new ArrayList<>();
        List<X509Certificate> chain = request.chain();
        if (chain.isEmpty()) {
            failures.add(VerificationFailure.MISSING);
            return new Verdict(failures, reasons);
        }
        X509Certificate leaf = chain.get(0);
        List<X509Certificate> pool = new ArrayList<>(new LinkedHashSet<>(chain.subList(1, chain.size())));
        pool.addAll(request.untrusted());
        List<X509Certificate> given = new ArrayList<>(chain);
        given.addAll(request.untrusted());
        given.addAll(request.anchors());
        for (X509Certificate c : given) {
            String problem = malformation(c);
            if (problem != null) {
                failures.add(VerificationFailure.MALFORMED);
                reasons.add(PrintableText.escape(c.getSubjectX500Principal().getName()) + ": " + problem);
            }
        }
        String crlProblem = CrlChecks.undecodable(request.crls());
        if (crlProblem != null) {
            failures.add(VerificationFailure.CRL_NOT_TRUSTED);
            reasons.add(crlProblem);
        }
        Rfc5280Engine engine = new Rfc5280Engine(pool, request.crls(), request.at());
        List<Judged> refusals = new ArrayList<>();
        PathSearch.Outcome outcome = new PathSearch(pool, request.anchors(), request.maxIntermediates())
                .search(leaf, candidate -> {
                    Judged j = judge(candidate, engine, request, failures.contains(VerificationFailure.MALFORMED));
                    refusals.add(j);
                    return j.failures().isEmpty();
                });
        if (!outcome.accepted()) {
            if (!refusals.isEmpty()) {
                failures.addAll(refusals.get(0).failures());
                reasons.addAll(refusals.get(0).reasons());
            } else {
                failures.add(outcome.tooDeep() ? VerificationFailure.PATH_LENGTH : VerificationFailure.NOT_TRUSTED);
                addDateFailures(List.of(leaf), request.at(), failures);
            }
        }
        LeafChecks.check(leaf, request, failures, reasons);
        return new Verdict(failures, reasons);
    }

    /** One candidate path's reasons to refuse. */
    private record Judged(Set<VerificationFailure> failures, List<String> reasons) {}

    /**
     * Every reason to refuse one candidate path: the engine's and ours. A path whose name
     * constraints would cost more than the budget is refused before the engine sees it. When a
     * given certificate is already known to be malformed, a check of ours that cannot read it
     * refuses the path as malformed; otherwise such a failure is ours and is not hidden.
     */
    private static Judged judge(
            PathSearch.Candidate candidate, Rfc5280Engine engine, VerificationRequest request, boolean malformedInput) {
        List<String> reasons = new ArrayList<>();
        try {
            NameConstraintLimits.Refusal limit = NameConstraintLimits.check(candidate.path(), candidate.anchor());
            if (limit != null && limit.failure() == VerificationFailure.NAME_CONSTRAINT_BUDGET) {
                return new Judged(EnumSet.of(limit.failure()), List.of(limit.reason()));
            }
            Set<VerificationFailure> f = engine.validate(candidate);
            if (limit != null) {
                f.add(limit.failure());
                reasons.add(limit.reason());
            }
            X509Certificate anchor = candidate.anchor();
            List<X509Certificate> timed = new ArrayList<>(candidate.path());
            timed.add(anchor);
            addDateFailures(timed, request.at(), f);
            if (!usableAnchor(anchor)) {
                f.add(VerificationFailure.NOT_TRUSTED);
            }
            f.addAll(Rfc5280ProfileRules.check(candidate.path(), anchor, request.purpose() != null, request.rules()));
            if (request.rules() == VerificationRules.WEBPKI) {
                f.addAll(WebPkiRules.check(candidate.path(), anchor, request.purpose(), reasons));
            }
            if (!request.weakAlgorithmsAllowed()) {
                f.addAll(AlgorithmPolicy.check(candidate.path(), anchor));
            }
            if (!CrlChecks.wellFormed(timed, request.crls())) {
                f.add(VerificationFailure.CRL_NOT_TRUSTED);
            }
            return new Judged(f, reasons);
        } catch (RuntimeException e) {
            if (!malformedInput) {
                throw e;
            }
            return new Judged(EnumSet.of(VerificationFailure.MALFORMED), reasons);
        }
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

    private static String malformation(X509Certificate c) {
        try {
            return MalformedCertificates.problem(c.getEncoded());
        } catch (CertificateEncodingException e) {
            return "cannot be encoded (" + e.getMessage() + ")";
        }
    }
}
