package org.mtlskit.catool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.files.UnfinishedCommit;
import org.mtlskit.pki.internal.lint.Finding;
import org.mtlskit.pki.internal.lint.Limits;
import org.mtlskit.pki.internal.lint.Linter;
import org.mtlskit.pki.internal.lint.Rule;
import org.mtlskit.pki.internal.lint.Target;
import org.mtlskit.pki.internal.profile.ProfileSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = {
            "Says whether a device's TLS stack will take these files or the files of these profiles.",
            "It prints the rules of the target that certificates, chains, keys, PKCS#12 keystores or profiles "
                    + "(before anything is generated) break, one line each: the rule, the file, what the target does "
                    + "and the fix.",
            "Exit 0 when clean, 8 when a rule is broken."
        })
final class LintCommand implements Callable<Integer> {
    static final String SCHEMA = "mtlskit.lint/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    private CommandSpec spec;

    @Parameters(
            arity = "0..*",
            paramLabel = "FILE",
            description = "Certificate, chain, key (PEM or DER) or PKCS#12 files.")
    private List<Path> files = List.of();

    @Option(
            names = "--profiles",
            paramLabel = "DIR",
            description = "Check the profiles of this folder instead of files.")
    private Path profiles;

    @Option(
            names = "--target",
            required = true,
            paramLabel = "TARGET",
            description = "mbedtls-2.28, mbedtls-3.6, openssl-3 or java-17.")
    private String target;

    @Option(
            names = "--in-content-len",
            paramLabel = "N",
            description = "The device's MBEDTLS_SSL_IN_CONTENT_LEN (default: 16384, mbedTLS's default).")
    private int inContentLen = Limits.MBEDTLS_DEFAULT_CONTENT_LEN;

    @Option(
            names = "--out-content-len",
            paramLabel = "N",
            description = "The device's MBEDTLS_SSL_OUT_CONTENT_LEN: also check that the device can send the chain.")
    private Integer outContentLen;

    @Option(names = "--rules", description = "List the target's rules, with the source of each fact, and exit.")
    private boolean listRules;

    @Option(names = "--json", description = "JSON for scripts and CI (schema " + SCHEMA + ", see docs/lint.md).")
    private boolean json;

    @Override
    public Integer call() {
        Target t = Target.named(target)
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(),
                        "--target: unknown target \"" + target + "\"; known: " + Target.allowedNames()));
        PrintWriter out = spec.commandLine().getOut();
        if (listRules) {
            Linter.rules(t)
                    .forEach(r -> out.println(r.id() + ": " + r.action().words() + ": " + r.summary() + "; fix: "
                            + r.fix() + " [source: " + r.source() + "; proof: " + r.proof() + "]"));
            return ExitCodes.OK;
        }
        if (files.isEmpty() == (profiles == null)) {
            throw new ParameterException(spec.commandLine(), "give FILE... or --profiles DIR (one of the two)");
        }
        Limits limits;
        try {
            limits = new Limits(inContentLen, outContentLen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--in-content-len/--out-content-len: " + e.getMessage());
        }
        List<Finding> findings;
        int checked;
        if (profiles != null) {
            ProfileSet set = ProfileSet.load(profiles);
            checked = set.all().size();
            findings = Linter.lintProfiles(set, t, limits);
        } else {
            checked = files.size();
            UnfinishedCommit.refuseIn(files);
            findings = Linter.lintFiles(files, t, limits);
        }
        if (json) {
            out.println(json(t, limits, findings));
        } else {
            findings.forEach(f -> out.println(f.line()));
            String what = profiles != null ? checked + " profile(s) in " + profiles : checked + " file(s)";
            out.println(
                    findings.isEmpty()
                            ? "lint " + t + ": no rule broken in " + what
                            : "lint " + t + ": " + findings.size() + " rule(s) broken in " + what);
        }
        return findings.isEmpty() ? ExitCodes.OK : ExitCodes.LINT_FINDINGS;
    }

    private String json(Target t, Limits limits, List<Finding> findings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("target", t.id());
        root.put("inContentLen", limits.inContentLen());
        if (limits.outContentLen() == null) {
            root.putNull("outContentLen");
        } else {
            root.put("outContentLen", limits.outContentLen());
        }
        root.put("clean", findings.isEmpty());
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            Rule r = f.rule();
            ObjectNode o = list.addObject();
            o.put("rule", r.id());
            o.put("file", f.file());
            o.put("object", f.object());
            o.put("action", r.action().words());
            o.put("detail", f.detail());
            o.put("fix", r.fix());
            o.put("source", r.source());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
