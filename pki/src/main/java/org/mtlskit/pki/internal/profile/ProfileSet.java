package org.mtlskit.pki.internal.profile;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.files.InputFiles;

/**
 * All profiles of a folder, each checked and then checked against the others (issuers exist and
 * are CAs, no cycles, no two profiles writing one file), before anything is generated.
 */
public final class ProfileSet {
    private final Path dir;
    private final Map<String, Profile> byName;
    /** Each profile's top-level keys with the line they are on, so reference errors can name the line. */
    private final Map<String, Map<String, Integer>> keyLines;

    private ProfileSet(Path dir, Map<String, Profile> byName, Map<String, Map<String, Integer>> keyLines) {
        this.dir = dir;
        this.byName = byName;
        this.keyLines = keyLines;
    }

    public static ProfileSet load(Path dir) {
        return load(dir, null, null);
    }

    /**
     * Refuses to replace {@code file} of the set in {@code dir} by {@code yaml} when the set loads
     * today and would not load after (another profile needs what the old one says: its CRL, its CA
     * role, ...); the line names the old profile's top-level lines the new one lacks, to keep.
     */
    public static void refuseBreakingReplacement(Path dir, Path file, String yaml) {
        try {
            load(dir);
        } catch (PkiException e) {
            return; // a set that is broken already is not broken by the import
        }
        try {
            load(dir, file, yaml);
        } catch (PkiException e) {
            Map<String, Integer> old = topLevelLines(YamlTree.parse(read(file), file));
            Map<String, Integer> now = topLevelLines(YamlTree.parse(yaml, file));
            List<String> keep = old.entrySet().stream()
                    .filter(k -> !now.containsKey(k.getKey()))
                    .sorted(Map.Entry.comparingByValue())
                    .map(k -> k.getKey() + ": (line " + k.getValue() + ")")
                    .toList();
            throw new PkiException(
                    PkiException.Kind.OUTPUT_EXISTS,
                    file + ": the imported profile would break the set ("
                            + e.getMessage() + ")"
                            + (keep.isEmpty()
                                    ? ""
                                    : "; the profile there has " + String.join(", ", keep)
                                            + ", which the import has not: keep it, or import to another profiles folder"),
                    PkiException.Remedy.WRITE_ELSEWHERE);
        }
    }

    private static ProfileSet load(Path dir, Path replaced, String replacement) {
        if (!Files.isDirectory(dir)) {
            throw PkiException.unusableInput(dir + ": no such profiles folder", PkiException.Remedy.PROFILES_FOLDER);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw PkiException.unusableInput(dir + ": cannot list the profiles folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw PkiException.unusableInput(dir + ": no profiles (*.yaml files) in this folder");
        }
        Map<String, Profile> byName = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> keyLines = new HashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            if (!ProfileParser.isValidName(name)) {
                throw PkiException.invalidProfile(file + ": the file name makes a bad profile name \"" + name
                        + "\"; use letters, digits, '-', '_' and '.'");
            }
            String yaml = file.equals(replaced) ? replacement : read(file);
            YamlTree.Node tree = YamlTree.parse(yaml, file);
            byName.put(name, ProfileParser.parse(name, file, tree));
            keyLines.put(name, topLevelLines(tree));
        }
        ProfileSet set = new ProfileSet(dir, byName, keyLines);
        set.checkReferences();
        return set;
    }

    static String read(Path file) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(InputFiles.read(file, InputFiles.Kind.PROFILE)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw PkiException.invalidProfile(file + ": not UTF-8 text; a profile is a YAML file");
        }
    }

    private static Map<String, Integer> topLevelLines(YamlTree.Node tree) {
        Map<String, Integer> lines = new HashMap<>();
        if (tree instanceof YamlTree.MapNode top) {
            top.entries().values().forEach(e -> lines.put(e.key(), e.line()));
        }
        return lines;
    }

    /** "file:line" of a profile's top-level key, or just the file when the key is not written. */
    private String at(Profile p, String key) {
        Integer line = keyLines.getOrDefault(p.name(), Map.of()).get(key);
        return p.source() + (line == null ? "" : ":" + line);
    }

    private void checkReferences() {
        Map<String, String> fileOwners = new HashMap<>();
        for (Profile p : byName.values()) {
            if (p.issuer() != null) {
                Profile issuer = byName.get(p.issuer());
                if (issuer == null) {
                    throw PkiException.invalidProfile(at(p, "issuer") + ": issuer: no profile named \"" + p.issuer()
                            + "\" in " + dir + "; profiles there: " + String.join(", ", byName.keySet()));
                }
                if (!issuer.ca()) {
                    throw PkiException.invalidProfile(at(p, "issuer") + ": issuer: \"" + p.issuer()
                            + "\" is not a CA (its profile has no ca: true), so it cannot sign certificates");
                }
                checkDefectReferences(p, issuer);
                if (issuer.pathLen() != null && p.ca() && issuer.pathLen() == 0 && !p.has(Defect.PATH_LEN_EXCEEDED)) {
                    throw PkiException.invalidProfile(at(p, "issuer") + ": issuer: \"" + p.issuer()
                            + "\" has pathLen 0, so it cannot sign another CA");
                }
            }
            // An audit case under an existing CA is the exception: fixtures never writes that CA's files,
            // so handshake-tool audit client makes the CRL that lists it when it runs ({crl}).
            boolean auditMakesTheCrl = p.extras().audit() != null
                    && byName.containsKey(p.issuer())
                    && byName.get(p.issuer()).extras().existing();
            if (p.extras().revoked() != null
                    && p.issuer() != null
                    && byName.containsKey(p.issuer())
                    && byName.get(p.issuer()).extras().crlDays() == null
                    && !auditMakesTheCrl) {
                throw PkiException.invalidProfile(
                        at(p, "revoked") + ": revoked: the issuer \"" + p.issuer()
                                + "\" publishes no CRL, so the revocation would never be seen; add crl: {days: 30} to its profile");
            }
            for (String f : new String[] {
                p.keyFile(),
                p.csrFile(),
                p.certFile(),
                p.extras().pkcs12File(),
                p.extras().truststoreFile(),
                p.ca() ? p.crlFile() : null,
                p.ca() ? p.revocationsFile() : null
            }) {
                if (f == null) {
                    continue;
                }
                String owner = fileOwners.putIfAbsent(f, p.name());
                if (owner != null) {
                    throw PkiException.invalidProfile(at(p, "files") + ": files: " + f
                            + " is also written by profile \"" + owner + "\"; each profile needs its own file names");
                }
            }
        }
        for (Profile p : byName.values()) {
            chain(p.name());
        }
    }

    /** The refusals a defect lifts, and the defects that make sense only with a certain issuer. */
    private void checkDefectReferences(Profile p, Profile issuer) {
        if (p.has(Defect.PATH_LEN_EXCEEDED) && !(issuer.pathLen() != null && issuer.pathLen() == 0)) {
            throw PkiException.invalidProfile(at(p, "defects") + ": defects: pathLenExceeded needs an issuer with "
                    + "extensions.basicConstraints.pathLen: 0; \"" + issuer.name() + "\" has none");
        }
        if ((p.has(Defect.MISSING_INTERMEDIATE) || p.has(Defect.WRONG_CHAIN_ORDER)) && issuer.selfSigned()) {
            throw PkiException.invalidProfile(at(p, "defects") + ": defects: missingIntermediate and wrongChainOrder "
                    + "need an intermediate issuer; \"" + issuer.name()
                    + "\" is a root, so the chain has nothing to drop or reorder");
        }
        if (!p.ca()) {
            boolean outside = false;
            for (Profile ca : chain(issuer.name())) {
                if (!ca.extras().permittedDns().isEmpty()
                        && p.subjectAltName().dns().stream()
                                .anyMatch(
                                        d -> ca.extras().permittedDns().stream().noneMatch(c -> within(d, c)))) {
                    outside = true;
                }
            }
            if (outside && !p.has(Defect.NAME_CONSTRAINT_VIOLATION)) {
                throw PkiException.invalidProfile(at(p, "extensions") + ": extensions.subjectAltName: a name is "
                        + "outside the nameConstraints of an issuer; peers refuse it (RFC 5280 4.2.1.10). To make "
                        + "such a certificate on purpose, add defects: [nameConstraintViolation]");
            }
            if (!outside && p.has(Defect.NAME_CONSTRAINT_VIOLATION)) {
                throw PkiException.invalidProfile(at(p, "defects") + ": defects: nameConstraintViolation needs an "
                        + "issuer with extensions.nameConstraints that a dns name of this profile is outside of");
            }
        }
    }

    /** Whether a DNS name is within a permitted dNSName subtree (RFC 5280 4.2.1.10). */
    private static boolean within(String name, String subtree) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        String c = subtree.toLowerCase(java.util.Locale.ROOT);
        return n.equals(c) || n.endsWith(c.startsWith(".") ? c : "." + c);
    }

    public Path dir() {
        return dir;
    }

    public Profile get(String name) {
        Profile p = byName.get(name);
        if (p == null) {
            throw PkiException.unusableInput(dir.resolve(name + ".yaml") + ": no such profile; profiles in " + dir
                    + ": " + String.join(", ", byName.keySet()));
        }
        return p;
    }

    public List<Profile> all() {
        return List.copyOf(byName.values());
    }

    /** The profile and its issuers up to the self-signed root: [name, issuer, issuer's issuer, ...]. */
    public List<Profile> chain(String name) {
        List<Profile> chain = new ArrayList<>();
        Profile p = get(name);
        while (p != null) {
            if (chain.contains(p)) {
                throw PkiException.invalidProfile(at(p, "issuer") + ": issuer: the issuers form a loop ("
                        + String.join(" -> ", chain.stream().map(Profile::name).toList()) + " -> " + p.name() + ")");
            }
            chain.add(p);
            p = p.issuer() == null ? null : byName.get(p.issuer());
        }
        return chain;
    }

    /** Every profile, issuers before what they issue. */
    public List<Profile> inIssuingOrder() {
        List<Profile> ordered = new ArrayList<>();
        for (Profile p : byName.values()) {
            List<Profile> chain = chain(p.name());
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (!ordered.contains(chain.get(i))) {
                    ordered.add(chain.get(i));
                }
            }
        }
        return ordered;
    }
}
