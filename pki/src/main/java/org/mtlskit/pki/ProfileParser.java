package org.mtlskit.pki;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.mtlskit.pki.YamlTree.Entry;
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
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

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
    private static final class Reader extends YamlFields {
        private final String name;
        private final ProfileNames names;
        private final AuditSections audits;

        Reader(String name, Path file) {
            super(file);
            this.name = name;
            this.names = new ProfileNames(file);
            this.audits = new AuditSections(file);
        }

        Profile profile(Node root) {
            MapNode top = map(root, "(top level)");
            checkKeys(top, "", TOP_LEVEL);
            optional(top, "description").ifPresent(e -> string(e.value(), "description"));
            Entry existingEntry = optional(top, "existing").orElse(null);
            if (existingEntry != null) {
                return existing(top, existingEntry);
            }
            Set<Defect> defects = audits.defects(top);

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
                subject = names.subject(subjectEntry);
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
                        pathLen = integer(pl.value(), "extensions.basicConstraints.pathLen", 0, ProfileConstraints.MAX_PATH_LEN);
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
                    fromCsr = names.fromCsr(sanEntry);
                    san = names.subjectAltName(sanEntry, fromCsr != null, defects);
                }
                Entry nc = ext.entries().get("nameConstraints");
                if (nc != null) {
                    if (!ca) {
                        throw error(nc.line(), "extensions.nameConstraints", "nameConstraints are for CAs only; "
                                + "this profile is a leaf");
                    }
                    permittedDns = names.permittedDns(nc);
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
            AuditCase audit = optional(top, "audit").map(audits::audit).orElse(null);
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
            ProfileConstraints.KeyUsageRule broken = ProfileConstraints.brokenKeyUsageRule(bits, ca, key);
            if (broken != null) {
                throw error(line, "extensions.keyUsage", switch (broken) {
                    case CA_NEEDS_KEY_CERT_SIGN -> "a CA needs keyCertSign to sign certificates";
                    case KEY_CERT_SIGN_ONLY_FOR_CA -> "keyCertSign is for CAs only; this profile is a leaf";
                    case ENCIPHERMENT_NEEDS_RSA -> "keyEncipherment and dataEncipherment need an RSA key; "
                            + "this profile's key is " + key.yamlName();
                    case ENCIPHER_ONLY_NEEDS_KEY_AGREEMENT -> "encipherOnly and decipherOnly need keyAgreement (RFC 5280)";
                });
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

        /** files.encryptKey: true (aes), false (not encrypted), or a cipher name; null when not encrypted. */
        private KeyEncryption keyEncryption(Node node) {
            if (node instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
                return s.token() == JsonToken.VALUE_TRUE ? KeyEncryption.AES : null;
            }
            return oneOf(node, "files.encryptKey", KeyEncryption::named,
                    "true, false, " + KeyEncryption.allowedNames());
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

    }
}
