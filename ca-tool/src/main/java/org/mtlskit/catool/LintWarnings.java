package org.mtlskit.catool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.mtlskit.pki.internal.lint.DeclaredTargets;
import org.mtlskit.pki.internal.lint.Finding;
import org.mtlskit.pki.internal.lint.Limits;
import org.mtlskit.pki.internal.lint.Linter;
import org.mtlskit.pki.internal.lint.Target;
import org.mtlskit.pki.internal.profile.ProfileSet;

/**
 * fixtures' warnings: for each target the profile set declares (targets.txt in the profiles folder),
 * one line per profile that breaks its rules. A warning, not an error: the exit code is unchanged.
 */
final class LintWarnings {
    private LintWarnings() {}

    static void print(Path profilesDir, PrintWriter err) {
        for (Target target : DeclaredTargets.read(profilesDir)) {
            Map<String, Set<String>> byProfile = new LinkedHashMap<>();
            for (Finding f : Linter.lintProfiles(ProfileSet.load(profilesDir), target, Limits.DEFAULT)) {
                byProfile
                        .computeIfAbsent(f.file(), k -> new LinkedHashSet<>())
                        .add(f.rule().id());
            }
            byProfile.forEach((file, rules) -> err.println("ca-tool: warning: " + file + " breaks " + target
                    + " rules (declared in " + profilesDir.resolve(DeclaredTargets.FILE_NAME) + "): "
                    + String.join(", ", rules) + "; see ca-tool lint --profiles " + profilesDir + " --target "
                    + target));
        }
    }
}
