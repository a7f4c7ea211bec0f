package org.mtlskit.handshake;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.handshake.tls.TlsVersion;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.verify.VerificationRules;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The demo's flags, shared by serve and connect. */
final class TlsOptions {
    @Mixin
    HandshakeFilesOptions files;

    @Option(
            names = "--crl",
            paramLabel = "FILE",
            description =
                    "A CRL (PEM) of a CA in --ca-certificate; a peer it lists is refused (Certificate revoked). Repeatable.")
    List<Path> crls = new ArrayList<>();

    @Option(
            names = "--rules",
            paramLabel = "rfc5280|webpki",
            converter = RulesConverter.class,
            description =
                    "Rule set the peer's chain is judged by: rfc5280 (default) or webpki, as ca-tool verify --rules.")
    VerificationRules rules = VerificationRules.RFC5280;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port = 4433;

    @Option(
            names = "--tls",
            paramLabel = "1.2|1.3",
            converter = VersionConverter.class,
            description = "Pin one TLS version (default: 1.3 or 1.2, whichever the peer has).")
    TlsVersion tls = TlsVersion.ANY;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Handshake timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = Defaults.HANDSHAKE_TIMEOUT_SECONDS;

    /** Reads the CA, certificate, key and CRL files, telling each step. */
    HandshakeFiles load(String role, HandshakeTool tool, Consumer<String> steps) {
        return files.load(crls, role, tool.clock.instant(), steps).withRules(rules);
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    static final class RulesConverter implements ITypeConverter<VerificationRules> {
        @Override
        public VerificationRules convert(String value) {
            try {
                return VerificationRules.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class VersionConverter implements ITypeConverter<TlsVersion> {
        @Override
        public TlsVersion convert(String value) {
            return TlsVersion.parse(value);
        }
    }
}
