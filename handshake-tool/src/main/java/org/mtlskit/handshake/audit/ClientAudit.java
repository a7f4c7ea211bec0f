package org.mtlskit.handshake.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mtlskit.handshake.tls.ServedCase;
import org.mtlskit.handshake.tls.TlsVersion;

/**
 * Audits a TLS client: for each TLS version and case, serves that case's chain on a loopback port,
 * runs the client's command once (or waits for the device to connect, with --listen), and judges
 * from our side of the wire ({@link ServedCase}): the client's alert before its Finished is a
 * refusal; data after its Finished is acceptance; an alert after it a late refusal. An end without
 * data after its Finished (close_notify, a close, silence) says nothing by itself: it is decided by
 * the command's exit status when it gave one (0 accepted, other refused late), else against how the
 * client ended the baseline's session. No answer within the bound, or a client that never
 * connected, is inconclusive after one retry with twice the bound, and the audit goes on.
 */
public final class ClientAudit {

    /**
     * @param command   the client's command with {host}, {port}, {ca}, {crl}; null with --listen
     * @param listen    the port to listen on (0: a free one, with a command)
     * @param bind      the address to listen on: loopback with a command; with --listen, where the device can reach us
     * @param host      the name the client is told ({host}), for cases that do not name their own
     * @param ca        the CA certificate file the client should trust ({ca})
     * @param crl       a file with the CRLs of the battery's revoked cases ({crl})
     * @param timeout   bound of each case: from starting the command to the client's Finished
     * @param greeting  what we send after the client's Finished (the demo server's "OK" line by default)
     * @param afterFinished how long we wait after the client's Finished for its data, close or alert
     */
    public record Settings(
            String command,
            int listen,
            InetAddress bind,
            String host,
            Path ca,
            Path crl,
            Duration timeout,
            Duration afterFinished,
            byte[] greeting,
            List<TlsVersion> versions,
            Clock clock) {}

    private final Settings settings;

    public ClientAudit(Settings settings) {
        this.settings = settings;
    }

    public AuditReport run(Battery battery, Consumer<String> progress) throws IOException, InterruptedException {
        List<String> offered = new ArrayList<>();
        List<String> notOffered = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        String target = settings.command() != null ? settings.command() : "--listen " + settings.listen();
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(settings.command() == null);
            listener.bind(new InetSocketAddress(settings.bind(), settings.listen()), 8);
            int port = listener.getLocalPort();
            if (settings.command() == null) {
                progress.accept("Listening on " + settings.bind().getHostAddress() + " port " + port
                        + ": connect the device once per case");
            }
            Battery.Case baseline = battery.baseline();
            for (TlsVersion version : settings.versions()) {
                String v = version == TlsVersion.TLS_1_2 ? "1.2" : "1.3";
                Served base = serveTwice(listener, baseline, version, v, null, progress);
                if (base.outcome().seen().refusal() && base.outcome().detail().startsWith(ServedCase.NOT_OFFERED)) {
                    notOffered.add(v);
                    progress.accept("TLS " + v + ": not offered by the client ("
                            + base.outcome().detail() + ")");
                    continue;
                }
                outcomes.add(base.outcome());
                if (!base.outcome().pass()) {
                    String stopped = (base.outcome().inconclusive()
                                    ? "no TLS answer from the client"
                                    : "the client " + "refused the good certificate")
                            + " (case " + baseline.name() + ", TLS " + v + ": "
                            + base.outcome().detail() + clientSaid(base.outcome()) + "); nothing else can be judged: "
                            + (base.outcome().inconclusive()
                                    ? "check that the command connects to {host}:{port} (or " + "{ip}:{port})"
                                    : "check that it trusts {ca} (" + settings.ca() + ") and checks the name "
                                            + "{host} (" + hostOf(baseline) + ")");
                    return new AuditReport(
                            "client",
                            target,
                            settings.host(),
                            port,
                            offered,
                            notOffered,
                            outcomes,
                            stopped,
                            List.of(),
                            AuditReport.afterBaseline(battery));
                }
                offered.add(v);
                progress.accept("TLS " + v + ": baseline " + baseline.name() + " accepted ("
                        + base.outcome().detail() + "); serving "
                        + (battery.cases().size() - 1) + " cases");
                for (Battery.Case c : battery.cases().subList(1, battery.cases().size())) {
                    outcomes.add(serveTwice(listener, c, version, v, base.end() == null ? "" : base.end(), progress)
                            .outcome());
                }
            }
            return new AuditReport(
                    "client",
                    target,
                    settings.host(),
                    port,
                    offered,
                    notOffered,
                    outcomes,
                    null,
                    outcomes.isEmpty() ? List.of() : Diagnosis.of(Diagnosis.Role.CLIENT, battery, outcomes));
        }
    }

    /** One case's outcome, and how the client ended its session (null when it did not end without data). */
    private record Served(Outcome outcome, String end) {}

    /** A case, and once more with twice the bounds when it was inconclusive. */
    private Served serveTwice(
            ServerSocket listener,
            Battery.Case c,
            TlsVersion version,
            String v,
            String baselineEnd,
            Consumer<String> progress)
            throws IOException, InterruptedException {
        Served first = serve(listener, c, version, v, baselineEnd, 1);
        if (!first.outcome().inconclusive()) {
            return first;
        }
        progress.accept("case " + c.name() + ", TLS " + v + ": "
                + first.outcome().detail() + "; trying once more " + "with twice the bound");
        Served again = serve(listener, c, version, v, baselineEnd, 2);
        if (!again.outcome().inconclusive()) {
            return again;
        }
        Outcome o = again.outcome();
        return new Served(
                new Outcome(
                        o.caseName(),
                        v,
                        o.rule(),
                        o.expected(),
                        Seen.INCONCLUSIVE,
                        null,
                        first.outcome().detail() + "; again on a retry with twice the bound: " + o.detail(),
                        o.client()),
                null);
    }

    private static String clientSaid(Outcome o) {
        return o.client() == null
                ? ""
                : "; the client exited " + o.client().exit()
                        + (o.client().lastLine().isEmpty()
                                ? ""
                                : ", last line: " + o.client().lastLine());
    }

    private String hostOf(Battery.Case c) {
        return c.audit().host() != null ? c.audit().host() : settings.host();
    }

    private Served serve(
            ServerSocket listener, Battery.Case c, TlsVersion version, String v, String baselineEnd, int boundFactor)
            throws IOException, InterruptedException {
        Duration timeout = settings.timeout().multipliedBy(boundFactor);
        Duration wait = settings.afterFinished().multipliedBy(boundFactor);
        long deadline = System.nanoTime() + timeout.toNanos();
        AuditedClientProcess command = null;
        if (settings.command() != null) {
            command = AuditedClientProcess.start(AuditedClientProcess.substitute(
                    settings.command(),
                    Map.of(
                            "host",
                            hostOf(c),
                            "port",
                            String.valueOf(listener.getLocalPort()),
                            "ip",
                            settings.bind().getHostAddress(),
                            "ca",
                            settings.ca().toString(),
                            "crl",
                            settings.crl().toString())));
        }
        Socket raw = null;
        try {
            raw = accept(listener, command, deadline);
            if (raw == null) {
                AuditedClientProcess.Ran ran = command == null ? null : command.finish(Duration.ZERO);
                String detail = ran == null || ran.exit().equals("killed")
                        ? "no answer (the client did not connect within "
                                + (timeout.toMillis() % 1000 == 0
                                        ? timeout.toSeconds() + " s"
                                        : timeout.toMillis() + " ms")
                                + ")"
                        : "the client exited " + ran.exit() + " without connecting";
                return new Served(
                        new Outcome(
                                c.name(),
                                v,
                                c.audit().rule(),
                                c.audit().expect(),
                                Seen.INCONCLUSIVE,
                                null,
                                detail,
                                ran),
                        null);
            }
            ServedCase.Seen seen = new ServedCase(c.chain(), c.key(), version)
                    .serve(
                            raw,
                            Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())),
                            wait,
                            settings.greeting(),
                            AuditDefaults.CLIENT_SPEAKS_FIRST,
                            AuditDefaults.HTTP_ANSWER.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            // our end closes first: a client that drains the connection before it exits waits for it
            raw.close();
            AuditedClientProcess.Ran ran = command == null ? null : command.finish(wait);
            return new Served(judge(c, v, seen, ran, baselineEnd), seen.end());
        } finally {
            if (raw != null) {
                raw.close();
            }
            if (command != null && command.alive()) {
                command.finish(Duration.ZERO);
            }
        }
    }

    /** The next connection, or null when the command ended or the bound passed without one. */
    private static Socket accept(ServerSocket listener, AuditedClientProcess command, long deadline)
            throws IOException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            listener.setSoTimeout((int) Math.max(1, Math.min(200, left / 1_000_000)));
            try {
                return listener.accept();
            } catch (SocketTimeoutException e) {
                if (command != null && !command.alive()) {
                    // one more short look: it may have connected just before it ended
                    listener.setSoTimeout(50);
                    try {
                        return listener.accept();
                    } catch (SocketTimeoutException gone) {
                        return null;
                    }
                }
            }
        }
    }

    /**
     * @param ran         what the client's command did, or null (--listen)
     * @param baselineEnd how the client ended the baseline's session, "" when it sent data; null while judging the baseline
     */
    static Outcome judge(
            Battery.Case c, String v, ServedCase.Seen s, AuditedClientProcess.Ran ran, String baselineEnd) {
        String detail = s.detail();
        Seen seen = switch (s.verdict()) {
            case ACCEPTED -> Seen.ACCEPTED;
            case REFUSED -> Seen.REFUSED;
            case REFUSED_LATE -> Seen.REFUSED_LATE;
            case CLOSED, NOT_OFFERED -> Seen.CLOSED;
            case NO_ANSWER -> Seen.INCONCLUSIVE;
            case ENDED, SILENT -> null;
        };
        if (seen == null) {
            if (ran != null && !ran.exit().equals("killed")) {
                boolean ok = ran.exit().equals("0");
                seen = ok ? Seen.ACCEPTED : Seen.REFUSED_LATE;
                detail += ok
                        ? "; the client exited 0: it accepted"
                        : "; the client exited " + ran.exit() + ": it refused after the handshake";
            } else if (baselineEnd == null) {
                seen = Seen.ACCEPTED;
                detail += " (the baseline: how this client ends a session it accepted)";
            } else if (baselineEnd.equals(s.end())) {
                seen = Seen.ACCEPTED;
                detail += ", as it ended the baseline's session";
            } else if (s.verdict() == ServedCase.Verdict.SILENT) {
                seen = Seen.INCONCLUSIVE;
                detail = "no answer (" + detail + ", where with the baseline it ended: " + baselineEnd + ")";
            } else {
                seen = Seen.REFUSED_LATE;
                detail += ", where with the baseline it ended: "
                        + (baselineEnd.isEmpty() ? "by sending data" : baselineEnd);
            }
        }
        // a close_notify that ended an accepted session is no alert of refusal
        String alert = seen == Seen.ACCEPTED && "close_notify".equals(s.alert()) ? null : s.alert();
        return new Outcome(c.name(), v, c.audit().rule(), c.audit().expect(), seen, alert, detail, ran);
    }
}
