package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * gnutls-serv / gnutls-cli (GnuTLS 3.7). The server requires and verifies a client certificate
 * ({@code --require-client-cert --verify-client-cert}) and echoes; it has no --count, so the
 * matrix ends it once it has printed its verdict. It stays on loopback through {@link
 * LoopbackOnly}. The client connects to 127.0.0.1 and checks the name localhost
 * ({@code --verify-hostname}). A priority string pins the TLS version.
 *
 * <p>What they print: {@code - Status: The certificate is trusted.} or {@code - Status: The
 * certificate is NOT trusted. The certificate issuer is unknown.} (both, on stdout); the client a
 * received alert as {@code *** Received alert [46]: Unknown certificate}, the server as {@code *
 * Received alert '46': Unknown certificate.} (TLS 1.3 only, see {@link #refusedBy}); the server its
 * failures as {@code Error in handshake: ...} on stderr.
 */
final class GnutlsPeer extends Peer {
    private static final String STATUS = "- Status: ";
    private static final String TRUSTED = "The certificate is trusted.";
    private static final Pattern NOT_TRUSTED = Pattern.compile("^- Status: The certificate is NOT trusted\\.");
    private static final Pattern SERVER_ALERT = Pattern.compile("^\\* Received alert '\\d+': ");
    private static final Pattern CLIENT_ALERT = Pattern.compile("^\\*\\*\\* Received alert \\[\\d+\\]: ");
    private static final Pattern SERVER_DONE =
            Pattern.compile("^Error in handshake: |^- Status: The certificate is trusted\\.");

    @Override
    String name() {
        return "gnutls";
    }

    @Override
    String program(Role role) {
        return role == Role.SERVER ? "gnutls-serv" : "gnutls-cli";
    }

    @Override
    boolean speaks(String tls) {
        return true;
    }

    @Override
    Optional<String> missing(Role role) {
        if (onPath(program(role)).isEmpty()) {
            return Optional.of(program(role) + " not found on PATH (package gnutls-bin)");
        }
        if (role == Role.SERVER) {
            NativeBuild.Result shim = LoopbackOnly.build();
            return shim.ok() ? Optional.empty() : Optional.of(shim.missing());
        }
        return Optional.empty();
    }

    @Override
    String version() {
        return firstLineOf(List.of("gnutls-cli", "--version")).replace("gnutls-cli ", "GnuTLS ");
    }

    private static String priority(String tls) {
        return "NORMAL:-VERS-ALL:+VERS-TLS" + tls;
    }

    @Override
    PeerProcess startServer(PeerFiles files, String tls) throws IOException {
        String preload = LoopbackOnly.build().binary().toString();
        String existing = System.getenv("LD_PRELOAD");
        return PeerProcess.start(
                program(Role.SERVER),
                List.of(
                        "gnutls-serv",
                        "--echo",
                        "-p",
                        "0",
                        "--x509cafile",
                        files.ca().toString(),
                        "--x509certfile",
                        files.certificate().toString(),
                        "--x509keyfile",
                        files.key().toString(),
                        "--require-client-cert",
                        "--verify-client-cert",
                        "--priority",
                        priority(tls)),
                Map.of("LD_PRELOAD", existing == null || existing.isEmpty() ? preload : preload + ":" + existing),
                List.of());
    }

    @Override
    Pattern portLine() {
        return Pattern.compile(LoopbackOnly.PORT_LINE);
    }

    @Override
    Pattern connectedLine() {
        return Pattern.compile("^\\* Accepted connection");
    }

    @Override
    void awaitServerEnd(PeerProcess server, Duration max) throws InterruptedException {
        // It serves forever: wait for its verdict on the one connection, then the matrix kills it.
        server.awaitLine(SERVER_DONE, max);
    }

    @Override
    boolean confirmsAcceptance() {
        return false;
    }

    @Override
    PeerProcess startClient(PeerFiles files, String tls, int port) throws IOException {
        return PeerProcess.start(
                program(Role.CLIENT),
                List.of(
                        "gnutls-cli",
                        LOOPBACK,
                        "-p",
                        String.valueOf(port),
                        "--sni-hostname",
                        HOSTNAME,
                        "--verify-hostname",
                        HOSTNAME,
                        "--x509cafile",
                        files.ca().toString(),
                        "--x509certfile",
                        files.certificate().toString(),
                        "--x509keyfile",
                        files.key().toString(),
                        "--priority",
                        priority(tls)));
    }

    @Override
    Verdict verdict(Role role, String tls, PeerProcess p) {
        // gnutls-serv runs until killed: its exit code says nothing, unless it ended by itself.
        Integer exit = role == Role.SERVER && p.killed() ? null : p.exitCode();
        List<String> lines = allLines(p);
        Optional<String> refusal = firstMatch(lines, NOT_TRUSTED);
        if (refusal.isPresent()) {
            return new Verdict(
                    Verdict.Kind.REFUSES,
                    exit,
                    refusal.get().substring(STATUS.length()).trim());
        }
        Optional<String> alert = firstMatch(lines, role == Role.SERVER ? SERVER_ALERT : CLIENT_ALERT);
        if (alert.isPresent()) {
            return new Verdict(Verdict.Kind.REFUSED_BY_PEER, exit, alert.get().trim());
        }
        Optional<String> failure = role == Role.SERVER
                ? firstMatch(p.errLines(), Pattern.compile("^Error in handshake: |^Error: "))
                : firstMatch(p.errLines(), Pattern.compile("^\\*\\*\\* "));
        boolean trusted = after(p.outLines(), STATUS).map(TRUSTED::equals).orElse(false);
        if (failure.isEmpty() && trusted && (role == Role.SERVER || exit != null && exit == 0)) {
            return new Verdict(Verdict.Kind.ACCEPTS, exit, TRUSTED);
        }
        if (failure.isPresent()) {
            return new Verdict(Verdict.Kind.FAILS, exit, failure.get().trim());
        }
        if (!p.killed()) {
            return new Verdict(Verdict.Kind.FAILS, exit, "no verdict line");
        }
        boolean connected = role == Role.CLIENT || p.firstLine(connectedLine()).isPresent();
        return new Verdict(Verdict.Kind.FAILS, exit, connected ? "did not finish in time" : "no connection");
    }

    @Override
    Expected accepts(Role role, String tls, Peer other) {
        return new Expected(Verdict.Kind.ACCEPTS, role == Role.SERVER ? null : 0, TRUSTED);
    }

    @Override
    Expected refusesUntrustedPeer(Role role, String tls) {
        return new Expected(
                Verdict.Kind.REFUSES,
                role == Role.SERVER ? null : 1,
                "The certificate is NOT trusted. The certificate issuer is unknown.");
    }

    @Override
    Expected refusedBy(Role role, String tls, Alert alert) {
        if (role == Role.CLIENT) {
            return new Expected(
                    Verdict.Kind.REFUSED_BY_PEER, 1, "*** Received alert [" + alert.code + "]: " + alert.gnutlsText);
        }
        if (tls.equals("1.2")) {
            // gnutls-serv 3.7.9, TLS 1.2: a fatal alert that comes instead of the client's
            // Certificate is not printed; the handshake error it reports is this one.
            return new Expected(Verdict.Kind.FAILS, null, "Error in handshake: No certificate was found.");
        }
        return new Expected(
                Verdict.Kind.REFUSED_BY_PEER, null, "* Received alert '" + alert.code + "': " + alert.gnutlsText + ".");
    }

    @Override
    Alert alertWhenRefusing(Role role, String tls) {
        // Seen on the wire (and by openssl s_client): a server sends access_denied in TLS 1.2 and 1.3, a
        // client bad_certificate. A TLS 1.2 gnutls-serv's alert used to be lost to the reset that follows it.
        return role == Role.SERVER ? Alert.ACCESS_DENIED : Alert.BAD_CERTIFICATE;
    }
}
