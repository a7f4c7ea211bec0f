package org.mtlskit.handshake.audit;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mtlskit.handshake.tls.Credentials;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.ProbeResult;
import org.mtlskit.handshake.tls.TlsClient;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.pki.VerificationFailure;

/**
 * Audits a TLS server that asks for client certificates: for each TLS version the device offers,
 * presents the baseline and then every case of the battery, one connection each, and records what
 * the device did.
 *
 * <p>How "accepted" is decided. In TLS 1.2 a server that checks our certificate during the handshake
 * sends its Finished only after it has checked it, so a handshake that completes on our side was
 * accepted by the handshake. In TLS 1.3 our handshake completes before the server has judged us; its
 * alert, if any, comes after our Finished. Some servers check only after the handshake (mbedTLS with
 * verification optional, reading mbedtls_ssl_get_verify_result afterwards). So after every completed
 * handshake we send the probe and wait, bounded, for the answer: an alert or a close without an answer
 * is a refusal (a late one when the server had finished its handshake: TLS 1.2, or TLS 1.3 after it
 * sent a session ticket); an answer, or a connection left open until the bound, is acceptance.
 */
public final class ServerAudit {

    /**
     * @param host      where the device listens; also the name its certificate's SAN must match
     * @param trusted   the CA certificates the device's own certificate chains to
     * @param timeout   bound of each connection and handshake
     * @param probe     what we send after the handshake
     * @param probeWait how long we wait for the device's answer to the probe
     * @param versions  the TLS versions to try, each on its own
     */
    public record Settings(String host, int port, List<X509Certificate> trusted, Duration timeout, byte[] probe,
                           Duration probeWait, List<TlsVersion> versions, Clock clock) {
    }

    /**
     * @param offered    the versions the device completed the baseline on ("1.2", "1.3")
     * @param notOffered the versions it does not speak
     * @param stopped    the line that ended the audit early (the baseline was refused), or null
     */
    public record Report(String host, int port, List<String> offered, List<String> notOffered,
                         List<Outcome> outcomes, String stopped) {

        public boolean allPass() {
            return stopped == null && outcomes.stream().allMatch(Outcome::pass);
        }
    }

    private final Settings settings;

    public ServerAudit(Settings settings) {
        this.settings = settings;
    }

    public Report run(Battery battery, Consumer<String> progress) {
        List<String> offered = new ArrayList<>();
        List<String> notOffered = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        Battery.Case baseline = battery.baseline();
        // Which versions the device speaks is learnt without guessing from alerts: the baseline with
        // both versions offered shows the one it prefers; a pinned version other than that one which
        // then fails is one it does not offer.
        String preferred = null;
        if (settings.versions().size() > 1) {
            ProbeResult any = present(baseline, TlsVersion.ANY);
            unreachable(any, "the baseline");
            if (!any.handshake().succeeded() || any.after() == ProbeResult.After.ALERT
                    || any.after() == ProbeResult.After.CLOSED) {
                Outcome base = judge(baseline, "any", any);
                return new Report(settings.host(), settings.port(), offered, notOffered, List.of(base),
                        stoppedLine(baseline, "TLS 1.2 or 1.3", base));
            }
            preferred = "TLSv1.3".equals(any.handshake().protocol()) ? "1.3" : "1.2";
        }
        for (TlsVersion version : settings.versions()) {
            String v = version == TlsVersion.TLS_1_2 ? "1.2" : "1.3";
            ProbeResult first = present(baseline, version);
            unreachable(first, "the baseline");
            Outcome base = judge(baseline, v, first);
            if (base.seen().refusal() && preferred != null && !preferred.equals(v)) {
                notOffered.add(v);
                progress.accept("TLS " + v + ": not offered by the device (it prefers TLS " + preferred
                        + " and failed the good certificate on TLS " + v + ": " + base.detail() + ")");
                continue;
            }
            outcomes.add(base);
            if (base.seen().refusal()) {
                return new Report(settings.host(), settings.port(), offered, notOffered, outcomes,
                        stoppedLine(baseline, "TLS " + v, base));
            }
            offered.add(v);
            progress.accept("TLS " + v + ": baseline " + baseline.name() + " accepted; presenting "
                    + (battery.cases().size() - 1) + " cases");
            for (Battery.Case c : battery.cases().subList(1, battery.cases().size())) {
                ProbeResult r = present(c, version);
                unreachable(r, "case " + c.name() + ", TLS " + v);
                outcomes.add(judge(c, v, r));
            }
        }
        return new Report(settings.host(), settings.port(), offered, notOffered, outcomes, null);
    }

    private static String stoppedLine(Battery.Case baseline, String version, Outcome base) {
        return "the device refused the good certificate (case " + baseline.name() + ", " + version + ": "
                + base.detail() + "); nothing else can be judged: check that it trusts the battery's CA";
    }

    /** A connection that could not even be opened ends the audit: the device is not there (any more). */
    private void unreachable(ProbeResult r, String what) {
        HandshakeResult h = r.handshake();
        if (h.verdict() == HandshakeResult.Verdict.FAILED && h.cause().startsWith("cannot connect")) {
            throw new AuditException(AuditException.Kind.UNREACHABLE, what + ": " + h.cause());
        }
    }

    private ProbeResult present(Battery.Case c, TlsVersion version) {
        Credentials credentials = new Credentials(settings.trusted(), c.chain(), c.key());
        TlsClient client = new TlsClient(credentials, version, settings.clock(), settings.host(), settings.timeout());
        ProbeResult r = client.probe(settings.port(), settings.probe(), settings.probeWait());
        if (r.handshake().verdict() == HandshakeResult.Verdict.WE_REFUSED) {
            throw new AuditException(AuditException.Kind.DEVICE_CERTIFICATE_REFUSED, "we refused the device's own "
                    + "certificate (" + String.join(", ", r.handshake().failures().stream()
                    .map(VerificationFailure::words).toList()) + "); give the CA it chains to with "
                    + "--ca-certificate and a name in its SAN with --server");
        }
        return r;
    }

    static Outcome judge(Battery.Case c, String v, ProbeResult r) {
        HandshakeResult h = r.handshake();
        String rule = c.audit().rule();
        if (!h.succeeded()) {
            return h.verdict() == HandshakeResult.Verdict.PEER_REFUSED
                    ? new Outcome(c.name(), v, rule, c.audit().expect(), Seen.REFUSED, h.alert(),
                            "alert " + h.alert() + " during the handshake")
                    : new Outcome(c.name(), v, rule, c.audit().expect(), Seen.CLOSED, null, h.cause());
        }
        boolean late = v.equals("1.2") || r.ticketReceived();
        String when = v.equals("1.2") ? "after its Finished" : late ? "after its session ticket" : "after our Finished";
        return switch (r.after()) {
            case ANSWERED -> new Outcome(c.name(), v, rule, c.audit().expect(), Seen.ACCEPTED, null,
                    "handshake complete; it answered the probe: \"" + r.answer() + "\"");
            case OPEN -> new Outcome(c.name(), v, rule, c.audit().expect(), Seen.ACCEPTED, null,
                    "handshake complete; it kept the connection open without answering");
            case ALERT -> new Outcome(c.name(), v, rule, c.audit().expect(), late ? Seen.REFUSED_LATE : Seen.REFUSED,
                    r.alert(), "alert " + r.alert() + " " + when);
            case CLOSED -> new Outcome(c.name(), v, rule, c.audit().expect(), late ? Seen.REFUSED_LATE : Seen.CLOSED,
                    null, "closed without an answer " + when);
        };
    }
}
