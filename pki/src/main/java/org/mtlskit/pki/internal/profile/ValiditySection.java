package org.mtlskit.pki.internal.profile;

import static org.mtlskit.pki.internal.profile.ProfileParser.VALIDITY;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.profile.YamlTree.Entry;
import org.mtlskit.pki.internal.profile.YamlTree.MapNode;
import org.mtlskit.pki.internal.profile.YamlTree.Node;
import org.mtlskit.pki.internal.text.PrintableText;

/** Reads a profile's validity section. */
final class ValiditySection extends YamlFields {
    ValiditySection(Path file) {
        super(file);
    }

    /** The validity section: days, or fixed notBefore and notAfter, within what a certificate can hold. */
    Validity validity(Entry entry) {
        MapNode map = map(entry.value(), "validity");
        checkKeys(map, "validity.", VALIDITY);
        Entry days = map.entries().get("days");
        Entry notBefore = map.entries().get("notBefore");
        Entry notAfter = map.entries().get("notAfter");
        if (days != null && notAfter != null) {
            throw error(days.line(), "validity", "give days or notAfter, not both");
        }
        if (days == null && notAfter == null) {
            throw error(entry.line(), "validity", "give days (for example days: 365) or notAfter");
        }
        Instant start = notBefore == null ? null : instant(notBefore, "validity.notBefore");
        Instant end = notAfter == null ? null : instant(notAfter, "validity.notAfter");
        if (start != null && end != null && !end.isAfter(start)) {
            throw error(notAfter.line(), "validity.notAfter", "must be after notBefore (" + start + ")");
        }
        if (start == null && end != null) {
            throw error(notAfter.line(), "validity", "a fixed notAfter needs a fixed notBefore too");
        }
        Integer d = days == null ? null : integer(days.value(), "validity.days", 1, Defaults.MAX_DAYS);
        if (start != null
                && d != null
                && start.plus(java.time.Duration.ofDays(d)).isAfter(Defaults.LATEST_TIME)) {
            throw error(
                    days.line(),
                    "validity.days",
                    "notBefore " + start + " plus " + d + " days ends after "
                            + Defaults.LATEST_TIME
                            + ", the last time a certificate can hold; give an earlier notBefore "
                            + "or fewer days");
        }
        return new Validity(d, start, end);
    }

    private Instant instant(Entry entry, String field) {
        Node node = entry.value();
        String text = string(node, field);
        Instant instant;
        try {
            instant = text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw error(
                    node.line(),
                    field,
                    "\"" + PrintableText.escape(text) + "\" is not a date; write 2030-01-31 "
                            + "or 2030-01-31T12:00:00Z (UTC)");
        }
        String problem = Validity.problem(instant);
        if (problem != null) {
            throw error(node.line(), field, "\"" + text + "\" " + problem);
        }
        return instant;
    }
}
