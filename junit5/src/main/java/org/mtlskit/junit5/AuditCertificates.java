package org.mtlskit.junit5;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.mtlskit.pki.Credential;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.defects.AuditCase;

/**
 * The audit battery's certificates (profiles/audit of mtlskit, shipped in this jar), made once per
 * test run below a fresh trusted CA: a client's test presents a server case by name
 * ({@code @MtlsServer(presenting = "server-expired")}) and asserts its client refuses it.
 */
public final class AuditCertificates {
    private static final String RESOURCES = "org/mtlskit/junit5/audit/";

    private final ProfileFixtures files;
    private final Credential trusted;

    private AuditCertificates(ProfileFixtures files, Credential trusted) {
        this.files = files;
        this.trusted = trusted;
    }

    /**
     * Makes the battery in {@code dir}: the trusted CA and the untrusted one in memory (RSA-2048: the
     * md5 case needs an RSA signer, as the demo's RSA CA is; 2048 bits make in a fraction of a second),
     * written where the battery's profiles read them, then every case.
     */
    static AuditCertificates make(Path dir) {
        try {
            Path profiles = Files.createDirectories(dir.resolve("profiles"));
            for (String name : batteryFiles()) {
                try (InputStream in = AuditCertificates.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
                    Files.copy(in, profiles.resolve(name));
                }
            }
            Credential trusted = ca("mtlskit audit trusted CA");
            Credential untrusted = ca("mtlskit audit untrusted CA");
            Files.writeString(dir.resolve("ca_cert.pem"), trusted.certificatePem());
            Files.writeString(dir.resolve("ca_key.pem"), trusted.privateKeyPem());
            Files.writeString(dir.resolve("bad_ca_cert.pem"), untrusted.certificatePem());
            Files.writeString(dir.resolve("bad_ca_key.pem"), untrusted.privateKeyPem());
            return new AuditCertificates(ProfileFixtures.make(profiles, dir.resolve("audit")), trusted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the audit battery in " + dir, e);
        }
    }

    private static Credential ca(String name) {
        return Credential.builder()
                .commonName(name)
                .key(KeySpec.RSA_2048)
                .certificateAuthority(1)
                .build();
    }

    /** The CA a client must trust to judge the cases: every case that should be accepted chains to it. */
    public X509Certificate trustAnchor() {
        return trusted.certificate();
    }

    /** The case names of {@code role} ("server" cases are presented to a client), baseline first. */
    public List<String> names(AuditCase.Role role) {
        return files.names().stream()
                .filter(n -> {
                    AuditCase a = files.profile(n).extras().audit();
                    return a != null && a.role() == role;
                })
                .sorted((a, b) -> Boolean.compare(baseline(b), baseline(a)))
                .toList();
    }

    private boolean baseline(String name) {
        return files.profile(name).extras().audit().baseline();
    }

    /** What a correct peer does with the case, and the rule that says so. */
    public AuditCase audit(String name) {
        AuditCase a = files.profile(name).extras().audit();
        if (a == null) {
            throw new IllegalArgumentException("not an audit case: " + name + "; cases: " + names(AuditCase.Role.SERVER)
                    + " " + names(AuditCase.Role.CLIENT));
        }
        return a;
    }

    /** The case's chain, as it is presented (leaf first, unless the case is about chain order). */
    public List<X509Certificate> chain(String name) {
        audit(name);
        return files.chain(name);
    }

    /** The private key of the case's leaf. */
    public PrivateKey privateKey(String name) {
        audit(name);
        return files.privateKey(name);
    }

    /** The names of the battery's profile files in this jar (or classes folder). */
    private static List<String> batteryFiles() throws IOException {
        Path location;
        try {
            location = Path.of(AuditCertificates.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot find the audit battery's profiles: " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (var files = Files.list(location.resolve(RESOURCES))) {
                files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml"))
                        .forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.startsWith(RESOURCES) && n.endsWith(".yaml")) {
                        names.add(n.substring(RESOURCES.length()));
                    }
                }
            }
        }
        if (names.isEmpty()) {
            throw new IOException(location + ": holds no audit profiles under " + RESOURCES);
        }
        return names;
    }
}
