package org.mtlskit.pki;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mtlskit.pki.YamlTree.Entry;
import org.mtlskit.pki.YamlTree.ListNode;
import org.mtlskit.pki.YamlTree.MapNode;
import org.mtlskit.pki.YamlTree.Node;
import org.mtlskit.pki.YamlTree.Scalar;

/**
 * Reads one profile from YAML and checks it whole: every unknown key, wrong type and impossible
 * value is refused with one line naming the file, the line, the field and what is allowed.
 * The reference of every field is in the README ("Profile reference").
 */
public final class ProfileParser {
    private ProfileParser() {
    }

    static final List<String> TOP_LEVEL = List.of(
            "description", "ca", "issuer", "key", "digest", "validity", "subject", "extensions", "files", "crl",
            "revoked", "defects", "audit", "existing");
    static final List<String> VALIDITY = List.of("days", "notBefore", "notAfter");
    static final List<String> EXTENSIONS = List.of(
            "basicConstraints", "keyUsage", "extendedKeyUsage", "subjectAltName", "nameConstraints");
    static final List<String> BASIC_CONSTRAINTS = List.of("pathLen");
    static final List<String> SAN = List.of("dns", "ip", "email", "uri", "fromCsr");
    static final List<String> FILES = List.of("key", "csr", "cert", "pkcs12", "pkcs12Format", "truststore",
            "encryptKey");
    static final List<String> CRL = List.of("days");
    static final List<String> AUDIT = List.of("role", "expect", "rule", "baseline", "checks", "host");
    static final List<String> EXISTING = List.of("key", "cert");
    /** What an existing CA's profile may say besides existing: the rest is in its files. */
    static final List<String> EXISTING_TOP_LEVEL = List.of("description", "ca", "existing");

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** What the wildcardMisuse defect lets through: a '*' in any label, as many as asked. */
    private static final Pattern MISUSED_WILDCARD = Pattern.compile("[A-Za-z0-9*-]+(\\.[A-Za-z0-9*-]+)*\\.?");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** Whether a profile name (a file name without .yaml) is one we accept. */
    public static boolean isValidName(String name) {
        return PROFILE_NAME.matcher(name).matches();
    }

    public static Profile parse(String name, Path source, String yaml) {
        return parse(name, source, YamlTree.parse(yaml, source));
    }

    /** The same from a tree already parsed, for a caller that also reads its lines. */
    static Profile parse(String name, Path source, Node root) {
        return new Reader(name, source).profile(root);
    }

    /** Walks the tree; holds the file for messages. */
    private static final class Reader {
        private final String name;
        private final Path file;

        Reader(String name, Path file) {
            this.name = name;
            this.file = file;
        }

        Profile profile(Node root) {
            MapNode top = map(root, "(top level)");
            checkKeys(top, "", TOP_LEVEL);
            optional(top, "description").ifPresent(e -> string(e.value(), "description"));
            Entry existingEntry = optional(top, "existing").orElse(null);
            if (existingEntry != null) {
                return existing(top, existingEntry);
            }
            Set<Defect> defects = defects(top);

            boolean ca = optional(top, "ca").map(e -> bool(e.value(), "ca")).orElse(false);
            String issuer = optional(top, "issuer").map(e -> issuerName(e)).orElse(null);
            Entry keyEntry = optional(top, "key").orElse(null);
            KeySpec key = keyEntry == null ? Defaults.KEY
                    : oneOf(keyEntry.value(), "key", KeySpec::fromYamlName, KeySpec.allowedNames());
            key = weakened(key, keyEntry, "key", defects.contains(Defect.RSA_1024), KeySpec.RSA_1024, Defect.RSA_1024,
                    key.weak(), top.line());
            Entry digestEntry = optional(top, "digest").orElse(null);
            Digest digest = digestEntry == null ? Defaults.DIGEST
                    : oneOf(digestEntry.value(), "digest", Digest::fromYamlName, Digest.allowedNames());
            Defect weakDigest = defects.contains(Defect.MD5) ? Defect.MD5 : defects.contains(Defect.SHA1) ? Defect.SHA1 : null;
            digest = weakened(digest, digestEntry, "digest", weakDigest != null,
                    weakDigest == Defect.MD5 ? Digest.MD5 : Digest.SHA1, weakDigest, digest.weak(), top.line());
            Validity validity = optional(top, "validity").map(this::validity)
                    .orElse(Validity.ofDays(ca ? Defaults.CA_DAYS : Defaults.LEAF_DAYS));
            if (validity.isFixed() && (defects.contains(Defect.EXPIRED) || defects.contains(Defect.NOT_YET_VALID))) {
                throw error(top.line(), "validity", "the expired and notYetValid defects place the validity "
                        + "themselves, from now; give validity.days, not fixed dates");
            }
            Entry subjectEntry = optional(top, "subject").orElse(null);
            DistinguishedName subject;
            if (defects.contains(Defect.SELF_SIGNED)) {
                if (subjectEntry != null) {
                    throw error(subjectEntry.line(), "subject", "the selfSigned defect takes its issuer's subject "
                            + "(a self-signed certificate with the trusted CA's name); remove subject");
                }
                subject = null;
            } else if (subjectEntry == null) {
                throw error(top.line(), "subject",
                        "missing; every certificate needs a subject, for example subject: {CN: localhost}");
            } else {
                subject = subject(subjectEntry);
            }
            List<String> permittedDns = List.of();

            Integer pathLen = null;
            Set<KeyUsageBit> keyUsage = null;
            int keyUsageLine = 0;
            List<ExtendedKeyUsage> eku = List.of();
            SubjectAltNames san = SubjectAltNames.NONE;
            Entry fromCsr = null;
            Entry extEntry = optional(top, "extensions").orElse(null);
            if (extEntry != null) {
                MapNode ext = map(extEntry.value(), "extensions");
                checkKeys(ext, "extensions.", EXTENSIONS);
                Entry bc = ext.entries().get("basicConstraints");
                if (bc != null) {
                    MapNode bcMap = map(bc.value(), "extensions.basicConstraints");
                    checkKeys(bcMap, "extensions.basicConstraints.", BASIC_CONSTRAINTS);
                    Entry pl = bcMap.entries().get("pathLen");
                    if (pl != null) {
                        pathLen = integer(pl.value(), "extensions.basicConstraints.pathLen", 0, 16);
                        if (!ca) {
                            throw error(pl.line(), "extensions.basicConstraints.pathLen",
                                    "pathLen is for CAs only; this profile is a leaf (add ca: true to make it a CA)");
                        }
                    }
                }
                Entry ku = ext.entries().get("keyUsage");
                if (ku != null) {
                    keyUsage = enumSet(ku.value(), "extensions.keyUsage", KeyUsageBit::fromYamlName,
                            KeyUsageBit.allowedNames(), KeyUsageBit.class);
                    keyUsageLine = ku.line();
                }
                Entry ekuEntry = ext.entries().get("extendedKeyUsage");
                if (ekuEntry != null) {
                    eku = List.copyOf(enumSet(ekuEntry.value(), "extensions.extendedKeyUsage",
                            ExtendedKeyUsage::fromYamlName, ExtendedKeyUsage.allowedNames(), ExtendedKeyUsage.class));
                }
                Entry sanEntry = ext.entries().get("subjectAltName");
                if (sanEntry != null) {
                    fromCsr = fromCsr(sanEntry);
                    san = subjectAltName(sanEntry, fromCsr != null, defects);
                }
                Entry nc = ext.entries().get("nameConstraints");
                if (nc != null) {
                    if (!ca) {
                        throw error(nc.line(), "extensions.nameConstraints", "nameConstraints are for CAs only; "
                                + "this profile is a leaf");
                    }
                    permittedDns = permittedDns(nc);
                }
            }

            if (keyUsage == null) {
                keyUsage = Defaults.keyUsage(ca, key);
            } else {
                checkKeyUsage(keyUsage, ca, key, keyUsageLine);
            }
            if (!ca && issuer == null) {
                throw error(top.line(), "issuer", "missing; a leaf certificate needs an issuer "
                        + "(the name of a CA profile, for example issuer: ca), or add ca: true to make a CA");
            }
            if (fromCsr != null && ca) {
                throw error(fromCsr.line(), "extensions.subjectAltName.fromCsr", "is for leaf profiles: "
                        + "ca-tool sign issues leaf certificates only; remove it from this CA profile");
            }
            if (eku.contains(ExtendedKeyUsage.SERVER_AUTH) && san.isEmpty() && fromCsr != null) {
                throw error(fromCsr.line(), "extensions.subjectAltName", "a serverAuth profile needs at least one "
                        + "dns or ip entry even with fromCsr: true, for the certificates ca-tool issue and "
                        + "fixtures make from the profile itself");
            }
            if (eku.contains(ExtendedKeyUsage.SERVER_AUTH) && san.isEmpty()
                    && !defects.contains(Defect.NO_SUBJECT_ALT_NAME) && !defects.contains(Defect.V1)) {
                int line = extEntry == null ? top.line() : extEntry.line();
                throw error(line, "extensions.subjectAltName", "missing; a serverAuth certificate needs at "
                        + "least one dns or ip entry, since TLS clients check the hostname against the SAN, not the CN");
            }

            Entry filesEntry = optional(top, "files").orElse(null);
            String keyFile = Defaults.keyFile(name);
            // No CA signs a CSR for a selfSigned defect, so it gets none.
            String csrFile = ca || defects.contains(Defect.SELF_SIGNED) ? null : Defaults.csrFile(name);
            String certFile = Defaults.certFile(name);
            boolean encryptKey = false;
            KeyEncryption keyEncryption = null;
            Pkcs12Format pkcs12Format = null;
            String pkcs12File = null;
            String truststoreFile = null;
            if (filesEntry != null) {
                MapNode files = map(filesEntry.value(), "files");
                checkKeys(files, "files.", FILES);
                keyFile = fileName(files, "key", keyFile);
                certFile = fileName(files, "cert", certFile);
                Entry csr = files.entries().get("csr");
                if (csr != null && ca) {
                    throw error(csr.line(), "files.csr", "a CA is made without a CSR, as in the demo; remove files.csr");
                }
                csrFile = fileName(files, "csr", csrFile);
                pkcs12File = fileName(files, "pkcs12", null);
                truststoreFile = fileName(files, "truststore", null);
                Entry trust = files.entries().get("truststore");
                if (trust != null && !ca) {
                    throw error(trust.line(), "files.truststore", "a truststore holds a CA certificate; "
                            + "this profile is a leaf (use files.pkcs12 for its key and chain)");
                }
                keyEncryption = optional(files, "encryptKey").map(e -> keyEncryption(e.value())).orElse(null);
                encryptKey = keyEncryption != null;
                Entry p12Format = files.entries().get("pkcs12Format");
                if (p12Format != null) {
                    if (pkcs12File == null) {
                        throw error(p12Format.line(), "files.pkcs12Format", "says how files.pkcs12 is written; "
                                + "give files.pkcs12 too, or remove files.pkcs12Format");
                    }
                    pkcs12Format = oneOf(p12Format.value(), "files.pkcs12Format", Pkcs12Format::named,
                            Pkcs12Format.allowedNames());
                }
                Set<String> seen = new HashSet<>();
                for (String f : new String[] {keyFile, csrFile, certFile, pkcs12File, truststoreFile}) {
                    if (f != null && !seen.add(f)) {
                        throw error(filesEntry.line(), "files", "the name " + f + " is used twice; each file needs its own name");
                    }
                }
            }
            Integer crlDays = null;
            Entry crlEntry = optional(top, "crl").orElse(null);
            if (crlEntry != null) {
                if (!ca) {
                    throw error(crlEntry.line(), "crl", "only a CA publishes a CRL; this profile is a leaf");
                }
                MapNode crl = map(crlEntry.value(), "crl");
                checkKeys(crl, "crl.", CRL);
                crlDays = optional(crl, "days").map(e -> integer(e.value(), "crl.days", 1, Defaults.MAX_DAYS))
                        .orElse(Defaults.CRL_DAYS);
            }
            Revocations.Reason revoked = null;
            Entry revokedEntry = optional(top, "revoked").orElse(null);
            if (revokedEntry != null) {
                if (issuer == null) {
                    throw error(revokedEntry.line(), "revoked", "a self-signed CA has no issuer to revoke it");
                }
                revoked = oneOf(revokedEntry.value(), "revoked", Revocations.Reason::named,
                        Revocations.Reason.allowedNames());
                if (revoked.refusalInFullCrl() != null) {
                    throw error(revokedEntry.value().line(), "revoked", revoked.refusalInFullCrl());
                }
            }
            AuditCase audit = optional(top, "audit").map(this::audit).orElse(null);
            return new Profile(name, file, ca, issuer, key, digest, validity, subject, pathLen, keyUsage, eku, san,
                    fromCsr != null, keyFile, csrFile, certFile,
                    new Profile.Extras(encryptKey, pkcs12File, truststoreFile, crlDays, revoked, defects, audit,
                            false, permittedDns, keyEncryption, pkcs12Format));
        }

        /** A CA whose key and certificate exist elsewhere: fixtures reads them to sign, never writes them. */
        private Profile existing(MapNode top, Entry entry) {
            checkKeys(top, "", EXISTING_TOP_LEVEL);
            boolean ca = optional(top, "ca").map(e -> bool(e.value(), "ca")).orElse(false);
            if (!ca) {
                throw error(entry.line(), "existing", "only a CA is used from existing files; add ca: true");
            }
            MapNode map = map(entry.value(), "existing");
            checkKeys(map, "existing.", EXISTING);
            String[] paths = new String[2];
            for (int i = 0; i < 2; i++) {
                String k = EXISTING.get(i);
                Entry e = map.entries().get(k);
                if (e == null) {
                    throw error(entry.line(), "existing." + k, "missing; give the path of the CA's " + k
                            + " file, relative to the output folder (--out) or absolute, for example ../ca_" + k + ".pem");
                }
                paths[i] = string(e.value(), "existing." + k);
                if (paths[i].isBlank()) {
                    throw error(e.line(), "existing." + k, "empty; give a path");
                }
            }
            return new Profile(name, file, true, null, Defaults.KEY, Defaults.DIGEST, Validity.ofDays(Defaults.CA_DAYS),
                    null, null, Defaults.keyUsage(true, Defaults.KEY), List.of(), SubjectAltNames.NONE, false,
                    paths[0], null, paths[1], new Profile.Extras(false, null, null, null, null, Set.of(), null, true,
                    List.of(), null, null));
        }

        private Set<Defect> defects(MapNode top) {
            Entry entry = optional(top, "defects").orElse(null);
            if (entry == null) {
                return Set.of();
            }
            boolean ca = optional(top, "ca").map(e -> bool(e.value(), "ca")).orElse(false);
            Set<Defect> defects = enumSet(entry.value(), "defects", Defect::fromYamlName, Defect.allowedNames(), Defect.class);
            for (Defect d : defects) {
                if (d.scope() == Defect.Scope.LEAF && ca || d.scope() == Defect.Scope.CA && !ca) {
                    throw error(entry.line(), "defects", d.yamlName() + " is for " + (ca ? "leaf" : "CA")
                            + " profiles; this profile is " + (ca ? "a CA" : "a leaf"));
                }
            }
            for (Defect[] pair : new Defect[][] {{Defect.EXPIRED, Defect.NOT_YET_VALID}, {Defect.SHA1, Defect.MD5},
                    {Defect.NO_KEY_USAGE, Defect.KEY_USAGE_WITHOUT_DIGITAL_SIGNATURE},
                    {Defect.NO_EXTENDED_KEY_USAGE, Defect.WRONG_EXTENDED_KEY_USAGE},
                    {Defect.MISSING_INTERMEDIATE, Defect.WRONG_CHAIN_ORDER}}) {
                if (defects.contains(pair[0]) && defects.contains(pair[1])) {
                    throw error(entry.line(), "defects", pair[0].yamlName() + " and " + pair[1].yamlName()
                            + " contradict each other; keep one");
                }
            }
            if (defects.contains(Defect.V1) && defects.stream().anyMatch(Defect::isExtensionDefect)) {
                throw error(entry.line(), "defects", "a v1 certificate has no extensions, so v1 cannot be combined "
                        + "with an extension defect");
            }
            return defects;
        }

        /**
         * The key or digest a profile gets: a weak value is refused unless its defect asks for it,
         * and the defect alone brings it in.
         */
        private <T> T weakened(T given, Entry entry, String field, boolean defectAsks, T weakValue, Defect defect,
                               boolean givenIsWeak, int topLine) {
            if (defectAsks) {
                if (entry != null && given != weakValue) {
                    throw error(entry.line(), field, "the " + defect.yamlName() + " defect sets " + field
                            + " itself; remove " + field + " or write the weak value");
                }
                return weakValue;
            }
            if (givenIsWeak) {
                throw error(entry.line(), field, "is broken and refused; to make a deliberately broken certificate "
                        + "for an audit, add defects: [" + ((Enum<?>) given).name().toLowerCase().replace('_', '-') + "]");
            }
            return given;
        }

        private List<String> permittedDns(Entry nc) {
            MapNode map = map(nc.value(), "extensions.nameConstraints");
            checkKeys(map, "extensions.nameConstraints.", List.of("permitted"));
            Entry permitted = map.entries().get("permitted");
            if (permitted == null) {
                throw error(nc.line(), "extensions.nameConstraints", "give permitted: {dns: [example.test]}");
            }
            MapNode p = map(permitted.value(), "extensions.nameConstraints.permitted");
            checkKeys(p, "extensions.nameConstraints.permitted.", List.of("dns"));
            List<String> dns = sanList(p, "dns", ProfileParser::isDnsName, "a DNS name such as example.test");
            if (dns.isEmpty()) {
                throw error(permitted.line(), "extensions.nameConstraints.permitted", "give dns: [example.test]");
            }
            return dns;
        }

        private AuditCase audit(Entry entry) {
            MapNode map = map(entry.value(), "audit");
            checkKeys(map, "audit.", AUDIT);
            AuditCase.Role role = optional(map, "role")
                    .map(e -> oneOf(e.value(), "audit.role", AuditCase.Role::fromYamlName, AuditCase.Role.allowedNames()))
                    .orElse(AuditCase.Role.CLIENT);
            Entry expect = map.entries().get("expect");
            if (expect == null) {
                throw error(entry.line(), "audit.expect", "missing; say what a correct device does: accept or refuse");
            }
            Entry rule = map.entries().get("rule");
            if (rule == null) {
                throw error(entry.line(), "audit.rule", "missing; name the rule, for example \"RFC 5280 4.1.2.5\"");
            }
            AuditCase.Expect expected = oneOf(expect.value(), "audit.expect", AuditCase.Expect::fromYamlName,
                    AuditCase.Expect.allowedNames());
            boolean baseline = optional(map, "baseline").map(e -> bool(e.value(), "audit.baseline")).orElse(false);
            if (baseline && expected != AuditCase.Expect.ACCEPT) {
                throw error(entry.line(), "audit.baseline", "the baseline is the good certificate: give expect: accept");
            }
            AuditCase.Topic checks = optional(map, "checks").map(e -> oneOf(e.value(), "audit.checks",
                    AuditCase.Topic::fromYamlName, AuditCase.Topic.allowedNames())).orElse(null);
            Entry hostEntry = map.entries().get("host");
            String host = null;
            if (hostEntry != null) {
                if (role != AuditCase.Role.SERVER) {
                    throw error(hostEntry.line(), "audit.host", "is for server cases (the name the client checks); "
                            + "this case has role: " + role.yamlName());
                }
                host = string(hostEntry.value(), "audit.host");
                if (!isDnsName(host) && !isIpLiteral(host)) {
                    throw error(hostEntry.line(), "audit.host", "\"" + host + "\" is not a DNS name or an IP address");
                }
            }
            return new AuditCase(role, expected, string(rule.value(), "audit.rule"), baseline, checks, host);
        }

        private String issuerName(Entry e) {
            String value = string(e.value(), "issuer");
            if (!isValidName(value)) {
                throw error(e.line(), "issuer", "\"" + value + "\" is not a profile name; "
                        + "give the name of a CA profile (its file name without .yaml)");
            }
            if (value.equals(name)) {
                throw error(e.line(), "issuer", "a profile cannot be its own issuer; "
                        + "leave issuer out for a self-signed CA");
            }
            return value;
        }

        private void checkKeyUsage(Set<KeyUsageBit> bits, boolean ca, KeySpec key, int line) {
            if (ca && !bits.contains(KeyUsageBit.KEY_CERT_SIGN)) {
                throw error(line, "extensions.keyUsage", "a CA needs keyCertSign to sign certificates");
            }
            if (!ca && bits.contains(KeyUsageBit.KEY_CERT_SIGN)) {
                throw error(line, "extensions.keyUsage", "keyCertSign is for CAs only; this profile is a leaf");
            }
            if (!key.isRsa() && (bits.contains(KeyUsageBit.KEY_ENCIPHERMENT)
                    || bits.contains(KeyUsageBit.DATA_ENCIPHERMENT))) {
                throw error(line, "extensions.keyUsage", "keyEncipherment and dataEncipherment need an RSA key; "
                        + "this profile's key is " + key.yamlName());
            }
            if ((bits.contains(KeyUsageBit.ENCIPHER_ONLY) || bits.contains(KeyUsageBit.DECIPHER_ONLY))
                    && !bits.contains(KeyUsageBit.KEY_AGREEMENT)) {
                throw error(line, "extensions.keyUsage", "encipherOnly and decipherOnly need keyAgreement (RFC 5280)");
            }
        }

        private Validity validity(Entry entry) {
            MapNode map = map(entry.value(), "validity");
            checkKeys(map, "validity.", VALIDITY);
            Entry days = map.entries().get("days");
            Entry notBefore = map.entries().get("notBefore");
            Entry notAfter = map.entries().get("notAfter");
            if (days != null && notAfter != null) {
                throw error(days.line(), "validity", "give days or notAfter, not both");
            }
            if (days == null && notAfter == null) {
                throw error(entry.line(), "validity", "give days (for example days: 365) or notAfter");
            }
            Instant start = notBefore == null ? null : instant(notBefore, "validity.notBefore");
            Instant end = notAfter == null ? null : instant(notAfter, "validity.notAfter");
            if (start != null && end != null && !end.isAfter(start)) {
                throw error(notAfter.line(), "validity.notAfter", "must be after notBefore (" + start + ")");
            }
            if (start == null && end != null) {
                throw error(notAfter.line(), "validity", "a fixed notAfter needs a fixed notBefore too");
            }
            Integer d = days == null ? null : integer(days.value(), "validity.days", 1, Defaults.MAX_DAYS);
            if (start != null && d != null && start.plus(java.time.Duration.ofDays(d)).isAfter(Defaults.LATEST_TIME)) {
                throw error(days.line(), "validity.days", "notBefore " + start + " plus " + d + " days ends after "
                        + Defaults.LATEST_TIME + ", the last time a certificate can hold; give an earlier notBefore "
                        + "or fewer days");
            }
            return new Validity(d, start, end);
        }

        private Instant instant(Entry entry, String field) {
            Node node = entry.value();
            String text = string(node, field);
            Instant instant;
            try {
                instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw error(node.line(), field, "\"" + PrintableText.escape(text) + "\" is not a date; write 2030-01-31 "
                        + "or 2030-01-31T12:00:00Z (UTC)");
            }
            String problem = Validity.problem(instant);
            if (problem != null) {
                throw error(node.line(), field, "\"" + text + "\" " + problem);
            }
            return instant;
        }

        private DistinguishedName subject(Entry entry) {
            MapNode map = map(entry.value(), "subject");
            if (map.entries().isEmpty()) {
                throw error(entry.line(), "subject", "empty; give at least CN, for example subject: {CN: localhost}");
            }
            List<DistinguishedName.Attribute> attributes = new ArrayList<>();
            for (Entry e : map.entries().values()) {
                String field = "subject." + e.key();
                DistinguishedName.Field f = DistinguishedName.Field.named(e.key()).orElseThrow(() ->
                        unknownKey(e, "subject.", List.of(DistinguishedName.Field.allowedNames().split(", "))));
                String value = string(e.value(), field);
                String unfit = PrintableText.problem(value);
                if (unfit != null) {
                    throw error(e.value().line(), field, unfit + "; a certificate name cannot carry it faithfully");
                }
                if (value.isBlank()) {
                    throw error(e.line(), field, "empty; leave the field out instead");
                }
                if (f == DistinguishedName.Field.C && !COUNTRY.matcher(value).matches()) {
                    throw error(e.line(), field, "\"" + value + "\" is not a two-letter country code such as DE or US");
                }
                if (f == DistinguishedName.Field.CN && value.length() > 64) {
                    throw error(e.line(), field, "longer than the 64 characters RFC 5280 allows for a CN");
                }
                if (f == DistinguishedName.Field.emailAddress && !isAscii(value)) {
                    throw error(e.line(), field, "\"" + value + "\" is not ASCII; " + NON_ASCII.get("email"));
                }
                if (f == DistinguishedName.Field.emailAddress && !isEmailAddress(value)) {
                    throw error(e.line(), field, "\"" + value + "\" is not an email address");
                }
                attributes.add(new DistinguishedName.Attribute(f, value));
            }
            return new DistinguishedName(attributes);
        }

        /** The fromCsr entry when it says true, else null. */
        private Entry fromCsr(Entry sanEntry) {
            if (!(sanEntry.value() instanceof MapNode map)) {
                return null;
            }
            Entry e = map.entries().get("fromCsr");
            return e != null && bool(e.value(), "extensions.subjectAltName.fromCsr") ? e : null;
        }

        private SubjectAltNames subjectAltName(Entry entry, boolean fromCsr, Set<Defect> defects) {
            MapNode map = map(entry.value(), "extensions.subjectAltName");
            checkKeys(map, "extensions.subjectAltName.", SAN);
            boolean wildcardMisuse = defects.contains(Defect.WILDCARD_MISUSE);
            boolean ipInDns = defects.contains(Defect.IP_IN_DNS_NAME);
            List<String> dns = sanList(map, "dns", d -> wildcardMisuse ? MISUSED_WILDCARD.matcher(d).matches() || isDnsName(d)
                    : isDnsName(d) || ipInDns && NameSyntax.isIpv4Literal(d),
                    "a DNS name such as localhost or *.example.test");
            Entry dnsEntry = map.entries().get("dns");
            for (int i = 0; i < dns.size(); i++) {
                String d = dns.get(i);
                int line = list(dnsEntry.value(), "extensions.subjectAltName.dns").get(i).line();
                if (NameSyntax.isIpv4Literal(d) && !ipInDns) {
                    throw error(line, "extensions.subjectAltName.dns[" + i + "]", "\"" + d + "\" is an IP address, "
                            + "which clients match against ip entries only: write it under ip; to make a deliberately "
                            + "broken certificate for an audit, add defects: [ipInDnsName]");
                }
                if (d.startsWith("*.") && d.indexOf('.', 2) < 0 && !wildcardMisuse) {
                    throw error(line, "extensions.subjectAltName.dns[" + i + "]", "\"" + d + "\" is a wildcard for "
                            + "every name under a top-level domain (RFC 6125 7.2); to make a deliberately broken "
                            + "certificate for an audit, add defects: [wildcardMisuse]");
                }
            }
            List<String> ip = sanList(map, "ip", ProfileParser::isIpLiteral, "an IPv4 or IPv6 address such as 127.0.0.1 or ::1");
            List<String> email = sanList(map, "email", ProfileParser::isEmailAddress, "an email address");
            List<String> uri = sanList(map, "uri", ProfileParser::isAbsoluteUri, "an absolute URI such as spiffe://test/server");
            SubjectAltNames san = new SubjectAltNames(dns, ip, email, uri);
            if (san.isEmpty() && !fromCsr) {
                throw error(entry.line(), "extensions.subjectAltName", "empty; give dns, ip, email or uri entries, "
                        + "or leave subjectAltName out");
            }
            return san;
        }

        private List<String> sanList(MapNode map, String key, java.util.function.Predicate<String> valid, String what) {
            Entry entry = map.entries().get(key);
            if (entry == null) {
                return List.of();
            }
            String field = "extensions.subjectAltName." + key;
            List<Node> items = list(entry.value(), field);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String value = string(items.get(i), field + "[" + i + "]");
                String unfit = PrintableText.problem(value);
                if (unfit != null) {
                    throw error(items.get(i).line(), field + "[" + i + "]", unfit
                            + "; a subjectAltName cannot carry it faithfully");
                }
                if ((key.equals("email") || key.equals("uri")) && !isAscii(value)) {
                    throw error(items.get(i).line(), field + "[" + i + "]", "\"" + value + "\" is not ASCII; "
                            + NON_ASCII.get(key));
                }
                if (!valid.test(value)) {
                    throw error(items.get(i).line(), field + "[" + i + "]", "\"" + value + "\" is not " + what);
                }
                values.add(value);
            }
            return values;
        }

        private String fileName(MapNode files, String key, String fallback) {
            Entry e = files.entries().get(key);
            if (e == null) {
                return fallback;
            }
            String value = string(e.value(), "files." + key);
            if (!FILE_NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
                throw error(e.line(), "files." + key, "\"" + value + "\" is not a plain file name; files are "
                        + "written into the output folder (--out), so give a name such as server_cert.pem");
            }
            return value;
        }

        private <E extends Enum<E>> Set<E> enumSet(Node node, String field, Function<String, Optional<E>> lookup,
                                                  String allowed, Class<E> type) {
            List<Node> items = list(node, field);
            if (items.isEmpty()) {
                throw error(node.line(), field, "empty; list at least one of: " + allowed);
            }
            Set<E> result = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                E value = oneOf(items.get(i), field + "[" + i + "]", lookup, allowed);
                if (!result.add(value)) {
                    throw error(items.get(i).line(), field + "[" + i + "]", "listed twice");
                }
            }
            return type == KeyUsageBit.class ? orderedCopy(result, type) : result;
        }

        private static <E extends Enum<E>> Set<E> orderedCopy(Set<E> set, Class<E> type) {
            EnumSet<E> copy = EnumSet.noneOf(type);
            copy.addAll(set);
            return copy;
        }

        private <T> T oneOf(Node node, String field, Function<String, Optional<T>> lookup, String allowed) {
            String text = node instanceof Scalar s && s.token() != JsonToken.VALUE_NULL ? s.text() : null;
            if (text == null) {
                throw error(node.line(), field, "expected one of " + allowed + ", got " + node.kind());
            }
            return lookup.apply(text).orElseThrow(() -> error(node.line(), field,
                    "unknown value \"" + text + "\"" + suggestion(text, List.of(allowed.split(", ")))
                            + "; allowed: " + allowed));
        }

        // ---- typed access ----

        private Optional<Entry> optional(MapNode map, String key) {
            return Optional.ofNullable(map.entries().get(key));
        }

        private MapNode map(Node node, String field) {
            if (node instanceof MapNode m) {
                return m;
            }
            throw error(node.line(), field, "expected a mapping (key: value lines), got " + node.kind());
        }

        private List<Node> list(Node node, String field) {
            if (node instanceof ListNode l) {
                return l.items();
            }
            throw error(node.line(), field, "expected a list such as [a, b], got " + node.kind());
        }

        private String string(Node node, String field) {
            if (node instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
                return s.text();
            }
            if (node instanceof Scalar s && (s.token() == JsonToken.VALUE_NUMBER_INT
                    || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
                return s.text();
            }
            throw error(node.line(), field, "expected text, got " + node.kind());
        }

        /** files.encryptKey: true (aes), false (not encrypted), or a cipher name; null when not encrypted. */
        private KeyEncryption keyEncryption(Node node) {
            if (node instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
                return s.token() == JsonToken.VALUE_TRUE ? KeyEncryption.AES : null;
            }
            return oneOf(node, "files.encryptKey", KeyEncryption::named,
                    "true, false, " + KeyEncryption.allowedNames());
        }

        private boolean bool(Node node, String field) {
            if (node instanceof Scalar s && s.token() == JsonToken.VALUE_TRUE) {
                return true;
            }
            if (node instanceof Scalar s && s.token() == JsonToken.VALUE_FALSE) {
                return false;
            }
            throw error(node.line(), field, "expected true or false, got " + node.kind());
        }

        private int integer(Node node, String field, int min, int max) {
            if (node instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
                try {
                    long value = Long.parseLong(s.text().replace("_", ""));
                    if (value >= min && value <= max) {
                        return (int) value;
                    }
                } catch (NumberFormatException e) {
                    // fall through to the range message
                }
                throw error(node.line(), field, s.text() + " is out of range; allowed: " + min + " to " + max);
            }
            throw error(node.line(), field, "expected a whole number from " + min + " to " + max + ", got " + node.kind());
        }

        private void checkKeys(MapNode map, String prefix, List<String> allowed) {
            for (Entry e : map.entries().values()) {
                if (!allowed.contains(e.key())) {
                    throw unknownKey(e, prefix, allowed);
                }
            }
        }

        private PkiException unknownKey(Entry e, String prefix, List<String> allowed) {
            return error(e.line(), prefix + e.key(), "unknown field" + suggestion(e.key(), allowed)
                    + "; allowed here: " + String.join(", ", allowed));
        }

        private PkiException error(int line, String field, String problem) {
            return PkiException.invalidProfile(file + ":" + line + ": " + field + ": " + problem);
        }
    }

    static String suggestion(String given, Collection<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(given.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int limit = Math.max(2, given.length() / 3);
        return best != null && bestDistance <= limit ? " (did you mean \"" + best + "\"?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // Name syntax lives in NameSyntax; these delegates keep the parser's own calls as they are.

    static boolean isIpLiteral(String value) {
        return NameSyntax.isIpLiteral(value);
    }

    static boolean isDnsName(String value) {
        return NameSyntax.isDnsName(value);
    }

    static boolean isEmailAddress(String value) {
        return NameSyntax.isEmailAddress(value);
    }

    static boolean isAscii(String value) {
        return NameSyntax.isAscii(value);
    }

    /** Why a non-ASCII email or URI SAN is refused rather than converted: no conversion is exact for all of it. */
    private static final java.util.Map<String, String> NON_ASCII = java.util.Map.of(
            "email", "an rfc822Name is ASCII (IA5String, RFC 5280 4.2.1.6): write an internationalized domain in "
                    + "its xn-- form (idn2 converts it); a non-ASCII local part needs an SmtpUTF8Mailbox (RFC 9598), "
                    + "which ca-tool does not write",
            "uri", "a uniformResourceIdentifier is ASCII (IA5String, RFC 5280 4.2.1.6): percent-encode the path "
                    + "and write an internationalized host in its xn-- form (RFC 3987 3.1)");

    static boolean isAbsoluteUri(String value) {
        return NameSyntax.isAbsoluteUri(value);
    }
}
