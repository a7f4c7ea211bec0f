package org.mtlskit.catool;

import org.mtlskit.cli.PasswordOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mtlskit.pki.Fixtures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "fixtures", mixinStandardHelpOptions = true,
        description = {"Makes every profile's files (the demo's whole set), keeping those that still fit.",
            "A set is kept when it exists, matches its profile and is not within --renew-within of expiry;",
            "a leaf whose issuer changed is re-issued. Keys are generated in parallel."})
final class FixturesCommand implements Callable<Integer> {
    @ParentCommand
    private CaTool tool;

    @Spec
    private CommandSpec spec;

    @Mixin
    private FolderOptions folders;

    @Mixin
    private PasswordOptions password;

    @Option(names = "--force", description = "Re-make everything, CAs included, with new keys.")
    private boolean force;

    @Option(names = "--renew-within", paramLabel = "DAYS", description = "Renew certificates expiring within this many days (default: ${DEFAULT-VALUE}).")
    private int renewWithinDays = 30;

    @Override
    public Integer call() {
        if (renewWithinDays < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--renew-within: must be 0 or more days, got " + renewWithinDays);
        }
        Fixtures fixtures = tool.fixtures(folders, password, spec.commandLine().getOut());
        for (Fixtures.Outcome o : fixtures.fixtures(force, Duration.ofDays(renewWithinDays))) {
            OutcomeLines.print(spec.commandLine().getOut(), o);
        }
        LintWarnings.print(folders.profiles, spec.commandLine().getErr());
        return ExitCodes.OK;
    }
}
