package org.mtlskit.maven;

import java.io.File;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.PasswordSource;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import org.mtlskit.pki.internal.profile.ProfileSet;

/**
 * What every goal of the plugin shares: the profiles folder, the output folder, the password and
 * {@code skip}, each with its default here; and the one way a goal fails (see {@link GoalErrors}).
 * Nothing here forks a process or reaches the network, so the goals work the same with {@code -o}.
 */
abstract class FixturesGoal extends AbstractMojo {

    /** The profiles folder, as ca-tool's --profiles. */
    @Parameter(property = "mtlskit.profiles", defaultValue = "${project.basedir}/profiles", required = true)
    File profiles;

    /**
     * The folder the files are written to, as ca-tool's --out. Under target/ by default, so that
     * {@code mvn clean} removes them and a fresh checkout makes them anew.
     */
    @Parameter(
            property = "mtlskit.outputDirectory",
            defaultValue = "${project.build.directory}/mtlskit-keys",
            required = true)
    File outputDirectory;

    /** Renew certificates that expire within this many days, as ca-tool's --renew-within (30 by default). */
    @Parameter(property = "mtlskit.renewWithinDays", defaultValue = "30")
    int renewWithinDays;

    /** A file whose first line is the password (encrypted keys, keystores), as --password-file. */
    @Parameter(property = "mtlskit.passwordFile")
    File passwordFile;

    /** An environment variable holding the password, as --password-env. Never the password itself. */
    @Parameter(property = "mtlskit.passwordEnv")
    String passwordEnv;

    /** Skips the goal (-Dmtlskit.skip), as -DskipTests does for tests. */
    @Parameter(property = "mtlskit.skip", defaultValue = "false")
    boolean skip;

    /** Tests set these; a build runs on the system clock, fresh randomness and the real environment. */
    Clock clock = Clock.systemUTC();

    SecureRandom random = new SecureRandom();
    UnaryOperator<String> env = System::getenv;

    /** The goal's work, once {@code skip} and the parameters are checked. */
    abstract void run() throws MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("skipped (mtlskit.skip)");
            return;
        }
        if (renewWithinDays < 0) {
            throw new MojoFailureException("renewWithinDays: must be 0 or more days, got " + renewWithinDays);
        }
        try {
            run();
        } catch (PkiException e) {
            throw GoalErrors.failure(e);
        } catch (RuntimeException e) {
            // Not the user's input: a defect of ours, reported as such with its stack trace.
            throw new MojoExecutionException("internal error: " + e, e);
        }
    }

    Duration renewWithin() {
        return Duration.ofDays(renewWithinDays);
    }

    /** The password given, or null. */
    char[] password() {
        if (passwordFile != null && passwordEnv != null) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, "give passwordFile or passwordEnv, not both");
        }
        if (passwordFile != null) {
            return PasswordSource.fromFile(passwordFile.toPath());
        }
        return passwordEnv != null ? PasswordSource.fromEnvironment(passwordEnv, env) : null;
    }

    ProfileSet profileSet() {
        return ProfileSet.load(profiles.toPath());
    }

    /** The library's fixtures maker over these folders; its progress lines go to the build's log. */
    Fixtures fixtures() {
        return new Fixtures(profileSet(), outputDirectory.toPath(), clock, random, getLog()::info)
                .withPassword(password());
    }
}
