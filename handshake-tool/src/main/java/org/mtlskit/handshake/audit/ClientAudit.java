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
 * from our side of the wire ({@link ServedCase}): the client's Finished means it accepted our
 * certificate during the handshake; its alert before that is a refusal; a Finished followed by a
 * close or an alert without data is a late refusal; data after its Finished, or silence until the
 * bound, is acceptance. The command's exit code and last line are recorded, never trusted.
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
    public record Settings(String command, int listen, InetAddress bind, String host, Path ca, Path crl, Duration timeout,
                           Duration afterFinished, byte[] greeting, List<TlsVersion> versions, Clock clock) {
    }

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
                Outcome base = serve(listener, baseline, version, v);
                if (base.seen().refusal() && base.detail().startsWith(ServedCase.NOT_OFFERED)) {
                    notOffered.add(v);
                    progress.accept("TLS " + v + ": not offered by the client (" + base.detail() + ")");
                    continue;
                }
                outcomes.add(base);
                if (base.seen().refusal()) {
                    String stopped = "the client refused the good certificate (case " + baseline.name() + ", TLS " + v
                            + ": " + base.detail() + clientSaid(base) + "); nothing else can be judged: check that "
                            + "it trusts {ca} (" + settings.ca() + ") and checks the name {host} (" + hostOf(baseline) + ")";
                    return new AuditReport("client", target, settings.host(), port, offered, notOffered, outcomes,
                            stopped, List.of(), AuditReport.afterBaseline(battery));
                }
                offered.add(v);
                progress.accept("TLS " + v + ": baseline " + baseline.name() + " accepted; serving "
                        + (battery.cases().size() - 1) + " cases");
                for (Battery.Case c : battery.cases().subList(1, battery.cases().size())) {
                    outcomes.add(serve(listener, c, version, v));
                }
            }
            return new AuditReport("client", target, settings.host(), port, offered, notOffered, outcomes, null,
                    outcomes.isEmpty() ? List.of() : Diagnosis.of(Diagnosis.Role.CLIENT, battery, outcomes));
        }
    }

    private static String clientSaid(Outcome o) {
        return o.client() == null ? "" : "; the client exited " + o.client().exit()
                + (o.client().lastLine().isEmpty() ? "" : ", last line: " + o.client().lastLine());
    }

    private String hostOf(Battery.Case c) {
        return c.audit().host() != null ? c.audit().host() : settings.host();
    }

    private Outcome serve(ServerSocket listener, Battery.Case c, TlsVersion version, String v)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        ClientCommand command = null;
        if (settings.command() != null) {
            command = ClientCommand.start(ClientCommand.substitute(settings.command(), Map.of(
                    "host", hostOf(c), "port", String.valueOf(listener.getLocalPort()),
                    "ca", settings.ca().toString(), "crl", settings.crl().toString())));
        }
        Socket raw = null;
        try {
            raw = accept(listener, command, deadline);
            if (raw == null) {
                ClientCommand.Ran ran = command == null ? null : command.finish(Duration.ZERO);
                throw new AuditException(AuditException.Kind.UNREACHABLE, "case " + c.name() + ", TLS " + v
                        + ": the client did not connect within " + settings.timeout().toSeconds() + " s"
                        + (ran == null ? "" : " (it exited " + ran.exit()
                        + (ran.lastLine().isEmpty() ? "" : ", last line: " + ran.lastLine()) + ")"));
            }
            ServedCase.Seen seen = new ServedCase(c.chain(), c.key(), version)
                    .serve(raw, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())), settings.afterFinished(),
                            settings.greeting());
            Outcome o = judge(c, v, seen);
            // our end closes first: a client that drains the connection before it exits waits for it
            raw.close();
            return command == null ? o : o.with(command.finish(settings.afterFinished()));
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
    private static Socket accept(ServerSocket listener, ClientCommand command, long deadline) throws IOException {
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

    static Outcome judge(Battery.Case c, String v, ServedCase.Seen s) {
        String rule = c.audit().rule();
        Seen seen = switch (s.verdict()) {
            case ACCEPTED -> Seen.ACCEPTED;
            case REFUSED -> Seen.REFUSED;
            case REFUSED_LATE -> Seen.REFUSED_LATE;
            case CLOSED, NOT_OFFERED -> Seen.CLOSED;
        };
        return new Outcome(c.name(), v, rule, c.audit().expect(), seen, s.alert(), s.detail());
    }
}
