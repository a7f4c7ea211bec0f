package org.mtlskit.pki.internal.confimport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.confimport.ProfileImport.Result;
import org.mtlskit.pki.internal.confimport.ProfileImport.Unmapped;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileConstraints;
import org.mtlskit.pki.internal.profile.ProfileParser;
import org.mtlskit.pki.internal.x509.AltName;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.DistinguishedName;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/**
 * One conversion of an OpenSSL req config into a profile for {@link ProfileImport}: maps what has a
 * place in a profile, collects every line (or part of one) that has not, with the reason, and hands
 * the result to {@link ProfileYamlWriter}.
 */
final class ConfConverter {
    private final Path file;
    private final OpenSslConfig conf;
    private final String issuerOption;
    private final Integer days;
    private final ImportLedger ledger;
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

    ConfConverter(Path file, OpenSslConfig conf, String issuerOption, Integer days) {
        this.file = file;
        this.conf = conf;
        this.ledger = new ImportLedger(conf);
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
        ledger.readSection("req");
        boolean prompt = conf.get("req", "prompt")
                .map(l -> !l.value().equalsIgnoreCase("no"))
                .orElse(true);
        conf.get("req", "prompt").ifPresent(l -> ledger.use(l.number()));
        conf.get("req", "default_bits").ifPresent(this::defaultBits);
        conf.get("req", "default_md").ifPresent(this::defaultMd);
        OpenSslConfig.Line dnLine = conf.get("req", "distinguished_name")
                .orElseThrow(() -> PkiException.unusableInput(
                        file + ": [ req ] has no distinguished_name = SECTION line; " + "a profile needs a subject"));
        subject.putAll(SubjectSection.read(conf, ledger, file, section(dnLine), prompt));

        Optional<OpenSslConfig.Line> x509Ext = conf.get("req", "x509_extensions");
        Optional<OpenSslConfig.Line> reqExt = conf.get("req", "req_extensions");
        boolean selfSigned = issuerOption == null && x509Ext.isPresent() && reqExt.isEmpty();
        Optional<OpenSslConfig.Line> extLine = reqExt.isPresent() ? reqExt : x509Ext;
        if (extLine.isPresent()) {
            if (reqExt.isPresent() && x509Ext.isPresent()) {
                ledger.leaveOut(
                        new Unmapped(
                                x509Ext.get().number(),
                                x509Ext.get().text(),
                                "the profile takes its "
                                        + "extensions from req_extensions, as openssl x509 -req -extfile ... -extensions does"));
                ledger.use(x509Ext.get().number());
            }
            extensions(section(extLine.get()), selfSigned);
        }
        String issuer = selfSigned ? null : issuerOption != null ? issuerOption : Defaults.CA_PROFILE;
        if (!selfSigned && issuerOption == null) {
            notes.add("issuer: " + Defaults.CA_PROFILE + " (the default for a certificate the config does "
                    + "not self-sign; give another with --issuer NAME)");
        }
        boolean ca = selfSigned || Boolean.TRUE.equals(caFlag);
        checkAgainstProfileRules(ca);
        ledger.reportUnused();
        ledger.hidePasswords();
        List<Unmapped> unmapped = ledger.unmapped();
        int validityDays = days != null ? days : ca ? Defaults.CA_DAYS : Defaults.LEAF_DAYS;
        String yaml = ProfileYamlWriter.yaml(new ProfileYamlWriter.Draft(
                file.getFileName(),
                ca,
                issuer,
                key,
                digest,
                validityDays,
                subject,
                pathLen,
                keyUsage,
                extendedKeyUsage,
                san,
                unmapped));
        Profile profile = ProfileParser.parse(name, target, yaml);
        return new Result(name, target, yaml, profile, unmapped, notes);
    }

    // ---- [ req ] ----

    private void defaultBits(OpenSslConfig.Line l) {
        ledger.use(l.number());
        Optional<KeySpec> spec = KeySpec.fromYamlName("rsa-" + l.value());
        if (spec.isPresent()) {
            key = spec.get();
        } else {
            ledger.leaveOut(new Unmapped(
                    l.number(),
                    l.text(),
                    "ca-tool makes RSA keys of 2048, 3072 or 4096 bits; " + "the profile keeps " + key.yamlName()));
        }
    }

    private void defaultMd(OpenSslConfig.Line l) {
        ledger.use(l.number());
        Optional<Digest> d = Digest.fromYamlName(l.value().toLowerCase(Locale.ROOT));
        if (d.isPresent()) {
            digest = d.get();
        } else {
            ledger.leaveOut(new Unmapped(
                    l.number(),
                    l.text(),
                    "ca-tool signs with " + Digest.allowedNames() + "; the profile keeps " + digest.yamlName()));
        }
    }

    /** The section a "name = section" line names, which must exist. */
    private String section(OpenSslConfig.Line l) {
        ledger.use(l.number());
        if (!conf.hasSection(l.value())) {
            throw PkiException.unusableInput(file + ":" + l.number() + ": " + l.key() + " names section [ " + l.value()
                    + " ], which the file does not have");
        }
        ledger.readSection(l.value());
        return l.value();
    }

    // ---- extensions ----

    private void extensions(String section, boolean selfSigned) {
        for (OpenSslConfig.Line l : conf.settings(section)) {
            ledger.use(l.number());
            switch (l.key()) {
                case "basicConstraints" -> basicConstraints(l, selfSigned);
                case "keyUsage" -> keyUsage(l);
                case "extendedKeyUsage" -> extendedKeyUsage(l);
                case "subjectAltName" -> subjectAltName(l);
                case "subjectKeyIdentifier" -> {
                    if (!l.value().equals("hash")) {
                        ledger.leaveOut(new Unmapped(
                                l.number(),
                                l.text(),
                                "ca-tool always writes the SHA-1 hash " + "of the key as subjectKeyIdentifier (hash)"));
                    }
                }
                case "authorityKeyIdentifier" -> {
                    if (!l.value().contains("keyid")) {
                        ledger.leaveOut(new Unmapped(
                                l.number(),
                                l.text(),
                                "ca-tool always writes the issuer's key "
                                        + "identifier (keyid) as authorityKeyIdentifier"));
                    }
                }
                default ->
                    ledger.leaveOut(new Unmapped(
                            l.number(),
                            l.text(),
                            "a profile has no " + l.key()
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
                    ledger.leaveOut(new Unmapped(
                            l.number(),
                            l.text(),
                            part + ": ca-tool's self-signed certificates "
                                    + "are CAs; give --issuer NAME to import this as an issued certificate"));
                } else {
                    caFlag = isCa;
                }
            } else if (p.matches("pathlen:\\d{1,2}")
                    && ProfileConstraints.isPathLen(Integer.parseInt(p.substring(8)))) {
                pathLen = Integer.parseInt(p.substring(8));
            } else {
                ledger.leaveOut(new Unmapped(
                        l.number(), l.text(), part + ": not CA:TRUE, CA:FALSE or pathlen:N " + "(0 to 16)"));
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
                ledger.leaveOut(new Unmapped(
                        l.number(), l.text(), part + ": not a keyUsage name; allowed: " + KeyUsageBit.allowedNames()));
            }
        }
    }

    private void extendedKeyUsage(OpenSslConfig.Line l) {
        for (String part : parts(l.value())) {
            if (part.equals("critical")) {
                ledger.leaveOut(new Unmapped(
                        l.number(), l.text(), "critical: ca-tool writes extendedKeyUsage " + "non-critical"));
            } else if (ExtendedKeyUsage.fromYamlName(part).isPresent()) {
                extendedKeyUsage.add(part);
                if (part.equals("serverAuth")) {
                    serverAuthLine = l.number();
                }
            } else {
                ledger.leaveOut(new Unmapped(
                        l.number(),
                        l.text(),
                        part + ": not an extendedKeyUsage a profile holds; " + "allowed: "
                                + ExtendedKeyUsage.allowedNames()));
            }
        }
    }

    private void subjectAltName(OpenSslConfig.Line l) {
        for (String part : parts(l.value())) {
            if (part.equals("critical")) {
                ledger.leaveOut(new Unmapped(
                        l.number(),
                        l.text(),
                        "critical: ca-tool writes subjectAltName "
                                + "non-critical (RFC 5280 asks for critical only with an empty subject)"));
            } else if (part.startsWith("@")) {
                String section = part.substring(1).strip();
                if (!conf.hasSection(section)) {
                    throw PkiException.unusableInput(file + ":" + l.number() + ": subjectAltName names section [ "
                            + section + " ], which the file does not have");
                }
                ledger.readSection(section);
                for (OpenSslConfig.Line entry : conf.settings(section)) {
                    ledger.use(entry.number());
                    String type = entry.key().replaceFirst("\\.[^.]*$", "");
                    String problem = altName(type, entry.value());
                    if (problem != null) {
                        ledger.leaveOut(new Unmapped(entry.number(), entry.text(), problem));
                    }
                }
            } else {
                int colon = part.indexOf(':');
                String problem = colon < 0
                        ? "not TYPE:value (DNS:, IP:, email:, URI:) or @section"
                        : altName(
                                part.substring(0, colon).strip(),
                                part.substring(colon + 1).strip());
                if (problem != null) {
                    ledger.leaveOut(new Unmapped(l.number(), l.text(), part + ": " + problem));
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

    /**
     * Leaves out what ProfileParser would refuse (its rules are in ProfileConstraints), saying so,
     * rather than writing a profile that does not load.
     */
    private void checkAgainstProfileRules(boolean ca) {
        if (!ca && pathLen != null) {
            ledger.leaveOut(new Unmapped(
                    ledger.lineOf("basicConstraints"),
                    ledger.textOf("basicConstraints"),
                    "pathlen is for CAs only; this certificate is not a CA"));
            pathLen = null;
        }
        if (!keyUsage.isEmpty()) {
            Set<KeyUsageBit> bits = EnumSet.noneOf(KeyUsageBit.class);
            keyUsage.forEach(name -> bits.add(KeyUsageBit.fromYamlName(name).orElseThrow()));
            ProfileConstraints.KeyUsageRule broken = ProfileConstraints.brokenKeyUsageRule(bits, ca, null);
            String problem = broken == null
                    ? null
                    : switch (broken) {
                        case CA_NEEDS_KEY_CERT_SIGN -> "a CA needs keyCertSign";
                        case KEY_CERT_SIGN_ONLY_FOR_CA -> "keyCertSign is for CAs only; this certificate is not a CA";
                        case ENCIPHER_ONLY_NEEDS_KEY_AGREEMENT ->
                            "encipherOnly and decipherOnly need keyAgreement (RFC 5280)";
                        case ENCIPHERMENT_NEEDS_RSA -> throw new IllegalStateException("not checked without a key");
                    };
            if (problem != null) {
                ledger.leaveOut(new Unmapped(
                        keyUsageLine,
                        ledger.textOf("keyUsage"),
                        problem + "; the profile keeps ca-tool's default keyUsage"));
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
}
