package org.mtlskit.catool;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.csr.CsrFiles;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.x509.AltName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "csr",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a leaf profile's CSR, for its key (made when missing) or --key FILE.",
            "Like: openssl req -new -key server_key.pem -out server_csr.pem -config cert.conf."
        })
final class CsrCommand implements Callable<Integer> {
    @Mixin
    private CommandContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "Leaf profile: server, client, bad, ...")
    private String profile;

    @Option(
            names = "--key",
            paramLabel = "FILE",
            description =
                    "The key to make the CSR for (default: the profile's key file in --out; a new key when it is missing).")
    private Path key;

    @Option(names = "--force", description = "Replace an existing CSR file (never the key it is made for).")
    private boolean force;

    @Override
    public Integer call() {
        ProfileSet profiles = ProfileSet.load(context.folders.profiles);
        CsrFiles.Written w = new CsrFiles(
                        profiles,
                        context.folders.out,
                        context.tool().random,
                        context.password.read(context.tool().env),
                        context.out()::println)
                .make(profile, key, force);
        String san = w.subjectAltName().isEmpty()
                ? "none"
                : String.join(
                        ", ", w.subjectAltName().stream().map(AltName::toString).toList());
        String what = w.newKey()
                ? "wrote " + w.keyFile() + " (new " + w.profile().key().displayName() + " key) and " + w.csrFile()
                : "wrote " + w.csrFile() + " for the key in " + w.keyFile();
        context.out().println(profile + ": " + what + "; subject " + w.profile().subject() + ", subjectAltName " + san);
        return ExitCodes.OK;
    }
}
