package org.mtlskit.catool;

import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "issue",
        mixinStandardHelpOptions = true,
        description = {
            "Makes a new key, CSR and certificate for a leaf profile, signed by the CA its profile names.",
            "Like: openssl genrsa, openssl req -new, openssl x509 -req -CA ... -extfile cert.conf."
        })
final class IssueCommand implements Callable<Integer> {
    @Mixin
    private CommandContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "Leaf profile: server, client, bad, ...")
    private String profile;

    @Option(names = "--force", description = "Replace the profile's existing key, CSR and certificate.")
    private boolean force;

    @Override
    public Integer call() {
        Fixtures fixtures = context.tool().fixtures(context.folders, context.password, context.out());
        OutcomeLines.print(context.out(), fixtures.issue(profile, force));
        return ExitCodes.OK;
    }
}
