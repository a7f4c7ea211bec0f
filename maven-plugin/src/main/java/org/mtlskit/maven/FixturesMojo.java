package org.mtlskit.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.mtlskit.pki.internal.fixtures.FixturesLines;

/**
 * Makes every profile's files, keeping those that still fit: {@code ca-tool fixtures} in the build.
 * The plan is decided from the files on disk, so a build whose files all fit writes nothing.
 */
@Mojo(name = "fixtures", defaultPhase = LifecyclePhase.GENERATE_TEST_RESOURCES, threadSafe = true)
public final class FixturesMojo extends FixturesGoal {

    /** Re-make everything, CAs included, with new keys (ca-tool fixtures --force). */
    @Parameter(property = "mtlskit.force", defaultValue = "false")
    boolean force;

    @Override
    void run() {
        fixtures().fixtures(force, renewWithin()).forEach(o -> getLog().info(FixturesLines.outcome(o)));
    }
}
