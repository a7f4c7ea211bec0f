package org.mtlskit.catool;

import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Makes a CA's key and certificate (self-signed, or signed by its issuer for an intermediate).",
            "Like: openssl genrsa -out ca_key.pem 4096, then openssl req -new -x509 -days 3650 -config ca.conf."
        })
final class InitCommand implements Callable<Integer> {
    @Mixin
    private CommandContext context;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PROFILE",
            description = "CA profile (default: ${DEFAULT-VALUE}).")
    private String profile = Defaults.CA_PROFILE;

    @Option(names = "--force", description = "Replace an existing CA; what it signed will stop verifying.")
    private boolean force;

    @Override
    public Integer call() {
        Fixtures fixtures = context.tool().fixtures(context.folders, context.password, context.out());
        OutcomeLines.print(context.out(), fixtures.init(profile, force));
        return ExitCodes.OK;
    }
}
