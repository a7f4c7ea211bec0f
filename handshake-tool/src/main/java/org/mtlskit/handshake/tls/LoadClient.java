package org.mtlskit.handshake.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.mtlskit.pki.internal.jsse.OwnKeyManager;
import org.mtlskit.pki.internal.jsse.PeerVerifier;

/**
 * Load on a mutual-TLS server, as {@code openssl s_time} makes it: {@code concurrency} connections at
 * once, each a whole handshake with our client certificate, until a count or a duration is used up.
 * It records how long each handshake took and why any failed.
 *
 * <p>A handshake counts as successful when the server has accepted us: with {@code awaitVerdict},
 * once the server's verdict line {@value TlsServer#VERDICT_LINE} arrived (handshake-tool serve);
 * without it, once the handshake completed and the server then closed the connection without an
 * alert (any other server, such as openssl s_server). The latency is the time from the TCP connect
 * to that moment; closing the connection is not part of it.
 *
 * <p>Full handshakes: each connection thread has its own SSLContext and invalidates each session
 * after its connection, so no connection can offer a session (not even one another thread just
 * received). Resumed handshakes ({@code resume}): all connections share one SSLContext and so one
 * client session cache, and JSSE offers the last session it holds for the server. A handshake is counted as resumed when our trust
 * manager was not asked to verify the server's chain: JSSE asks it on every full handshake and on
 * no resumed one. That is how the resumption ratio is measured, not assumed.
 */
public final class LoadClient {

    /**
     * What to run.
     *
     * @param host         where to connect
     * @param serverName   the name the server certificate's SAN must match (also sent as SNI when it is a DNS name with a dot)
     * @param count        connections to make in all, or 0 to run for {@code duration}
     * @param duration     how long to start new connections when {@code count} is 0
     * @param awaitVerdict wait for the verdict line of handshake-tool serve
     * @param timeout      for the connect and for each read
     * @param warmUp       how long to make connections first without counting them (zero for none): the
     *                     JIT compiles the client's and a Java server's hot code meanwhile
     */
    public record Plan(
            String host,
            int port,
            String serverName,
            int concurrency,
            long count,
            Duration duration,
            boolean resume,
            boolean awaitVerdict,
            TlsVersion version,
            Duration timeout,
            Duration warmUp) {
        public Plan {
            if (warmUp.isNegative()) {
                throw new IllegalArgumentException("warmUp < 0: " + warmUp);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency < 1: " + concurrency);
            }
            if (count < 0) {
                throw new IllegalArgumentException("count < 0: " + count);
            }
            if (count == 0 && (duration == null || duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("neither a count nor a positive duration: " + duration);
            }
        }
    }

    /**
     * What a run measured.
     *
     * @param latencies    nanoseconds per successful handshake, sorted
     * @param resumed      successful handshakes that resumed a session
     * @param failures     failed connections by reason, most frequent first
     * @param protocols    successful handshakes by protocol ("TLSv1.3": 120)
     * @param worstVerdict the verdict of the most frequent failure, or SUCCESS when none failed
     * @param unreachable  the server could not be reached, which ended the run early
     */
    public record Report(
            long attempted,
            long succeeded,
            long resumed,
            long[] latencies,
            Map<String, Long> failures,
            Map<String, Long> protocols,
            HandshakeResult.Verdict worstVerdict,
            Duration elapsed,
            boolean unreachable) {

        public long failed() {
            return attempted - succeeded;
        }

        /** Successful handshakes per second of wall-clock time over the whole run. */
        public double perSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : succeeded / seconds;
        }

        /** The latency below which {@code percent} of the successful handshakes lie (nearest rank), in nanoseconds. */
        public long percentile(double percent) {
            if (latencies.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(percent / 100.0 * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))];
        }
    }

    private final HandshakeFiles credentials;
    private final Clock clock;

    public LoadClient(HandshakeFiles credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** Runs the plan to its end; never throws for network trouble, which becomes a failure reason. */
    public Report run(Plan plan) throws InterruptedException {
        Session session = new Session(plan);
        if (!plan.warmUp().isZero()) {
            Report warmUp = measure(session, 0, plan.warmUp());
            if (warmUp.unreachable()) {
                return warmUp;
            }
            session.failures.clear();
            session.protocols.clear();
        }
        return measure(session, plan.count(), plan.duration());
    }

    /** One phase: the workers make connections until {@code count} is used up (if positive) or for {@code duration}. */
    private Report measure(Session session, long count, Duration duration) throws InterruptedException {
        Plan plan = session.plan;
        AtomicLong tickets = new AtomicLong(count);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < plan.concurrency(); i++) {
            Worker w = new Worker(session, count > 0 ? tickets : null);
            w.thread = new Thread(w, "load-" + (i + 1));
            w.thread.setDaemon(true);
            workers.add(w);
        }
        long start = System.nanoTime();
        for (Worker w : workers) {
            w.stopStarting = count > 0 ? Long.MAX_VALUE : start + duration.toNanos();
            w.thread.start();
        }
        for (Worker w : workers) {
            w.thread.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        long attempted = 0;
        long resumed = 0;
        long total = 0;
        for (Worker w : workers) {
            attempted += w.attempted;
            resumed += w.resumed;
            total += w.latencyCount;
        }
        long[] latencies = new long[(int) total];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, latencies, at, w.latencyCount);
            at += w.latencyCount;
        }
        Arrays.sort(latencies);
        List<Map.Entry<String, Long>> byCount = new ArrayList<>(session.failures.entrySet());
        byCount.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> failures = new LinkedHashMap<>();
        byCount.forEach(e -> failures.put(e.getKey(), e.getValue()));
        HandshakeResult.Verdict worst = byCount.isEmpty()
                ? HandshakeResult.Verdict.SUCCESS
                : session.verdicts.get(byCount.get(0).getKey());
        return new Report(
                attempted,
                latencies.length,
                resumed,
                latencies,
                Collections.unmodifiableMap(failures),
                Collections.unmodifiableMap(new TreeMap<>(session.protocols)),
                worst,
                elapsed,
                session.unreachable);
    }

    /** What all workers share: the verifier, the SSLContext when resuming (and so its session cache), the tallies. */
    private final class Session {
        final Plan plan;
        /** The context all connections share when resuming; each worker makes its own otherwise. */
        final SSLContext shared;

        final PeerVerifier verifier;
        /** Sockets whose server chain our trust manager verified in this handshake: full, not resumed. */
        final Set<Object> verified = ConcurrentHashMap.newKeySet();

        final Map<String, Long> failures = new ConcurrentHashMap<>();
        final Map<String, HandshakeResult.Verdict> verdicts = new ConcurrentHashMap<>();
        final Map<String, Long> protocols = new ConcurrentHashMap<>();
        /** Set when the server cannot be reached at all: then the run ends, as s_time's does. */
        volatile boolean unreachable;

        Session(Plan plan) {
            this.plan = plan;
            this.verifier = new PeerVerifier(credentials.trusted(), credentials.crls(), plan.serverName(), clock);
            this.shared = plan.resume() ? newContext() : null;
        }

        SSLContext newContext() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(
                        new KeyManager[] {new OwnKeyManager(credentials.chain(), credentials.key())},
                        new TrustManager[] {new NotingVerifier(verifier, verified)},
                        new SecureRandom());
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot set up TLS", e);
            }
        }

        void failed(HandshakeResult r) {
            String reason = r.verdict() == HandshakeResult.Verdict.WE_REFUSED
                            && !r.failures().isEmpty()
                    ? r.cause() + ": " + Scenario.words(r.failures())
                    : r.cause();
            failures.merge(reason, 1L, Long::sum);
            verdicts.putIfAbsent(reason, r.verdict());
        }
    }

    private final class Worker implements Runnable {
        final Session session;
        final AtomicLong tickets;
        final SSLContext context;
        /** When to stop starting connections; set before the thread starts. */
        long stopStarting;

        Thread thread;
        long attempted;
        long resumed;
        long[] latencies = new long[256];
        int latencyCount;

        Worker(Session session, AtomicLong tickets) {
            this.session = session;
            this.tickets = tickets;
            this.context = session.shared != null ? session.shared : session.newContext();
        }

        @Override
        public void run() {
            while (!session.unreachable
                    && (tickets != null ? tickets.getAndDecrement() > 0 : System.nanoTime() < stopStarting)) {
                attempted++;
                long begin = System.nanoTime();
                LoadConnection.Outcome o =
                        LoadConnection.once(session.plan, context, session.verifier, session.verified);
                if (o.result().succeeded()) {
                    if (latencyCount == latencies.length) {
                        latencies = Arrays.copyOf(latencies, latencyCount * 2);
                    }
                    latencies[latencyCount++] = o.acceptedAt() - begin;
                    if (o.resumed()) {
                        resumed++;
                    }
                    session.protocols.merge(o.result().protocol(), 1L, Long::sum);
                } else {
                    session.failed(o.result());
                    if (o.unreachable()) {
                        session.unreachable = true;
                    }
                }
            }
        }
    }
}
