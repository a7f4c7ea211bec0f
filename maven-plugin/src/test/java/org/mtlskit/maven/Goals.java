package org.mtlskit.maven;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.mtlskit.catool.CaTool;

/** The goals set up as a build would set them, and ca-tool run in this JVM as the reference. */
final class Goals {
    private Goals() {}

    static <G extends FixturesGoal> G configure(G goal, Path profiles, Path out, Clock clock, GoalLog log) {
        goal.profiles = profiles.toFile();
        goal.outputDirectory = out.toFile();
        goal.renewWithinDays = 30;
        goal.clock = clock;
        goal.random = new SecureRandom();
        goal.setLog(log);
        return goal;
    }

    static FixturesMojo fixtures(Path profiles, Path out, Clock clock, GoalLog log) {
        return configure(new FixturesMojo(), profiles, out, clock, log);
    }

    static CheckMojo check(Path profiles, Path out, Clock clock, GoalLog log) {
        return configure(new CheckMojo(), profiles, out, clock, log);
    }

    /** What ca-tool printed: exit code, stdout lines, stderr. */
    record CaToolRun(int exit, List<String> out, String err) {}

    static CaToolRun caTool(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CaTool.commandLine(clock, new SecureRandom(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new CaToolRun(exit, out.toString().lines().toList(), err.toString());
    }
}
