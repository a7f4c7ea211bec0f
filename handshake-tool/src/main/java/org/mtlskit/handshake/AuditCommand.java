package org.mtlskit.handshake;

import picocli.CommandLine.Command;

/** handshake-tool audit: judges a device against a battery of certificates. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        subcommands = {AuditServerCommand.class, AuditClientCommand.class},
        description = {
            "Judges a device against a battery of certificates (see audit server).",
            "Exit codes: 0 the device did what a correct peer does in every case; 8 it accepted what it must "
                    + "refuse or refused what it must accept; 6 it could not be reached; 3 unusable files."
        })
final class AuditCommand {
    @picocli.CommandLine.ParentCommand
    HandshakeTool tool;
}
