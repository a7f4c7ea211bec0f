package org.mtlskit.pki;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an OpenSSL {@code req} config (the demo's ca.conf and cert.conf) into a YAML profile, and
 * says which lines it could not map. What is mapped: in {@code [ req ]}, {@code default_bits},
 * {@code default_md}, {@code distinguished_name}, {@code x509_extensions}, {@code req_extensions};
 * the DN section's fields; in the extensions section, {@code basicConstraints}, {@code keyUsage},
 * {@code extendedKeyUsage}, {@code subjectAltName} (inline or {@code @section} with DNS.n, IP.n,
 * email.n, URI.n), and {@code subjectKeyIdentifier}/{@code authorityKeyIdentifier}, which ca-tool
 * always writes.
 *
 * <p>Which certificate it is: a config that names {@code x509_extensions} and no
 * {@code req_extensions} makes a self-signed certificate ({@code openssl req -x509}), which in
 * ca-tool is a CA; any other is issued by a CA profile ({@code --issuer}, default "ca"), with the
 * extensions of {@code req_extensions} (as {@code openssl x509 -req -extfile F -extensions} uses
 * them in the demo), else of {@code x509_extensions}. A config has no validity: it is the days
 * given, else ca-tool's default, which is the demo's {@code -days} (3650 for a CA, 365 for a leaf).
 */
public final class ProfileImport {
    private ProfileImport() {
    }

    /** The issuer an issued certificate gets when none is given: the demo's CA profile. */
    public static final String DEFAULT_ISSUER = "ca";

    /** A line, or part of one, that has no place in the profile. */
    public record Unmapped(int line, String text, String reason) {
    }

    /**
     * What an import made.
     *
     * @param file     the profile file written (or that would be written, for {@link #convert})
     * @param unmapped every line, or part of a line, not in the profile, in file order
     * @param notes    decisions the import made that the config does not state
     */
    public record Result(String name, Path file, String yaml, Profile profile, List<Unmapped> unmapped,
                         List<String> notes) {
    }

    /**
     * Reads {@code confFile} and writes profile {@code name} (null: the file's name without .conf/.cnf)
     * into {@code profilesDir}, atomically; an existing profile is replaced only with {@code force}.
     *
     * @param issuer the issuing CA profile for an issued certificate, or null for {@link #DEFAULT_ISSUER}
     * @param days   the validity in days, or null for ca-tool's default
     */
    public static Result importFile(Path confFile, String name, Path profilesDir, String issuer, Integer days,
                                    boolean force) {
        String profileName = name != null ? name : defaultName(confFile);
        if (!ProfileParser.isValidName(profileName)) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, "\"" + profileName + "\" is not a profile name; "
                    + "use letters, digits, '-', '_' and '.' (give one with --as NAME)");
        }
        Path target = profilesDir.resolve(profileName + ".yaml");
        try (FolderLock lock = FolderLock.ifExists(profilesDir)) {
            return write(confFile, profileName, target, issuer, days, force);
        }
    }

    private static Result write(Path confFile, String profileName, Path target, String issuer, Integer days,
                                boolean force) {
        OutputFiles.notAnInput(target, confFile);
        if (!force && Files.exists(target)) {
            throw new PkiException(PkiException.Kind.OUTPUT_EXISTS, target + ": exists already; --force replaces it, "
                    + "or give another name with --as NAME");
        }
        Result result = convert(confFile, read(confFile), profileName, target, issuer, days);
        try (StagedFiles files = new StagedFiles(target.getParent())) {
            files.stage(target.getFileName().toString(), result.yaml(), false);
            files.commit();
        }
        return result;
    }

    /** The profile for a config's text; pure, writes nothing. */
    public static Result convert(Path confFile, String text, String name, Path target, String issuer, Integer days) {
        return new Converter(confFile, OpenSslConfig.parse(text), issuer, days).convert(name, target);
    }

    private static String read(Path confFile) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(InputFiles.read(confFile, InputFiles.Kind.OPENSSL_CONFIG))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw PkiException.unusableInput(confFile + ": not UTF-8 text; expected an OpenSSL config file");
        }
    }

    static String defaultName(Path confFile) {
        return confFile.getFileName().toString().replaceFirst("\\.(conf|cnf)$", "");
    }

    private static final Map<String, DistinguishedName.Field> DN_FIELDS = Map.ofEntries(
            Map.entry("CN", DistinguishedName.Field.CN), Map.entry("commonName", DistinguishedName.Field.CN),
            Map.entry("O", DistinguishedName.Field.O), Map.entry("organizationName", DistinguishedName.Field.O),
            Map.entry("OU", DistinguishedName.Field.OU),
            Map.entry("organizationalUnitName", DistinguishedName.Field.OU),
            Map.entry("L", DistinguishedName.Field.L), Map.entry("localityName", DistinguishedName.Field.L),
            Map.entry("ST", DistinguishedName.Field.ST), Map.entry("stateOrProvinceName", DistinguishedName.Field.ST),
            Map.entry("C", DistinguishedName.Field.C), Map.entry("countryName", DistinguishedName.Field.C),
            Map.entry("emailAddress", DistinguishedName.Field.emailAddress));

    private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z][A-Za-z0-9 ._@/-]*");
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    /** One conversion; collects what it used and what it could not map. */
    private static final class Converter {
        private final Path file;
        private final OpenSslConfig conf;
        private final String issuerOption;
        private final Integer days;
        private final Set<Integer> used = new HashSet<>();
        private final Set<String> readSections = new HashSet<>();
        private final List<Unmapped> unmapped = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        private KeySpec key = Defaults.KEY;
        private Digest digest = Defaults.DIGEST;
        private final Map<DistinguishedName.Field, String> subject = new LinkedHashMap<>();
        private Boolean caFlag;
        private Integer pathLen;
        private final Set<String> keyUsage = new LinkedHashSet<>();
        private final Set<String> extendedKeyUsage = new LinkedHashSet<>();
        private final Map<String, List<String>> san = new LinkedHashMap<>();
        private int serverAuthLine;
        private int keyUsageLine;

        Converter(Path file, OpenSslConfig conf, String issuerOption, Integer days) {
            this.file = file;
            this.conf = conf;
            this.issuerOption = issuerOption;
            this.days = days;
            for (String kind : List.of("dns", "ip", "email", "uri")) {
                san.put(kind, new ArrayList<>());
            }
        }

        Result convert(String name, Path target) {
            if (!conf.hasSection("req")) {
                throw PkiException.unusableInput(file + ": has no [ req ] section; import-conf reads openssl req "
                        + "configs such as the demo's ca.conf and cert.conf");
            }
            readSections.add("req");
            boolean prompt = conf.get("req", "prompt").map(l -> !l.value().equalsIgnoreCase("no")).orElse(true);
            conf.get("req", "prompt").ifPresent(l -> used.add(l.number()));
            conf.get("req", "default_bits").ifPresent(this::defaultBits);
            conf.get("req", "default_md").ifPresent(this::defaultMd);
            OpenSslConfig.Line dnLine = conf.get("req", "distinguished_name").orElseThrow(() ->
                    PkiException.unusableInput(file + ": [ req ] has no distinguished_name = SECTION line; "
                            + "a profile needs a subject"));
            distinguishedName(section(dnLine), prompt);

            Optional<OpenSslConfig.Line> x509Ext = conf.get("req", "x509_extensions");
            Optional<OpenSslConfig.Line> reqExt = conf.get("req", "req_extensions");
            boolean selfSigned = issuerOption == null && x509Ext.isPresent() && reqExt.isEmpty();
            Optional<OpenSslConfig.Line> extLine = reqExt.isPresent() ? reqExt : x509Ext;
            if (extLine.isPresent()) {
                if (reqExt.isPresent() && x509Ext.isPresent()) {
                    unmapped.add(new Unmapped(x509Ext.get().number(), x509Ext.get().text(), "the profile takes its "
                            + "extensions from req_extensions, as openssl x509 -req -extfile ... -extensions does"));
                    used.add(x509Ext.get().number());
                }
                extensions(section(extLine.get()), selfSigned);
            }
            String issuer = selfSigned ? null : issuerOption != null ? issuerOption : DEFAULT_ISSUER;
            if (!selfSigned && issuerOption == null) {
                notes.add("issuer: " + DEFAULT_ISSUER + " (the default for a certificate the config does not self-sign; "
                        + "give another with --issuer NAME)");
            }
            boolean ca = selfSigned || Boolean.TRUE.equals(caFlag);
            checkAgainstProfileRules(ca);
            reportUnused();
            hidePasswords();
            String yaml = yaml(name, ca, issuer);
            Profile profile = ProfileParser.parse(name, target, yaml);
            unmapped.sort((a, b) -> Integer.compare(a.line(), b.line()));
            return new Result(name, target, yaml, profile, unmapped, notes);
        }

        // ---- [ req ] ----

        private void defaultBits(OpenSslConfig.Line l) {
            used.add(l.number());
            Optional<KeySpec> spec = KeySpec.fromYamlName("rsa-" + l.value());
            if (spec.isPresent()) {
                key = spec.get();
            } else {
                unmapped.add(new Unmapped(l.number(), l.text(), "ca-tool makes RSA keys of 2048, 3072 or 4096 bits; "
                        + "the profile keeps " + key.yamlName()));
            }
        }

        private void defaultMd(OpenSslConfig.Line l) {
            used.add(l.number());
            Optional<Digest> d = Digest.fromYamlName(l.value().toLowerCase(Locale.ROOT));
            if (d.isPresent()) {
                digest = d.get();
            } else {
                unmapped.add(new Unmapped(l.number(), l.text(), "ca-tool signs with " + Digest.allowedNames()
                        + "; the profile keeps " + digest.yamlName()));
            }
        }

        /** The section a "name = section" line names, which must exist. */
        private String section(OpenSslConfig.Line l) {
            used.add(l.number());
            if (!conf.hasSection(l.value())) {
                throw PkiException.unusableInput(file + ":" + l.number() + ": " + l.key() + " names section [ "
                        + l.value() + " ], which the file does not have");
            }
            readSections.add(l.value());
            return l.value();
        }

        private void distinguishedName(String section, boolean prompt) {
            for (OpenSslConfig.Line l : conf.settings(section)) {
                used.add(l.number());
                String key = l.key().replaceFirst("^\\d+\\.", "");
                String fieldName = key;
                if (prompt) {
                    if (!key.endsWith("_default")) {
                        unmapped.add(new Unmapped(l.number(), l.text(), key.matches(".*_(min|max)")
                                ? "a length limit for prompting; ca-tool never prompts"
                                : "a prompt text (prompt is not \"no\"); the value is read from " + key + "_default"));
                        continue;
                    }
                    fieldName = key.substring(0, key.length() - "_default".length());
                }
                DistinguishedName.Field field = DN_FIELDS.get(fieldName);
                String problem = field == null ? "ca-tool's subject holds CN, O, OU, L, ST, C and emailAddress"
                        : subject.containsKey(field) ? field + " is given twice; a profile's subject holds each field once"
                        : dnValueProblem(field, l.value());
                if (problem != null) {
                    unmapped.add(new Unmapped(l.number(), l.text(), problem));
                } else {
                    subject.put(field, l.value());
                }
            }
            if (subject.isEmpty()) {
                throw PkiException.unusableInput(file + ": [ " + section + " ] gives no subject field ca-tool can use "
                        + "(CN, O, OU, L, ST, C, emailAddress); a profile needs a subject");
            }
        }

        private static String dnValueProblem(DistinguishedName.Field field, String value) {
            if (value.isBlank()) {
                return "empty";
            }
            if (value.contains("$")) {
                return "uses a variable; import-conf does not expand variables";
            }
            if (field == DistinguishedName.Field.C && !value.matches("[A-Z]{2}")) {
                return "not a two-letter country code such as DE or US";
            }
            if (field == DistinguishedName.Field.CN && value.length() > 64) {
                return "longer than the 64 characters RFC 5280 allows for a CN";
            }
            if (field == DistinguishedName.Field.emailAddress && !value.contains("@")) {
                return "not an email address";
            }
            return null;
        }

        // ---- extensions ----

        private void extensions(String section, boolean selfSigned) {
            for (OpenSslConfig.Line l : conf.settings(section)) {
                used.add(l.number());
                switch (l.key()) {
                    case "basicConstraints" -> basicConstraints(l, selfSigned);
                    case "keyUsage" -> keyUsage(l);
                    case "extendedKeyUsage" -> extendedKeyUsage(l);
                    case "subjectAltName" -> subjectAltName(l);
                    case "subjectKeyIdentifier" -> {
                        if (!l.value().equals("hash")) {
                            unmapped.add(new Unmapped(l.number(), l.text(), "ca-tool always writes the SHA-1 hash of the "
                                    + "key as subjectKeyIdentifier (hash)"));
                        }
                    }
                    case "authorityKeyIdentifier" -> {
                        if (!l.value().contains("keyid")) {
                            unmapped.add(new Unmapped(l.number(), l.text(), "ca-tool always writes the issuer's key "
                                    + "identifier (keyid) as authorityKeyIdentifier"));
                        }
                    }
                    default -> unmapped.add(new Unmapped(l.number(), l.text(), "a profile has no " + l.key()
                            + "; it holds basicConstraints, keyUsage, extendedKeyUsage and subjectAltName"));
                }
            }
        }

        private void basicConstraints(OpenSslConfig.Line l, boolean selfSigned) {
            for (String part : parts(l.value())) {
                String p = part.toLowerCase(Locale.ROOT);
                if (p.equals("critical")) {
                    continue; // ca-tool writes basicConstraints critical
                }
                if (p.equals("ca:true") || p.equals("ca:false")) {
                    boolean isCa = p.equals("ca:true");
                    if (selfSigned && !isCa) {
                        unmapped.add(new Unmapped(l.number(), l.text(), part + ": ca-tool's self-signed certificates "
                                + "are CAs; give --issuer NAME to import this as an issued certificate"));
                    } else {
                        caFlag = isCa;
                    }
                } else if (p.matches("pathlen:\\d{1,2}") && Integer.parseInt(p.substring(8)) <= 16) {
                    pathLen = Integer.parseInt(p.substring(8));
                } else {
                    unmapped.add(new Unmapped(l.number(), l.text(), part + ": not CA:TRUE, CA:FALSE or pathlen:N "
                            + "(0 to 16)"));
                }
            }
        }

        private void keyUsage(OpenSslConfig.Line l) {
            keyUsageLine = l.number();
            for (String part : parts(l.value())) {
                if (part.equals("critical")) {
                    continue; // ca-tool writes keyUsage critical
                }
                if (KeyUsageBit.fromYamlName(part).isPresent()) {
                    keyUsage.add(part);
                } else {
                    unmapped.add(new Unmapped(l.number(), l.text(), part + ": not a keyUsage name; allowed: "
                            + KeyUsageBit.allowedNames()));
                }
            }
        }

        private void extendedKeyUsage(OpenSslConfig.Line l) {
            for (String part : parts(l.value())) {
                if (part.equals("critical")) {
                    unmapped.add(new Unmapped(l.number(), l.text(), "critical: ca-tool writes extendedKeyUsage "
                            + "non-critical"));
                } else if (ExtendedKeyUsage.fromYamlName(part).isPresent()) {
                    extendedKeyUsage.add(part);
                    if (part.equals("serverAuth")) {
                        serverAuthLine = l.number();
                    }
                } else {
                    unmapped.add(new Unmapped(l.number(), l.text(), part + ": not an extendedKeyUsage a profile holds; "
                            + "allowed: " + ExtendedKeyUsage.allowedNames()));
                }
            }
        }

        private void subjectAltName(OpenSslConfig.Line l) {
            for (String part : parts(l.value())) {
                if (part.equals("critical")) {
                    unmapped.add(new Unmapped(l.number(), l.text(), "critical: ca-tool writes subjectAltName "
                            + "non-critical (RFC 5280 asks for critical only with an empty subject)"));
                } else if (part.startsWith("@")) {
                    String section = part.substring(1).strip();
                    if (!conf.hasSection(section)) {
                        throw PkiException.unusableInput(file + ":" + l.number() + ": subjectAltName names section [ "
                                + section + " ], which the file does not have");
                    }
                    readSections.add(section);
                    for (OpenSslConfig.Line entry : conf.settings(section)) {
                        used.add(entry.number());
                        String type = entry.key().replaceFirst("\\.[^.]*$", "");
                        String problem = altName(type, entry.value());
                        if (problem != null) {
                            unmapped.add(new Unmapped(entry.number(), entry.text(), problem));
                        }
                    }
                } else {
                    int colon = part.indexOf(':');
                    String problem = colon < 0 ? "not TYPE:value (DNS:, IP:, email:, URI:) or @section"
                            : altName(part.substring(0, colon).strip(), part.substring(colon + 1).strip());
                    if (problem != null) {
                        unmapped.add(new Unmapped(l.number(), l.text(), part + ": " + problem));
                    }
                }
            }
        }

        /** Adds one SAN entry; returns why it cannot be added, or null. */
        private String altName(String type, String value) {
            String kind = switch (type) {
                case "DNS" -> "dns";
                case "IP" -> "ip";
                case "email" -> "email";
                case "URI" -> "uri";
                default -> null;
            };
            if (kind == null) {
                return type + " entries have no place in a profile; it holds DNS, IP, email and URI";
            }
            if (value.contains("$") || value.equals("copy") || value.equals("move")) {
                return "\"" + value + "\" is a variable or an email:copy/move; import-conf maps literal names only";
            }
            if (!new AltName(kind, value).fitsProfile()) {
                return "\"" + value + "\" is not a valid " + type + " entry";
            }
            if (!san.get(kind).contains(value)) {
                san.get(kind).add(value);
            }
            return null;
        }

        private static List<String> parts(String value) {
            List<String> parts = new ArrayList<>();
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    parts.add(p.strip());
                }
            }
            return parts;
        }

        // ---- consistency ----

        /** Leaves out what ProfileParser would refuse, saying so, rather than writing a profile that does not load. */
        private void checkAgainstProfileRules(boolean ca) {
            if (!ca && pathLen != null) {
                unmapped.add(new Unmapped(lineOf("basicConstraints"), textOf("basicConstraints"),
                        "pathlen is for CAs only; this certificate is not a CA"));
                pathLen = null;
            }
            if (!keyUsage.isEmpty()) {
                String problem = null;
                if (ca && !keyUsage.contains("keyCertSign")) {
                    problem = "a CA needs keyCertSign";
                } else if (!ca && keyUsage.contains("keyCertSign")) {
                    problem = "keyCertSign is for CAs only; this certificate is not a CA";
                } else if ((keyUsage.contains("encipherOnly") || keyUsage.contains("decipherOnly"))
                        && !keyUsage.contains("keyAgreement")) {
                    problem = "encipherOnly and decipherOnly need keyAgreement (RFC 5280)";
                }
                if (problem != null) {
                    unmapped.add(new Unmapped(keyUsageLine, textOf("keyUsage"), problem
                            + "; the profile keeps ca-tool's default keyUsage"));
                    keyUsage.clear();
                }
            }
            boolean hasSan = san.values().stream().anyMatch(l -> !l.isEmpty());
            if (extendedKeyUsage.contains("serverAuth") && !hasSan) {
                throw PkiException.unusableInput(file + ":" + serverAuthLine + ": extendedKeyUsage serverAuth without "
                        + "a subjectAltName: a serverAuth profile needs a DNS or IP entry, since TLS clients check the "
                        + "hostname against the SAN; add subjectAltName = DNS:NAME to the section");
            }
        }

        private int lineOf(String key) {
            return conf.lines().stream().filter(l -> key.equals(l.key()) && used.contains(l.number()))
                    .mapToInt(OpenSslConfig.Line::number).findFirst().orElse(0);
        }

        private String textOf(String key) {
            int line = lineOf(key);
            return conf.lines().stream().filter(l -> l.number() == line).map(OpenSslConfig.Line::text).findFirst()
                    .orElse(key);
        }

        /**
         * Replaces every unmapped line whose name says password (input_password, output_password,
         * challengePassword, ...) by its name alone: a password is never printed, nor copied into the
         * profile's comments.
         */
        private void hidePasswords() {
            for (int i = 0; i < unmapped.size(); i++) {
                int number = unmapped.get(i).line();
                Optional<OpenSslConfig.Line> line = conf.lines().stream().filter(l -> l.number() == number).findFirst();
                String key = line.map(OpenSslConfig.Line::key).orElse(null);
                String text = line.map(OpenSslConfig.Line::text).orElse(unmapped.get(i).text());
                if (key != null ? key.toLowerCase(Locale.ROOT).contains("password")
                        : text.toLowerCase(Locale.ROOT).contains("password")) {
                    unmapped.set(i, new Unmapped(number, key != null ? key : "(a line naming a password)",
                            "a password: not copied"));
                }
            }
        }

        /** Every setting this import did not read, with the reason its section gives. */
        private void reportUnused() {
            String caSection = conf.get("ca", "default_ca").map(OpenSslConfig.Line::value).orElse(null);
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

        // ---- YAML ----

        private String yaml(String name, boolean ca, String issuer) {
            StringBuilder y = new StringBuilder();
            y.append("# Imported from ").append(file.getFileName()).append(" by ca-tool import-conf.\n");
            y.append("description: ").append(scalar("Imported from " + file.getFileName())).append('\n');
            if (ca) {
                y.append("ca: true\n");
            }
            if (issuer != null) {
                y.append("issuer: ").append(scalar(issuer)).append('\n');
            }
            y.append("key: ").append(key.yamlName()).append('\n');
            y.append("digest: ").append(digest.yamlName()).append('\n');
            int validityDays = days != null ? days : ca ? Defaults.CA_DAYS : Defaults.LEAF_DAYS;
            y.append("validity:\n  days: ").append(validityDays).append('\n');
            y.append("subject:\n");
            subject.forEach((field, value) -> y.append("  ").append(field.name()).append(": ").append(scalar(value))
                    .append('\n'));
            StringBuilder ext = new StringBuilder();
            if (pathLen != null && ca) {
                ext.append("  basicConstraints:\n    pathLen: ").append(pathLen).append('\n');
            }
            if (!keyUsage.isEmpty()) {
                ext.append("  keyUsage: [").append(String.join(", ", keyUsage)).append("]\n");
            }
            if (!extendedKeyUsage.isEmpty()) {
                ext.append("  extendedKeyUsage: [").append(String.join(", ", extendedKeyUsage)).append("]\n");
            }
            if (san.values().stream().anyMatch(l -> !l.isEmpty())) {
                ext.append("  subjectAltName:\n");
                san.forEach((kind, values) -> {
                    if (!values.isEmpty()) {
                        ext.append("    ").append(kind).append(": [")
                                .append(String.join(", ", values.stream().map(ProfileImport::scalar).toList()))
                                .append("]\n");
                    }
                });
            }
            if (ext.length() > 0) {
                y.append("extensions:\n").append(ext);
            }
            if (!unmapped.isEmpty()) {
                y.append("# Not mapped from ").append(file.getFileName()).append(":\n");
                unmapped.stream().sorted((a, b) -> Integer.compare(a.line(), b.line())).forEach(u ->
                        y.append("#   line ").append(u.line()).append(": ").append(u.text()).append('\n'));
            }
            return y.toString();
        }
    }

    /** A YAML scalar: plain when that is unambiguous, else double-quoted. */
    static String scalar(String value) {
        if (PLAIN_YAML.matcher(value).matches() && !YAML_WORDS.contains(value.toLowerCase(Locale.ROOT))
                && !value.endsWith(" ")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
