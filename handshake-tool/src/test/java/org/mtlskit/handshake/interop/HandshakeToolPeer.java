package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * handshake-tool serve / connect, run as a separate JVM on the test class path (the shaded jar is
 * not built yet in the test phase). Its verdict is its exit code (0 accepted, 4 we refused, 5 the
 * peer refused us, 6 anything else) and its stderr lines.
 */
final class HandshakeToolPeer extends Peer {
    private static final String MAIN_CLASS = "org.mtlskit.handshake.HandshakeTool";
    /** handshake-tool's default --timeout, which the "no verdict line" note names. */
    static final int TIMEOUT_SECONDS = 5;

    /** How connect's "Verdict unknown: " line starts, whatever the server did instead of a verdict. */
    static final String NOT_KNOWN = "not known whether the server accepted us";

    private static final Pattern ALERT = Pattern.compile("\\(it sent the alert (\\w+)[:)]");
    private static final String REFUSAL = "Certificate verification errors: ";

    @Override
    String name() {
        return "handshake-tool";
    }

    @Override
    String program(Role role) {
        return role == Role.SERVER ? "handshake-tool serve" : "handshake-tool connect";
    }

    @Override
    boolean speaks(String tls) {
        return true;
    }

    @Override
    Optional<String> missing(Role role) {
        return Optional.empty();
    }

    @Override
    String version() {
        return "handshake-tool (this build) on Java " + System.getProperty("java.version");
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Start-up flags only: a quicker JVM start, the same code.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                MAIN_CLASS));
        command.addAll(List.of(args));
        return command;
    }

    @Override
    PeerProcess startServer(PeerFiles files, String tls) throws IOException {
        return PeerProcess.start(
                program(Role.SERVER),
                java(
                        "serve",
                        "--ca-certificate",
                        files.ca().toString(),
                        "--certificate",
                        files.certificate().toString(),
                        "--private-key",
                        files.key().toString(),
                        "--bind",
                        LOOPBACK,
                        "-p",
                        "0",
                        "--count",
                        "1",
                        "--tls",
                        tls));
    }

    @Override
    Pattern portLine() {
        return Pattern.compile("^Listening on 127\\.0\\.0\\.1 port (\\d+)$");
    }

    @Override
    Pattern connectedLine() {
        return Pattern.compile("^Client connected\\.");
    }

    @Override
    PeerProcess startClient(PeerFiles files, String tls, int port) throws IOException {
        return PeerProcess.start(
                program(Role.CLIENT),
                java(
                        "connect",
                        "--ca-certificate",
                        files.ca().toString(),
                        "--certificate",
                        files.certificate().toString(),
                        "--private-key",
                        files.key().toString(),
                        "--server",
                        HOSTNAME,
                        "-p",
                        String.valueOf(port),
                        "--tls",
                        tls));
    }

    @Override
    Verdict verdict(Role role, String tls, PeerProcess p) {
        Integer exit = p.exitCode();
        List<String> err = p.errLines();
        if (exit == null) {
            boolean connected = role == Role.CLIENT
                    || firstMatch(p.outLines(), connectedLine()).isPresent();
            return new Verdict(Verdict.Kind.FAILS, null, connected ? "did not finish in time" : "no connection");
        }
        return switch (exit) {
            case 0 ->
                new Verdict(
                        Verdict.Kind.ACCEPTS,
                        0,
                        after(p.outLines(), "Note: ").map(n -> "Note: " + n).orElse(""));
            case 4 -> new Verdict(Verdict.Kind.REFUSES, 4, after(err, REFUSAL).orElse("(no reason line)"));
            case 5 -> new Verdict(Verdict.Kind.REFUSED_BY_PEER, 5, alert(err));
            case 10 ->
                new Verdict(
                        Verdict.Kind.NOT_KNOWN,
                        10,
                        after(err, "Verdict unknown: ")
                                .map(l -> l.startsWith(NOT_KNOWN) ? NOT_KNOWN : l)
                                .orElse("(no verdict line)"));
            default -> new Verdict(Verdict.Kind.FAILS, exit, cause(role, err));
        };
    }

    /** The alert named in "... (it sent the alert unknown_ca)". */
    private static String alert(List<String> err) {
        return firstMatch(err, ALERT)
                .map(l -> {
                    Matcher m = ALERT.matcher(l);
                    m.find();
                    return m.group(1);
                })
                .orElse("(no alert named)");
    }

    private static String cause(Role role, List<String> err) {
        String prefix = role == Role.SERVER ? "SSL handshake failed: " : "Handshake failed: ";
        return after(err, prefix).or(() -> err.stream().findFirst()).orElse("(no output)");
    }

    @Override
    Expected accepts(Role role, String tls, Peer other) {
        // A TLS 1.3 client finishes before the server judged it; against a server that never says
        // so (it closes, or stays silent for --timeout), connect does not guess: not known, exit 10.
        boolean unconfirmed = role == Role.CLIENT && tls.equals("1.3") && !other.confirmsAcceptance();
        return unconfirmed
                ? new Expected(Verdict.Kind.NOT_KNOWN, 10, NOT_KNOWN)
                : new Expected(Verdict.Kind.ACCEPTS, 0, "");
    }

    @Override
    Expected refusesUntrustedPeer(Role role, String tls) {
        return new Expected(Verdict.Kind.REFUSES, 4, "Certificate not trusted");
    }

    @Override
    Expected refusedBy(Role role, String tls, Alert alert) {
        return new Expected(Verdict.Kind.REFUSED_BY_PEER, 5, alert.jsseName);
    }

    @Override
    Alert alertWhenRefusing(Role role, String tls) {
        // JSSE picks certificate_unknown for a chain that our verifier refused, in both roles.
        return Alert.CERTIFICATE_UNKNOWN;
    }
}
