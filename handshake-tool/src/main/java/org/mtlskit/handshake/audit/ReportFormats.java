package org.mtlskit.handshake.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An audit's report for people (a table), programs (JSON, schema {@value #SCHEMA}) and CI (JUnit
 * XML, one test case per case and TLS version). docs/audit.md documents the
 * JSON fields.
 */
public final class ReportFormats {
    private ReportFormats() {}

    public static final String SCHEMA = "mtlskit.audit/1";

    private static final String[] HEADER = {"case", "tls", "rule", "expected", "device", "alert", "result"};

    private static final String[] CLIENT_HEADER = {
        "case", "tls", "rule", "expected", "device", "alert", "exit", "result"
    };

    /**
     * The table, one line per case and version, columns padded; then the summary line and the
     * diagnosis, a line each. An audited client's exit code is shown, not trusted.
     */
    public static List<String> table(AuditReport report) {
        List<String[]> rows = new ArrayList<>();
        boolean client = report.outcomes().stream().anyMatch(o -> o.client() != null);
        String[] header = client ? CLIENT_HEADER : HEADER;
        rows.add(header);
        for (Outcome o : report.outcomes()) {
            List<String> row = new ArrayList<>(List.of(
                    o.caseName(),
                    o.tls(),
                    o.rule(),
                    o.expected().yamlName(),
                    o.seen().word(),
                    o.alert() == null ? "-" : o.alert()));
            if (client) {
                row.add(o.client() == null ? "-" : o.client().exit());
            }
            row.add(o.result());
            rows.add(row.toArray(String[]::new));
        }
        int[] width = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            lines.add(line.toString());
        }
        lines.add(summary(report));
        report.diagnosis().forEach(d -> lines.add("Diagnosis: " + d));
        return lines;
    }

    public static String summary(AuditReport report) {
        if (report.stopped() != null) {
            return "Audit stopped: " + report.stopped();
        }
        long failed = report.outcomes().stream().filter(Outcome::failed).count();
        long unknown = report.outcomes().stream().filter(Outcome::inconclusive).count();
        String versions = "TLS " + String.join(" and ", report.offered())
                + (report.notOffered().isEmpty()
                        ? ""
                        : " (not offered: " + String.join(", ", report.notOffered()) + ")");
        String inconclusive = unknown == 0
                ? ""
                : unknown + " of " + report.outcomes().size() + " cases inconclusive "
                        + "(no answer within the bound, also on a retry with twice the bound, or an answer the baseline does "
                        + "not tell): "
                        + String.join(
                                ", ",
                                report.outcomes().stream()
                                        .filter(Outcome::inconclusive)
                                        .map(o -> o.caseName() + " (" + o.tls() + ")")
                                        .toList());
        if (failed == 0) {
            return unknown == 0
                    ? "Audit passed: the device did what a correct " + report.device() + " does in all "
                            + report.outcomes().size() + " cases on " + versions
                    : "Audit inconclusive: no case wrong on " + versions + ", but " + inconclusive;
        }
        return "Audit failed: " + failed + " of " + report.outcomes().size() + " cases wrong on " + versions + ": "
                + String.join(
                        ", ",
                        report.outcomes().stream()
                                .filter(Outcome::failed)
                                .map(o -> o.caseName() + " (" + o.tls() + ")")
                                .toList())
                + (unknown == 0 ? "" : "; " + inconclusive);
    }

    /** The JSON document; see docs/audit.md for its fields. */
    public static String json(AuditReport report, String probe) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("audit", report.device());
        doc.put("target", report.target());
        doc.put("host", report.host());
        doc.put("port", report.port());
        doc.put("probe", probe);
        doc.put("offered", report.offered());
        doc.put("notOffered", report.notOffered());
        doc.put("passed", report.allPass());
        doc.put("stopped", report.stopped());
        doc.put("diagnosis", report.diagnosis());
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Outcome o : report.outcomes()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("case", o.caseName());
            c.put("tls", o.tls());
            c.put("rule", o.rule());
            c.put("expected", o.expected().yamlName());
            c.put("device", o.seen().word());
            c.put("alert", o.alert());
            c.put("detail", o.detail());
            c.put("result", o.result());
            if (o.client() != null) {
                Map<String, Object> ran = new LinkedHashMap<>();
                ran.put("exit", o.client().exit());
                ran.put("lastLine", o.client().lastLine());
                c.put("client", ran);
            }
            cases.add(c);
        }
        doc.put("cases", cases);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit as JSON", e);
        }
    }

    /**
     * JUnit XML: one testsuite, one testcase per case and TLS version, a failure element for each
     * FAIL and an error element for each INCONCLUSIVE (neither passed nor failed: not judged). In a
     * stopped audit every case not presented is a testcase too, with the line that stopped it.
     */
    public static String junit(AuditReport report) {
        long failures = report.outcomes().stream().filter(Outcome::failed).count();
        long errors = report.outcomes().stream().filter(Outcome::inconclusive).count()
                + (report.stopped() != null ? report.unjudged().size() : 0);
        int tests = report.outcomes().size()
                + (report.stopped() != null ? report.unjudged().size() : 0);
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"")
                .append(xml("audit " + report.device() + " " + report.target()))
                .append("\" tests=\"")
                .append(tests)
                .append("\" failures=\"")
                .append(failures)
                .append("\" errors=\"")
                .append(errors)
                .append("\">\n");
        for (Outcome o : report.outcomes()) {
            x.append("  <testcase classname=\"mtlskit.audit." + report.device() + ".tls")
                    .append(o.tls().replace('.', '_'))
                    .append("\" name=\"")
                    .append(xml(o.caseName() + " (TLS " + o.tls() + ")"))
                    .append("\">");
            if (o.inconclusive()) {
                x.append("\n    <error message=\"")
                        .append(xml("inconclusive: " + o.detail()))
                        .append("\"/>\n  ");
            } else if (!o.pass()) {
                x.append("\n    <failure message=\"")
                        .append(xml(o.failure()))
                        .append("\">")
                        .append(xml("expected: " + o.expected().yamlName() + "; device: "
                                + o.seen().word()
                                + (o.alert() == null ? "" : " (" + o.alert() + ")") + "; " + o.detail()
                                + (o.client() == null
                                        ? ""
                                        : "; the client exited " + o.client().exit()
                                                + (o.client().lastLine().isEmpty()
                                                        ? ""
                                                        : ", last line: "
                                                                + o.client().lastLine()))))
                        .append("</failure>\n  ");
            }
            x.append("</testcase>\n");
        }
        if (report.stopped() != null) {
            for (String name : report.unjudged()) {
                x.append("  <testcase classname=\"mtlskit.audit." + report.device() + "\" name=\"")
                        .append(xml(name))
                        .append("\">\n    <error message=\"")
                        .append(xml("not judged: " + report.stopped()))
                        .append("\"/>\n  </testcase>\n");
            }
        }
        if (!report.diagnosis().isEmpty()) {
            x.append("  <system-out>")
                    .append(xml(String.join(
                            "\n",
                            report.diagnosis().stream()
                                    .map(d -> "Diagnosis: " + d)
                                    .toList())))
                    .append("</system-out>\n");
        }
        return x.append("</testsuite>\n").toString();
    }

    static String xml(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' ? '?' : c);
            }
        }
        return b.toString();
    }
}
