package org.mtlskit.catool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.csr.CsrSigner;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.x509.AltName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = {
            "Issues a certificate for a CSR made elsewhere (openssl, mbedTLS, keytool).",
            "Subject and key come from the CSR, everything else from a leaf profile. The CSR's requested SANs are "
                    + "taken only when the profile says extensions.subjectAltName.fromCsr: true. The CA's key and "
                    + "certificate are read from --out.",
            "Like: openssl x509 -req -in server_csr.pem -CA ca_cert.pem -CAkey ca_key.pem -extfile cert.conf ..."
        })
final class SignCommand implements Callable<Integer> {
    @Mixin
    private CommandContext context;

    @Parameters(index = "0", paramLabel = "CSR_FILE", description = "The CSR (PEM).")
    private Path csr;

    @Option(
            names = "--ca",
            required = true,
            paramLabel = "NAME",
            description = "The signing CA's profile: ca, bad-ca, ...")
    private String ca;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description =
                    "Leaf profile for validity and extensions (default: the profile whose CSR file has CSR_FILE's name, "
                            + "such as server for server_csr.pem).")
    private String profile;

    @Option(
            names = "--out-cert",
            paramLabel = "FILE",
            description = "Where to write the certificate (default: the profile's certificate file in --out).")
    private Path outCert;

    @Option(
            names = "--force",
            description = "Replace an existing certificate file (never the CSR, the CA's files or a profile).")
    private boolean force;

    @Override
    public Integer call() {
        if (outCert != null && context.password.file() != null) {
            org.mtlskit.pki.internal.files.OutputFiles.notAnInput(outCert, context.password.file());
        }
        ProfileSet profiles = ProfileSet.load(context.folders.profiles);
        CsrSigner.Signed s = new CsrSigner(
                        profiles,
                        context.folders.out,
                        context.tool().clock,
                        context.tool().random,
                        context.password.read(context.tool().env))
                .sign(csr, ca, profile, outCert, force);
        PrintWriter out = context.out();
        CsrSigner.Issued issued = s.issued();
        println(
                out,
                s.profile().name() + ": wrote " + s.certFile() + "; "
                        + issued.certificate().getSubjectX500Principal().getName() + ", signed by CA \"" + s.ca().name()
                        + "\", valid until "
                        + issued.certificate().getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS));
        println(out, "  subjectAltName: " + names(issued.subjectAltName()));
        println(
                out,
                "  taken from the CSR: "
                        + (s.profile().subjectAltNameFromCsr()
                                ? names(issued.taken())
                                : "none (the profile's own entries; extensions.subjectAltName.fromCsr is not set)"));
        println(
                out,
                "  ignored from the CSR: "
                        + (issued.ignored().isEmpty()
                                ? "none"
                                : String.join(
                                        "; ",
                                        issued.ignored().stream()
                                                .map(i -> i.name() + " (" + i.reason() + ")")
                                                .toList())));
        for (String note : issued.notes()) {
            println(out, "  note: " + note);
        }
        return ExitCodes.OK;
    }

    /** Names from a CSR made elsewhere can hold ESC or a newline: every line is printed escaped. */
    private static void println(PrintWriter out, String line) {
        out.println(PrintableText.escape(line));
    }

    private static String names(List<AltName> names) {
        return names.isEmpty()
                ? "none"
                : String.join(", ", names.stream().map(AltName::toString).toList());
    }
}
