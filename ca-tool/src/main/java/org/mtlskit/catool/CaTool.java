package org.mtlskit.catool;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import org.mtlskit.cli.ErrorHandler;
import org.mtlskit.cli.PasswordOptions;
import org.mtlskit.cli.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** ca-tool: the demo's test CA, server, client and untrusted-CA certificates from YAML profiles. */
@Command(
        name = "ca-tool",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Makes TLS test keys and certificates from YAML profiles, under the file names of the mutual-TLS demo.",
        subcommands = {
            InitCommand.class,
            IssueCommand.class,
            FixturesCommand.class,
            ExportCommand.class,
            RevokeCommand.class,
            CrlCommand.class,
            CsrCommand.class,
            SignCommand.class,
            ShowCommand.class,
            VerifyCommand.class,
            LintCommand.class,
            ImportConfCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:internal error (a bug: please report it with --verbose output)",
            "2:usage error (unknown option, missing argument)",
            "3:a profile is invalid",
            "4:an input file is missing, unreadable or unusable",
            "5:an output exists and is replaced only with --force",
            "6:an output could not be written (nothing was changed)",
            "7:verify: the certificate is refused (the reasons are printed)",
            "8:lint: a rule of the target is broken (each is printed)",
            "9:fixtures --check: something would be created or re-issued, or expires within --renew-within",
            "10:the output folder is in use by another ca-tool run (nothing was changed)",
            "11:verify, show, lint, fixtures --check: a folder read holds a commit a killed run did not finish "
                    + "(the next writing run, such as fixtures, finishes it)"
        })
public final class CaTool {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    final Clock clock;
    final SecureRandom random;
    /** Environment lookup for --password-env; tests replace it. */
    java.util.function.UnaryOperator<String> env = System::getenv;

    public CaTool(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** For picocli's generators (completion, man pages), which build the command with its default factory. */
    public CaTool() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    /** The file maker the init, issue and fixtures commands share, reading profiles and password as given. */
    org.mtlskit.pki.internal.fixtures.Fixtures fixtures(
            FolderOptions folders, PasswordOptions password, PrintWriter out) {
        return new org.mtlskit.pki.internal.fixtures.Fixtures(
                        org.mtlskit.pki.internal.profile.ProfileSet.load(folders.profiles),
                        folders.out,
                        clock,
                        random,
                        out::println)
                .withPassword(password.read(env));
    }

    /** The command line, with its error handling; tests call this with their own clock, randomness and writers. */
    public static CommandLine commandLine(Clock clock, SecureRandom random, PrintWriter out, PrintWriter err) {
        CaTool tool = new CaTool(clock, random);
        CommandLine cmd = new CommandLine(tool);
        cmd.setOut(out);
        cmd.setErr(err);
        ErrorHandler errors = new ErrorHandler("ca-tool", () -> tool.verbose, ExitCodes::of);
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        // picocli does not pass versionProvider down: without this, "ca-tool init --version" prints nothing.
        for (CommandLine sub : cmd.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
        }
        return cmd;
    }

    public static void main(String[] args) {
        if (Version.printedFor("ca-tool", args)) {
            return;
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(commandLine(Clock.systemUTC(), new SecureRandom(), out, err).execute(args));
    }
}
