package org.mtlskit.pki.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import org.mtlskit.pki.internal.profile.ProfileSet;

/**
 * Test fixtures shared by both modules (through ca-tool's test-jar): the demo's profiles as YAML
 * text, with the key type as a parameter (EC P-256 keeps tests fast; RSA-4096 is the demo's),
 * and a one-call way to make a whole set of files in a temporary folder.
 */
public final class TestPki {
    private TestPki() {}

    /** The five demo profiles, as in profiles/, with {@code key} (for example "ec-p256") for all. */
    public static Map<String, String> demoProfiles(String key) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ca", ca(key));
        p.put("bad-ca", ca(key));
        p.put("server", leaf("ca", key, "[serverAuth]", "localhost"));
        p.put("client", leaf("ca", key, "[clientAuth]", "localhost"));
        p.put("bad", leaf("bad-ca", key, "[serverAuth, clientAuth]", "localhost"));
        return p;
    }

    /** The demo's profiles with {@code key}, a CA that publishes a CRL (30 days) and a client it revokes. */
    public static Map<String, String> demoProfilesWithRevokedClient(String key) {
        Map<String, String> p = demoProfiles(key);
        p.put("ca", ca(key) + "crl:\n  days: 30\n");
        p.put("revoked", leaf("ca", key, "[clientAuth]", "localhost") + "revoked: keyCompromise\n");
        return p;
    }

    public static String ca(String key) {
        return "ca: true\nkey: " + key + "\nvalidity:\n  days: 3650\nsubject:\n  CN: My Test CA\n";
    }

    public static String leaf(String issuer, String key, String eku, String dnsName) {
        return "issuer: " + issuer + "\nkey: " + key + "\nvalidity:\n  days: 365\nsubject:\n  CN: localhost\n"
                + "extensions:\n  extendedKeyUsage: " + eku + "\n  subjectAltName:\n    dns: [" + dnsName + "]\n";
    }

    /** Writes the profiles to root/profiles and makes their files in root/keys; returns root/keys. */
    public static Path makeSet(Path root, Map<String, String> profiles, Clock clock) {
        Path profileDir = root.resolve("profiles");
        Path keys = root.resolve("keys");
        writeProfiles(profileDir, profiles);
        new Fixtures(ProfileSet.load(profileDir), keys, clock, new SecureRandom(), line -> {})
                .fixtures(false, java.time.Duration.ZERO);
        return keys;
    }

    public static void writeProfiles(Path profileDir, Map<String, String> profiles) {
        try {
            Files.createDirectories(profileDir);
            for (Map.Entry<String, String> e : profiles.entrySet()) {
                Files.writeString(profileDir.resolve(e.getKey() + ".yaml"), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's own profiles/ folder, found from a module's working directory. */
    public static Path repoProfiles() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("profiles")) && Files.exists(p.resolve("pom.xml"))) {
                return p.resolve("profiles");
            }
        }
        throw new IllegalStateException("no profiles/ folder above " + here);
    }
}
