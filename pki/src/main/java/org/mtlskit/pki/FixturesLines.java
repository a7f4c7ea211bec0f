package org.mtlskit.pki;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The words of a fixtures run, for every program that runs one (ca-tool, the Maven plugin): the
 * line each made profile closes with (what was written, where, until when) and the lines of a plan
 * ({@code --check}). One implementation, so the two cannot tell a user different things.
 */
public final class FixturesLines {
    private FixturesLines() {
    }

    /**
     * One profile's row of a plan or of what a run did.
     *
     * @param files    the files written or to be written, in the output folder
     * @param expiring whether re-making would renew a certificate that ends within the renewal window
     */
    public record Row(String profile, Fixtures.Action action, List<String> reasons, List<Path> files,
                      Instant notAfter, boolean expiring) {
    }

    /** A plan's step as a row; {@code out} is the output folder its file names are in. */
    public static Row row(FixturesPlan.Step s, Path out, Instant now, Duration renewWithin) {
        return new Row(s.profile().name(), s.action(), s.reasons(), s.files().stream().map(out::resolve).toList(),
                s.notAfter(), expiring(remakeable(s.profile(), s.action()), s.notAfter(), now, renewWithin));
    }

    /** What a run did with one profile, as a row. */
    public static Row row(Fixtures.Outcome o, Instant now, Duration renewWithin) {
        Instant notAfter = o.certificate().getNotAfter().toInstant();
        return new Row(o.profile().name(), o.action(), o.reasons(), o.written(), notAfter,
                expiring(remakeable(o.profile(), o.action()), notAfter, now, renewWithin));
    }

    /** The plan's rows, in issuing order. */
    public static List<Row> rows(FixturesPlan plan, Path out, Instant now, Duration renewWithin) {
        return plan.steps().stream().map(s -> row(s, out, now, renewWithin)).toList();
    }

    /**
     * Whether re-making the certificate would renew it. A profile with fixed dates is left out: its
     * certificate is meant to have those dates (an expired fixture, say), and so is one with the
     * expired defect. An existing CA is left out too: fixtures only reads its files.
     */
    private static boolean remakeable(Profile p, Fixtures.Action action) {
        return !p.validity().isFixed() && !p.has(Defect.EXPIRED) && action != Fixtures.Action.USED;
    }

    /** Whether a certificate that re-making would renew ends within the renewal window. */
    private static boolean expiring(boolean remakeable, Instant notAfter, Instant now, Duration renewWithin) {
        return remakeable && !notAfter.isAfter(now.plus(renewWithin));
    }

    /** Whether a check fails: something would be written, or a certificate expires within the window. */
    public static boolean wouldChange(List<Row> rows) {
        return changing(rows) > 0;
    }

    /** A plan as {@code fixtures --check} prints it: a line per profile, in issuing order. */
    public static List<String> planLines(List<Row> rows) {
        List<String> lines = new ArrayList<>();
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
            lines.add(line.toString());
        }
        return lines;
    }

    /** How many profiles a check counts as changing: something would be written, or it expires within the window. */
    public static long changing(List<Row> rows) {
        return rows.stream().filter(r -> !r.files().isEmpty() || r.expiring()).count();
    }

    /** The closing line of a made profile: what was written, where, and until when it is valid. */
    public static String outcome(Fixtures.Outcome o) {
        String subject = PrintableText.escape(o.certificate().getSubjectX500Principal().getName());
        String until = o.certificate().getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        String what = switch (o.action()) {
            case CREATED -> "created";
            case REISSUED -> "re-issued";
            case KEPT -> "kept";
            case USED -> "used, not written (existing CA " + o.profile().certFile() + ")";
        };
        if (!o.reasons().isEmpty()) {
            what += " (" + String.join(", ", o.reasons()) + ")";
        }
        // A deliberately broken certificate says so on every line, so no one takes it for a good one.
        String broken = o.profile().deliberatelyBroken() ? " " + Defect.describe(o.profile().extras().defects()) : "";
        if (!o.brokenAbove().isEmpty()) {
            broken += " DELIBERATELY BROKEN CHAIN (issued below a CA: "
                    + String.join("; ", o.brokenAbove().stream().map(Defect::how).toList()) + ")";
        }
        String files = o.written().stream().map(Path::toString).collect(Collectors.joining(" "));
        if (o.action() == Fixtures.Action.USED) {
            return o.profile().name() + ": " + what + ": " + subject + ", valid until " + until;
        } else if (o.action() == Fixtures.Action.KEPT) {
            return o.profile().name() + ": " + what + (files.isEmpty() ? "" : ", wrote " + files) + ": " + subject
                    + ", valid until " + until + broken;
        }
        return o.profile().name() + ": " + what + ": wrote " + files + "; " + subject + ", valid until " + until + broken;
    }
}
