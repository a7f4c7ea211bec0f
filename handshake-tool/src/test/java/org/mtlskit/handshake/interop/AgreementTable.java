package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agreement of the audit with the truth taken without it, peer by peer and version by version,
 * gathered over the test classes of one JVM and rewritten after each peer to
 * target/audit-agreement.md (the table) and target/audit-agreement-cases.md (every case with its
 * evidence).
 */
final class AgreementTable {
    private AgreementTable() {}

    /** One case on one version: what the audit said and what the peer did. */
    record Row(String peer, String tls, String caseName, String audit, String auditDetail, Truth truth) {
        boolean agrees() {
            return truth.agreesWith(audit);
        }

        String describe() {
            return peer + ", " + caseName + " (TLS " + tls + "): audit says " + audit
                    + (auditDetail.isEmpty() ? "" : " (" + auditDetail + ")") + "; truth: "
                    + truth.kind().name().toLowerCase() + " (" + truth.evidence() + ")";
        }
    }

    private static final Map<String, List<Row>> BY_PEER = new TreeMap<>();
    private static final Map<String, String> NOT_OFFERED = new TreeMap<>();

    /**
     * Records a peer's rows and rewrites both files, and keeps the audit's own report (what it printed)
     * in target/audit-agreement-reports/; returns the rows that disagree with a known truth.
     */
    static synchronized List<Row> record(String peer, List<Row> rows, List<String> notOffered, String auditOut)
            throws IOException {
        BY_PEER.put(peer, List.copyOf(rows));
        NOT_OFFERED.put(peer, String.join(", ", notOffered));
        write();
        Path reports = Files.createDirectories(NativeBuild.moduleDir().resolve("target/audit-agreement-reports"));
        Files.writeString(reports.resolve(peer.replaceAll("[^A-Za-z0-9.]+", "-") + ".txt"), auditOut);
        return rows.stream()
                .filter(r -> r.truth().kind() != Truth.Kind.UNKNOWN && !r.agrees())
                .toList();
    }

    private static void write() throws IOException {
        Path target = NativeBuild.moduleDir().resolve("target");
        Files.createDirectories(target);
        StringBuilder t = new StringBuilder();
        t.append("Audit against real peers: cases where the audit's verdict agrees with the truth taken without it\n");
        t.append("(measured ").append(LocalDate.now(ZoneOffset.UTC)).append(", AuditAgreesWithReal*Test)\n\n");
        t.append("| peer | TLS 1.2 | TLS 1.3 | no truth | not offered |\n|---|---|---|---|---|\n");
        StringBuilder cases = new StringBuilder("# Every case, with the evidence\n\n");
        for (Map.Entry<String, List<Row>> e : BY_PEER.entrySet()) {
            t.append("| ").append(e.getKey());
            for (String v : List.of("1.2", "1.3")) {
                List<Row> of =
                        e.getValue().stream().filter(r -> r.tls().equals(v)).toList();
                long judged = of.stream()
                        .filter(r -> r.truth().kind() != Truth.Kind.UNKNOWN)
                        .count();
                long agree = of.stream().filter(Row::agrees).count();
                t.append(" | ").append(of.isEmpty() ? "-" : agree + " of " + judged);
            }
            long unknown = e.getValue().stream()
                    .filter(r -> r.truth().kind() == Truth.Kind.UNKNOWN)
                    .count();
            String no = NOT_OFFERED.getOrDefault(e.getKey(), "");
            t.append(" | ")
                    .append(unknown)
                    .append(" | ")
                    .append(no.isEmpty() ? "-" : no)
                    .append(" |\n");
            cases.append("## ").append(e.getKey()).append("\n\n");
            for (Row r : e.getValue()) {
                cases.append("- ")
                        .append(
                                r.agrees()
                                        ? "agrees"
                                        : r.truth().kind() == Truth.Kind.UNKNOWN ? "no truth" : "DISAGREES")
                        .append(": ")
                        .append(r.describe())
                        .append('\n');
            }
            cases.append('\n');
        }
        Files.writeString(target.resolve("audit-agreement.md"), t.toString());
        Files.writeString(target.resolve("audit-agreement-cases.md"), cases.toString());
    }

    /** The disagreements, one per line, for a failure message. */
    static String describe(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        for (Row r : rows) {
            lines.add("  " + r.describe());
        }
        return String.join("\n", lines);
    }
}
