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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.files.UnfinishedCommit;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.verify.CertificateVerifier;
import org.mtlskit.pki.internal.verify.MalformedCertificates;
import org.mtlskit.pki.internal.verify.Verdict;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.internal.verify.VerificationRequest;
import org.mtlskit.pki.internal.verify.VerificationRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a certificate against trusted CAs, as handshake-tool does.",
            "Says every reason it is refused, in handshake-tool's words. Exit 0 when valid, 7 when refused.",
            "Like: openssl verify -x509_strict -CAfile ca_cert.pem [-untrusted F] [-CRLfile F -crl_check_all] "
                    + "[-purpose sslserver] [-verify_hostname N] [-verify_email A] [-verify_depth N] [-attime T] server_cert.pem.",
            "A certificate that parses as DER but breaks X.509's rules is refused (exit 7, Malformed certificate)."
        })
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    private CaTool tool;

    @Spec
    private CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "CERT",
            description =
                    "The certificate; further certificates in the file (a ca-tool chain file) count as untrusted intermediates.")
    private Path cert;

    @Option(names = "--ca", required = true, paramLabel = "CA_FILE", description = "Trusted CA certificates (PEM).")
    private Path ca;

    @Option(
            names = "--untrusted",
            paramLabel = "FILE",
            description = "Intermediate CA certificates (PEM), not trusted themselves; may be repeated.")
    private List<Path> untrusted = new ArrayList<>();

    @Option(
            names = "--hostname",
            paramLabel = "NAME|IP",
            description = "The DNS name or IP address the certificate's SAN must match.")
    private String hostname;

    @Option(
            names = "--email",
            paramLabel = "ADDRESS",
            description = "The e-mail address (RFC 822) the certificate's SAN must hold; name constraints apply to it.")
    private String email;

    @Option(
            names = "--rules",
            paramLabel = "rfc5280|webpki",
            description = "Rule set: rfc5280 (default) is RFC 5280 path validation and certificate profile; "
                    + "webpki adds the Web PKI rules (key sizes, EKU, CN spelling, wildcards; see docs/verify.md).")
    private String rules = "rfc5280";

    @Option(
            names = "--max-depth",
            paramLabel = "N",
            description = "The most intermediate CA certificates between the certificate and a trusted CA "
                    + "(default: ${DEFAULT-VALUE}, as mbedTLS 2.28 allows).")
    private int maxDepth = Defaults.MAX_INTERMEDIATES;

    @Option(
            names = "--allow-weak-algorithms",
            description = "Accept MD5 and SHA-1 signatures and RSA or DSA keys under 2048 bits, which are refused by "
                    + "default as mbedTLS 2.28 and OpenSSL 3 refuse them; for old suites such as PKITS.")
    private boolean allowWeak;

    @Option(
            names = "--purpose",
            paramLabel = "server|client",
            description =
                    "Check keyUsage and extendedKeyUsage for a TLS server or client (default: neither is checked).")
    private String purpose;

    @Option(
            names = "--at",
            paramLabel = "TIME",
            description = "Verify at this time: 2030-01-31, 2030-01-31T12:00:00Z or seconds since 1970 (default: now).")
    private String at;

    @Option(names = "--crl", paramLabel = "FILE", description = "A CRL of a CA on the path (PEM); may be repeated.")
    private List<Path> crls = new ArrayList<>();

    @Option(names = "--json", description = "JSON for scripts and CI (schema mtlskit.verify/1, see docs/verify.md).")
    private boolean json;

    @Override
    public Integer call() {
        CertificateVerifier.Purpose checkedPurpose = purpose();
        VerificationRules ruleSet = ruleSet();
        if (maxDepth < 0) {
            throw new ParameterException(spec.commandLine(), "--max-depth: must be 0 or more, got " + maxDepth);
        }
        Instant when = (at == null ? tool.clock.instant() : instant()).truncatedTo(ChronoUnit.SECONDS);
        List<Path> read = new ArrayList<>(List.of(cert, ca));
        read.addAll(untrusted);
        read.addAll(crls);
        UnfinishedCommit.refuseIn(read);
        List<String> malformed = new ArrayList<>();
        MalformedCertificates.Loaded certFile = MalformedCertificates.read(cert);
        malformed.addAll(certFile.malformed());
        List<X509Certificate> chain = certFile.certificates();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Path file : untrusted) {
            intermediates.addAll(load(file, malformed));
        }
        List<X509Certificate> anchors = load(ca, malformed);
        List<X509CRL> revocationLists = new ArrayList<>();
        List<String> malformedCrls = new ArrayList<>();
        for (Path file : crls) {
            MalformedCertificates.LoadedCrl loaded = MalformedCertificates.readCrl(file);
            if (loaded.crl() != null) {
                revocationLists.add(loaded.crl());
            } else {
                malformedCrls.add(loaded.malformed());
            }
        }
        boolean leafReadable = certFile.firstReadable();
        Set<VerificationFailure> failures = EnumSet.noneOf(VerificationFailure.class);
        List<String> reasons = new ArrayList<>();
        if (leafReadable) {
            Verdict verdict = CertificateVerifier.explain(VerificationRequest.of(chain, anchors, when)
                    .untrusted(intermediates)
                    .crls(revocationLists)
                    .purpose(checkedPurpose)
                    .hostname(hostname)
                    .email(email)
                    .rules(ruleSet)
                    .weakAlgorithmsAllowed(allowWeak)
                    .maxIntermediates(maxDepth));
            failures.addAll(verdict.failures());
            // a malformed certificate is already named by file and position
            verdict.reasons().stream()
                    .filter(r -> r.indexOf(": ") < 0
                            || malformed.stream().noneMatch(m -> m.endsWith(r.substring(r.indexOf(": ")))))
                    .forEach(reasons::add);
        }
        if (!malformed.isEmpty()) {
            failures.add(VerificationFailure.MALFORMED);
        }
        if (!malformedCrls.isEmpty()) {
            failures.add(VerificationFailure.CRL_NOT_TRUSTED);
            reasons.addAll(0, malformedCrls);
        }
        PrintWriter out = spec.commandLine().getOut();
        String subject = leafReadable ? chain.get(0).getSubjectX500Principal().getName() : null;
        String shown = subject == null ? null : PrintableText.escape(subject);
        if (json) {
            out.println(json(subject, failures, malformed, reasons, when, ruleSet));
        } else if (failures.isEmpty()) {
            out.println(cert + ": OK (" + shown + "; purpose " + (purpose == null ? "not checked" : purpose)
                    + "; hostname " + (hostname == null ? "not checked" : hostname)
                    + (ruleSet == VerificationRules.RFC5280 ? "" : "; rules " + ruleSet.optionName()) + "; at " + when
                    + ")");
        } else {
            out.println(cert + ": verification failed: "
                    + String.join(
                            ", ",
                            failures.stream().map(VerificationFailure::words).toList()));
            malformed.forEach(m -> out.println("  " + m));
            reasons.forEach(r -> out.println("  " + r));
        }
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }

    /** A file's certificates; what is malformed in it is added to {@code malformed}, not thrown. */
    private static List<X509Certificate> load(Path file, List<String> malformed) {
        MalformedCertificates.Loaded loaded = MalformedCertificates.read(file);
        malformed.addAll(loaded.malformed());
        return loaded.certificates();
    }

    private VerificationRules ruleSet() {
        try {
            return VerificationRules.parse(rules);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--rules: " + e.getMessage());
        }
    }

    private String json(
            String subject,
            Set<VerificationFailure> failures,
            List<String> malformed,
            List<String> reasons,
            Instant when,
            VerificationRules ruleSet) {
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
        ArrayNode details = root.putArray("malformed");
        malformed.forEach(details::add);
        ArrayNode why = root.putArray("reasons");
        reasons.forEach(why::add);
        root.put("rules", ruleSet.optionName());
        root.put("email", email);
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
            default ->
                throw new ParameterException(
                        spec.commandLine(), "--purpose: expected server or client, got \"" + purpose + "\"");
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
            throw new ParameterException(
                    spec.commandLine(),
                    "--at: \"" + PrintableText.escape(at) + "\" is not a time; "
                            + "write 2030-01-31, 2030-01-31T12:00:00Z (UTC) or seconds since 1970");
        }
        if (instant.isBefore(Defaults.EARLIEST_TIME) || instant.isAfter(Defaults.LATEST_TIME)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--at: \"" + at + "\" is outside the years 1950 to 9999 " + "that a certificate can name");
        }
        return instant;
    }
}
