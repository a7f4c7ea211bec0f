package org.mtlskit.handshake.interop;

import java.util.Objects;

/**
 * What one side must conclude, pinned to the peer's own words.
 *
 * @param exitCode null: not checked (a server that runs until the matrix kills it)
 * @param detail   the exact line (or the part of it that does not vary between runs) the peer must print
 */
record Expected(Verdict.Kind kind, Integer exitCode, String detail) {

    boolean matches(Verdict actual) {
        return actual.kind() == kind
                && (exitCode == null || exitCode.equals(actual.exitCode()))
                && Objects.equals(detail, actual.detail());
    }

    String describe() {
        return Verdict.describe(kind, exitCode, detail);
    }
}
