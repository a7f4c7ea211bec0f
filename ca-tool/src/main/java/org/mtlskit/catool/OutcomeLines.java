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
        };
        if (!o.reasons().isEmpty()) {
            what += " (" + String.join(", ", o.reasons()) + ")";
        }
        String files = o.written().stream().map(Path::toString).collect(Collectors.joining(" "));
        if (o.action() == Fixtures.Action.KEPT) {
            out.println(o.profile().name() + ": " + what + (files.isEmpty() ? "" : ", wrote " + files) + ": " + subject
                    + ", valid until " + until);
        } else {
            out.println(o.profile().name() + ": " + what + ": wrote " + files + "; " + subject + ", valid until " + until);
        }
    }
}
