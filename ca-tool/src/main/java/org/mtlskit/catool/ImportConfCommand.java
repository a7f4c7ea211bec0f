package org.mtlskit.catool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.confimport.ProfileImport;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.x509.AltName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "import-conf",
        mixinStandardHelpOptions = true,
        description = {
            "Turns an OpenSSL req config (the demo's ca.conf, cert.conf) into a YAML profile.",
            "Prints each line it could not map. A config with x509_extensions and no req_extensions (openssl req "
                    + "-x509) becomes a self-signed CA; any other a certificate issued by --issuer (default: ca)."
        })
final class ImportConfCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.conf", description = "The OpenSSL config.")
    private Path conf;

    @Option(names = "--as", paramLabel = "NAME", description = "Profile name (default: the file's name without .conf).")
    private String name;

    @Option(
            names = "--issuer",
            paramLabel = "NAME",
            description =
                    "The issuing CA profile; makes the profile an issued certificate (default for configs without "
                            + "x509_extensions: " + Defaults.CA_PROFILE + ").")
    private String issuer;

    @Option(
            names = "--days",
            paramLabel = "DAYS",
            description = "Validity in days (default: 3650 for a CA, 365 for a leaf, the demo's -days).")
    private Integer days;

    @Option(names = "--profiles", paramLabel = "DIR", description = "Profiles folder (default: ${DEFAULT-VALUE}).")
    private Path profiles = Defaults.PROFILES_DIR;

    @Option(names = "--force", description = "Replace an existing profile of that name.")
    private boolean force;

    @Override
    public Integer call() {
        if (days != null && (days < 1 || days > Defaults.MAX_DAYS)) {
            throw new ParameterException(
                    spec.commandLine(), "--days: must be 1 to " + Defaults.MAX_DAYS + ", got " + days);
        }
        ProfileImport.Result r = ProfileImport.importFile(conf, name, profiles, issuer, days, force);
        PrintWriter out = spec.commandLine().getOut();
        Profile p = r.profile();
        String kind = p.ca()
                ? (p.selfSigned() ? "self-signed CA" : "intermediate CA issued by " + p.issuer())
                : "leaf issued by " + p.issuer();
        String san = p.subjectAltName().isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        AltName.of(p.subjectAltName()).stream()
                                .map(AltName::toString)
                                .toList());
        out.println(r.name() + ": wrote " + r.file() + " from " + conf + ": " + kind + ", "
                + p.key().yamlName() + ", "
                + p.digest().yamlName() + ", " + p.validity().days() + " days, subject " + p.subject()
                + ", subjectAltName " + san);
        for (String note : r.notes()) {
            out.println("  note: " + note);
        }
        for (ProfileImport.Unmapped u : r.unmapped()) {
            out.println("  not mapped: " + conf + ":" + u.line() + ": " + u.text() + ": " + u.reason());
        }
        return ExitCodes.OK;
    }
}
