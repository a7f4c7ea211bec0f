package org.mtlskit.pki.internal.issue;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.profile.Profile;

/**
 * A certificate with its private key, the chain its certificate file holds (itself first, no root),
 * and the root above it (itself for a root): what {@link org.mtlskit.pki.internal.fixtures.Fixtures} makes or reads for each profile,
 * and what it signs with.
 */
public record CertifiedKey(
        X509Certificate certificate, PrivateKey key, List<X509Certificate> fileChain, X509Certificate root) {

    /** The chain a certificate file holds, leaf first (see {@link #inFileOrder} for wrongChainOrder). */
    public static List<X509Certificate> fileChain(Profile p, X509Certificate cert, CertifiedKey issuer) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        if (issuer != null
                && !isSelfIssued(issuer.certificate)
                && !p.has(Defect.MISSING_INTERMEDIATE)
                && !p.has(Defect.SELF_SIGNED)) {
            chain.addAll(issuer.fileChain);
        }
        return chain;
    }

    /**
     * A chain in the order its file holds it: leaf first, or for the wrongChainOrder defect reversed,
     * the leaf last. Reversing is its own inverse, so it also turns a file's order back into leaf first.
     */
    public static List<X509Certificate> inFileOrder(Profile p, List<X509Certificate> chain) {
        if (!p.has(Defect.WRONG_CHAIN_ORDER)) {
            return chain;
        }
        List<X509Certificate> reversed = new ArrayList<>(chain);
        Collections.reverse(reversed);
        return reversed;
    }

    static boolean isSelfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }
}
