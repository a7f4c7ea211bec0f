package org.mtlskit.pki.internal.lint;

/**
 * One rule a file or profile breaks.
 *
 * @param rule   the rule
 * @param file   the file or profile checked
 * @param object which part of it: a certificate's subject, "key", "chain"; null for the whole file
 * @param detail what in it breaks the rule, in words
 */
public record Finding(Rule rule, String file, String object, String detail) {

    /** One line: the rule, the file, what the target does, and the fix. */
    public String line() {
        return rule.id() + " " + file + (object == null ? "" : " (" + object + ")") + ": "
                + rule.target().displayName() + " " + rule.action().words() + ": " + detail + "; fix: " + rule.fix();
    }
}
