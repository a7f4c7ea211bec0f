package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Our mbedTLS 2.28 peer (src/test/c/mbedtls_peer.c, see its README.md), compiled into target/.
 * TLS 1.2 only: mbedTLS 2.28 has no usable TLS 1.3. Verdict lines go to stdout: {@code Handshake
 * successful}, {@code Certificate verification errors: <mbedtls_x509_crt_verify_info text>}, or
 * {@code Peer refused: fatal alert received}; exit 0 or 1.
 *
 * <p>With {@code closeAtOnce} it closes as the demo's own programs do: after a failed handshake it
 * frees and closes at once, with our last flight unread, so its kernel resets the connection.
 */
final class MbedtlsPeer extends Peer {
    private final boolean closeAtOnce;

    MbedtlsPeer() {
        this(false);
    }

    MbedtlsPeer(boolean closeAtOnce) {
        this.closeAtOnce = closeAtOnce;
    }

    private static final String REFUSAL = "Certificate verification errors: ";
    private static final String PEER_REFUSED = "Peer refused: fatal alert received";
    private static final String TIMEOUT_MS = "10000";

    private static NativeBuild.Result build() {
        Path source = NativeBuild.moduleDir().resolve("src/test/c/mbedtls_peer.c");
        return NativeBuild.compile("mbedtls_peer", source, List.of("-lmbedtls", "-lmbedx509", "-lmbedcrypto"));
    }

    @Override
    String name() {
        return "mbedtls";
    }

    @Override
    String program(Role role) {
        return (role == Role.SERVER ? "mbedtls_peer server" : "mbedtls_peer client")
                + (closeAtOnce ? " --close-at-once" : "");
    }

    @Override
    boolean speaks(String tls) {
        return tls.equals("1.2");
    }

    @Override
    Optional<String> missing(Role role) {
        NativeBuild.Result b = build();
        return b.ok() ? Optional.empty() : Optional.of(b.missing() + " (is libmbedtls-dev installed?)");
    }

    @Override
    String version() {
        // The headers the peer was compiled against (libmbedtls-dev ships them with the library).
        try (PeerProcess gcc = PeerProcess.start(
                "gcc", List.of("gcc", "-dM", "-E", "-include", "mbedtls/version.h", "-x", "c", "/dev/null"))) {
            gcc.awaitExit(java.time.Duration.ofSeconds(30));
            return gcc.outLines().stream()
                    .filter(l -> l.startsWith("#define MBEDTLS_VERSION_STRING "))
                    .map(l -> "mbedTLS " + l.substring(l.indexOf('"')).replace("\"", ""))
                    .findFirst()
                    .orElse("mbedTLS ?");
        } catch (IOException e) {
            return "mbedTLS ?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "mbedTLS ?";
        }
    }

    @Override
    PeerProcess startServer(PeerFiles files, String tls) throws IOException {
        return PeerProcess.start(
                program(Role.SERVER),
                closing(List.of(
                        build().binary().toString(),
                        "server",
                        "--ca-certificate",
                        files.ca().toString(),
                        "--certificate",
                        files.certificate().toString(),
                        "--private-key",
                        files.key().toString(),
                        "--bind",
                        LOOPBACK,
                        "--port",
                        "0",
                        "--count",
                        "1",
                        "--timeout-ms",
                        TIMEOUT_MS)));
    }

    private List<String> closing(List<String> command) {
        if (!closeAtOnce) {
            return command;
        }
        List<String> c = new java.util.ArrayList<>(command);
        c.add("--close-at-once");
        return c;
    }

    @Override
    Pattern portLine() {
        return Pattern.compile("^Listening on port (\\d+)$");
    }

    @Override
    Pattern connectedLine() {
        return Pattern.compile("^Client connected\\.");
    }

    @Override
    PeerProcess startClient(PeerFiles files, String tls, int port) throws IOException {
        return PeerProcess.start(
                program(Role.CLIENT),
                closing(List.of(
                        build().binary().toString(),
                        "client",
                        "--ca-certificate",
                        files.ca().toString(),
                        "--certificate",
                        files.certificate().toString(),
                        "--private-key",
                        files.key().toString(),
                        "--server",
                        HOSTNAME,
                        "--host",
                        LOOPBACK,
                        "--port",
                        String.valueOf(port),
                        "--timeout-ms",
                        TIMEOUT_MS)));
    }

    @Override
    Verdict verdict(Role role, String tls, PeerProcess p) {
        Integer exit = p.exitCode();
        List<String> out = p.outLines();
        if (out.contains(PEER_REFUSED)) {
            return new Verdict(Verdict.Kind.REFUSED_BY_PEER, exit, PEER_REFUSED);
        }
        Optional<String> refusal = after(out, REFUSAL);
        if (refusal.isPresent()) {
            return new Verdict(Verdict.Kind.REFUSES, exit, refusal.get());
        }
        if (exit != null && exit == 0 && out.contains("Handshake successful")) {
            return new Verdict(Verdict.Kind.ACCEPTS, exit, "Handshake successful");
        }
        String why = after(out, "Handshake failed: ")
                .or(() -> p.errLines().stream().findFirst())
                .orElse(p.killed() ? "did not finish in time" : "no verdict line");
        return new Verdict(Verdict.Kind.FAILS, exit, why);
    }

    @Override
    Expected accepts(Role role, String tls, Peer other) {
        return new Expected(Verdict.Kind.ACCEPTS, 0, "Handshake successful");
    }

    @Override
    Expected refusesUntrustedPeer(Role role, String tls) {
        return new Expected(Verdict.Kind.REFUSES, 1, "The certificate is not correctly signed by the trusted CA");
    }

    @Override
    Expected refusedBy(Role role, String tls, Alert alert) {
        // mbedTLS does not tell which alert it received.
        return new Expected(Verdict.Kind.REFUSED_BY_PEER, 1, PEER_REFUSED);
    }

    @Override
    Alert alertWhenRefusing(Role role, String tls) {
        return Alert.UNKNOWN_CA;
    }
}
