package org.mtlskit.pki.internal.confimport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenSSL config file (openssl req -config, -extfile) as sections of {@code name = value} lines,
 * each with its line number, so an import can say which lines it used. Comments ({@code #}) and
 * blank lines are dropped; a line ending in a backslash continues on the next. Variables
 * ({@code $dir}) are kept as written, not expanded.
 */
final class OpenSslConfig {

    /**
     * One line of the file.
     *
     * @param section the section it is in; "default" before the first section header
     * @param key     the name left of '='; null for a line that is not a setting (see {@code text})
     * @param value   the value, trimmed, surrounding quotes removed
     * @param text    the line as written, without its comment
     */
    public record Line(int number, String section, String key, String value, String text) {}

    private static final Pattern SECTION = Pattern.compile("\\[\\s*([^\\]\\s]+)\\s*\\]");
    private static final Pattern SETTING = Pattern.compile("([^=\\s]+)\\s*=\\s*(.*)");

    private final List<Line> lines;
    private final Map<String, List<Line>> sections;

    private OpenSslConfig(List<Line> lines) {
        this.lines = List.copyOf(lines);
        Map<String, List<Line>> bySection = new LinkedHashMap<>();
        for (Line l : lines) {
            bySection.computeIfAbsent(l.section(), s -> new ArrayList<>()).add(l);
        }
        this.sections = bySection;
    }

    public static OpenSslConfig parse(String text) {
        List<Line> lines = new ArrayList<>();
        String section = "default";
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            int number = i + 1;
            StringBuilder joined = new StringBuilder(raw[i]);
            while (endsWithContinuation(joined) && i + 1 < raw.length) {
                joined.setLength(joined.length() - 1);
                joined.append(raw[++i]);
            }
            String line = stripComment(joined.toString()).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher header = SECTION.matcher(line);
            if (header.matches()) {
                section = header.group(1);
                lines.add(new Line(number, section, null, null, line));
                continue;
            }
            Matcher setting = SETTING.matcher(line);
            if (setting.matches()) {
                lines.add(new Line(
                        number,
                        section,
                        setting.group(1),
                        unquote(setting.group(2).strip()),
                        line));
            } else {
                lines.add(new Line(number, section, null, null, line));
            }
        }
        return new OpenSslConfig(lines);
    }

    /** Every line that is not blank or a comment, section headers included, in file order. */
    public List<Line> lines() {
        return lines;
    }

    /** Whether the file has a section header {@code [ name ]}. */
    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    /** The settings of a section, in file order (empty when there is no such section). */
    public List<Line> settings(String section) {
        return sections.getOrDefault(section, List.of()).stream()
                .filter(l -> l.key() != null)
                .toList();
    }

    /** The last setting of {@code key} in {@code section}, as OpenSSL lets a later line win. */
    public Optional<Line> get(String section, String key) {
        List<Line> found =
                settings(section).stream().filter(l -> l.key().equals(key)).toList();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    private static boolean endsWithContinuation(StringBuilder line) {
        return line.length() > 0 && line.charAt(line.length() - 1) == '\\';
    }

    /** The line up to its first '#' outside quotes; "\#" is a literal '#'. */
    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value.replace("\\#", "#");
    }
}
