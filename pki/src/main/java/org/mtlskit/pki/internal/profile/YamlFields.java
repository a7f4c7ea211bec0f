package org.mtlskit.pki.internal.profile;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.profile.YamlTree.Entry;
import org.mtlskit.pki.internal.profile.YamlTree.ListNode;
import org.mtlskit.pki.internal.profile.YamlTree.MapNode;
import org.mtlskit.pki.internal.profile.YamlTree.Node;
import org.mtlskit.pki.internal.profile.YamlTree.Scalar;
import org.mtlskit.pki.internal.text.Suggestions;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/**
 * Typed reading of a profile's YAML tree: a mapping, a list, text, a boolean, a whole number in a
 * range, one of a set of names. What does not fit is refused with one line, "FILE:LINE: FIELD:
 * PROBLEM", with a did-you-mean for a misspelt name. The base of the profile's section readers.
 */
class YamlFields {
    final Path file;

    YamlFields(Path file) {
        this.file = file;
    }

    <E extends Enum<E>> Set<E> enumSet(
            Node node, String field, Function<String, Optional<E>> lookup, String allowed, Class<E> type) {
        List<Node> items = list(node, field);
        if (items.isEmpty()) {
            throw error(node.line(), field, "empty; list at least one of: " + allowed);
        }
        Set<E> result = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            E value = oneOf(items.get(i), field + "[" + i + "]", lookup, allowed);
            if (!result.add(value)) {
                throw error(items.get(i).line(), field + "[" + i + "]", "listed twice");
            }
        }
        return type == KeyUsageBit.class ? orderedCopy(result, type) : result;
    }

    static <E extends Enum<E>> Set<E> orderedCopy(Set<E> set, Class<E> type) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        copy.addAll(set);
        return copy;
    }

    <T> T oneOf(Node node, String field, Function<String, Optional<T>> lookup, String allowed) {
        String text = node instanceof Scalar s && s.token() != JsonToken.VALUE_NULL ? s.text() : null;
        if (text == null) {
            throw error(node.line(), field, "expected one of " + allowed + ", got " + node.kind());
        }
        return lookup.apply(text)
                .orElseThrow(() -> error(
                        node.line(),
                        field,
                        "unknown value \"" + text + "\"" + Suggestions.suggestion(text, List.of(allowed.split(", ")))
                                + "; allowed: " + allowed));
    }

    Optional<Entry> optional(MapNode map, String key) {
        return Optional.ofNullable(map.entries().get(key));
    }

    MapNode map(Node node, String field) {
        if (node instanceof MapNode m) {
            return m;
        }
        throw error(node.line(), field, "expected a mapping (key: value lines), got " + node.kind());
    }

    List<Node> list(Node node, String field) {
        if (node instanceof ListNode l) {
            return l.items();
        }
        throw error(node.line(), field, "expected a list such as [a, b], got " + node.kind());
    }

    String string(Node node, String field) {
        if (node instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
            return s.text();
        }
        if (node instanceof Scalar s
                && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            return s.text();
        }
        throw error(node.line(), field, "expected text, got " + node.kind());
    }

    boolean bool(Node node, String field) {
        if (node instanceof Scalar s && s.token() == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (node instanceof Scalar s && s.token() == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw error(node.line(), field, "expected true or false, got " + node.kind());
    }

    int integer(Node node, String field, int min, int max) {
        if (node instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                long value = Long.parseLong(s.text().replace("_", ""));
                if (value >= min && value <= max) {
                    return (int) value;
                }
            } catch (NumberFormatException e) {
                // fall through to the range message
            }
            throw error(node.line(), field, s.text() + " is out of range; allowed: " + min + " to " + max);
        }
        throw error(node.line(), field, "expected a whole number from " + min + " to " + max + ", got " + node.kind());
    }

    void checkKeys(MapNode map, String prefix, List<String> allowed) {
        for (Entry e : map.entries().values()) {
            if (!allowed.contains(e.key())) {
                throw unknownKey(e, prefix, allowed);
            }
        }
    }

    PkiException unknownKey(Entry e, String prefix, List<String> allowed) {
        return error(
                e.line(),
                prefix + e.key(),
                "unknown field" + Suggestions.suggestion(e.key(), allowed) + "; allowed here: "
                        + String.join(", ", allowed));
    }

    PkiException error(int line, String field, String problem) {
        return PkiException.invalidProfile(file + ":" + line + ": " + field + ": " + problem);
    }

    PkiException error(int line, String field, String problem, PkiException.Remedy remedy) {
        return new PkiException(
                PkiException.Kind.INVALID_PROFILE, file + ":" + line + ": " + field + ": " + problem, remedy);
    }
}
