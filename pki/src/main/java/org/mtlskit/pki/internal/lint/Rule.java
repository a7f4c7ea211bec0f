package org.mtlskit.pki.internal.lint;

import java.util.Optional;

/**
 * One fact about a target, as a check: what the target does with a file that breaks it, the fix,
 * where the fact comes from and how it was proven.
 *
 * @param id      a short name, the same for the same fact on every target (critical-extension, ...)
 * @param target  the target it is a fact of
 * @param action  what the target does with a file that breaks it
 * @param summary what breaks it, in one line (for --rules and the table in docs/lint.md)
 * @param fix     the profile field to change
 * @param source  where the fact comes from (the target's source file, ChangeLog or documentation)
 * @param proof   the test that proves it on the real target, or why there is none
 * @param check   the check: what in a subject breaks the rule, or empty
 */
public record Rule(
        String id, Target target, Action action, String summary, String fix, String source, String proof, Check check) {

    /** A pure check of one subject. */
    @FunctionalInterface
    public interface Check {
        Optional<String> breach(Subject subject, Limits limits);
    }

    Optional<Finding> apply(Subject subject, Limits limits) {
        return check.breach(subject, limits).map(detail -> new Finding(this, subject.file(), subject.object(), detail));
    }
}
