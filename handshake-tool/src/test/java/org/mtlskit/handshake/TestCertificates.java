package org.mtlskit.handshake;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.mtlskit.pki.testing.TestPki;

/**
 * The demo's files as ca-tool writes them (ca, server, client, bad-ca, bad), plus certificates from
 * the trusted CA that each break one rule. EC P-256 keys, so a whole set takes a fraction of a second.
 */
final class TestCertificates {
    private TestCertificates() {}

    static final String KEY = "ec-p256";

    /** Makes the files under {@code root} and returns the folder that holds them (root/keys). */
    static Path make(Path root) {
        Map<String, String> profiles = TestPki.demoProfiles(KEY);
        // NAME_cert.pem and NAME_key.pem, with '-' written as '_'
        profiles.put("expired-server", validFrom(server("localhost"), "2020-01-01", "2021-01-01"));
        profiles.put("expired-client", validFrom(client(), "2020-01-01", "2021-01-01"));
        profiles.put("future-server", validFrom(server("localhost"), "2090-01-01", "2091-01-01"));
        profiles.put("future-client", validFrom(client(), "2090-01-01", "2091-01-01"));
        profiles.put("otherhost-server", server("otherhost"));
        profiles.put("client-without-client-auth", TestPki.leaf("ca", KEY, "[serverAuth]", "localhost"));
        profiles.put("server-without-server-auth", TestPki.leaf("ca", KEY, "[clientAuth]", "localhost"));
        return TestPki.makeSet(root, profiles, Clock.systemUTC());
    }

    private static String server(String dnsName) {
        return TestPki.leaf("ca", KEY, "[serverAuth]", dnsName);
    }

    private static String client() {
        return TestPki.leaf("ca", KEY, "[clientAuth]", "localhost");
    }

    /** The profile with fixed validity instead of "days: 365". */
    private static String validFrom(String profile, String notBefore, String notAfter) {
        String days = "  days: 365\n";
        if (!profile.contains(days)) {
            throw new IllegalStateException("TestPki.leaf changed: no \"days: 365\" in\n" + profile);
        }
        return profile.replace(days, "  notBefore: " + notBefore + "\n  notAfter: " + notAfter + "\n");
    }
}
