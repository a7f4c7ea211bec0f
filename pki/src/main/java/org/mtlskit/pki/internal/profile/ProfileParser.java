package org.mtlskit.pki.internal.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.profile.YamlTree.Entry;
import org.mtlskit.pki.internal.profile.YamlTree.MapNode;
import org.mtlskit.pki.internal.profile.YamlTree.Node;
import org.mtlskit.pki.internal.revocation.Revocations;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.DistinguishedName;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * Reads one profile from YAML and checks it whole: every unknown key, wrong type and impossible
 * value is refused with one line naming the file, the line, the field and what is allowed.
 * The reference of every field is in docs/profiles.md.
 */
public final class ProfileParser {
    private ProfileParser() {}

    static final List<String> TOP_LEVEL = List.of(
            "description",
            "ca",
            "issuer",
            "key",
            "digest",
            "validity",
            "subject",
            "extensions",
            "files",
            "crl",
            "revoked",
            "defects",
            "audit",
            "existing");
    static final List<String> VALIDITY = List.of("days", "notBefore", "notAfter");
    static final List<String> EXTENSIONS =
            List.of("basicConstraints", "keyUsage", "extendedKeyUsage", "subjectAltName", "nameConstraints");
    static final List<String> BASIC_CONSTRAINTS = List.of("pathLen");
    static final List<String> SAN = List.of("dns", "ip", "email", "uri", "fromCsr");
    static final List<String> FILES =
            List.of("key", "csr", "cert", "pkcs12", "pkcs12Format", "truststore", "encryptKey");
    static final List<String> CRL = List.of("days");
    static final List<String> AUDIT = List.of("role", "expect", "rule", "baseline", "checks", "host");
    static final List<String> EXISTING = List.of("key", "cert");
    /** What an existing CA's profile may say besides existing: the rest is in its files. */
    static final List<String> EXISTING_TOP_LEVEL = List.of("description", "ca", "existing");

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

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
            KeySpec key = keyEntry == null
                    ? Defaults.KEY
                    : oneOf(keyEntry.value(), "key", KeySpec::fromYamlName, KeySpec.allowedNames());
            key = weakened(
                    key,
                    keyEntry,
                    "key",
                    defects.contains(Defect.RSA_1024),
                    KeySpec.RSA_1024,
                    Defect.RSA_1024,
                    key.weak(),
                    top.line());
            Entry digestEntry = optional(top, "digest").orElse(null);
            Digest digest = digestEntry == null
                    ? Defaults.DIGEST
                    : oneOf(digestEntry.value(), "digest", Digest::fromYamlName, Digest.allowedNames());
            Defect weakDigest =
                    defects.contains(Defect.MD5) ? Defect.MD5 : defects.contains(Defect.SHA1) ? Defect.SHA1 : null;
            digest = weakened(
                    digest,
                    digestEntry,
                    "digest",
                    weakDigest != null,
                    weakDigest == Defect.MD5 ? Digest.MD5 : Digest.SHA1,
                    weakDigest,
                    digest.weak(),
                    top.line());
            Validity validity = optional(top, "validity")
                    .map(new ValiditySection(file)::validity)
                    .orElse(Validity.ofDays(ca ? Defaults.CA_DAYS : Defaults.LEAF_DAYS));
            if (validity.isFixed() && (defects.contains(Defect.EXPIRED) || defects.contains(Defect.NOT_YET_VALID))) {
                throw error(
                        top.line(),
                        "validity",
                        "the expired and notYetValid defects place the validity "
                                + "themselves, from now; give validity.days, not fixed dates");
            }
            Entry subjectEntry = optional(top, "subject").orElse(null);
            DistinguishedName subject;
            if (defects.contains(Defect.SELF_SIGNED)) {
                if (subjectEntry != null) {
                    throw error(
                            subjectEntry.line(),
                            "subject",
                            "the selfSigned defect takes its issuer's subject "
                                    + "(a self-signed certificate with the trusted CA's name); remove subject");
                }
                subject = null;
            } else if (subjectEntry == null) {
                throw error(
                        top.line(),
                        "subject",
                        "missing; every certificate needs a subject, for example subject: {CN: localhost}");
            } else {
                subject = names.subject(subjectEntry);
            }
            Entry extEntry = optional(top, "extensions").orElse(null);
            ExtensionValues extensions = extensions(extEntry, ca, defects);
            Integer pathLen = extensions.pathLen();
            Set<KeyUsageBit> keyUsage = extensions.keyUsage();
            List<ExtendedKeyUsage> eku = extensions.eku();
            SubjectAltNames san = extensions.san();
            Entry fromCsr = extensions.fromCsr();
            List<String> permittedDns = extensions.permittedDns();

            if (keyUsage == null) {
                keyUsage = Defaults.keyUsage(ca, key);
            } else {
                checkKeyUsage(keyUsage, ca, key, extensions.keyUsageLine());
            }
            if (!ca && issuer == null) {
                throw error(
                        top.line(),
                        "issuer",
                        "missing; a leaf certificate needs an issuer "
                                + "(the name of a CA profile, for example issuer: ca), or add ca: true to make a CA");
            }
            if (fromCsr != null && ca) {
                throw error(
                        fromCsr.line(),
                        "extensions.subjectAltName.fromCsr",
                        "is for leaf profiles: "
                                + "ca-tool sign issues leaf certificates only; remove it from this CA profile");
            }
            if (eku.contains(ExtendedKeyUsage.SERVER_AUTH) && san.isEmpty() && fromCsr != null) {
                throw error(
                        fromCsr.line(),
                        "extensions.subjectAltName",
                        "a serverAuth profile needs at least one "
                                + "dns or ip entry even with fromCsr: true, for the certificates ca-tool issue and "
                                + "fixtures make from the profile itself");
            }
            if (eku.contains(ExtendedKeyUsage.SERVER_AUTH)
                    && san.isEmpty()
                    && !defects.contains(Defect.NO_SUBJECT_ALT_NAME)
                    && !defects.contains(Defect.V1)) {
                int line = extEntry == null ? top.line() : extEntry.line();
                throw error(
                        line,
                        "extensions.subjectAltName",
                        "missing; a serverAuth certificate needs at "
                                + "least one dns or ip entry, since TLS clients check the hostname against the SAN, not the CN");
            }

            ProfileFiles.Names files =
                    new ProfileFiles(file).read(optional(top, "files").orElse(null), name, ca, defects);
            Integer crlDays = null;
            Entry crlEntry = optional(top, "crl").orElse(null);
            if (crlEntry != null) {
                if (!ca) {
                    throw error(crlEntry.line(), "crl", "only a CA publishes a CRL; this profile is a leaf");
                }
                MapNode crl = map(crlEntry.value(), "crl");
                checkKeys(crl, "crl.", CRL);
                crlDays = optional(crl, "days")
                        .map(e -> integer(e.value(), "crl.days", 1, Defaults.MAX_DAYS))
                        .orElse(Defaults.CRL_DAYS);
            }
            Revocations.Reason revoked = null;
            Entry revokedEntry = optional(top, "revoked").orElse(null);
            if (revokedEntry != null) {
                if (issuer == null) {
                    throw error(revokedEntry.line(), "revoked", "a self-signed CA has no issuer to revoke it");
                }
                revoked = oneOf(
                        revokedEntry.value(), "revoked", Revocations.Reason::named, Revocations.Reason.allowedNames());
                if (revoked.refusalInFullCrl() != null) {
                    throw error(revokedEntry.value().line(), "revoked", revoked.refusalInFullCrl());
                }
            }
            AuditCase audit = optional(top, "audit").map(audits::audit).orElse(null);
            return new Profile(
                    name,
                    file,
                    ca,
                    issuer,
                    key,
                    digest,
                    validity,
                    subject,
                    pathLen,
                    keyUsage,
                    eku,
                    san,
                    fromCsr != null,
                    files.keyFile(),
                    files.csrFile(),
                    files.certFile(),
                    new Profile.Extras(
                            files.keyEncryption() != null,
                            files.pkcs12File(),
                            files.truststoreFile(),
                            crlDays,
                            revoked,
                            defects,
                            audit,
                            false,
                            permittedDns,
                            files.keyEncryption(),
                            files.pkcs12Format()));
        }

        /**
         * What the extensions section gives, each part null or empty when the section leaves it out.
         *
         * @param keyUsageLine where keyUsage is given, for its errors
         * @param fromCsr      the fromCsr entry when it says true, else null
         */
        private record ExtensionValues(
                Integer pathLen,
                Set<KeyUsageBit> keyUsage,
                int keyUsageLine,
                List<ExtendedKeyUsage> eku,
                SubjectAltNames san,
                Entry fromCsr,
                List<String> permittedDns) {}

        /** @param extEntry the extensions section, or null when the profile has none */
        private ExtensionValues extensions(Entry extEntry, boolean ca, Set<Defect> defects) {
            List<String> permittedDns = List.of();
            Integer pathLen = null;
            Set<KeyUsageBit> keyUsage = null;
            int keyUsageLine = 0;
            List<ExtendedKeyUsage> eku = List.of();
            SubjectAltNames san = SubjectAltNames.NONE;
            Entry fromCsr = null;
            if (extEntry != null) {
                MapNode ext = map(extEntry.value(), "extensions");
                checkKeys(ext, "extensions.", EXTENSIONS);
                Entry bc = ext.entries().get("basicConstraints");
                if (bc != null) {
                    MapNode bcMap = map(bc.value(), "extensions.basicConstraints");
                    checkKeys(bcMap, "extensions.basicConstraints.", BASIC_CONSTRAINTS);
                    Entry pl = bcMap.entries().get("pathLen");
                    if (pl != null) {
                        pathLen = integer(
                                pl.value(), "extensions.basicConstraints.pathLen", 0, ProfileConstraints.MAX_PATH_LEN);
                        if (!ca) {
                            throw error(
                                    pl.line(),
                                    "extensions.basicConstraints.pathLen",
                                    "pathLen is for CAs only; this profile is a leaf (add ca: true to make it a CA)");
                        }
                    }
                }
                Entry ku = ext.entries().get("keyUsage");
                if (ku != null) {
                    keyUsage = enumSet(
                            ku.value(),
                            "extensions.keyUsage",
                            KeyUsageBit::fromYamlName,
                            KeyUsageBit.allowedNames(),
                            KeyUsageBit.class);
                    keyUsageLine = ku.line();
                }
                Entry ekuEntry = ext.entries().get("extendedKeyUsage");
                if (ekuEntry != null) {
                    eku = List.copyOf(enumSet(
                            ekuEntry.value(),
                            "extensions.extendedKeyUsage",
                            ExtendedKeyUsage::fromYamlName,
                            ExtendedKeyUsage.allowedNames(),
                            ExtendedKeyUsage.class));
                }
                Entry sanEntry = ext.entries().get("subjectAltName");
                if (sanEntry != null) {
                    fromCsr = names.fromCsr(sanEntry);
                    san = names.subjectAltName(sanEntry, fromCsr != null, defects);
                }
                Entry nc = ext.entries().get("nameConstraints");
                if (nc != null) {
                    if (!ca) {
                        throw error(
                                nc.line(),
                                "extensions.nameConstraints",
                                "nameConstraints are for CAs only; " + "this profile is a leaf");
                    }
                    permittedDns = names.permittedDns(nc);
                }
            }
            return new ExtensionValues(pathLen, keyUsage, keyUsageLine, eku, san, fromCsr, permittedDns);
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
                    throw error(
                            entry.line(),
                            "existing." + k,
                            "missing; give the path of the CA's " + k
                                    + " file, relative to the output folder or absolute, for example ../ca_" + k
                                    + ".pem",
                            PkiException.Remedy.OUTPUT_FOLDER);
                }
                paths[i] = string(e.value(), "existing." + k);
                if (paths[i].isBlank()) {
                    throw error(e.line(), "existing." + k, "empty; give a path");
                }
            }
            return new Profile(
                    name,
                    file,
                    true,
                    null,
                    Defaults.KEY,
                    Defaults.DIGEST,
                    Validity.ofDays(Defaults.CA_DAYS),
                    null,
                    null,
                    Defaults.keyUsage(true, Defaults.KEY),
                    List.of(),
                    SubjectAltNames.NONE,
                    false,
                    paths[0],
                    null,
                    paths[1],
                    new Profile.Extras(false, null, null, null, null, Set.of(), null, true, List.of(), null, null));
        }

        /**
         * The key or digest a profile gets: a weak value is refused unless its defect asks for it,
         * and the defect alone brings it in.
         */
        private <T> T weakened(
                T given,
                Entry entry,
                String field,
                boolean defectAsks,
                T weakValue,
                Defect defect,
                boolean givenIsWeak,
                int topLine) {
            if (defectAsks) {
                if (entry != null && given != weakValue) {
                    throw error(
                            entry.line(),
                            field,
                            "the " + defect.yamlName() + " defect sets " + field + " itself; remove " + field
                                    + " or write the weak value");
                }
                return weakValue;
            }
            if (givenIsWeak) {
                throw error(
                        entry.line(),
                        field,
                        "is broken and refused; to make a deliberately broken certificate "
                                + "for an audit, add defects: ["
                                + ((Enum<?>) given).name().toLowerCase().replace('_', '-') + "]");
            }
            return given;
        }

        private String issuerName(Entry e) {
            String value = string(e.value(), "issuer");
            if (!isValidName(value)) {
                throw error(
                        e.line(),
                        "issuer",
                        "\"" + value + "\" is not a profile name; "
                                + "give the name of a CA profile (its file name without .yaml)");
            }
            if (value.equals(name)) {
                throw error(
                        e.line(),
                        "issuer",
                        "a profile cannot be its own issuer; " + "leave issuer out for a self-signed CA");
            }
            return value;
        }

        private void checkKeyUsage(Set<KeyUsageBit> bits, boolean ca, KeySpec key, int line) {
            ProfileConstraints.KeyUsageRule broken = ProfileConstraints.brokenKeyUsageRule(bits, ca, key);
            if (broken != null) {
                throw error(
                        line,
                        "extensions.keyUsage",
                        switch (broken) {
                            case CA_NEEDS_KEY_CERT_SIGN -> "a CA needs keyCertSign to sign certificates";
                            case KEY_CERT_SIGN_ONLY_FOR_CA -> "keyCertSign is for CAs only; this profile is a leaf";
                            case ENCIPHERMENT_NEEDS_RSA ->
                                "keyEncipherment and dataEncipherment need an RSA key; " + "this profile's key is "
                                        + key.yamlName();
                            case ENCIPHER_ONLY_NEEDS_KEY_AGREEMENT ->
                                "encipherOnly and decipherOnly need keyAgreement (RFC 5280)";
                        });
            }
        }
    }
}
