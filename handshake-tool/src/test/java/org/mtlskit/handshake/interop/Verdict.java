package org.mtlskit.handshake.interop;

/**
 * What one side of a handshake concluded, read from its exit code and the line it printed.
 *
 * @param exitCode the peer's exit code; null when it runs until killed (gnutls-serv) or did not run
 * @param detail   the peer's own line behind the verdict (its refusal reason, the alert it reports, its error)
 */
record Verdict(Kind kind, Integer exitCode, String detail) {

    enum Kind {
        ACCEPTS("accepts"),
        /** This side refused the other side's certificate. */
        REFUSES("refuses"),
        /** The other side sent a fatal alert. */
        REFUSED_BY_PEER("refused by peer"),
        /** Anything else: a broken connection, an unreadable file, a timeout. */
        FAILS("fails"),
        /** Our client's TLS 1.3 handshake completed and the server gave no verdict: not known (exit 10). */
        NOT_KNOWN("not known"),
        /** The side never started its handshake (its server did not start). */
        NOT_RUN("not run");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    static Verdict notRun(String why) {
        return new Verdict(Kind.NOT_RUN, null, why);
    }

    /** For example {@code refuses · exit 4 · Certificate not trusted}. */
    String describe() {
        return describe(kind, exitCode, detail);
    }

    static String describe(Kind kind, Integer exitCode, String detail) {
        StringBuilder b = new StringBuilder(kind.words);
        if (exitCode != null) {
            b.append(" · exit ").append(exitCode);
        }
        if (detail != null && !detail.isEmpty()) {
            b.append(" · ").append(detail);
        }
        return b.toString();
    }
}
