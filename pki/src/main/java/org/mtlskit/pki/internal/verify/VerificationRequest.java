package org.mtlskit.pki.internal.verify;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.mtlskit.pki.internal.Defaults;

/**
 * Everything a verdict depends on. Start with {@link #of} and add what the case states.
 *
 * @param chain            the peer's certificates, leaf first (may be empty: {@link VerificationFailure#MISSING})
 * @param untrusted        further CA certificates a path may use, not trusted themselves
 * @param anchors          the trusted CA certificates
 * @param crls             CRLs; when any is given, every certificate on the path must be covered by a valid one
 * @param purpose          what the leaf is for; null checks neither its keyUsage nor its extendedKeyUsage
 * @param hostname         the name or IP literal the leaf's SAN must carry, or null not to check
 * @param email            the address (RFC 822) the leaf's SAN must carry, or null not to check
 * @param at               the time of the verdict
 * @param rules            the rule set
 * @param maxIntermediates the most CA certificates between leaf and anchor
 * @param weakAlgorithmsAllowed whether MD5/SHA-1 signatures and RSA/DSA keys under 2048 bits pass
 *                         ({@link AlgorithmPolicy}); false unless asked for
 */
public record VerificationRequest(
        List<X509Certificate> chain,
        List<X509Certificate> untrusted,
        List<X509Certificate> anchors,
        List<X509CRL> crls,
        CertificateVerifier.Purpose purpose,
        String hostname,
        String email,
        Instant at,
        VerificationRules rules,
        int maxIntermediates,
        boolean weakAlgorithmsAllowed) {
    public VerificationRequest {
        chain = List.copyOf(chain);
        untrusted = List.copyOf(untrusted);
        anchors = List.copyOf(anchors);
        crls = List.copyOf(crls);
    }

    /** The chain against the anchors at that time: RFC 5280 rules, no purpose, hostname or CRL. */
    public static VerificationRequest of(List<X509Certificate> chain, List<X509Certificate> anchors, Instant at) {
        return new VerificationRequest(
                chain,
                List.of(),
                anchors,
                List.of(),
                null,
                null,
                null,
                at,
                VerificationRules.RFC5280,
                Defaults.MAX_INTERMEDIATES,
                false);
    }

    public VerificationRequest untrusted(List<X509Certificate> certificates) {
        return new VerificationRequest(
                chain,
                certificates,
                anchors,
                crls,
                purpose,
                hostname,
                email,
                at,
                rules,
                maxIntermediates,
                weakAlgorithmsAllowed);
    }

    public VerificationRequest crls(List<X509CRL> lists) {
        return new VerificationRequest(
                chain,
                untrusted,
                anchors,
                lists,
                purpose,
                hostname,
                email,
                at,
                rules,
                maxIntermediates,
                weakAlgorithmsAllowed);
    }

    public VerificationRequest purpose(CertificateVerifier.Purpose p) {
        return new VerificationRequest(
                chain,
                untrusted,
                anchors,
                crls,
                p,
                hostname,
                email,
                at,
                rules,
                maxIntermediates,
                weakAlgorithmsAllowed);
    }

    public VerificationRequest hostname(String name) {
        return new VerificationRequest(
                chain,
                untrusted,
                anchors,
                crls,
                purpose,
                name,
                email,
                at,
                rules,
                maxIntermediates,
                weakAlgorithmsAllowed);
    }

    public VerificationRequest email(String address) {
        return new VerificationRequest(
                chain,
                untrusted,
                anchors,
                crls,
                purpose,
                hostname,
                address,
                at,
                rules,
                maxIntermediates,
                weakAlgorithmsAllowed);
    }

    public VerificationRequest rules(VerificationRules r) {
        return new VerificationRequest(
                chain,
                untrusted,
                anchors,
                crls,
                purpose,
                hostname,
                email,
                at,
                r,
                maxIntermediates,
                weakAlgorithmsAllowed);
    }

    public VerificationRequest maxIntermediates(int n) {
        return new VerificationRequest(
                chain, untrusted, anchors, crls, purpose, hostname, email, at, rules, n, weakAlgorithmsAllowed);
    }

    /** Accept MD5/SHA-1 signatures and short RSA/DSA keys, for old test suites such as PKITS (made in 2011 with them). */
    public VerificationRequest weakAlgorithmsAllowed(boolean allowed) {
        return new VerificationRequest(
                chain, untrusted, anchors, crls, purpose, hostname, email, at, rules, maxIntermediates, allowed);
    }
}
