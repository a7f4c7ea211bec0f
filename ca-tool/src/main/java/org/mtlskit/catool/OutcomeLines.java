package org.mtlskit.catool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import org.mtlskit.pki.Fixtures;
import org.mtlskit.pki.PrintableText;

/** The closing lines of a command: what was written, where, and until when it is valid. */
final class OutcomeLines {
    private OutcomeLines() {
    }

    static void print(PrintWriter out, Fixtures.Outcome o) {
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
        String broken = o.profile().deliberatelyBroken()
                ? " " + org.mtlskit.pki.Defect.describe(o.profile().extras().defects()) : "";
        if (!o.brokenAbove().isEmpty()) {
            broken += " DELIBERATELY BROKEN CHAIN (issued below a CA: "
                    + String.join("; ", o.brokenAbove().stream().map(org.mtlskit.pki.Defect::how).toList()) + ")";
        }
        String files = o.written().stream().map(Path::toString).collect(Collectors.joining(" "));
        if (o.action() == Fixtures.Action.USED) {
            out.println(o.profile().name() + ": " + what + ": " + subject + ", valid until " + until);
        } else if (o.action() == Fixtures.Action.KEPT) {
            out.println(o.profile().name() + ": " + what + (files.isEmpty() ? "" : ", wrote " + files) + ": " + subject
                    + ", valid until " + until + broken);
        } else {
            out.println(o.profile().name() + ": " + what + ": wrote " + files + "; " + subject + ", valid until " + until
                    + broken);
        }
    }
}
