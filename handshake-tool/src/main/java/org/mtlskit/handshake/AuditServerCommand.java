package org.mtlskit.handshake;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtlskit.handshake.audit.AuditDefaults;
import org.mtlskit.handshake.audit.AuditException;
import org.mtlskit.handshake.audit.AuditReport;
import org.mtlskit.handshake.audit.Battery;
import org.mtlskit.handshake.audit.ReportFormats;
import org.mtlskit.handshake.audit.ServerAudit;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.pem.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Audits a server that asks for client certificates: presents each client case of the battery, "
                    + "on each TLS version the server offers, and says for each whether it did what a correct server does."
        })
final class AuditServerCommand implements Callable<Integer> {
    @ParentCommand
    private AuditCommand audit;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--server",
            required = true,
            paramLabel = "HOST",
            description = "The device to audit; its certificate's SAN must match it.")
    private String server;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            description = "Its TCP port (default: ${DEFAULT-VALUE}).")
    private int port = 4433;

    @Option(
            names = "--ca-certificate",
            required = true,
            paramLabel = "FILE",
            description = "The CA the device's own certificate chains to (PEM).")
    private Path caCertificate;

    @Mixin
    private AuditFiles files;

    @Option(
            names = "--tls",
            paramLabel = "1.2|1.3",
            converter = TlsOptions.VersionConverter.class,
            description = "Audit one TLS version only (default: each of 1.2 and 1.3 the device offers).")
    private TlsVersion tls;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Bound of each handshake (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds = 5;

    @Option(
            names = "--probe",
            paramLabel = "TEXT",
            description = "Sent after each handshake; \\r, \\n, \\t and \\\\ are escapes (default: ${DEFAULT-VALUE}).")
    private String probe = AuditDefaults.PROBE;

    @Option(
            names = "--probe-wait",
            paramLabel = "MILLIS",
            description = "How long to wait for the answer to the probe (default: ${DEFAULT-VALUE}).")
    private long probeWaitMillis = AuditDefaults.PROBE_WAIT.toMillis();

    @Option(
            names = "--accepted-when",
            paramLabel = "REGEX",
            description = "The device's answers (first line) that mean it accepted us; any other answer is a late "
                    + "refusal (default: judged against its answer to the baseline).")
    private String acceptedWhen;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "How many cases are on the wire at once; 1 for a device that cannot take more than one "
                    + "connection (default: ${DEFAULT-VALUE}).")
    private int parallel = AuditDefaults.IN_FLIGHT;

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--port: " + port + " is out of range; allowed: 1 to 65535");
        }
        if (timeoutSeconds < 1 || probeWaitMillis < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout and --probe-wait must be positive");
        }
        if (parallel < 1 || parallel > 64) {
            throw new ParameterException(
                    spec.commandLine(), "--parallel: " + parallel + " is out of range; allowed: 1 to 64");
        }
        java.util.regex.Pattern accepted = null;
        if (acceptedWhen != null) {
            try {
                accepted = java.util.regex.Pattern.compile(acceptedWhen);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ParameterException(
                        spec.commandLine(), "--accepted-when: not a regular expression: " + e.getDescription());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        files.checkReportsWritable();
        Battery battery = files.battery(AuditCase.Role.CLIENT).withNoClientCertificate();
        List<TlsVersion> versions = tls == null ? List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3) : List.of(tls);
        ServerAudit.Settings settings = new ServerAudit.Settings(
                server,
                port,
                Pem.readCertificates(caCertificate),
                Duration.ofSeconds(timeoutSeconds),
                unescape(probe).getBytes(StandardCharsets.ISO_8859_1),
                Duration.ofMillis(probeWaitMillis),
                versions,
                audit.tool.clock,
                accepted,
                parallel);
        out.println("Auditing " + server + " port " + port + " with "
                + battery.cases().size() + " client cases from " + files.profiles + " (baseline first)...");
        ServerAudit.Report report;
        try {
            report = new ServerAudit(settings).run(battery, out::println);
        } catch (AuditException e) {
            if (e.kind() == AuditException.Kind.UNREACHABLE) {
                // nothing judged, and the reports say so: one testcase per case, each not judged
                files.writeReports(
                        new AuditReport(
                                "server",
                                server + ":" + port,
                                server,
                                port,
                                List.of(),
                                List.of(),
                                List.of(),
                                e.getMessage(),
                                List.of(),
                                battery.cases().stream().map(Battery.Case::name).toList()),
                        probe);
            }
            err.println("handshake-tool: error: " + e.getMessage());
            return e.kind() == AuditException.Kind.UNREACHABLE ? ExitCodes.NETWORK : ExitCodes.WE_REFUSED;
        }
        AuditReport full = AuditReport.of(report, battery);
        ReportFormats.table(full).forEach(out::println);
        files.writeReports(full, probe);
        if (report.stopped() != null) {
            err.println("handshake-tool: audit stopped: " + report.stopped());
        }
        return AuditFiles.exitCode(full);
    }

    static String unescape(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                b.append(
                        switch (n) {
                            case 'r' -> '\r';
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> n;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
