package org.mtlskit.pki.internal.verify;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.x509.NameSyntax;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * What we add to the engine's name-constraint processing (RFC 5280 6.1.3 (b), (c)).
 * <ul>
 * <li>A budget: a path whose checks would take more than {@link Defaults#NAME_CONSTRAINT_COMPARISONS}
 *     comparisons (each subtree of a constraining CA against each name of every certificate below it,
 *     counted before the engine runs) is refused with its own reason, so purpose-made input is decided
 *     in milliseconds, as Go's and rustls's verifiers refuse it past the same figure.</li>
 * <li>Wildcards: a SAN dNSName "*.base" stands for every name one label under base (RFC 6125 6.4.3).
 *     Under an excluded subtree that one of those names falls in, it is refused; under permitted
 *     dNSName subtrees, it is accepted only if every name it stands for is permitted, that is, if base
 *     itself lies in a permitted subtree. The engine compares the wildcard as if it were a name.</li>
 * </ul>
 */
final class NameConstraintLimits {
    private NameConstraintLimits() {}

    /** Why the path is refused, or null: the budget first, then the wildcards. */
    static Refusal check(List<X509Certificate> path, X509Certificate anchor) {
        List<X509Certificate> certs = new ArrayList<>(path);
        if (Rfc5280Engine.constrains(anchor) && !path.contains(anchor)) {
            certs.add(anchor);
        }
        long comparisons = 0;
        long namesBelow = 0;
        List<NameConstraints> constraints = new ArrayList<>();
        List<X509Certificate> constraining = new ArrayList<>();
        for (int i = 0; i < certs.size(); i++) {
            X509Certificate c = certs.get(i);
            NameConstraints nc = i == 0 ? null : constraints(c);
            if (nc != null) {
                comparisons += namesBelow * (count(nc.getPermittedSubtrees()) + count(nc.getExcludedSubtrees()));
                constraints.add(nc);
                constraining.add(c);
            }
            namesBelow += 1 + SubjectAltNames.inCertificate(c).length;
        }
        if (comparisons > Defaults.NAME_CONSTRAINT_COMPARISONS) {
            return new Refusal(
                    VerificationFailure.NAME_CONSTRAINT_BUDGET,
                    "RFC 5280 4.2.1.10: checking the path's names "
                            + "against its name constraints takes " + comparisons + " comparisons, more than the "
                            + Defaults.NAME_CONSTRAINT_COMPARISONS + " allowed per path");
        }
        for (GeneralName n : SubjectAltNames.inCertificate(path.get(0))) {
            if (n.getTagNo() != GeneralName.dNSName || !NameSyntax.text(n).startsWith("*.")) {
                continue;
            }
            String wildcard = NameSyntax.text(n);
            String base = normalise(wildcard.substring(2));
            for (int k = 0; k < constraints.size(); k++) {
                String who = PrintableText.escape(
                        constraining.get(k).getSubjectX500Principal().getName());
                String excluded = excludedUnder(base, constraints.get(k).getExcludedSubtrees());
                if (excluded != null) {
                    return new Refusal(
                            VerificationFailure.NAME_CONSTRAINT,
                            "RFC 5280 4.2.1.10, RFC 6125 6.4.3: the SAN " + PrintableText.escape(wildcard)
                                    + " stands for names in " + excluded + ", which " + who + " excludes");
                }
                if (!allPermitted(base, constraints.get(k).getPermittedSubtrees())) {
                    return new Refusal(
                            VerificationFailure.NAME_CONSTRAINT,
                            "RFC 5280 4.2.1.10, RFC 6125 6.4.3: the SAN " + PrintableText.escape(wildcard)
                                    + " stands for names outside the DNS subtrees " + who + " permits");
                }
            }
        }
        return null;
    }

    /** One reason to refuse. */
    record Refusal(VerificationFailure failure, String reason) {}

    /**
     * An excluded subtree that some name "label.base" falls in: one label under base, base itself or
     * a domain above it (or the empty constraint, every name); null when none.
     */
    private static String excludedUnder(String base, GeneralSubtree[] excluded) {
        for (GeneralSubtree t : excluded == null ? new GeneralSubtree[0] : excluded) {
            if (t.getBase().getTagNo() != GeneralName.dNSName) {
                continue;
            }
            String s = normalise(NameSyntax.text(t.getBase()));
            boolean oneBelow = s.endsWith("." + base) && s.indexOf('.') == s.length() - base.length() - 1;
            if (oneBelow || s.isEmpty() || base.equals(s) || base.endsWith("." + s)) {
                return s.isEmpty() ? "every name" : PrintableText.escape(s);
            }
        }
        return null;
    }

    /** Whether base (so every name one label under it) lies in a permitted DNS subtree, when there are any. */
    private static boolean allPermitted(String base, GeneralSubtree[] permitted) {
        boolean anyDns = false;
        for (GeneralSubtree t : permitted == null ? new GeneralSubtree[0] : permitted) {
            if (t.getBase().getTagNo() != GeneralName.dNSName) {
                continue;
            }
            anyDns = true;
            String s = normalise(NameSyntax.text(t.getBase()));
            if (s.isEmpty() || base.equals(s) || base.endsWith("." + s)) {
                return true;
            }
        }
        return !anyDns;
    }

    private static NameConstraints constraints(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.nameConstraints.getId());
        return ext == null
                ? null
                : NameConstraints.getInstance(ASN1OctetString.getInstance(ext).getOctets());
    }

    private static int count(GeneralSubtree[] trees) {
        return trees == null ? 0 : trees.length;
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
