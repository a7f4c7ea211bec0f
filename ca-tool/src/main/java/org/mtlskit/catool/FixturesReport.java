package org.mtlskit.catool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.mtlskit.pki.internal.fixtures.FixturesLines;
import org.mtlskit.pki.internal.fixtures.FixturesLines.Row;

/**
 * What ca-tool fixtures did, or with --check would do: one line per profile, or with --json the
 * schema "mtlskit.fixtures/1", documented in docs/ca-tool.md ("fixtures --json schema").
 */
final class FixturesReport {
    private FixturesReport() {}

    static final String SCHEMA = "mtlskit.fixtures/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The plan, in the words every fixtures runner prints (see {@link FixturesLines#planLines}). */
    static void printPlan(PrintWriter out, List<Row> rows) {
        FixturesLines.planLines(rows).forEach(out::println);
        long changing = FixturesLines.changing(rows);
        out.println(
                changing == 0
                        ? "fixtures --check: nothing would change (exit 0)"
                        : "fixtures --check: " + changing + " of " + rows.size() + " profiles would change (exit 9)");
    }

    static String json(List<Row> rows, boolean check, Instant now, Duration renewWithin) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("mode", check ? "check" : "run");
        root.put("now", now.truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("renewWithinDays", renewWithin.toDays());
        root.put("changes", FixturesLines.wouldChange(rows));
        ArrayNode list = root.putArray("profiles");
        for (Row r : rows) {
            ObjectNode o = list.addObject();
            o.put("profile", r.profile());
            o.put("action", r.action().name().toLowerCase(Locale.ROOT));
            ArrayNode reasons = o.putArray("reasons");
            r.reasons().forEach(reasons::add);
            ArrayNode files = o.putArray("files");
            r.files().forEach(f -> files.add(f.toString()));
            o.put("notAfter", r.notAfter().truncatedTo(ChronoUnit.SECONDS).toString());
            o.put("expiring", r.expiring());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
