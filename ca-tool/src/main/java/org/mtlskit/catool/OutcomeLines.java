package org.mtlskit.catool;

import java.io.PrintWriter;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import org.mtlskit.pki.internal.fixtures.FixturesLines;

/** The closing lines of a command: what was written, where, and until when it is valid (see {@link FixturesLines}). */
final class OutcomeLines {
    private OutcomeLines() {}

    static void print(PrintWriter out, Fixtures.Outcome o) {
        out.println(FixturesLines.outcome(o));
    }
}
