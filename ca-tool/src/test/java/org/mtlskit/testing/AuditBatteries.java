package org.mtlskit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.mtlskit.pki.testing.TestPki;

/**
 * The audit battery as a user makes it, in a temporary folder: a trusted and an untrusted CA (RSA-2048,
 * the md5 case needs an RSA signer) with any further profiles beside them, made by ca-tool fixtures; then
 * the shipped profiles/audit, copied unchanged below them and made the same way.
 */
public final class AuditBatteries {
    private AuditBatteries() {}

    /**
     * A made battery: the CAs' folder ({@code keys}), the copied battery profiles, the battery's own
     * folder (keys/audit), and ca-tool's run that made it.
     */
    public record Made(Path keys, Path profiles, Path folder, ToolRun.Result run) {}

    private static final String CA = "ca: true\nkey: rsa-2048\nsubject: {CN: My Test CA}\n";

    /** Makes the CAs and {@code more} (profile name to YAML) under root/keys, then the battery under keys/audit. */
    public static Made make(Path root, Map<String, String> more) {
        try {
            Path profiles = Files.createDirectories(root.resolve("profiles"));
            Files.writeString(profiles.resolve("ca.yaml"), CA);
            Files.writeString(profiles.resolve("bad-ca.yaml"), CA);
            for (Map.Entry<String, String> e : more.entrySet()) {
                Files.writeString(profiles.resolve(e.getKey() + ".yaml"), e.getValue());
            }
            Path keys = root.resolve("keys");
            ToolRun.caTool("fixtures", "--profiles", profiles.toString(), "--out", keys.toString())
                    .assertExit(0);
            Path battery = Files.createDirectories(profiles.resolve("audit"));
            try (Stream<Path> shipped = Files.list(TestPki.repoProfiles().resolve("audit"))) {
                for (Path p : shipped.toList()) {
                    Files.copy(p, battery.resolve(p.getFileName()));
                }
            }
            Path folder = keys.resolve("audit");
            ToolRun.Result run = ToolRun.caTool(
                            "fixtures", "--profiles", battery.toString(), "--out", folder.toString())
                    .assertExit(0);
            return new Made(keys, battery, folder, run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
