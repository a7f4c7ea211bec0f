package org.mtlskit.handshake;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtlskit.handshake.audit.AuditDefaults;
import org.mtlskit.handshake.audit.AuditException;
import org.mtlskit.handshake.audit.AuditReport;
import org.mtlskit.handshake.audit.Battery;
import org.mtlskit.handshake.audit.ClientAudit;
import org.mtlskit.handshake.audit.ReportFormats;
import org.mtlskit.handshake.audit.RevocationList;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.x509.NameSyntax;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "Audits a TLS client: serves each server case of the battery on a loopback port, on each TLS "
                    + "version, runs the client's command once per case (or waits for the device with --listen), and says "
                    + "for each case whether the client did what a correct client does, judged from our side of the wire.",
            "In COMMAND, {host} is the name the client must check, {ip} the address we listen on (for clients "
                    + "that cannot resolve the battery's names: curl --resolve {host}:{port}:{ip}), {port} our port, {ca} "
                    + "the CA it must trust and {crl} a CRL listing the battery's revoked server certificate."
        })
final class AuditClientCommand implements Callable<Integer> {
    @ParentCommand
    private AuditCommand audit;

    @Spec
    private CommandSpec spec;

    static final class Client {
        @Option(names = "--run", paramLabel = "COMMAND", description = "The client's command, run by sh once per case.")
        String command;

        @Option(
                names = "--listen",
                paramLabel = "PORT",
                description = "Listen on this loopback port and serve the cases in turn to whatever connects.")
        Integer listen;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Client client;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            description =
                    "With --listen: the address to listen on, for a device elsewhere (default: ${DEFAULT-VALUE}).")
    private String bind = "127.0.0.1";

    @Option(
            names = "--host",
            paramLabel = "NAME",
            description =
                    "The name {host} the client checks, for cases that do not name their own (default: ${DEFAULT-VALUE}).")
    private String host = "localhost";

    @Mixin
    private AuditFiles files;

    @Option(
            names = "--tls",
            paramLabel = "1.2|1.3",
            converter = TlsOptions.VersionConverter.class,
            description = "Audit one TLS version only (default: each of 1.2 and 1.3 the client offers).")
    private TlsVersion tls;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description =
                    "Bound of each case, from starting the command to the client's Finished (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds = (int) AuditDefaults.CLIENT_TIMEOUT.toSeconds();

    @Option(
            names = "--wait",
            paramLabel = "MILLIS",
            description =
                    "How long to wait after the client's Finished for its data, close or alert (default: ${DEFAULT-VALUE}).")
    private long waitMillis = AuditDefaults.PROBE_WAIT.toMillis();

    @Option(
            names = "--greeting",
            paramLabel = "TEXT",
            description = {
                "Sent after the client's Finished, as the demo's server sends its line; \\r, \\n, \\t, \\\\ "
                        + "are escapes; empty sends nothing (default: ${DEFAULT-VALUE})."
            })
    private String greeting = AuditDefaults.GREETING;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (client.listen != null && (client.listen < 1 || client.listen > 65535)) {
            throw new ParameterException(
                    spec.commandLine(), "--listen: " + client.listen + " is out of range; allowed: 1 to 65535");
        }
        if (client.command != null && client.command.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--run: the command is empty");
        }
        if (timeoutSeconds < 1 || waitMillis < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout and --wait must be positive");
        }
        if (client.command != null && !bind.equals("127.0.0.1")) {
            throw new ParameterException(
                    spec.commandLine(), "--bind is for --listen; a --run command is served on loopback");
        }
        java.net.InetAddress bindAddress;
        if (!NameSyntax.isIpLiteral(bind)) {
            throw new ParameterException(spec.commandLine(), "--bind: \"" + bind + "\" is not an IP address");
        }
        try {
            bindAddress = java.net.InetAddress.getByName(bind);
        } catch (java.net.UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind: \"" + bind + "\" is not an IP address");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        files.checkReportsWritable();
        Battery battery = files.battery(AuditCase.Role.SERVER);
        if (battery.anchor() == null) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    files.profiles + ": the server baseline has no issuer, "
                            + "so there is no CA to give the client as {ca}");
        }
        List<TlsVersion> versions = tls == null ? List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3) : List.of(tls);
        Path work = Files.createTempDirectory("mtlskit-audit-");
        try {
            Instant now = audit.tool.clock.instant();
            Path crl = RevocationList.write(battery, work.resolve("crl.pem"), now);
            ClientAudit.Settings settings = new ClientAudit.Settings(
                    client.command,
                    client.listen == null ? 0 : client.listen,
                    bindAddress,
                    host,
                    battery.anchor(),
                    crl,
                    Duration.ofSeconds(timeoutSeconds),
                    Duration.ofMillis(waitMillis),
                    AuditServerCommand.unescape(greeting).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    versions,
                    audit.tool.clock);
            out.println("Auditing the client "
                    + (client.command != null ? "command " + client.command : "on --listen " + client.listen) + " with "
                    + battery.cases().size() + " server cases from " + files.profiles + " (baseline first)...");
            out.flush();
            AuditReport report;
            try {
                report = new ClientAudit(settings).run(battery, line -> {
                    out.println(line);
                    out.flush();
                });
            } catch (AuditException e) {
                err.println("handshake-tool: error: " + e.getMessage());
                return ExitCodes.NETWORK;
            }
            ReportFormats.table(report).forEach(out::println);
            files.writeReports(report, null);
            if (report.stopped() != null) {
                err.println("handshake-tool: audit stopped: " + report.stopped());
            }
            return AuditFiles.exitCode(report);
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : new ArrayList<>(files.toList())) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }
}
