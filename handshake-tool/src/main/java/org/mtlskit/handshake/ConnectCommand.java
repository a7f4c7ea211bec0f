package org.mtlskit.handshake;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.handshake.tls.TlsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "connect",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the mutual-TLS client, and exits 0 only when the server accepted us too.",
            "It verifies the server's chain against the CA and its SAN against --server (the CN is not used), "
                    + "and presents our certificate."
        })
final class ConnectCommand implements Callable<Integer> {
    @ParentCommand
    private HandshakeTool tool;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TlsOptions tls;

    @Option(
            names = "--server",
            required = true,
            paramLabel = "HOST",
            description = "Server to connect to; its certificate's SAN must match it (a DNS name or an IP address).")
    private String server;

    @Override
    public Integer call() {
        if (tls.port < 1 || tls.port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--port: " + tls.port + " is out of range; allowed: 1 to 65535");
        }
        if (tls.timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout: must be 1 second or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HandshakeFiles credentials = tls.load("client", tool, out::println);
        try {
            java.net.InetAddress.getAllByName(server);
        } catch (java.net.UnknownHostException e) {
            // a name that does not resolve is a bad argument, told in one line as serve tells a bad --bind
            err.println("handshake-tool: error: --server: cannot resolve " + server);
            return ExitCodes.NETWORK;
        }
        out.println("Setting up SSL configuration...");
        out.println("Setting up SSL context...");
        TlsClient client = new TlsClient(credentials, tls.tls, tool.clock, server, tls.timeout());
        HandshakeResult result = client.connect(tls.port, out::println);
        ResultLines.print(result, "Handshake successful!", "Handshake failed", "server", out, err);
        return ExitCodes.of(result);
    }
}
