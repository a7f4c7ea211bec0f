package org.mtlskit.catool;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.fixtures.Revoker;
import org.mtlskit.pki.internal.profile.ProfileSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "crl",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the CA's signed CRL (NAME_crl.pem, PEM) from its revocation state.",
            "Like: openssl ca -gencrl."
        })
final class CrlCommand implements Callable<Integer> {
    @Mixin
    private CommandContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CA", description = "CA profile (default: ${DEFAULT-VALUE}).")
    private String ca = Defaults.CA_PROFILE;

    @Option(names = "--days", paramLabel = "DAYS", description = "Days until nextUpdate (default: ${DEFAULT-VALUE}).")
    private int days = Defaults.CRL_DAYS;

    @Option(names = "--force", description = "Replace a file at the CRL's place that is not an earlier CRL of this CA.")
    private boolean force;

    @Override
    public Integer call() {
        if (days < 1 || days > Defaults.MAX_DAYS) {
            throw new picocli.CommandLine.ParameterException(
                    context.spec().commandLine(),
                    "--days: must be 1 to " + Defaults.MAX_DAYS + " (as a profile's crl.days), got " + days);
        }
        ProfileSet profiles = ProfileSet.load(context.folders.profiles);
        Revoker.Written w = new Revoker(
                        profiles, context.folders.out, context.tool().clock, context.password.read(context.tool().env))
                .crl(ca, Duration.ofDays(days), force);
        context.out()
                .println(ca + ": wrote " + w.crlFile() + " (" + w.entries() + " revoked, next update "
                        + w.crl().getNextUpdate().toInstant().truncatedTo(ChronoUnit.SECONDS) + ")");
        return ExitCodes.OK;
    }
}
