package org.mtlskit.handshake.interop;

/**
 * How a cell ended.
 *
 * @param deviation  the known deviation that applies, or null
 * @param skipReason why the cell did not run (a peer missing here), or null
 * @param transcript both peers' command lines and output, for a failure message and the log
 */
record CellResult(
        Cell cell,
        CellExpectation expected,
        KnownDeviation deviation,
        Verdict server,
        Verdict client,
        Status status,
        String statusNote,
        String skipReason,
        String transcript) {

    enum Status {
        OK("ok"),
        KNOWN("known"),
        FAIL("FAIL"),
        SKIPPED("skipped");

        final String words;

        Status(String words) {
            this.words = words;
        }
    }

    /** Judges the verdicts against the expectation (and the deviation, if any). */
    static CellResult judged(
            Cell cell,
            CellExpectation demo,
            KnownDeviation deviation,
            Verdict server,
            Verdict client,
            String transcript) {
        if (deviation == null) {
            Status status = demo.matches(server, client) ? Status.OK : Status.FAIL;
            return new CellResult(cell, demo, null, server, client, status, "", null, transcript);
        }
        CellExpectation instead = deviation.expectation().apply(cell, demo);
        if (deviation.type() != KnownDeviation.Type.DEFECT) {
            // Named in the table only when an alternative, not the demo's verdict, is what happened.
            boolean asDemo = demo.matches(server, client);
            Status status = asDemo || instead.matches(server, client) ? Status.OK : Status.FAIL;
            return new CellResult(
                    cell, instead, deviation, server, client, status, asDemo ? "" : deviation.id(), null, transcript);
        }
        if (instead.matches(server, client)) {
            return new CellResult(
                    cell, instead, deviation, server, client, Status.KNOWN, deviation.id(), null, transcript);
        }
        String note = demo.matches(server, client)
                ? deviation.id() + " no longer shows: remove it from KnownDeviation"
                : deviation.id();
        return new CellResult(cell, instead, deviation, server, client, Status.FAIL, note, null, transcript);
    }

    static CellResult skipped(Cell cell, String reason) {
        CellExpectation demo = CellExpectation.demo(cell);
        Verdict none = Verdict.notRun("skipped");
        return new CellResult(cell, demo, null, none, none, Status.SKIPPED, "", reason, "");
    }

    boolean serverOk() {
        return expected.serverMatches(server);
    }

    boolean clientOk() {
        return expected.clientMatches(client);
    }
}
