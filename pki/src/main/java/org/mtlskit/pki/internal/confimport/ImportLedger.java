package org.mtlskit.pki.internal.confimport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mtlskit.pki.internal.confimport.ProfileImport.Unmapped;

/**
 * Which lines of an OpenSSL config an import read and which it left out, each with the reason; the
 * report {@link ProfileImport} returns and writes into the profile's comments. Never holds a password.
 */
final class ImportLedger {
    private final OpenSslConfig conf;
    private final Set<Integer> used = new HashSet<>();
    private final Set<String> readSections = new HashSet<>();
    private final List<Unmapped> unmapped = new ArrayList<>();

    ImportLedger(OpenSslConfig conf) {
        this.conf = conf;
    }

    /** Line {@code number} was read: mapped, or left out with a reason already given. */
    void use(int number) {
        used.add(number);
    }

    /** Section {@code name} was read: its other lines are "not mapped", not "unused". */
    void readSection(String name) {
        readSections.add(name);
    }

    void leaveOut(Unmapped line) {
        unmapped.add(line);
    }

    /** What was left out so far, in file order. */
    List<Unmapped> unmapped() {
        List<Unmapped> sorted = new ArrayList<>(unmapped);
        sorted.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return List.copyOf(sorted);
    }

    int lineOf(String key) {
        return conf.lines().stream()
                .filter(l -> key.equals(l.key()) && used.contains(l.number()))
                .mapToInt(OpenSslConfig.Line::number)
                .findFirst()
                .orElse(0);
    }

    String textOf(String key) {
        int line = lineOf(key);
        return conf.lines().stream()
                .filter(l -> l.number() == line)
                .map(OpenSslConfig.Line::text)
                .findFirst()
                .orElse(key);
    }

    /**
     * Replaces every unmapped line that holds or points at a secret by its name alone, so that a
     * password is never printed, nor copied into the profile's comments: a name that says password
     * (input_password, output_password, challengePassword, ...), passin or passout, and any value
     * in OpenSSL's pass phrase syntax (pass:, env:, file:, fd:, stdin).
     */
    void hidePasswords() {
        for (int i = 0; i < unmapped.size(); i++) {
            int number = unmapped.get(i).line();
            Optional<OpenSslConfig.Line> line =
                    conf.lines().stream().filter(l -> l.number() == number).findFirst();
            String key = line.map(OpenSslConfig.Line::key).orElse(null);
            String value = line.map(OpenSslConfig.Line::value).orElse(null);
            String text =
                    line.map(OpenSslConfig.Line::text).orElse(unmapped.get(i).text());
            if (key != null ? isSecret(key, value) : mentionsSecret(text)) {
                unmapped.set(
                        i,
                        new Unmapped(
                                number, key != null ? key : "(a line naming a password)", "a password: not copied"));
            }
        }
    }

    /** OpenSSL's pass phrase arguments (openssl-passphrase-options(1)): each is a password or says where one is. */
    private static final java.util.regex.Pattern PASS_PHRASE =
            java.util.regex.Pattern.compile("(?i)\\s*(pass|env|file|fd):.*|\\s*stdin\\s*");

    static boolean isSecret(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("passin")
                || k.contains("passout")
                || k.contains("passphrase")
                || (value != null && PASS_PHRASE.matcher(value).matches());
    }

    private static boolean mentionsSecret(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("password")
                || t.contains("pass")
                || t.contains("env:")
                || t.contains("file:")
                || t.contains("fd:");
    }

    /** Every setting this import did not read, with the reason its section gives. */
    void reportUnused() {
        String caSection =
                conf.get("ca", "default_ca").map(OpenSslConfig.Line::value).orElse(null);
        for (OpenSslConfig.Line l : conf.lines()) {
            if (l.key() == null) {
                if (!l.text().startsWith("[")) {
                    unmapped.add(new Unmapped(l.number(), l.text(), "not a name = value line"));
                }
                continue;
            }
            if (used.contains(l.number())) {
                continue;
            }
            String reason;
            if (l.section().equals("ca") || l.section().equals(caSection)) {
                reason = "an openssl ca setting; ca-tool keeps a CA as a profile, its files in --out";
            } else if (l.section().equals("req")) {
                reason = "a profile has no " + l.key() + "; from [ req ] it maps default_bits, default_md, "
                        + "distinguished_name and x509_extensions/req_extensions";
            } else if (readSections.contains(l.section())) {
                reason = "not mapped";
            } else {
                reason = "in [ " + l.section() + " ], which neither [ req ] nor its extensions use";
            }
            unmapped.add(new Unmapped(l.number(), l.text(), reason));
        }
    }
}
