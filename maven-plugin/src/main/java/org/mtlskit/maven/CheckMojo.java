package org.mtlskit.maven;

import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.mtlskit.pki.internal.fixtures.FixturesLines;

/**
 * Writes nothing; prints the plan and fails the build when anything would be created or re-issued,
 * or expires within {@code renewWithinDays}: {@code ca-tool fixtures --check} in the build.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class CheckMojo extends FixturesGoal {

    @Override
    void run() throws MojoFailureException {
        Instant now = clock.instant();
        List<FixturesLines.Row> rows =
                FixturesLines.rows(fixtures().plan(false, renewWithin()), outputDirectory.toPath(), now, renewWithin());
        FixturesLines.planLines(rows).forEach(getLog()::info);
        long changing = FixturesLines.changing(rows);
        if (changing > 0) {
            throw new MojoFailureException(outputDirectory + ": " + changing + " of " + rows.size()
                    + " profiles would change (mtlskit:fixtures makes them)");
        }
        getLog().info(outputDirectory + ": nothing would change");
    }
}
