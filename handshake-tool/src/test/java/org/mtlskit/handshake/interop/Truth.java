package org.mtlskit.handshake.interop;

/**
 * What a real peer did with one case, taken without the audit: from its own log, its exit status,
 * or the answer a stock client got; with the evidence in words. {@code UNKNOWN} when no stock
 * client can present that case (a chain whose first certificate does not match the key).
 */
record Truth(Kind kind, String evidence) {

    enum Kind {
        ACCEPTED,
        REFUSED,
        UNKNOWN
    }

    static Truth accepted(String evidence) {
        return new Truth(Kind.ACCEPTED, evidence);
    }

    static Truth refused(String evidence) {
        return new Truth(Kind.REFUSED, evidence);
    }

    static Truth unknown(String evidence) {
        return new Truth(Kind.UNKNOWN, evidence);
    }

    /**
     * Whether the audit's device column says the same: "accepted" for an accepted case; any refusal
     * ("refused", "refused-late", "closed") for a refused one. Anything else ("inconclusive") agrees
     * with neither.
     */
    boolean agreesWith(String auditDevice) {
        return switch (kind) {
            case ACCEPTED -> auditDevice.equals("accepted");
            case REFUSED ->
                auditDevice.equals("refused") || auditDevice.equals("refused-late") || auditDevice.equals("closed");
            case UNKNOWN -> false;
        };
    }
}
