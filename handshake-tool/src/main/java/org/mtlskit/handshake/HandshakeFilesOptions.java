package org.mtlskit.handshake;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.mtlskit.cli.PasswordOptions;
import org.mtlskit.handshake.tls.HandshakeFiles;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Our side's files, as the demo names them: shared by serve and connect (through TlsOptions) and bench. */
final class HandshakeFilesOptions {
    @Option(
            names = "--ca-certificate",
            required = true,
            paramLabel = "FILE",
            description = "CA certificate(s) to verify the peer against (PEM).")
    Path caCertificate;

    @Option(
            names = "--certificate",
            required = true,
            paramLabel = "FILE",
            description = "Our certificate, optionally followed by its chain (PEM).")
    Path certificate;

    @Option(
            names = "--private-key",
            required = true,
            paramLabel = "FILE",
            description = "Our private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC).")
    Path privateKey;

    @Mixin
    PasswordOptions keyPassword;

    /** Reads the CA, certificate, key and CRL files as of {@code now}, telling each step. */
    HandshakeFiles load(List<Path> crls, String role, Instant now, Consumer<String> steps) {
        List<Path> read = new java.util.ArrayList<>(List.of(caCertificate, certificate, privateKey));
        read.addAll(crls);
        org.mtlskit.pki.internal.files.UnfinishedCommit.refuseIn(read);
        return HandshakeFiles.load(
                caCertificate, certificate, privateKey, keyPassword.read(System::getenv), crls, role, now, steps);
    }
}
