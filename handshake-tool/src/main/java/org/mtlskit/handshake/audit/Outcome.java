package org.mtlskit.handshake.audit;

import org.mtlskit.pki.AuditCase;

/**
 * The verdict on one case and TLS version.
 *
 * @param tls    "1.2" or "1.3"
 * @param alert  the device's alert, or null
 * @param detail what was observed, in words
 */
public record Outcome(String caseName, String tls, String rule, AuditCase.Expect expected, Seen seen, String alert,
                      String detail) {

    /** Whether the device did what a correct server does. */
    public boolean pass() {
        return seen.refusal() == (expected == AuditCase.Expect.REFUSE);
    }

    /** Why a failed case failed, in the words CI shows. */
    public String failure() {
        return expected == AuditCase.Expect.REFUSE ? "the device accepted a certificate it must refuse (" + rule + ")"
                : "the device refused a certificate it must accept (" + rule + ")";
    }
}
