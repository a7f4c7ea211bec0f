package org.mtlskit.handshake;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.TlsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the mutual-TLS server: requires a client certificate and verifies it against the CA.",
            "Clients are served concurrently, each with a handshake timeout; a failed handshake never stops the server.",
            "After accepting a client it sends the line OK, so a TLS 1.3 client knows it was accepted."
        })
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    private HandshakeTool tool;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TlsOptions tls;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    private String bind = "127.0.0.1";

    @Option(
            names = "--count",
            paramLabel = "N",
            description = {
                "Exit after N connections; the exit code says whether all succeeded.",
                "0 (the default) serves until stopped: Ctrl-C or SIGTERM prints the summary and exits 130 or 143."
            })
    private int count;

    @Option(
            names = "--max-concurrent",
            paramLabel = "N",
            description = {
                "Sizes the server (default: ${DEFAULT-VALUE}, at most " + TlsServer.MAX_CONCURRENT
                        + "): up to N threads (no more than 2 per CPU) do the handshakes' CPU work.",
                "16 x N connections (at least 256) may wait for their ClientHello and as many be in their handshake, which holds no thread.",
                "One more client is refused as \"server busy\" with the alert internal_error."
            })
    private int maxConcurrent = 32;

    @Option(
            names = "--cipher-suites",
            paramLabel = "LIST",
            split = ",",
            description = {
                "TLS cipher suites to offer, by their JSSE names, comma-separated (to mimic a device).",
                "Default: TLS 1.3's suites, and for TLS 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305."
            })
    private List<String> cipherSuites;

    @Override
    public Integer call() throws IOException {
        if (tls.port < 0 || tls.port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--port: " + tls.port + " is out of range; allowed: 0 to 65535");
        }
        if (count < 0 || tls.timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be 0 or more, --timeout 1 or more");
        }
        if (maxConcurrent < 1 || maxConcurrent > TlsServer.MAX_CONCURRENT) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--max-concurrent: " + maxConcurrent + " is out of range; allowed: 1 to "
                            + TlsServer.MAX_CONCURRENT);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HandshakeFiles credentials = tls.load("server", tool, out::println);
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            err.println("handshake-tool: error: --bind: cannot resolve " + bind);
            return ExitCodes.NETWORK;
        }
        out.println("Setting up SSL configuration...");
        out.println("Setting up SSL context...");
        out.println("Binding to port...");
        TlsServer server;
        try {
            server = new TlsServer(
                    credentials, tls.tls, tool.clock, tls.timeout(), maxConcurrent, address, tls.port, cipherSuites);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--cipher-suites: " + e.getMessage());
        } catch (BindException e) {
            err.println("handshake-tool: error: cannot listen on " + bind + " port " + tls.port + ": "
                    + (e.getMessage() != null && e.getMessage().contains("in use")
                            ? "address already in use"
                            : e.getMessage()));
            return ExitCodes.NETWORK;
        }
        // Ctrl-C or SIGTERM: the hook stops the server and waits (bounded) until the summary is out; the
        // JVM then exits 130 or 143. Without the wait the JVM would end before serve() returned.
        CountDownLatch summarized = new CountDownLatch(1);
        Thread stopper = new Thread(
                () -> {
                    server.close();
                    try {
                        summarized.await(SUMMARY_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        // A wildcard is shown as it was asked for: Java reports 0.0.0.0 bound on a dual-stack socket as "::".
        InetAddress bound = server.address().getAddress().isAnyLocalAddress()
                ? address
                : server.address().getAddress();
        out.println("Listening on " + bound.getHostAddress() + " port " + server.port());
        out.println("Server is running. Waiting for connections...");
        AtomicInteger firstFailure = new AtomicInteger(ExitCodes.OK);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        try {
            server.serve(count, new TlsServer.Listener() {
                @Override
                public void connected(InetSocketAddress client) {
                    out.println("Client connected. Setting up SSL...");
                }

                @Override
                public void finished(InetSocketAddress client, HandshakeResult result) {
                    synchronized (out) {
                        ResultLines.print(
                                result, "SSL handshake successful", "SSL handshake failed", "client", out, err);
                    }
                    served.incrementAndGet();
                    if (result.succeeded()) {
                        succeeded.incrementAndGet();
                    } else {
                        firstFailure.compareAndSet(ExitCodes.OK, ExitCodes.of(result));
                    }
                }
            });
        } finally {
            server.close();
            out.println("Served " + served.get() + " connection" + (served.get() == 1 ? "" : "s") + ": "
                    + succeeded.get() + " succeeded, " + (served.get() - succeeded.get()) + " failed");
            out.flush();
            summarized.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook waits for the summary, which is out
            }
        }
        return firstFailure.get();
    }

    /** How long a Ctrl-C or SIGTERM waits for serve to print its summary: it ends its connections at once. */
    private static final long SUMMARY_WAIT_SECONDS = 3;
}
