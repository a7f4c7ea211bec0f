package org.mtlskit.pki.internal.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mtlskit.pki.internal.profile.ProfileSet;

/**
 * {@code ca-tool lint}: the rules of a target that files or profiles break. Each target's rules are
 * one table ({@link Mbedtls228Rules}, {@link Mbedtls36Rules}, {@link Openssl3Rules}, {@link Java17Rules}).
 */
public final class Linter {
    private Linter() {}

    public static List<Rule> rules(Target target) {
        return switch (target) {
            case MBEDTLS_2_28 -> Mbedtls228Rules.RULES;
            case MBEDTLS_3_6 -> Mbedtls36Rules.RULES;
            case OPENSSL_3 -> Openssl3Rules.RULES;
            case JAVA_17 -> Java17Rules.RULES;
        };
    }

    /** The rules each file breaks, in file order; an unreadable file is a PkiException (UNUSABLE_INPUT). */
    public static List<Finding> lintFiles(List<Path> files, Target target, Limits limits) {
        List<Subject> subjects = new ArrayList<>();
        for (Path f : files) {
            subjects.addAll(LintInputs.read(f));
        }
        return lint(subjects, target, limits);
    }

    /** The rules each profile of the set breaks, before anything is generated. */
    public static List<Finding> lintProfiles(ProfileSet set, Target target, Limits limits) {
        return lint(ProfileFacts.of(set), target, limits);
    }

    static List<Finding> lint(List<Subject> subjects, Target target, Limits limits) {
        List<Finding> findings = new ArrayList<>();
        for (Subject s : subjects) {
            for (Rule r : rules(target)) {
                r.apply(s, limits).ifPresent(findings::add);
            }
        }
        return findings;
    }
}
