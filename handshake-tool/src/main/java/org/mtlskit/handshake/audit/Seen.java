package org.mtlskit.handshake.audit;

/** What the device did with one case, as seen on the wire. */
public enum Seen {
    /** The handshake completed and the device said yes as it did to the baseline (the same answer, or the same end). */
    ACCEPTED("accepted", false),
    /** It sent a fatal alert: during the handshake (TLS 1.2), or after our Finished before anything else (TLS 1.3). */
    REFUSED("refused", true),
    /** It completed its handshake (TLS 1.2: its Finished; TLS 1.3: a session ticket), then alerted or closed. */
    REFUSED_LATE("refused-late", true),
    /** It closed or reset the connection during the handshake without an alert. */
    CLOSED("closed", true),
    /**
     * Neither accepted nor refused: it did not answer within the bound (also on a retry with twice
     * the bound), or it answered in a way the baseline does not tell (see the detail).
     */
    INCONCLUSIVE("inconclusive", false);

    private final String word;
    private final boolean refusal;

    Seen(String word, boolean refusal) {
        this.word = word;
        this.refusal = refusal;
    }

    /** The word the table and the JSON use. */
    public String word() {
        return word;
    }

    public boolean refusal() {
        return refusal;
    }
}
