package org.mtlskit.catool;

import java.io.PrintWriter;
import org.mtlskit.cli.PasswordOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What a ca-tool command that makes, signs or exports files starts from, as one mixin: the tool it runs
 * in (its clock, randomness and environment), the folders it reads and writes, the password of
 * encrypted keys, and its own output writers (so tests read what it prints).
 */
final class CommandContext {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Mixin
    FolderOptions folders;

    @Mixin
    PasswordOptions password;

    /** The tool this command runs in. */
    CaTool tool() {
        return (CaTool) command.commandLine().getParent().getCommand();
    }

    CommandSpec spec() {
        return command;
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }
}
