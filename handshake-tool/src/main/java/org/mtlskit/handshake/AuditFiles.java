package org.mtlskit.handshake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mtlskit.handshake.audit.AuditDefaults;
import org.mtlskit.handshake.audit.AuditReport;
import org.mtlskit.handshake.audit.Battery;
import org.mtlskit.handshake.audit.ReportFormats;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.defects.AuditCase;
import picocli.CommandLine.Option;

/** The files both audits read and write: the battery (profiles and their keys) and the reports. A mixin. */
final class AuditFiles {
    @Option(
            names = "--profiles",
            paramLabel = "DIR",
            description = "The battery's profiles (default: ${DEFAULT-VALUE}).")
    Path profiles = AuditDefaults.PROFILES;

    @Option(
            names = "--keys",
            paramLabel = "DIR",
            description =
                    "The battery's files, made by ca-tool fixtures --profiles DIR --out KEYS (default: ${DEFAULT-VALUE}).")
    Path keys = AuditDefaults.KEYS;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the report as JSON (schema mtlskit.audit/1).")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the report as JUnit XML, for CI.")
    Path junit;

    @Option(names = "--force", description = "Replace existing --json and --junit files.")
    boolean force;

    /** Refuses, before anything is tried, a report file that exists (without --force) or whose folder does not. */
    void checkReportsWritable() {
        for (Path report : new Path[] {json, junit}) {
            if (report == null) {
                continue;
            }
            if (Files.exists(report) && !force) {
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT, report + ": exists already; --force replaces it");
            }
            Path dir = report.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, report + ": no such folder " + dir);
            }
        }
    }

    Battery battery(AuditCase.Role role) {
        org.mtlskit.pki.internal.files.UnfinishedCommit.refuseIn(keys);
        return Battery.load(profiles, keys, role);
    }

    /**
     * 0 when every case passed; 6 when the baseline got no TLS answer; 8 when a case was wrong or the
     * baseline was refused; else 9 when a case got no answer (inconclusive): a case judged wrong
     * outweighs one not judged.
     */
    static int exitCode(AuditReport report) {
        if (report.allPass()) {
            return ExitCodes.OK;
        }
        if (report.stopped() != null
                && !report.outcomes().isEmpty()
                && report.outcomes().get(report.outcomes().size() - 1).inconclusive()) {
            return ExitCodes.NETWORK; // no TLS answer to the baseline: nothing could be judged
        }
        boolean failed = report.stopped() != null || report.outcomes().stream().anyMatch(o -> o.failed());
        return failed ? ExitCodes.AUDIT_FAILED : ExitCodes.AUDIT_INCONCLUSIVE;
    }

    /** The JSON and JUnit reports asked for; {@code probe} is the server audit's probe text, or null. */
    void writeReports(AuditReport report, String probe) {
        write(json, ReportFormats.json(report, probe));
        write(junit, ReportFormats.junit(report));
    }

    /** Written whole or not at all: a temporary file beside it, renamed into place. */
    private static void write(Path report, String content) {
        if (report == null) {
            return;
        }
        Path dir = report.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".audit-", ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                Files.move(
                        tmp,
                        report.toAbsolutePath(),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, report + ": cannot write: " + e.getMessage(), e);
        }
    }
}
