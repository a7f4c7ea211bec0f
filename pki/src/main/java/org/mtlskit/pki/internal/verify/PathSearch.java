package org.mtlskit.pki.internal.verify;

import java.security.InvalidKeyException;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.x509.BcProvider;

/**
 * Finds the candidate certification paths from a leaf to a trust anchor, depth first, backing up
 * over every candidate issuer (RFC 4158): an issuer is a certificate whose subject is the
 * child's issuer name, whose key identifier does not contradict the child's authority key
 * identifier, and whose key verifies the child's signature. A path never holds the same
 * certificate, or the same subject and key, twice. The search is bounded: at most
 * {@code maxIntermediates} CA certificates between leaf and anchor, and at most
 * {@link Defaults#PATH_SEARCH_LINKS} issuer links checked in all, so purpose-made input (many CA
 * certificates of one subject) is decided in milliseconds, not in exponential time.
 *
 * <p>It only proposes paths: each one is judged by the caller (Bouncy Castle's RFC 5280
 * validator and our checks), and the search stops at the first one the caller accepts.
 */
final class PathSearch {
    /** A path: the leaf first, then the intermediates, and the trust anchor that signed the last. */
    record Candidate(List<X509Certificate> path, X509Certificate anchor) {}

    /** Judges a candidate: true to stop the search (accepted). */
    interface Judge {
        boolean accepts(Candidate candidate);
    }

    /** How the search ended. */
    record Outcome(boolean accepted, int candidatesTried, boolean tooDeep, boolean exhausted) {}

    private final Map<X500Principal, List<X509Certificate>> bySubject = new HashMap<>();
    private final Map<X500Principal, List<X509Certificate>> anchorsBySubject = new HashMap<>();
    private final Set<X509Certificate> anchors;
    private final Map<Link, Boolean> links = new HashMap<>();
    private final int maxIntermediates;
    private int linksLeft = Defaults.PATH_SEARCH_LINKS;
    private int tried;
    private boolean tooDeep;

    PathSearch(List<X509Certificate> untrusted, List<X509Certificate> anchors, int maxIntermediates) {
        this.anchors = new LinkedHashSet<>(anchors);
        this.maxIntermediates = maxIntermediates;
        for (X509Certificate c : new LinkedHashSet<>(untrusted)) {
            bySubject
                    .computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>())
                    .add(c);
        }
        for (X509Certificate a : this.anchors) {
            anchorsBySubject
                    .computeIfAbsent(a.getSubjectX500Principal(), k -> new ArrayList<>())
                    .add(a);
        }
    }

    Outcome search(X509Certificate leaf, Judge judge) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        boolean accepted = extend(path, judge);
        return new Outcome(accepted, tried, tooDeep, linksLeft <= 0);
    }

    private boolean extend(List<X509Certificate> path, Judge judge) {
        X509Certificate current = path.get(path.size() - 1);
        for (X509Certificate anchor : ordered(current, anchorsBySubject)) {
            if (linksLeft > 0 && signs(anchor, current)) {
                tried++;
                if (judge.accepts(new Candidate(List.copyOf(path), anchor))) {
                    return true;
                }
            }
        }
        List<X509Certificate> issuers = ordered(current, bySubject);
        if (issuers.isEmpty()) {
            return false;
        }
        if (path.size() - 1 >= maxIntermediates) {
            tooDeep = true;
            return false;
        }
        for (X509Certificate issuer : issuers) {
            if (linksLeft <= 0) {
                return false;
            }
            if (anchors.contains(issuer) || onPath(path, issuer) || !signs(issuer, current)) {
                continue;
            }
            path.add(issuer);
            boolean accepted = extend(path, judge);
            path.remove(path.size() - 1);
            if (accepted) {
                return true;
            }
        }
        return false;
    }

    /** Whether the path already holds this certificate, or another of the same subject and key. */
    private static boolean onPath(List<X509Certificate> path, X509Certificate c) {
        for (X509Certificate p : path) {
            if (p.equals(c)
                    || p.getSubjectX500Principal().equals(c.getSubjectX500Principal())
                            && p.getPublicKey().equals(c.getPublicKey())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The certificates named as {@code child}'s issuer, less those whose subject key identifier
     * differs from the key identifier the child names (as OpenSSL's X509_check_akid excludes them;
     * RFC 5280 4.2.1.1 makes the identifiers the way to tell same-name CAs apart), those with no
     * key identifier last. This keeps a crowd of same-subject CAs from costing a signature check each.
     */
    private static List<X509Certificate> ordered(
            X509Certificate child, Map<X500Principal, List<X509Certificate>> index) {
        List<X509Certificate> named = index.getOrDefault(child.getIssuerX500Principal(), List.of());
        byte[] wanted = authorityKeyId(child);
        if (wanted == null || named.isEmpty()) {
            return named;
        }
        List<X509Certificate> matching = new ArrayList<>();
        List<X509Certificate> unknown = new ArrayList<>();
        for (X509Certificate c : named) {
            byte[] ski = subjectKeyId(c);
            if (ski == null) {
                unknown.add(c);
            } else if (Arrays.equals(wanted, ski)) {
                matching.add(c);
            }
        }
        matching.addAll(unknown);
        return matching;
    }

    /**
     * Whether {@code issuer}'s key verifies {@code child}'s signature, remembered per pair. A key
     * that cannot be used alone (DSA parameters inherited from its own issuer) is left to the
     * validator to decide, as is one whose algorithm the JDK lacks.
     */
    private boolean signs(X509Certificate issuer, X509Certificate child) {
        return links.computeIfAbsent(new Link(issuer, child), l -> {
            linksLeft--;
            try {
                // Bouncy Castle's ECDSA verifies about three times as fast as the JDK 17's
                child.verify(issuer.getPublicKey(), BcProvider.get());
                return true;
            } catch (SignatureException e) {
                return false;
            } catch (InvalidKeyException e) {
                return true;
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                return false;
            }
        });
    }

    static byte[] authorityKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        try {
            return AuthorityKeyIdentifier.getInstance(
                            ASN1OctetString.getInstance(ext).getOctets())
                    .getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static byte[] subjectKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        try {
            return SubjectKeyIdentifier.getInstance(
                            ASN1OctetString.getInstance(ext).getOctets())
                    .getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private record Link(X509Certificate issuer, X509Certificate child) {}
}
