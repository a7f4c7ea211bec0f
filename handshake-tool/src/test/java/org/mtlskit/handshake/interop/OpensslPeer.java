package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * openssl s_server / s_client. The server requires a client certificate ({@code -Verify 1
 * -verify_return_error}), serves one connection ({@code -naccept 1}) and, once its handshake is
 * done, sends the line OK from its stdin, as handshake-tool serve does. The client checks the
 * chain and the name localhost and aborts on any verification error.
 *
 * <p>What they print (OpenSSL 3.0): a refusal is the line {@code verify error:num=20:unable to get
 * local issuer certificate} on stderr; a received alert is an error-queue line ending in {@code
 * sslv3 alert certificate unknown:...:SSL alert number 46}. s_server exits 0 whatever happened.
 */
final class OpensslPeer extends Peer {
    private static final Pattern VERIFY_ERROR = Pattern.compile("^verify error:num=\\d+:");
    private static final Pattern ALERT = Pattern.compile(":(\\w+ alert [a-z ]+):.*SSL alert number (\\d+)");
    private static final Pattern SSL_ERROR = Pattern.compile(":error:[0-9A-F]+:SSL routines:(\\w+):([^:]+):");
    private static final Pattern HANDSHAKE_DONE = Pattern.compile("^CIPHER is ");

    @Override
    String name() {
        return "openssl";
    }

    @Override
    String program(Role role) {
        return role == Role.SERVER ? "openssl s_server" : "openssl s_client";
    }

    @Override
    boolean speaks(String tls) {
        return true;
    }

    @Override
    Optional<String> missing(Role role) {
        return onPath("openssl").isPresent() ? Optional.empty() : Optional.of("openssl not found on PATH");
    }

    @Override
    String version() {
        // "OpenSSL 3.0.22 25 Aug 2026 (Library: ...)": the name and the version are enough.
        String[] words = firstLineOf(List.of("openssl", "version")).split(" ");
        return words.length >= 2 ? words[0] + " " + words[1] : words[0];
    }

    private static String versionFlag(String tls) {
        return tls.equals("1.2") ? "-tls1_2" : "-tls1_3";
    }

    @Override
    PeerProcess startServer(PeerFiles files, String tls) throws IOException {
        return PeerProcess.start(
                program(Role.SERVER),
                List.of(
                        "openssl",
                        "s_server",
                        "-accept",
                        LOOPBACK + ":0",
                        "-naccept",
                        "1",
                        "-cert",
                        files.certificate().toString(),
                        "-key",
                        files.key().toString(),
                        "-CAfile",
                        files.ca().toString(),
                        "-Verify",
                        "1",
                        "-verify_return_error",
                        versionFlag(tls)),
                Map.of(),
                // Like handshake-tool serve: tell an accepted client so (TLS 1.3 clients need it).
                List.of(new PeerProcess.Reply(HANDSHAKE_DONE, "OK\n")));
    }

    @Override
    Pattern portLine() {
        return Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    }

    @Override
    Pattern connectedLine() {
        return null;
    }

    @Override
    PeerProcess startClient(PeerFiles files, String tls, int port) throws IOException {
        return PeerProcess.start(
                program(Role.CLIENT),
                List.of(
                        "openssl",
                        "s_client",
                        "-connect",
                        LOOPBACK + ":" + port,
                        "-servername",
                        HOSTNAME,
                        "-verify_hostname",
                        HOSTNAME,
                        "-verify_return_error",
                        "-CAfile",
                        files.ca().toString(),
                        "-cert",
                        files.certificate().toString(),
                        "-key",
                        files.key().toString(),
                        versionFlag(tls)));
    }

    @Override
    Verdict verdict(Role role, String tls, PeerProcess p) {
        Integer exit = p.exitCode();
        List<String> lines = allLines(p);
        Optional<String> refusal = firstMatch(lines, VERIFY_ERROR);
        if (refusal.isPresent()) {
            return new Verdict(Verdict.Kind.REFUSES, exit, refusal.get());
        }
        Optional<String> alert = firstMatch(lines, ALERT);
        if (alert.isPresent()) {
            Matcher m = ALERT.matcher(alert.get());
            m.find();
            return new Verdict(
                    Verdict.Kind.REFUSED_BY_PEER, exit, m.group(1) + " (SSL alert number " + m.group(2) + ")");
        }
        if (role == Role.SERVER
                && firstMatch(p.outLines(), HANDSHAKE_DONE).isPresent()
                && p.errLines().contains("verify return:1")) {
            return new Verdict(Verdict.Kind.ACCEPTS, exit, "verify return:1");
        }
        if (role == Role.CLIENT && exit != null && exit == 0 && p.outLines().contains("Verification: OK")) {
            return new Verdict(Verdict.Kind.ACCEPTS, exit, "Verification: OK");
        }
        return new Verdict(
                Verdict.Kind.FAILS,
                exit,
                firstMatch(lines, SSL_ERROR)
                        .map(l -> {
                            Matcher m = SSL_ERROR.matcher(l);
                            m.find();
                            return m.group(1) + ": " + m.group(2);
                        })
                        .orElse(p.killed() ? "did not finish in time" : "no verdict line"));
    }

    @Override
    Expected accepts(Role role, String tls, Peer other) {
        return role == Role.SERVER
                ? new Expected(Verdict.Kind.ACCEPTS, 0, "verify return:1")
                : new Expected(Verdict.Kind.ACCEPTS, 0, "Verification: OK");
    }

    @Override
    Expected refusesUntrustedPeer(Role role, String tls) {
        return new Expected(
                Verdict.Kind.REFUSES,
                role == Role.SERVER ? 0 : 1,
                "verify error:num=20:unable to get local issuer certificate");
    }

    @Override
    Expected refusedBy(Role role, String tls, Alert alert) {
        return new Expected(
                Verdict.Kind.REFUSED_BY_PEER,
                role == Role.SERVER ? 0 : 1,
                alert.opensslText + " (SSL alert number " + alert.code + ")");
    }

    @Override
    Alert alertWhenRefusing(Role role, String tls) {
        return Alert.UNKNOWN_CA;
    }
}
