package org.mtlskit.handshake;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.mtlskit.pki.AuditCase;
import org.mtlskit.pki.Pem;
import org.mtlskit.pki.PkiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Audits a server that asks for client certificates: presents each client case of the battery, "
                + "on each TLS version the server offers, and says for each whether it did what a correct server does."})
final class AuditServerCommand implements Callable<Integer> {
    @ParentCommand
    private AuditCommand audit;

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST",
            description = "The device to audit; its certificate's SAN must match it.")
    private String server;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Its TCP port (default: ${DEFAULT-VALUE}).")
    private int port = 4433;

    @Option(names = "--ca-certificate", required = true, paramLabel = "FILE",
            description = "The CA the device's own certificate chains to (PEM).")
    private Path caCertificate;

    @Option(names = "--profiles", paramLabel = "DIR", description = "The battery's profiles (default: ${DEFAULT-VALUE}).")
    private Path profiles = AuditDefaults.PROFILES;

    @Option(names = "--keys", paramLabel = "DIR",
            description = "The battery's files, made by ca-tool fixtures --profiles DIR --out KEYS (default: ${DEFAULT-VALUE}).")
    private Path keys = AuditDefaults.KEYS;

    @Option(names = "--tls", paramLabel = "1.2|1.3", converter = TlsOptions.VersionConverter.class,
            description = "Audit one TLS version only (default: each of 1.2 and 1.3 the device offers).")
    private TlsVersion tls;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Bound of each handshake (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds = 5;

    @Option(names = "--probe", paramLabel = "TEXT",
            description = "Sent after each handshake; \\r, \\n, \\t and \\\\ are escapes (default: ${DEFAULT-VALUE}).")
    private String probe = AuditDefaults.PROBE;

    @Option(names = "--probe-wait", paramLabel = "MILLIS",
            description = "How long to wait for the answer to the probe (default: ${DEFAULT-VALUE}).")
    private long probeWaitMillis = AuditDefaults.PROBE_WAIT.toMillis();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON (schema mtlskit.audit/1).")
    private Path json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the report as JUnit XML, for CI.")
    private Path junit;

    @Option(names = "--force", description = "Replace existing --json and --junit files.")
    private boolean force;

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " is out of range; allowed: 1 to 65535");
        }
        if (timeoutSeconds < 1 || probeWaitMillis < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout and --probe-wait must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path report : new Path[] {json, junit}) {
            checkWritable(report);
        }
        Battery battery = Battery.load(profiles, keys, AuditCase.Role.CLIENT);
        List<TlsVersion> versions = tls == null ? List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3) : List.of(tls);
        ServerAudit.Settings settings = new ServerAudit.Settings(server, port, Pem.readCertificates(caCertificate),
                Duration.ofSeconds(timeoutSeconds), unescape(probe).getBytes(StandardCharsets.ISO_8859_1),
                Duration.ofMillis(probeWaitMillis), versions, audit.tool.clock);
        out.println("Auditing " + server + " port " + port + " with " + battery.cases().size() + " client cases from "
                + profiles + " (baseline first)...");
        ServerAudit.Report report;
        try {
            report = new ServerAudit(settings).run(battery, out::println);
        } catch (AuditException e) {
            err.println("handshake-tool: error: " + e.getMessage());
            return e.kind() == AuditException.Kind.UNREACHABLE ? ExitCodes.NETWORK : ExitCodes.WE_REFUSED;
        }
        AuditReport full = AuditReport.of(report, battery);
        ReportFormats.table(full).forEach(out::println);
        write(json, ReportFormats.json(full, probe));
        write(junit, ReportFormats.junit(full));
        if (report.stopped() != null) {
            err.println("handshake-tool: audit stopped: " + report.stopped());
        }
        return report.allPass() ? ExitCodes.OK : ExitCodes.AUDIT_FAILED;
    }

    void checkWritable(Path report) {
        if (report == null) {
            return;
        }
        if (Files.exists(report) && !force) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, report + ": exists already; --force replaces it");
        }
        Path dir = report.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, report + ": no such folder " + dir);
        }
    }

    /** Written whole or not at all: a temporary file beside it, renamed into place. */
    static void write(Path report, String content) {
        if (report == null) {
            return;
        }
        Path dir = report.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".audit-", ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                Files.move(tmp, report.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, report + ": cannot write: " + e.getMessage(), e);
        }
    }

    static String unescape(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                b.append(switch (n) {
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
