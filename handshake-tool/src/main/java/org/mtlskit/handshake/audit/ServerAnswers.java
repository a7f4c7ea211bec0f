package org.mtlskit.handshake.audit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.ProbeResult;

/**
 * Judges what a server did with one case against what it did with the baseline, in its own
 * protocol: the baseline shows how this device says yes, so a case it treats the same way was
 * accepted and one it treats otherwise was refused.
 *
 * <ul>
 *   <li>An alert (during the handshake, or after it) is a refusal; a close during the handshake too.</li>
 *   <li>An HTTP answer is judged by its status: the baseline's status is acceptance; a 4xx where the
 *       baseline got 2xx or 3xx is a late refusal (nginx answers 400 to a bad certificate after
 *       completing the handshake); another status is inconclusive.</li>
 *   <li>Another answer is judged by its first line against the baseline's, or by {@code --accepted-when}.</li>
 *   <li>A close_notify after a completed handshake is an orderly end: accepted when the baseline ended
 *       the same way (the demo's server closes every accepted session so), else a late refusal.</li>
 *   <li>Silence until the bound is acceptance only when the baseline was silent too; otherwise it is
 *       no answer, and no answer is never a verdict: inconclusive.</li>
 * </ul>
 */
final class ServerAnswers {
    private static final Pattern HTTP_STATUS = Pattern.compile("^HTTP/\\d(?:\\.\\d)? (\\d{3})\\b.*");

    private final ProbeResult baseline;
    private final Pattern acceptedWhen;

    /**
     * @param baseline     what the device did with the good certificate on this version; null while judging it
     * @param acceptedWhen the device's answers that mean accepted (first line), or null to judge against the baseline
     */
    ServerAnswers(ProbeResult baseline, Pattern acceptedWhen) {
        this.baseline = baseline;
        this.acceptedWhen = acceptedWhen;
    }

    Outcome judge(Battery.Case c, String v, ProbeResult r, Duration probeWait) {
        HandshakeResult h = r.handshake();
        if (!h.succeeded()) {
            if (h.verdict() == HandshakeResult.Verdict.PEER_REFUSED) {
                return outcome(c, v, Seen.REFUSED, h.alert(), "alert " + h.alert() + " during the handshake");
            }
            if (h.timedOut() || h.cause().startsWith("cannot connect")) {
                return outcome(c, v, Seen.INCONCLUSIVE, null, "no answer (" + h.cause() + ")");
            }
            return outcome(c, v, Seen.CLOSED, null, h.cause());
        }
        boolean late = v.equals("1.2") || r.ticketReceived();
        String when = v.equals("1.2") ? "after its Finished" : late ? "after its session ticket" : "after our Finished";
        Seen refused = late ? Seen.REFUSED_LATE : Seen.CLOSED;
        return switch (r.after()) {
            case ALERT ->
                outcome(c, v, late ? Seen.REFUSED_LATE : Seen.REFUSED, r.alert(), "alert " + r.alert() + " " + when);
            case CLOSED -> outcome(c, v, refused, null, "closed without an answer " + when);
            case ANSWERED -> answered(c, v, r.answer());
            case CLOSE_NOTIFY ->
                baseline == null || baseline.after() == ProbeResult.After.CLOSE_NOTIFY
                        ? outcome(
                                c,
                                v,
                                Seen.ACCEPTED,
                                null,
                                "handshake complete; it ended the session in order " + "(close_notify, no answer)"
                                        + (baseline == null ? "" : ", as it did with the baseline"))
                        : outcome(
                                c,
                                v,
                                refused,
                                "close_notify",
                                "close_notify without an answer " + when + ", where the baseline got " + baselineEnd());
            case OPEN ->
                baseline == null || baseline.after() == ProbeResult.After.OPEN
                        ? outcome(
                                c,
                                v,
                                Seen.ACCEPTED,
                                null,
                                "handshake complete; it kept the connection open without " + "answering"
                                        + (baseline == null ? "" : ", as it did with the baseline"))
                        : outcome(
                                c,
                                v,
                                Seen.INCONCLUSIVE,
                                null,
                                "no answer (timed out after "
                                        + seconds(probeWait)
                                        + " waiting for the answer to the probe), where the baseline got "
                                        + baselineEnd());
        };
    }

    private Outcome answered(Battery.Case c, String v, String line) {
        String said = "it answered \"" + line + "\"";
        if (acceptedWhen != null) {
            return acceptedWhen.matcher(line).find()
                    ? outcome(
                            c,
                            v,
                            Seen.ACCEPTED,
                            null,
                            "handshake complete; " + said + ", which --accepted-when matches")
                    : outcome(
                            c,
                            v,
                            Seen.REFUSED_LATE,
                            null,
                            "handshake complete; " + said + ", which --accepted-when does not match");
        }
        if (baseline == null) {
            Integer status = status(line);
            return status != null && status >= 400 && status < 500
                    ? outcome(c, v, Seen.REFUSED_LATE, null, "handshake complete; " + said + " to the good certificate")
                    : outcome(c, v, Seen.ACCEPTED, null, "handshake complete; " + said);
        }
        String base = baseline.after() == ProbeResult.After.ANSWERED ? baseline.answer() : null;
        Integer status = status(line);
        Integer baseStatus = base == null ? null : status(base);
        if (status != null) {
            if (baseStatus != null && baseStatus.equals(status)) {
                return outcome(c, v, Seen.ACCEPTED, null, "handshake complete; " + said + ", as to the baseline");
            }
            if (status >= 400 && status < 500 && (baseStatus == null || baseStatus >= 200 && baseStatus < 400)) {
                return outcome(
                        c,
                        v,
                        Seen.REFUSED_LATE,
                        null,
                        "handshake complete, then an HTTP refusal: " + said + " where the baseline got "
                                + baselineEnd());
            }
            return outcome(
                    c,
                    v,
                    Seen.INCONCLUSIVE,
                    null,
                    "handshake complete; " + said + " where the baseline got " + baselineEnd()
                            + "; say which answers mean accepted with --accepted-when");
        }
        if (base == null || base.equals(line)) {
            return outcome(
                    c,
                    v,
                    Seen.ACCEPTED,
                    null,
                    "handshake complete; " + said + (base == null ? "" : ", as to the baseline"));
        }
        return outcome(
                c,
                v,
                Seen.REFUSED_LATE,
                null,
                "handshake complete; " + said + " where the baseline got " + baselineEnd()
                        + " (if its answer varies, say which answers mean accepted with --accepted-when)");
    }

    private String baselineEnd() {
        return switch (baseline.after()) {
            case ANSWERED -> "\"" + baseline.answer() + "\"";
            case OPEN -> "no answer and an open connection";
            case CLOSE_NOTIFY -> "close_notify without an answer";
            case CLOSED, ALERT -> "a close";
        };
    }

    /** The status of an HTTP status line, or null for another answer. */
    static Integer status(String line) {
        Matcher m = HTTP_STATUS.matcher(line);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    private static Outcome outcome(Battery.Case c, String v, Seen seen, String alert, String detail) {
        return new Outcome(c.name(), v, c.audit().rule(), c.audit().expect(), seen, alert, detail);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
