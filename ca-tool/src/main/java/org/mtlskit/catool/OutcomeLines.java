package org.mtlskit.catool;

import java.io.PrintWriter;
import org.mtlskit.pki.Fixtures;
import org.mtlskit.pki.FixturesLines;

/** The closing lines of a command: what was written, where, and until when it is valid (see {@link FixturesLines}). */
final class OutcomeLines {
    private OutcomeLines() {
    }

    static void print(PrintWriter out, Fixtures.Outcome o) {
        out.println(FixturesLines.outcome(o));
    }
}
