package org.mtlskit.handshake.audit;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.ProbeResult;
import org.mtlskit.handshake.tls.TlsClient;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.pki.internal.verify.VerificationFailure;

/**
 * Audits a TLS server that asks for client certificates: for each TLS version the device offers,
 * presents the baseline and then every case of the battery, one connection each, and records what
 * the device did.
 *
 * <p>How "accepted" is decided. In TLS 1.2 a server that checks our certificate during the handshake
 * sends its Finished only after it has checked it, so a handshake that completes on our side was
 * accepted by the handshake. In TLS 1.3 our handshake completes before the server has judged us; its
 * alert, if any, comes after our Finished. Some servers check only after the handshake (mbedTLS with
 * verification optional, reading mbedtls_ssl_get_verify_result afterwards; nginx, which answers
 * HTTP 400). So after every completed handshake we send the probe and wait, bounded, for the answer,
 * and judge it against the baseline's ({@link ServerAnswers}).
 *
 * <p>A bound only ends a wait: a case the device did not answer within it is tried once more with
 * twice the bound, and if it stays unanswered it is inconclusive, never accepted or refused. A
 * baseline without a TLS answer (a silent port, a port that does not speak TLS, a timeout) ends the
 * audit: there is nothing to judge against.
 */
public final class ServerAudit {

    /**
     * @param host         where the device listens; also the name its certificate's SAN must match
     * @param trusted      the CA certificates the device's own certificate chains to
     * @param timeout      bound of each connection and handshake
     * @param probe        what we send after the handshake
     * @param probeWait    how long we wait for the device's answer to the probe
     * @param versions     the TLS versions to try, each on its own
     * @param acceptedWhen the answers (first line) that mean accepted, or null to judge against the baseline
     * @param inFlight     how many cases may be on the wire at once (1: one after another)
     */
    public record Settings(
            String host,
            int port,
            List<X509Certificate> trusted,
            Duration timeout,
            byte[] probe,
            Duration probeWait,
            List<TlsVersion> versions,
            Clock clock,
            Pattern acceptedWhen,
            int inFlight) {}

    /**
     * @param offered    the versions the device completed the baseline on ("1.2", "1.3")
     * @param notOffered the versions it does not speak
     * @param stopped    the line that ended the audit early (the baseline was refused), or null
     */
    public record Report(
            String host,
            int port,
            List<String> offered,
            List<String> notOffered,
            List<Outcome> outcomes,
            String stopped) {

        public boolean allPass() {
            return stopped == null && outcomes.stream().allMatch(Outcome::pass);
        }
    }

    private final Settings settings;

    public ServerAudit(Settings settings) {
        this.settings = settings;
    }

    /**
     * @throws AuditException no TLS answer to the baseline (UNREACHABLE), or we refused the device's
     *                        own certificate (DEVICE_CERTIFICATE_REFUSED)
     */
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
            ProbeResult any = presentBaseline(baseline, TlsVersion.ANY, true);
            Outcome base =
                    new ServerAnswers(null, settings.acceptedWhen()).judge(baseline, "any", any, settings.probeWait());
            if (!any.handshake().succeeded() || base.seen().refusal()) {
                return new Report(
                        settings.host(),
                        settings.port(),
                        offered,
                        notOffered,
                        List.of(base),
                        stoppedLine(baseline, "TLS 1.2 or 1.3", base));
            }
            preferred = "TLSv1.3".equals(any.handshake().protocol()) ? "1.3" : "1.2";
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.inFlight()), r -> {
            Thread t = new Thread(r, "audit-case");
            t.setDaemon(true);
            return t;
        });
        try {
            for (TlsVersion version : settings.versions()) {
                String v = version == TlsVersion.TLS_1_2 ? "1.2" : "1.3";
                ProbeResult first = presentBaseline(baseline, version, preferred == null || preferred.equals(v));
                Outcome base = new ServerAnswers(null, settings.acceptedWhen())
                        .judge(baseline, v, first, settings.probeWait());
                if (base.seen().refusal() && preferred != null && !preferred.equals(v)) {
                    notOffered.add(v);
                    progress.accept("TLS " + v + ": not offered by the device (it prefers TLS " + preferred
                            + " and failed the good certificate on TLS " + v + ": " + base.detail() + ")");
                    continue;
                }
                outcomes.add(base);
                if (base.seen().refusal()) {
                    return new Report(
                            settings.host(),
                            settings.port(),
                            offered,
                            notOffered,
                            outcomes,
                            stoppedLine(baseline, "TLS " + v, base));
                }
                offered.add(v);
                progress.accept("TLS " + v + ": baseline " + baseline.name() + " accepted (" + base.detail()
                        + "); presenting " + (battery.cases().size() - 1) + " cases");
                outcomes.addAll(cases(
                        battery.cases().subList(1, battery.cases().size()),
                        version,
                        v,
                        new ServerAnswers(first, settings.acceptedWhen()),
                        pool,
                        progress));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Report(settings.host(), settings.port(), offered, notOffered, outcomes, null);
    }

    /**
     * The cases of one version: at most {@code inFlight} on the wire at once, in the battery's order;
     * then each inconclusive one again, alone, with twice the bounds.
     */
    private List<Outcome> cases(
            List<Battery.Case> cases,
            TlsVersion version,
            String v,
            ServerAnswers answers,
            ExecutorService pool,
            Consumer<String> progress) {
        List<Future<Outcome>> running = new ArrayList<>();
        for (Battery.Case c : cases) {
            running.add(pool.submit(() -> answers.judge(c, v, present(c, version, 1), settings.probeWait())));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Outcome o = result(running.get(i));
            if (o.inconclusive()) {
                Battery.Case c = cases.get(i);
                progress.accept("case " + c.name() + ", TLS " + v + ": " + o.detail() + "; trying once more with "
                        + "twice the bound");
                Outcome again = answers.judge(
                        c, v, present(c, version, 2), settings.probeWait().multipliedBy(2));
                o = again.inconclusive()
                        ? new Outcome(
                                o.caseName(),
                                v,
                                o.rule(),
                                o.expected(),
                                Seen.INCONCLUSIVE,
                                null,
                                o.detail() + "; again on a retry with twice the bound: " + again.detail())
                        : again;
            }
            outcomes.add(o);
        }
        return outcomes;
    }

    private static Outcome result(Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the audit was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String stoppedLine(Battery.Case baseline, String version, Outcome base) {
        return "the device refused the good certificate (case " + baseline.name() + ", " + version + ": "
                + base.detail() + "); nothing else can be judged: check that it trusts the battery's CA";
    }

    /**
     * The baseline, tried once more with twice the bound when it got no answer; a baseline that then
     * still got no TLS answer ends the audit (on a version the device does not prefer ({@code spoken}
     * false), a close without a word means the version is not offered) (a silent port, a port that does not speak TLS, a device
     * that does not answer in time): there is nothing to judge the cases against.
     */
    private ProbeResult presentBaseline(Battery.Case baseline, TlsVersion version, boolean spoken) {
        ProbeResult r = present(baseline, version, 1);
        if (!spoken && noTlsAnswer(r) && !r.handshake().timedOut()) {
            return r; // a version other than the one it prefers, closed without a word: not offered
        }
        if (noTlsAnswer(r)) {
            r = present(baseline, version, 2);
        }
        if (noTlsAnswer(r)) {
            throw new AuditException(
                    AuditException.Kind.UNREACHABLE,
                    "no TLS answer from " + settings.host() + ":"
                            + settings.port() + " (the baseline " + baseline.name()
                            + ", also on a retry with twice the bound: "
                            + r.handshake().cause() + ")");
        }
        return r;
    }

    /** A handshake that failed without a word of TLS from the device, or ran out of time. */
    private static boolean noTlsAnswer(ProbeResult r) {
        HandshakeResult h = r.handshake();
        return h.verdict() == HandshakeResult.Verdict.FAILED && h.alert() == null && (h.timedOut() || !r.heard());
    }

    private ProbeResult present(Battery.Case c, TlsVersion version, int boundFactor) {
        HandshakeFiles credentials = new HandshakeFiles(settings.trusted(), c.chain(), c.key());
        TlsClient client = new TlsClient(
                credentials,
                version,
                settings.clock(),
                settings.host(),
                settings.timeout().multipliedBy(boundFactor));
        ProbeResult r = client.probe(
                settings.port(), settings.probe(), settings.probeWait().multipliedBy(boundFactor));
        if (r.handshake().verdict() == HandshakeResult.Verdict.WE_REFUSED) {
            throw new AuditException(
                    AuditException.Kind.DEVICE_CERTIFICATE_REFUSED,
                    "we refused the device's own "
                            + "certificate ("
                            + String.join(
                                    ", ",
                                    r.handshake().failures().stream()
                                            .map(VerificationFailure::words)
                                            .toList())
                            + "); give the CA it chains to with "
                            + "--ca-certificate and a name in its SAN with --server");
        }
        return r;
    }
}
