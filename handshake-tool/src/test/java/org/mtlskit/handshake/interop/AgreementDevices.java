package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The servers of {@link AuditAgreesWithRealServersTest} that print their port (openssl s_server and
 * gnutls-serv answering HTTP, our mbedTLS peer as the demo's server), started on 127.0.0.1 port 0
 * with the keys of {@link AuditServerTest}.
 */
final class AgreementDevices {
    private AgreementDevices() {}

    /** s_server answering HTTP (-www), so curl reads a status; {@code verify} as its flags. */
    static AuditServerTest.Device opensslServer(Path keys, String... verify) throws IOException, InterruptedException {
        AuditServerTest.requirePeer(
                Peer.onPath("openssl").isPresent() ? Optional.empty() : Optional.of("openssl not found on PATH"));
        List<String> command = new ArrayList<>(List.of(
                "openssl",
                "s_server",
                "-accept",
                Peer.LOOPBACK + ":0",
                "-cert",
                keys.resolve("server_cert.pem").toString(),
                "-key",
                keys.resolve("server_key.pem").toString(),
                "-CAfile",
                keys.resolve("ca_cert.pem").toString(),
                "-www"));
        command.addAll(List.of(verify));
        return AuditServerTest.start(
                "openssl s_server " + String.join(" ", verify),
                command,
                Map.of(),
                AuditOfOpensslAndGnutlsServersTest.OPENSSL_PORT);
    }

    /** gnutls-serv in its default HTTP mode, requiring and verifying client certificates, kept on loopback. */
    static AuditServerTest.Device gnutlsServer(Path keys) throws IOException, InterruptedException {
        AuditServerTest.requirePeer(
                Peer.onPath("gnutls-serv").isPresent()
                        ? Optional.empty()
                        : Optional.of("gnutls-serv not found on PATH (is gnutls-bin installed?)"));
        NativeBuild.Result shim = LoopbackOnly.build();
        AuditServerTest.requirePeer(shim.ok() ? Optional.empty() : Optional.of(shim.missing()));
        String existing = System.getenv("LD_PRELOAD");
        return AuditServerTest.start(
                "gnutls-serv",
                List.of(
                        "gnutls-serv",
                        "-p",
                        "0",
                        "--x509cafile",
                        keys.resolve("ca_cert.pem").toString(),
                        "--x509certfile",
                        keys.resolve("server_cert.pem").toString(),
                        "--x509keyfile",
                        keys.resolve("server_key.pem").toString(),
                        "--require-client-cert",
                        "--verify-client-cert"),
                Map.of(
                        "LD_PRELOAD",
                        existing == null || existing.isEmpty()
                                ? shim.binary().toString()
                                : shim.binary() + ":" + existing),
                Pattern.compile(LoopbackOnly.PORT_LINE));
    }

    /** Our mbedTLS 2.28 peer as a server in {@code mode} (for example --demo). */
    static AuditServerTest.Device mbedtlsServer(Path keys, String... mode) throws IOException, InterruptedException {
        NativeBuild.Result build = mbedtlsBuild();
        List<String> command = new ArrayList<>(List.of(
                build.binary().toString(),
                "server",
                "--ca-certificate",
                keys.resolve("ca_cert.pem").toString(),
                "--certificate",
                keys.resolve("server_cert.pem").toString(),
                "--private-key",
                keys.resolve("server_key.pem").toString(),
                "--bind",
                Peer.LOOPBACK,
                "--port",
                "0",
                "--count",
                "1000",
                "--timeout-ms",
                "30000"));
        command.addAll(List.of(mode));
        return AuditServerTest.start(
                "mbedtls_peer server " + String.join(" ", mode),
                command,
                Map.of(),
                Pattern.compile("^Listening on port (\\d+)$"));
    }

    static NativeBuild.Result mbedtlsBuild() {
        NativeBuild.Result build = NativeBuild.compile(
                "mbedtls_peer",
                NativeBuild.moduleDir().resolve("src/test/c/mbedtls_peer.c"),
                List.of("-lmbedtls", "-lmbedx509", "-lmbedcrypto"));
        AuditServerTest.requirePeer(
                build.ok() ? Optional.empty() : Optional.of(build.missing() + " (is libmbedtls-dev installed?)"));
        return build;
    }
}
