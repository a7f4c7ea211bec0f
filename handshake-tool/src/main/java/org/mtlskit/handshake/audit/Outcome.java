package org.mtlskit.handshake.audit;

import org.mtlskit.pki.internal.defects.AuditCase;

/**
 * The verdict on one case and TLS version.
 *
 * @param tls    "1.2" or "1.3"
 * @param alert  the device's alert, or null
 * @param detail what was observed, in words
 * @param client audit client only: what the client's command did (exit code and last line of its
 *               output), recorded and never trusted; null for audit server and for --listen
 */
public record Outcome(
        String caseName,
        String tls,
        String rule,
        AuditCase.Expect expected,
        Seen seen,
        String alert,
        String detail,
        AuditedClientProcess.Ran client) {

    public Outcome(
            String caseName,
            String tls,
            String rule,
            AuditCase.Expect expected,
            Seen seen,
            String alert,
            String detail) {
        this(caseName, tls, rule, expected, seen, alert, detail, null);
    }

    /** Whether the device did what a correct peer does. */
    public boolean pass() {
        return !inconclusive() && seen.refusal() == (expected == AuditCase.Expect.REFUSE);
    }

    /** Neither PASS nor FAIL: no answer within the bound, or an answer the baseline does not tell. */
    public boolean inconclusive() {
        return seen == Seen.INCONCLUSIVE;
    }

    /** Whether the device did the opposite of what a correct peer does. */
    public boolean failed() {
        return !inconclusive() && !pass();
    }

    /** "PASS", "FAIL" or "INCONCLUSIVE", as the table, the JSON and the JUnit report say it. */
    public String result() {
        return inconclusive() ? "INCONCLUSIVE" : pass() ? "PASS" : "FAIL";
    }

    /** Why a failed case failed, in the words CI shows. */
    public String failure() {
        return expected == AuditCase.Expect.REFUSE
                ? "the device accepted a certificate it must refuse (" + rule + ")"
                : "the device refused a certificate it must accept (" + rule + ")";
    }

    Outcome with(AuditedClientProcess.Ran ran) {
        return new Outcome(caseName, tls, rule, expected, seen, alert, detail, ran);
    }
}
