package org.mtlskit.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export writes keystores Java reads, leaves an up-to-date one alone and replaces a stale one only with force. */
class ExportMojoTest {
    private static final Clock NOW = Clock.systemUTC();

    private static Path profiles(Path dir) throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("ca.yaml"), "ca: true\nkey: ec-p256\nsubject:\n  CN: Export Test CA\n");
        Files.writeString(
                profiles.resolve("client.yaml"),
                "issuer: ca\nkey: ec-p256\nsubject:\n  CN: client\n"
                        + "extensions:\n  extendedKeyUsage: [clientAuth]\n");
        return profiles;
    }

    private static ExportMojo export(Path profiles, Path keys, String name, GoalLog log) {
        ExportMojo goal = Goals.configure(new ExportMojo(), profiles, keys, NOW, log);
        goal.name = name;
        goal.pkcs12Format = "modern";
        return goal;
    }

    @Test
    void aKeystoreHoldsTheKeyAndChainAndIsLeftAloneWhileUpToDate(@TempDir Path dir) throws Exception {
        Path profiles = profiles(dir);
        Path keys = dir.resolve("keys");
        Goals.fixtures(profiles, keys, NOW, new GoalLog()).execute();
        Path password = Files.writeString(dir.resolve("password"), "s3cret-pass\n");
        Path file = dir.resolve("client.p12");
        ExportMojo goal = export(profiles, keys, "client", new GoalLog());
        goal.keystore = file.toFile();
        goal.passwordFile = password.toFile();

        goal.execute();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "s3cret-pass".toCharArray());
        }
        assertEquals(2, store.getCertificateChain("client").length);
        assertEquals(
                "CN=client",
                ((X509Certificate) store.getCertificate("client"))
                        .getSubjectX500Principal()
                        .getName());
        byte[] first = Files.readAllBytes(file);

        GoalLog second = new GoalLog();
        goal.setLog(second);
        goal.execute();
        assertArrayEquals(first, Files.readAllBytes(file));
        assertEquals(java.util.List.of("client: " + file + " is up to date"), second.info);
    }

    @Test
    void aStaleTruststoreIsReplacedOnlyWithForce(@TempDir Path dir) throws Exception {
        Path profiles = profiles(dir);
        Path keys = dir.resolve("keys");
        Goals.fixtures(profiles, keys, NOW, new GoalLog()).execute();
        Path file = dir.resolve("trust.p12");
        ExportMojo goal = export(profiles, keys, "ca", new GoalLog());
        goal.truststore = file.toFile();
        goal.execute();
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));

        MojoFailureException failure = assertThrows(MojoFailureException.class, goal::execute);
        assertEquals(
                file + ": exists already; <force>true</force> (or -Dmtlskit.force) replaces it", failure.getMessage());

        goal.force = true;
        GoalLog log = new GoalLog();
        goal.setLog(log);
        goal.execute();
        assertTrue(
                log.info.get(0).startsWith("ca: wrote " + file + " (PKCS#12 truststore, password changeit)"),
                log.info.toString());
    }

    @Test
    void exportNeedsExactlyOneFileAndAKnownFormat(@TempDir Path dir) throws Exception {
        Path profiles = profiles(dir);
        Path keys = dir.resolve("keys");
        Goals.fixtures(profiles, keys, NOW, new GoalLog()).execute();
        ExportMojo neither = export(profiles, keys, "ca", new GoalLog());
        ExportMojo unknownFormat = export(profiles, keys, "ca", new GoalLog());
        unknownFormat.truststore = dir.resolve("trust.p12").toFile();
        unknownFormat.pkcs12Format = "ancient";
        ExportMojo keystoreWithoutPassword = export(profiles, keys, "client", new GoalLog());
        keystoreWithoutPassword.keystore = dir.resolve("client.p12").toFile();
        ExportMojo leafAsTruststore = export(profiles, keys, "client", new GoalLog());
        leafAsTruststore.truststore = dir.resolve("trust.p12").toFile();

        assertEquals(
                "export ca: give exactly one of <keystore> and <truststore>",
                assertThrows(MojoFailureException.class, neither::execute).getMessage());
        assertEquals(
                "pkcs12Format: expected one of modern, legacy, got \"ancient\"",
                assertThrows(MojoFailureException.class, unknownFormat::execute).getMessage());
        assertEquals(
                "a keystore holds a private key and needs a password: give <passwordFile> or <passwordEnv>",
                assertThrows(MojoFailureException.class, keystoreWithoutPassword::execute)
                        .getMessage());
        assertEquals(
                profiles.resolve("client.yaml") + ": \"client\" is not a CA; a truststore holds CA certificates",
                assertThrows(MojoFailureException.class, leafAsTruststore::execute)
                        .getMessage());
        assertFalse(Files.exists(dir.resolve("trust.p12")) || Files.exists(dir.resolve("client.p12")));
    }
}
