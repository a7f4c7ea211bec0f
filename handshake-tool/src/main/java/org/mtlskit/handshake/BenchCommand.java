package org.mtlskit.handshake;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.handshake.tls.LoadClient;
import org.mtlskit.handshake.tls.Stallers;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.pki.internal.Defaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Puts load on a mutual-TLS server, like openssl s_time.",
            "It keeps --concurrency connections at once, each a full handshake with our client certificate (or a "
                    + "resumed one with --resume), for --duration seconds or --count connections.",
            "Prints handshakes per second, latency p50/p99 and failures by reason, and exits 0 only when none failed.",
            "A handshake counts once the server accepted us: at its verdict line OK (handshake-tool serve), or, with "
                    + "--no-verdict (any other server, such as openssl s_server), once the handshake completed and the "
                    + "server closed the connection after ours without an alert. Latency runs from the TCP connect to "
                    + "that moment."
        })
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    private HandshakeTool tool;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--connect",
            required = true,
            paramLabel = "HOST:PORT",
            description = "The server to load, for example 127.0.0.1:4433 or [::1]:4433.")
    private String connect;

    @Option(
            names = "--server",
            paramLabel = "NAME",
            description = "The name the server certificate's SAN must match (default: the host of --connect).")
    private String server;

    @Mixin
    private HandshakeFilesOptions files;

    @Option(names = "--concurrency", paramLabel = "N", description = "Connections at once (default: ${DEFAULT-VALUE}).")
    private int concurrency = 1;

    /** s_time runs 30 s by default; 10 s already gives hundreds of handshakes on loopback. */
    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "Start new connections for this long (default: 10, when --count is not given).")
    private Integer durationSeconds;

    @Option(names = "--count", paramLabel = "N", description = "Make N connections in all, instead of --duration.")
    private Long count;

    @Option(
            names = "--resume",
            description = "Resume sessions: every connection offers the last session the client holds.")
    private boolean resume;

    @Option(
            names = "--no-verdict",
            description = "Do not wait for the server's verdict line OK (for servers other than handshake-tool serve).")
    private boolean noVerdict;

    @Option(
            names = "--warm-up",
            paramLabel = "SECONDS",
            description =
                    "First make connections for this long without counting them, so that the JIT of a Java client "
                            + "and server has compiled the handshake (default: ${DEFAULT-VALUE}).")
    private int warmUpSeconds = 0;

    @Option(
            names = "--tls",
            paramLabel = "1.2|1.3",
            converter = TlsOptions.VersionConverter.class,
            description = "Pin one TLS version (default: 1.3 or 1.2, whichever the server has).")
    private TlsVersion tls = TlsVersion.ANY;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds = Defaults.HANDSHAKE_TIMEOUT_SECONDS;

    @Option(
            names = "--stall",
            paramLabel = "N",
            description =
                    "First open N connections that begin a handshake and stall (kept open for the whole run), to measure "
                            + "what they cost the good clients; the server's --timeout must outlast the run.")
    private int stall;

    @Option(
            names = "--stall-after",
            paramLabel = "client-hello|tiny-record",
            description =
                    "What each stalling connection sends first: a whole ClientHello (default) or a 6-byte handshake record.")
    private String stallAfter = "client-hello";

    @Override
    public Integer call() throws InterruptedException {
        HostPort target = HostPort.parse(connect, spec);
        if (concurrency < 1 || timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency and --timeout must be 1 or more");
        }
        if (count != null && durationSeconds != null) {
            throw new ParameterException(spec.commandLine(), "give --count or --duration, not both");
        }
        if (count != null && count < 1 || durationSeconds != null && durationSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--count and --duration must be 1 or more");
        }
        if (warmUpSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--warm-up must be 0 or more");
        }
        if (stall < 0 || stall > 10_000) {
            throw new ParameterException(
                    spec.commandLine(), "--stall: " + stall + " is out of range; allowed: 0 to 10000");
        }
        if (!stallAfter.equals("client-hello") && !stallAfter.equals("tiny-record")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--stall-after: expected client-hello or tiny-record, got \"" + stallAfter + "\"");
        }
        String name = server != null ? server : target.host;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HandshakeFiles credentials = files.load(List.of(), "client", tool.clock.instant(), line -> {});
        LoadClient.Plan plan = new LoadClient.Plan(
                target.host,
                target.port,
                name,
                concurrency,
                count != null ? count : 0,
                Duration.ofSeconds(durationSeconds != null ? durationSeconds : 10),
                resume,
                !noVerdict,
                tls,
                Duration.ofSeconds(timeoutSeconds),
                Duration.ofSeconds(warmUpSeconds));
        out.println("Connecting to " + target.host + " port " + target.port + " (server name " + name + "), "
                + concurrency + " at a time, "
                + (count != null
                        ? count + " connections"
                        : "for " + plan.duration().toSeconds() + " s")
                + ", " + (resume ? "resuming sessions" : "full handshakes") + ", "
                + (noVerdict
                        ? "accepted when the server closes after the handshake"
                        : "accepted on the verdict line OK")
                + (warmUpSeconds > 0 ? ", after " + warmUpSeconds + " s of warm-up" : ""));
        out.flush();
        LoadClient.Report r;
        try (Stallers stallers = stall == 0
                ? null
                : new Stallers(
                        target.host,
                        target.port,
                        stall,
                        stallAfter.equals("tiny-record") ? Stallers.After.TINY_RECORD : Stallers.After.CLIENT_HELLO)) {
            if (stallers != null) {
                out.println("Stalling: " + stallers.count() + " connections that sent "
                        + (stallAfter.equals("tiny-record") ? "a 6-byte handshake record" : "a whole ClientHello")
                        + ", then nothing");
                out.flush();
            }
            r = new LoadClient(credentials, tool.clock).run(plan);
        } catch (java.io.IOException e) {
            err.println("handshake-tool: error: --stall: cannot open the stalling connections: " + e.getMessage());
            return ExitCodes.NETWORK;
        }
        print(r, out);
        if (r.failed() == 0) {
            return ExitCodes.OK;
        }
        err.println("handshake-tool: " + r.failed() + " of " + r.attempted() + " handshakes failed"
                + (r.unreachable() ? "; the server could not be reached, which ended the run" : ""));
        err.flush();
        return switch (r.worstVerdict()) {
            case WE_REFUSED -> ExitCodes.WE_REFUSED;
            case PEER_REFUSED -> ExitCodes.PEER_REFUSED;
            case UNKNOWN -> ExitCodes.NOT_KNOWN;
            case FAILED, SUCCESS -> ExitCodes.NETWORK;
        };
    }

    private void print(LoadClient.Report r, PrintWriter out) {
        out.printf(
                "Handshakes: %d succeeded, %d failed, in %.2f s%n",
                r.succeeded(), r.failed(), r.elapsed().toNanos() / 1e9);
        out.printf("Handshakes per second: %.1f%n", r.perSecond());
        if (r.succeeded() > 0) {
            out.printf(
                    "Latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    r.percentile(50) / 1e6, r.percentile(99) / 1e6, r.latencies()[r.latencies().length - 1] / 1e6);
            out.printf("Resumed: %d of %d (%.0f%%)%n", r.resumed(), r.succeeded(), 100.0 * r.resumed() / r.succeeded());
            StringBuilder protocols = new StringBuilder("Protocols:");
            r.protocols()
                    .forEach((p, n) ->
                            protocols.append(' ').append(p).append(' ').append(n));
            out.println(protocols);
        }
        if (resume && r.succeeded() > concurrency && r.resumed() == 0) {
            out.println("Note: no session was resumed; the server may not support resumption"
                    + (noVerdict ? "" : " or may not have sent a session ticket"));
        }
        if (r.failures().isEmpty()) {
            out.println("Failures: none");
        } else {
            out.println("Failures by reason:");
            for (Map.Entry<String, Long> f : r.failures().entrySet()) {
                out.printf("%8d  %s%n", f.getValue(), f.getKey());
            }
        }
        out.flush();
    }

    /** HOST:PORT, with an IPv6 host in brackets. */
    private record HostPort(String host, int port) {
        static HostPort parse(String text, CommandSpec spec) {
            int colon = text.lastIndexOf(':');
            String host = colon > 0 ? text.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                // reported below
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--connect: expected HOST:PORT with a port from 1 to 65535, got \"" + text + "\"");
            }
            return new HostPort(host, port);
        }
    }
}
