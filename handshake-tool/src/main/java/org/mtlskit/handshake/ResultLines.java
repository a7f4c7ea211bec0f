package org.mtlskit.handshake;

import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.temporal.ChronoUnit;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.Scenario;
import org.mtlskit.pki.internal.text.PrintableText;

/** Prints a handshake's end as the demo does: steps on stdout, failures on stderr, one line each. */
final class ResultLines {
    private ResultLines() {}

    /**
     * @param successLine the demo's success line: "SSL handshake successful" (server) or "Handshake successful!" (client)
     * @param failureLine "SSL handshake failed" (server) or "Handshake failed" (client)
     * @param peerRole    "client" or "server"
     */
    static void print(
            HandshakeResult r,
            String successLine,
            String failureLine,
            String peerRole,
            PrintWriter out,
            PrintWriter err) {
        if (r.succeeded()) {
            out.println(successLine);
            out.println("Protocol: " + r.protocol() + ", cipher suite: " + r.cipherSuite());
            if (!r.peerChain().isEmpty()) {
                X509Certificate peer = r.peerChain().get(0);
                // The peer chose these names: escaped, so they cannot drive the terminal or add a line.
                out.println("Peer (" + peerRole + ") certificate: "
                        + PrintableText.escape(peer.getSubjectX500Principal().getName()) + ", issued by "
                        + PrintableText.escape(peer.getIssuerX500Principal().getName()) + ", valid until "
                        + peer.getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS));
            }
            if (r.note() != null) {
                out.println("Note: " + r.note());
            }
            out.flush();
            return;
        }
        if (r.verdict() == HandshakeResult.Verdict.UNKNOWN) {
            // our side completed: say so, and that the server's verdict is missing
            out.println("Handshake complete on our side (" + r.protocol() + ", " + r.cipherSuite() + ")");
            out.flush();
            err.println("Verdict unknown: " + PrintableText.escape(r.cause()));
            err.flush();
            return;
        }
        err.println(failureLine + ": " + PrintableText.escape(r.cause()));
        if (r.verdict() == HandshakeResult.Verdict.WE_REFUSED) {
            err.println("Certificate verification errors: " + Scenario.words(r.failures()));
        } else {
            err.println("No certificate verification errors");
        }
        err.flush();
    }
}
