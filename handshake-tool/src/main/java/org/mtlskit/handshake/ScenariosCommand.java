package org.mtlskit.handshake;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.Scenario;
import org.mtlskit.handshake.tls.TlsClient;
import org.mtlskit.handshake.tls.TlsServer;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.pki.internal.Defaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "scenarios",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the demo's three scenarios with TLS 1.3 and 1.2, in one process on a free loopback port.",
            "The scenarios are the good pair; a client with bad_cert.pem (the server refuses it); a server with the "
                    + "bad CA's certificate (the client refuses it); and, when revoked_cert.pem and ca_crl.pem are there, "
                    + "a revoked client (a server with --crl refuses it).",
            "Prints expected against actual for each side, and exits 0 only if all match."
        })
final class ScenariosCommand implements Callable<Integer> {
    @ParentCommand
    private HandshakeTool tool;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--keys",
            paramLabel = "DIR",
            description = "Folder with ca-tool's files (default: ${DEFAULT-VALUE}).")
    private Path keys = Defaults.OUT_DIR;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Handshake timeout (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds = Defaults.HANDSHAKE_TIMEOUT_SECONDS;

    static final String ROW = "%-27s %-4s %-7s %-33s %-38s %s%n";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        org.mtlskit.pki.internal.files.UnfinishedCommit.refuseIn(keys);
        out.printf(ROW, "scenario", "tls", "side", "expected", "actual", "");
        boolean allMatch = true;
        for (Scenario s : Scenario.demo(keys)) {
            for (TlsVersion version : List.of(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2)) {
                HandshakeResult[] results = run(s, version, timeout);
                String v = version == TlsVersion.TLS_1_3 ? "1.3" : "1.2";
                boolean serverOk = s.server().matches(results[0]);
                boolean clientOk = s.client().matches(results[1]);
                out.printf(
                        ROW,
                        s.name(),
                        v,
                        "server",
                        s.server(),
                        Scenario.describe(results[0]),
                        serverOk ? "ok" : "MISMATCH");
                out.printf(
                        ROW, "", "", "client", s.client(), Scenario.describe(results[1]), clientOk ? "ok" : "MISMATCH");
                allMatch &= serverOk && clientOk;
            }
        }
        out.println(
                allMatch ? "All scenarios behaved as the demo says." : "Some scenarios did not behave as expected.");
        return allMatch ? ExitCodes.OK : ExitCodes.SCENARIO_MISMATCH;
    }

    /** One scenario: a server for one connection on a free loopback port, and a client against it. */
    private HandshakeResult[] run(Scenario s, TlsVersion version, Duration timeout)
            throws IOException, InterruptedException {
        HandshakeFiles serverCreds = HandshakeFiles.load(
                s.serverFiles()[0],
                s.serverFiles()[1],
                s.serverFiles()[2],
                null,
                s.serverCrls(),
                "server",
                tool.clock.instant(),
                line -> {});
        HandshakeFiles clientCreds = HandshakeFiles.load(
                s.clientFiles()[0], s.clientFiles()[1], s.clientFiles()[2], "client", tool.clock.instant(), line -> {});
        AtomicReference<HandshakeResult> serverResult = new AtomicReference<>();
        try (TlsServer server =
                new TlsServer(serverCreds, version, tool.clock, timeout, 1, InetAddress.getLoopbackAddress(), 0)) {
            Thread serving = new Thread(
                    () -> {
                        try {
                            server.serve(1, new TlsServer.Listener() {
                                @Override
                                public void connected(java.net.InetSocketAddress client) {}

                                @Override
                                public void finished(java.net.InetSocketAddress client, HandshakeResult result) {
                                    serverResult.set(result);
                                }
                            });
                        } catch (IOException e) {
                            serverResult.compareAndSet(null, null);
                        }
                    },
                    "scenario-server");
            serving.start();
            HandshakeResult client = new TlsClient(clientCreds, version, tool.clock, "localhost", timeout)
                    .connect(server.port(), line -> {});
            serving.join(timeout.toMillis() * 3);
            HandshakeResult sr = serverResult.get();
            return new HandshakeResult[] {sr != null ? sr : failedToReport(), client};
        }
    }

    private static HandshakeResult failedToReport() {
        return new HandshakeResult(
                HandshakeResult.Verdict.FAILED,
                java.util.Set.of(),
                "the server reported nothing",
                null,
                null,
                null,
                List.of(),
                null);
    }
}
