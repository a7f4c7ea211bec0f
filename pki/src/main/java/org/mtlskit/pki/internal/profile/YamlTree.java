package org.mtlskit.pki.internal.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtlskit.pki.PkiException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a tree whose every node knows its line, so that a profile error can name the
 * line it is on. Built from Jackson's streaming parser; duplicate keys are refused.
 */
final class YamlTree {
    private YamlTree() {}

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    sealed interface Node permits MapNode, ListNode, Scalar {
        int line();

        /** What kind of value this is, for "expected X, got Y" messages. */
        String kind();
    }

    record Entry(String key, int line, Node value) {}

    record MapNode(Map<String, Entry> entries, int line) implements Node {
        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record ListNode(List<Node> items, int line) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code token} tells how YAML typed it (VALUE_STRING, VALUE_NUMBER_INT, VALUE_NULL, ...). */
    record Scalar(JsonToken token, String text, int line) implements Node {
        @Override
        public String kind() {
            return switch (token) {
                case VALUE_NULL -> "nothing";
                case VALUE_TRUE, VALUE_FALSE -> "true/false (" + text + ")";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + text + ")";
                default -> "\"" + text + "\"";
            };
        }
    }

    static Node parse(String text, Path file) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw PkiException.invalidProfile(file + ": the file is empty; a profile is a YAML mapping");
            }
            Node root = read(parser, file);
            if (parser.nextToken() != null) {
                throw PkiException.invalidProfile(
                        file + ":" + line(parser) + ": a second YAML document; a profile is one mapping");
            }
            return root;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String problem = firstLine(e.getOriginalMessage());
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
                // SnakeYAML's first line is only the context ("while parsing a flow sequence"); the
                // problem ("expected ',' or ']'") is what a user can act on.
                line = marked.getProblemMark() == null
                        ? line
                        : marked.getProblemMark().getLine() + 1;
                problem = firstLine(marked.getProblem()) + context(marked, line);
            }
            String where = line > 0 ? file + ":" + line : file.toString();
            throw PkiException.invalidProfile(where + ": malformed YAML: " + problem);
        } catch (IOException e) {
            throw PkiException.unusableInput(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Node read(JsonParser parser, Path file) throws IOException {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    parser.nextToken();
                    Node value = read(parser, file);
                    if (entries.containsKey(key)) {
                        throw PkiException.invalidProfile(
                                file + ":" + keyLine + ": " + key + ": given twice (first on line "
                                        + entries.get(key).line() + ")");
                    }
                    entries.put(key, new Entry(key, keyLine, value));
                }
                return new MapNode(entries, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, file));
                }
                return new ListNode(items, line);
            }
            default -> {
                return new Scalar(token, token == JsonToken.VALUE_NULL ? "null" : parser.getText(), line);
            }
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /** " (while parsing a flow sequence on line 2)" when the context started on another line, else "". */
    private static String context(MarkedYAMLException e, int problemLine) {
        if (e.getContext() == null
                || e.getContextMark() == null
                || e.getContextMark().getLine() + 1 == problemLine) {
            return "";
        }
        return " (" + firstLine(e.getContext()) + " on line "
                + (e.getContextMark().getLine() + 1) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse("unreadable");
        return line.replaceAll("\\s+", " ");
    }
}
