package org.mtlskit.catool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mtlskit.pki.CertificateVerifier;
import org.mtlskit.pki.Defaults;
import org.mtlskit.pki.Pem;
import org.mtlskit.pki.PrintableText;
import org.mtlskit.pki.VerificationFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks a certificate against trusted CAs, as handshake-tool does.",
            "Says every reason it is refused, in handshake-tool's words. Exit 0 when valid, 7 when refused.",
            "Like: openssl verify -x509_strict -CAfile ca_cert.pem [-untrusted F] [-purpose sslserver] "
                + "[-verify_hostname N] [-attime T] server_cert.pem."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    private CaTool tool;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CERT",
            description = "The certificate; further certificates in the file (a ca-tool chain file) count as untrusted intermediates.")
    private Path cert;

    @Option(names = "--ca", required = true, paramLabel = "CA_FILE", description = "Trusted CA certificates (PEM).")
    private Path ca;

    @Option(names = "--untrusted", paramLabel = "CHAIN", description = "Intermediate CA certificates, not trusted themselves.")
    private Path untrusted;

    @Option(names = "--hostname", paramLabel = "NAME|IP", description = "The DNS name or IP address the certificate's SAN must match.")
    private String hostname;

    @Option(names = "--purpose", paramLabel = "server|client",
            description = "Check keyUsage and extendedKeyUsage for a TLS server or client (default: neither is checked).")
    private String purpose;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Verify at this time: 2030-01-31, 2030-01-31T12:00:00Z or seconds since 1970 (default: now).")
    private String at;

    @Option(names = "--crl", paramLabel = "FILE", description = "A CRL of a CA on the path (PEM); may be repeated.")
    private List<Path> crls = new ArrayList<>();

    @Option(names = "--json", description = "JSON for scripts and CI (schema mtlskit.verify/1, see the README).")
    private boolean json;

    @Override
    public Integer call() {
        CertificateVerifier.Purpose checkedPurpose = purpose();
        Instant when = (at == null ? tool.clock.instant() : instant()).truncatedTo(ChronoUnit.SECONDS);
        List<X509Certificate> chain = new ArrayList<>(Pem.readCertificates(cert));
        if (untrusted != null) {
            chain.addAll(Pem.readCertificates(untrusted));
        }
        List<X509Certificate> anchors = Pem.readCertificates(ca);
        List<X509CRL> revocationLists = crls.stream().map(Pem::readCrl).toList();
        Set<VerificationFailure> failures = CertificateVerifier.verify(chain, anchors, revocationLists, checkedPurpose,
                hostname, when);
        PrintWriter out = spec.commandLine().getOut();
        String subject = chain.get(0).getSubjectX500Principal().getName();
        String shown = PrintableText.escape(subject);
        if (json) {
            out.println(json(subject, failures, when));
        } else if (failures.isEmpty()) {
            out.println(cert + ": OK (" + shown + "; purpose " + (purpose == null ? "not checked" : purpose)
                    + "; hostname " + (hostname == null ? "not checked" : hostname) + "; at " + when + ")");
        } else {
            out.println(cert + ": verification failed: "
                    + String.join(", ", failures.stream().map(VerificationFailure::words).toList()));
        }
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }

    private String json(String subject, Set<VerificationFailure> failures, Instant when) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", "mtlskit.verify/1");
        root.put("file", cert.toString());
        root.put("subject", subject);
        root.put("valid", failures.isEmpty());
        ArrayNode list = root.putArray("failures");
        for (VerificationFailure f : failures) {
            ObjectNode o = list.addObject();
            o.put("code", f.name());
            o.put("words", f.words());
        }
        root.put("purpose", purpose);
        root.put("hostname", hostname);
        root.put("at", when.toString());
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private CertificateVerifier.Purpose purpose() {
        if (purpose == null) {
            return null;
        }
        return switch (purpose) {
            case "server" -> CertificateVerifier.Purpose.SERVER;
            case "client" -> CertificateVerifier.Purpose.CLIENT;
            default -> throw new ParameterException(spec.commandLine(),
                    "--purpose: expected server or client, got \"" + purpose + "\"");
        };
    }

    private Instant instant() {
        Instant instant;
        try {
            if (at.matches("\\d{1,12}")) {
                instant = Instant.ofEpochSecond(Long.parseLong(at));
            } else if (at.length() == 10) {
                instant = LocalDate.parse(at).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                instant = Instant.parse(at);
            }
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--at: \"" + PrintableText.escape(at) + "\" is not a time; "
                    + "write 2030-01-31, 2030-01-31T12:00:00Z (UTC) or seconds since 1970");
        }
        if (instant.isBefore(Defaults.EARLIEST_TIME) || instant.isAfter(Defaults.LATEST_TIME)) {
            throw new ParameterException(spec.commandLine(), "--at: \"" + at + "\" is outside the years 1950 to 9999 "
                    + "that a certificate can name");
        }
        return instant;
    }
}
