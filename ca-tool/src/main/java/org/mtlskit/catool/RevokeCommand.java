package org.mtlskit.catool;

import java.util.concurrent.Callable;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.fixtures.Revoker;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.revocation.Revocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = {
            "Records a revocation in the CA's state file (NAME_revocations.json beside its certificate).",
            "Publish it with ca-tool crl. Like: openssl ca -revoke."
        })
final class RevokeCommand implements Callable<Integer> {
    @ParentCommand
    private CaTool tool;

    @Spec
    private CommandSpec spec;

    @Mixin
    private FolderOptions folders;

    @Parameters(
            index = "0",
            paramLabel = "NAME|SERIAL",
            description = "A leaf profile (its certificate is revoked) or a serial in hex.")
    private String what;

    @Option(
            names = "--ca",
            paramLabel = "NAME",
            description = "The revoking CA (default: the profile's issuer, or ca for a serial).")
    private String ca;

    @Option(names = "--reason", paramLabel = "REASON", description = "RFC 5280 reason (default: ${DEFAULT-VALUE}).")
    private String reason = "unspecified";

    @Override
    public Integer call() {
        Revocations.Reason r = Revocations.Reason.named(reason)
                .orElseThrow(() -> new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        "--reason: unknown reason \"" + reason + "\"; allowed: " + Revocations.Reason.allowedNames()));
        if (r.refusalInFullCrl() != null) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, "--reason: " + r.refusalInFullCrl());
        }
        ProfileSet profiles = ProfileSet.load(folders.profiles);
        Revoker.Revoked done = new Revoker(profiles, folders.out, tool.clock, null).revoke(what, ca, r);
        Revocations.Entry e = done.entry();
        String who = e.subject() != null ? e.subject() + ", " : "";
        spec.commandLine()
                .getOut()
                .println(what + ": " + (done.alreadyRevoked() ? "already revoked" : "revoked")
                        + " by CA \"" + done.ca().name() + "\" (" + who + "serial " + e.serial() + ", reason "
                        + e.reason()
                        + ", at " + e.revokedAt() + "); recorded in " + done.stateFile()
                        + "; publish it with ca-tool crl "
                        + done.ca().name());
        return ExitCodes.OK;
    }
}
