package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The matrix as a table, one row per cell: server, client, key set, TLS version, scenario, then
 * expected and actual for each side, and ok / known / FAIL / skipped. Printed as plain text for
 * the test log and written as Markdown for target/interop-matrix.md.
 */
final class MatrixTable {
    private static final List<String> HEADER = List.of(
            "server",
            "client",
            "keys",
            "TLS",
            "scenario",
            "server expected",
            "server actual",
            "client expected",
            "client actual",
            "result");

    private final String title;
    private final List<CellResult> results;
    private final Duration elapsed;

    MatrixTable(String title, List<CellResult> results, Duration elapsed) {
        this.title = title;
        this.results = List.copyOf(results);
        this.elapsed = elapsed;
    }

    private static List<String> row(CellResult r) {
        Cell c = r.cell();
        boolean skipped = r.status() == CellResult.Status.SKIPPED;
        String result = r.status().words + (r.statusNote().isEmpty() ? "" : " (" + r.statusNote() + ")");
        return List.of(
                c.server().program(Peer.Role.SERVER),
                c.client().program(Peer.Role.CLIENT),
                c.keys().name(),
                c.tls(),
                c.scenario().words,
                CellExpectation.describe(r.expected().server()),
                skipped ? "–" : mark(r.serverOk()) + r.server().describe(),
                CellExpectation.describe(r.expected().client()),
                skipped ? "–" : mark(r.clientOk()) + r.client().describe(),
                skipped ? result + ": " + r.skipReason() : result);
    }

    private static String mark(boolean ok) {
        return ok ? "" : "✗ ";
    }

    String summary() {
        Map<CellResult.Status, Long> counts = new EnumMap<>(CellResult.Status.class);
        for (CellResult r : results) {
            counts.merge(r.status(), 1L, Long::sum);
        }
        Set<String> known = results.stream()
                .filter(r -> r.status() == CellResult.Status.KNOWN)
                .map(r -> r.deviation().id())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        return results.size() + " cells: " + counts.getOrDefault(CellResult.Status.OK, 0L) + " ok, "
                + counts.getOrDefault(CellResult.Status.KNOWN, 0L) + " known" + (known.isEmpty() ? "" : " " + known)
                + ", "
                + counts.getOrDefault(CellResult.Status.FAIL, 0L) + " FAIL, "
                + counts.getOrDefault(CellResult.Status.SKIPPED, 0L) + " skipped";
    }

    private Set<Peer> peersUsed() {
        Set<Peer> peers = new LinkedHashSet<>();
        for (Peer p : Matrix.PEERS) {
            if (results.stream()
                    .anyMatch(r -> r.cell().server() == p || r.cell().client() == p)) {
                peers.add(p);
            }
        }
        return peers;
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        Map<String, KnownDeviation> used = new LinkedHashMap<>();
        results.stream()
                .filter(r -> r.deviation() != null)
                .forEach(r -> used.put(r.deviation().id(), r.deviation()));
        used.values().forEach(d -> notes.add(d.id() + " (" + d.type().name().toLowerCase() + "): " + d.summary()));
        results.stream()
                .filter(r -> r.status() == CellResult.Status.SKIPPED)
                .map(CellResult::skipReason)
                .distinct()
                .forEach(reason -> notes.add("skipped: " + reason));
        return notes;
    }

    /** Aligned plain text, for the test output. */
    String text() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        results.forEach(r -> rows.add(row(r)));
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder b =
                new StringBuilder(title).append(": ").append(summary()).append('\n');
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        notes().forEach(n -> b.append(n).append('\n'));
        return b.toString();
    }

    /** The Markdown document for target/interop-matrix.md. */
    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(title).append("\n\n");
        b.append("Written by `")
                .append("InteropMatrixTest")
                .append("` (`mvn -B verify -Pslow`) on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(", in ")
                .append(elapsed.toSeconds())
                .append(" s, ")
                .append(Matrix.parallelism())
                .append(Matrix.parallelism() == 1 ? " cell" : " cells")
                .append(" at a time.\n\n");
        b.append("Peers: ")
                .append(peersUsed().stream().map(Peer::version).distinct().collect(Collectors.joining(" · ")))
                .append(".\n\n");
        b.append("**").append(summary()).append("**\n\n");
        b.append(overview()).append('\n');
        b.append("Every cell: expected and actual verdict of each side, as `verdict · exit code · the peer's line`; "
                + "✗ marks a side that differs.\n\n");
        b.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
        b.append("|").append("---|".repeat(HEADER.size())).append('\n');
        for (CellResult r : results) {
            b.append("| ")
                    .append(row(r).stream().map(MatrixTable::cell).collect(Collectors.joining(" | ")))
                    .append(" |\n");
        }
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    /**
     * One row per server × client pair, one column per key set and TLS version; each entry gives
     * the three scenarios' results in order: good pair / bad client / bad-CA server.
     */
    String overview() {
        Map<String, Map<String, List<CellResult>>> byPair = new LinkedHashMap<>();
        Set<String> columns = new LinkedHashSet<>();
        for (CellResult r : results) {
            String pair = r.cell().server().program(Peer.Role.SERVER) + " | "
                    + r.cell().client().program(Peer.Role.CLIENT);
            String column = r.cell().keys().name() + ", TLS " + r.cell().tls();
            columns.add(column);
            byPair.computeIfAbsent(pair, k -> new LinkedHashMap<>())
                    .computeIfAbsent(column, k -> new ArrayList<>())
                    .add(r);
        }
        StringBuilder b = new StringBuilder("| server | client | ")
                .append(String.join(" | ", columns))
                .append(" |\n");
        b.append("|").append("---|".repeat(columns.size() + 2)).append('\n');
        byPair.forEach((pair, cells) -> {
            b.append("| ").append(pair);
            for (String column : columns) {
                List<CellResult> in = cells.get(column);
                b.append(" | ")
                        .append(
                                in == null
                                        ? "–"
                                        : in.stream()
                                                .map(r -> r.status().words
                                                        + (r.statusNote().isEmpty() ? "" : " (" + r.statusNote() + ")"))
                                                .collect(Collectors.joining(" / ")));
            }
            b.append(" |\n");
        });
        return b.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    void writeMarkdown(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown());
    }
}
