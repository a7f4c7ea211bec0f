package org.mtlskit.catool;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.files.UnfinishedCommit;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import org.mtlskit.pki.internal.fixtures.FixturesLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "fixtures",
        mixinStandardHelpOptions = true,
        description = {
            "Makes every profile's files (the demo's whole set), keeping those that still fit.",
            "A set is kept when it exists, matches its profile and is not within --renew-within of expiry. "
                    + "A leaf whose issuer changed is re-issued. Keys are generated in parallel.",
            "With --check, nothing is written: the plan is printed, and the exit code is 9 when anything would "
                    + "be created or re-issued or expires within --renew-within."
        })
final class FixturesCommand implements Callable<Integer> {
    @Mixin
    private CommandContext context;

    @Option(names = "--force", description = "Re-make everything, CAs included, with new keys.")
    private boolean force;

    @Option(
            names = "--renew-within",
            paramLabel = "DAYS",
            description = "Renew certificates expiring within this many days (default: ${DEFAULT-VALUE}).")
    private int renewWithinDays = (int) Defaults.RENEW_WITHIN.toDays();

    @Option(
            names = "--check",
            description = "Write nothing; print what would be done, and exit 9 when anything would "
                    + "change or expires within --renew-within.")
    private boolean check;

    @Option(
            names = "--json",
            description = "Print the outcome as JSON (schema mtlskit.fixtures/1, see docs/ca-tool.md); "
                    + "progress lines go to stderr.")
    private boolean json;

    @Override
    public Integer call() {
        if (renewWithinDays < 0) {
            throw new picocli.CommandLine.ParameterException(
                    context.spec().commandLine(), "--renew-within: must be 0 or more days, got " + renewWithinDays);
        }
        PrintWriter out = context.out();
        Duration renewWithin = Duration.ofDays(renewWithinDays);
        Instant now = context.tool().clock.instant();
        Fixtures fixtures = context.tool().fixtures(context.folders, context.password, json ? context.err() : out);
        if (check) {
            UnfinishedCommit.refuseIn(context.folders.out);
            List<FixturesLines.Row> rows =
                    FixturesLines.rows(fixtures.plan(force, renewWithin), context.folders.out, now, renewWithin);
            if (json) {
                out.println(FixturesReport.json(rows, true, now, renewWithin));
            } else {
                FixturesReport.printPlan(out, rows);
            }
            return FixturesLines.wouldChange(rows) ? ExitCodes.CHECK_FOUND_CHANGES : ExitCodes.OK;
        }
        List<Fixtures.Outcome> outcomes = fixtures.fixtures(force, renewWithin);
        if (json) {
            out.println(FixturesReport.json(
                    outcomes.stream()
                            .map(o -> FixturesLines.row(o, now, renewWithin))
                            .toList(),
                    false,
                    now,
                    renewWithin));
        } else {
            outcomes.forEach(o -> OutcomeLines.print(out, o));
        }
        LintWarnings.print(context.folders.profiles, context.err());
        return ExitCodes.OK;
    }
}
