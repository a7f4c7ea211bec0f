package org.mtlskit.pki.internal.confimport;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.confimport.ProfileImport.Unmapped;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.DistinguishedName;

/**
 * Writes an imported profile as YAML in the profile format {@link org.mtlskit.pki.internal.profile.ProfileParser} reads, with the
 * lines the import could not map as comments at its end. Pure: text in, text out.
 */
final class ProfileYamlWriter {
    private ProfileYamlWriter() {}

    private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z][A-Za-z0-9 ._@/-]*");
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    /**
     * What an import found, ready to write.
     *
     * @param source   the config's file name, named in the profile's description and comments
     * @param issuer   the issuing CA profile, or null for a self-signed CA
     * @param days     the validity in days
     * @param san      SAN entries by profile kind (dns, ip, email, uri), in the order written
     * @param unmapped what the profile does not hold, written as comments
     */
    record Draft(
            Path source,
            boolean ca,
            String issuer,
            KeySpec key,
            Digest digest,
            int days,
            Map<DistinguishedName.Field, String> subject,
            Integer pathLen,
            Collection<String> keyUsage,
            Collection<String> extendedKeyUsage,
            Map<String, List<String>> san,
            List<Unmapped> unmapped) {}

    static String yaml(Draft p) {
        StringBuilder y = new StringBuilder();
        y.append("# Imported from ").append(p.source()).append(" by ca-tool import-conf.\n");
        y.append("description: ").append(scalar("Imported from " + p.source())).append('\n');
        if (p.ca()) {
            y.append("ca: true\n");
        }
        if (p.issuer() != null) {
            y.append("issuer: ").append(scalar(p.issuer())).append('\n');
        }
        y.append("key: ").append(p.key().yamlName()).append('\n');
        y.append("digest: ").append(p.digest().yamlName()).append('\n');
        y.append("validity:\n  days: ").append(p.days()).append('\n');
        y.append("subject:\n");
        p.subject()
                .forEach((field, value) -> y.append("  ")
                        .append(field.name())
                        .append(": ")
                        .append(scalar(value))
                        .append('\n'));
        StringBuilder ext = new StringBuilder();
        if (p.pathLen() != null && p.ca()) {
            ext.append("  basicConstraints:\n    pathLen: ").append(p.pathLen()).append('\n');
        }
        if (!p.keyUsage().isEmpty()) {
            ext.append("  keyUsage: [").append(String.join(", ", p.keyUsage())).append("]\n");
        }
        if (!p.extendedKeyUsage().isEmpty()) {
            ext.append("  extendedKeyUsage: [")
                    .append(String.join(", ", p.extendedKeyUsage()))
                    .append("]\n");
        }
        if (p.san().values().stream().anyMatch(l -> !l.isEmpty())) {
            ext.append("  subjectAltName:\n");
            p.san().forEach((kind, values) -> {
                if (!values.isEmpty()) {
                    ext.append("    ")
                            .append(kind)
                            .append(": [")
                            .append(String.join(
                                    ", ",
                                    values.stream()
                                            .map(ProfileYamlWriter::scalar)
                                            .toList()))
                            .append("]\n");
                }
            });
        }
        if (ext.length() > 0) {
            y.append("extensions:\n").append(ext);
        }
        if (!p.unmapped().isEmpty()) {
            y.append("# Not mapped from ").append(p.source()).append(":\n");
            p.unmapped().stream()
                    .sorted((a, b) -> Integer.compare(a.line(), b.line()))
                    .forEach(u -> y.append("#   line ")
                            .append(u.line())
                            .append(": ")
                            .append(u.text())
                            .append('\n'));
        }
        return y.toString();
    }

    /** A YAML scalar: plain when that is unambiguous, else double-quoted. */
    static String scalar(String value) {
        if (PLAIN_YAML.matcher(value).matches()
                && !YAML_WORDS.contains(value.toLowerCase(Locale.ROOT))
                && !value.endsWith(" ")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
