package org.mtlskit.handshake.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One TLS implementation of the matrix, in both roles: how to start it, how to read its verdict
 * from what it prints, and what it prints for each verdict (pinned, so a changed word turns a
 * cell red). Every server listens on 127.0.0.1 on a port the system picks; every client connects
 * to 127.0.0.1 and checks the name "localhost".
 */
abstract class Peer {

    enum Role {
        SERVER,
        CLIENT
    }

    static final String HOSTNAME = "localhost";
    static final String LOOPBACK = "127.0.0.1";

    /** How long a server may take to say which port it listens on (a JVM on a busy machine is slow). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** As the table names it: handshake-tool, openssl, mbedtls, gnutls. */
    abstract String name();

    /** What runs in that role, for example "openssl s_server". */
    abstract String program(Role role);

    /** "1.2" or "1.3". */
    abstract boolean speaks(String tls);

    /** Why this peer cannot run on this machine in that role; empty when it can. */
    abstract Optional<String> missing(Role role);

    /** The program and its version, for the table's header. */
    abstract String version();

    abstract PeerProcess startServer(PeerFiles files, String tls) throws IOException;

    /** The line a started server prints with its port (group 1). */
    abstract Pattern portLine();

    /** The line a server prints when a client connected, or null if it prints none. */
    abstract Pattern connectedLine();

    abstract PeerProcess startClient(PeerFiles files, String tls, int port) throws IOException;

    /**
     * Waits, at most {@code max}, until the server has finished with its one connection. Most
     * servers exit by themselves after one connection; a server that never exits overrides this.
     */
    void awaitServerEnd(PeerProcess server, Duration max) throws InterruptedException {
        server.awaitExit(max);
    }

    /** Whether this server tells an accepted client so (handshake-tool's "OK" line, which TLS 1.3 needs). */
    boolean confirmsAcceptance() {
        return true;
    }

    /** This side's conclusion, read from its exit code and output once it ended (or was killed). */
    abstract Verdict verdict(Role role, String tls, PeerProcess process);

    /** What this peer prints when it accepted the other side, which is {@code other}. */
    abstract Expected accepts(Role role, String tls, Peer other);

    /** What this peer prints when it refuses a certificate from a CA it does not trust. */
    abstract Expected refusesUntrustedPeer(Role role, String tls);

    /** What this peer prints when the other side refused it with {@code alert}. */
    abstract Expected refusedBy(Role role, String tls, Alert alert);

    /** The alert this peer sends when it refuses the other side's certificate. */
    abstract Alert alertWhenRefusing(Role role, String tls);

    @Override
    public String toString() {
        return name();
    }

    // ---- helpers for the subclasses

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The first line a short command prints (for versions), or "?" when it cannot run. */
    static String firstLineOf(List<String> command) {
        try (PeerProcess p = PeerProcess.start("version", command)) {
            p.awaitExit(Duration.ofSeconds(10));
            List<String> lines = p.outLines().isEmpty() ? p.errLines() : p.outLines();
            return lines.isEmpty() ? "?" : lines.get(0).trim();
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** The first line of {@code lines} that starts with {@code prefix}, without the prefix. */
    static Optional<String> after(List<String> lines, String prefix) {
        return lines.stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .map(l -> l.substring(prefix.length()).trim());
    }

    static Optional<String> firstMatch(List<String> lines, Pattern pattern) {
        return lines.stream().filter(l -> pattern.matcher(l).find()).findFirst();
    }

    static List<String> allLines(PeerProcess p) {
        List<String> all = new java.util.ArrayList<>(p.outLines());
        all.addAll(p.errLines());
        return all;
    }
}
