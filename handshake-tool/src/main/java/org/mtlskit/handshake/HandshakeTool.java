package org.mtlskit.handshake;

import java.io.PrintWriter;
import java.time.Clock;
import org.mtlskit.cli.ErrorHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** handshake-tool: the demo's mutual-TLS server and client, with honest verdicts and exit codes. */
@Command(
        name = "handshake-tool",
        mixinStandardHelpOptions = true,
        versionProvider = org.mtlskit.cli.Version.class,
        description = "Runs a mutual-TLS server or client over PEM files and says who refused whom, and why.",
        subcommands = {
            ServeCommand.class,
            ConnectCommand.class,
            ScenariosCommand.class,
            BenchCommand.class,
            AuditCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success: both sides accepted each other",
            "1:internal error (a bug: please report it with --verbose output)",
            "2:usage error (unknown option, missing argument, port out of range)",
            "3:a file is missing, unreadable or unusable (key does not match certificate, CA not a CA, ...)",
            "4:we refused the peer's certificate",
            "5:the peer refused us (it sent a fatal alert)",
            "6:network error, timeout, server busy, or a handshake failure that is not about certificates (no TLS "
                    + "version or cipher suite in common)",
            "7:scenarios: a side did not behave as the demo says",
            "8:audit: the device accepted a certificate it must refuse, or refused one it must accept",
            "9:audit: no case was wrong, but some got no answer within the bound, also on a retry with twice the "
                    + "bound (inconclusive)",
            "10:connect, bench: not known whether the server accepted us (after a TLS 1.3 handshake it closed or "
                    + "stayed silent without a verdict)",
            "11:a folder of ca-tool's files holds a commit a killed ca-tool run did not finish (ca-tool fixtures finishes it)",
            "130:serve: ended by SIGINT (Ctrl-C), after its summary",
            "143:serve: ended by SIGTERM, after its summary"
        })
public final class HandshakeTool {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    final Clock clock;

    public HandshakeTool(Clock clock) {
        this.clock = clock;
    }

    /** For picocli's generators (completion, man pages), which build the command with its default factory. */
    public HandshakeTool() {
        this(Clock.systemUTC());
    }

    public static CommandLine commandLine(Clock clock, PrintWriter out, PrintWriter err) {
        HandshakeTool tool = new HandshakeTool(clock);
        CommandLine cmd = new CommandLine(tool);
        cmd.setOut(out);
        cmd.setErr(err);
        ErrorHandler errors = new ErrorHandler("handshake-tool", () -> tool.verbose, ExitCodes::of);
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        // picocli does not pass versionProvider down: without this, "handshake-tool serve --version" prints nothing.
        for (CommandLine sub : cmd.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new org.mtlskit.cli.Version());
        }
        return cmd;
    }

    public static void main(String[] args) {
        if (org.mtlskit.cli.Version.printedFor("handshake-tool", args)) {
            return;
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(commandLine(Clock.systemUTC(), out, err).execute(args));
    }
}
