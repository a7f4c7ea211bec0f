package org.mtlskit.pki.internal.verify;

import java.util.List;
import java.util.Set;

/**
 * A verdict with its explanation.
 *
 * @param failures every reason to refuse, in {@link VerificationFailure}'s order; empty when acceptable
 * @param reasons  the rule behind a failure where one line says more than its words (the RFC or
 *                 Baseline Requirements section, the certificate and the extension), in the order found
 */
public record Verdict(Set<VerificationFailure> failures, List<String> reasons) {
    public Verdict {
        failures = java.util.Collections.unmodifiableSet(
                failures.isEmpty()
                        ? java.util.EnumSet.noneOf(VerificationFailure.class)
                        : java.util.EnumSet.copyOf(failures));
        reasons = List.copyOf(reasons);
    }

    /** Whether the chain is acceptable. */
    public boolean valid() {
        return failures.isEmpty();
    }
}
