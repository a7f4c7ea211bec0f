package org.mtlskit.pki.internal.lint;

/** What a target does with a file that breaks one of its rules. */
public enum Action {
    /** The file is not even loaded: the device cannot use it at all. */
    REFUSES_TO_PARSE("refuses to parse"),
    /** The file loads, but the handshake or path validation that uses it fails. */
    REFUSES("refuses"),
    /** The field is read past: what it says has no effect on the target. */
    IGNORES("ignores"),
    /** The target skips a check other stacks make, so it accepts what they refuse. */
    DOES_NOT_CHECK("does not check");

    private final String words;

    Action(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
