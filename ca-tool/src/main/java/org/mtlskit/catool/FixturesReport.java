package org.mtlskit.catool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.mtlskit.pki.Fixtures;
import org.mtlskit.pki.FixturesPlan;

/**
 * What ca-tool fixtures did, or with --check would do: one line per profile, or with --json the
 * schema "mtlskit.fixtures/1", documented in the README ("fixtures --json schema").
 */
final class FixturesReport {
    private FixturesReport() {
    }

    static final String SCHEMA = "mtlskit.fixtures/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One profile's row of the report, from a plan (check) or from what a run did. */
    record Row(String profile, Fixtures.Action action, List<String> reasons, List<Path> files, Instant notAfter,
               boolean expiring) {
    }

    static Row of(FixturesPlan.Step s, Path out, Instant now, Duration renewWithin) {
        return new Row(s.profile().name(), s.action(), s.reasons(), s.files().stream().map(out::resolve).toList(),
                s.notAfter(), expiring(remakeable(s.profile(), s.action()), s.notAfter(), now, renewWithin));
    }

    static Row of(Fixtures.Outcome o, Instant now, Duration renewWithin) {
        Instant notAfter = o.certificate().getNotAfter().toInstant();
        return new Row(o.profile().name(), o.action(), o.reasons(), o.written(), notAfter,
                expiring(remakeable(o.profile(), o.action()), notAfter, now, renewWithin));
    }

    /**
     * Whether re-making the certificate would renew it. A profile with fixed dates is left out: its
     * certificate is meant to have those dates (an expired fixture, say), and so is one with the
     * expired defect. An existing CA is left out too: fixtures only reads its files.
     */
    private static boolean remakeable(org.mtlskit.pki.Profile p, Fixtures.Action action) {
        return !p.validity().isFixed() && !p.has(org.mtlskit.pki.Defect.EXPIRED) && action != Fixtures.Action.USED;
    }

    /** Whether a certificate that re-making would renew ends within the renewal window. */
    private static boolean expiring(boolean remakeable, Instant notAfter, Instant now, Duration renewWithin) {
        return remakeable && !notAfter.isAfter(now.plus(renewWithin));
    }

    /** Whether a check fails: something would be written, or a certificate expires within the window. */
    static boolean wouldChange(List<Row> rows) {
        return rows.stream().anyMatch(r -> !r.files().isEmpty() || r.expiring());
    }

    static void printPlan(PrintWriter out, List<Row> rows) {
        for (Row r : rows) {
            String what = switch (r.action()) {
                case CREATED -> "would create";
                case REISSUED -> "would re-issue";
                case KEPT -> "would keep";
                case USED -> "would use, not write (existing CA)";
            };
            StringBuilder line = new StringBuilder(r.profile()).append(": ").append(what);
            if (!r.reasons().isEmpty()) {
                line.append(" (").append(String.join(", ", r.reasons())).append(")");
            }
            if (!r.files().isEmpty()) {
                line.append(r.action() == Fixtures.Action.KEPT ? ", would write " : ": would write ")
                        .append(String.join(" ", r.files().stream().map(Path::toString).toList()));
            }
            boolean stays = r.action() == Fixtures.Action.KEPT || r.action() == Fixtures.Action.USED;
            line.append(stays ? "; valid until " : "; would be valid until ")
                    .append(r.notAfter().truncatedTo(ChronoUnit.SECONDS));
            if (r.expiring()) {
                line.append(" (expires within the renewal window)");
            }
            out.println(line);
        }
        long changing = rows.stream().filter(r -> !r.files().isEmpty() || r.expiring()).count();
        out.println(changing == 0 ? "fixtures --check: nothing would change (exit 0)"
                : "fixtures --check: " + changing + " of " + rows.size() + " profiles would change (exit 9)");
    }

    static String json(List<Row> rows, boolean check, Instant now, Duration renewWithin) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("mode", check ? "check" : "run");
        root.put("now", now.truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("renewWithinDays", renewWithin.toDays());
        root.put("changes", wouldChange(rows));
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
