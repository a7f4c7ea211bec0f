package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nginx and HAProxy as the audit's devices: each started by the test as a child process in the
 * foreground (never the system's service), with its own configuration, pid and log files in a
 * temporary folder, listening on 127.0.0.1 on a port found free just before, answering HTTP 200 "OK"
 * to a client it lets in.
 */
final class WebServers {
    private WebServers() {}

    /** A started web server: its process, its port and its folder (config, logs). */
    record Started(PeerProcess process, int port, Path dir) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    static Optional<String> missing(String program, String pkg) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return Optional.empty();
            }
        }
        return Peer.onPath(program).isPresent()
                ? Optional.empty()
                : Optional.of(program + " not found (is " + pkg + " installed?)");
    }

    static String program(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return name;
    }

    /**
     * nginx asking for client certificates with {@code ssl_verify_client MODE}; its access log
     * (access.log) has one line per request: the status and {@code $ssl_client_verify}.
     */
    static Started nginx(Path root, String mode, Path ca, Path cert, Path key)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(root, "nginx-" + mode);
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            String conf = """
                    daemon off;
                    master_process on;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log info;
                    events { worker_connections 64; }
                    http {
                        log_format verdict '$status $ssl_client_verify $ssl_protocol';
                        access_log %1$s/access.log verdict;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        server {
                            listen 127.0.0.1:%2$d ssl;
                            server_name localhost;
                            ssl_certificate %3$s;
                            ssl_certificate_key %4$s;
                            ssl_client_certificate %5$s;
                            ssl_verify_client %6$s;
                            ssl_verify_depth 4;
                            ssl_protocols TLSv1.2 TLSv1.3;
                            location / { return 200 "OK\\n"; }
                        }
                    }
                    """.formatted(dir, port, cert, key, ca, mode);
            Path file = Files.writeString(dir.resolve("nginx.conf"), conf);
            PeerProcess p = PeerProcess.start(
                    "nginx " + mode,
                    List.of(
                            program("nginx"),
                            "-p",
                            dir.toString(),
                            "-e",
                            dir.resolve("error.log").toString(),
                            "-c",
                            file.toString()));
            if (awaitListening(p, port)) {
                return new Started(p, port, dir);
            }
            String transcript = p.transcript() + readIfThere(dir.resolve("error.log"));
            p.close();
            if (attempt == 3) {
                throw new IOException("nginx did not listen on port " + port + ":\n" + transcript);
            }
        }
    }

    /** HAProxy in HTTP mode, {@code verify required} on its bind line; its log goes to its stdout. */
    static Started haproxy(Path root, Path ca, Path cert, Path key) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(root, "haproxy");
        Path pem = dir.resolve("server.pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            String conf = """
                    global
                        log stdout format raw local0 info
                    defaults
                        mode http
                        log global
                        option httplog
                        timeout connect 10s
                        timeout client 30s
                        timeout server 30s
                    frontend audit
                        bind 127.0.0.1:%d ssl crt %s ca-file %s verify required
                        http-request return status 200 content-type text/plain string "OK"
                    """.formatted(port, pem, ca);
            Path file = Files.writeString(dir.resolve("haproxy.cfg"), conf);
            PeerProcess p = PeerProcess.start(
                    "haproxy",
                    List.of(
                            program("haproxy"),
                            "-db",
                            "-f",
                            file.toString(),
                            "-p",
                            dir.resolve("haproxy.pid").toString()),
                    Map.of(),
                    List.of());
            if (awaitListening(p, port)) {
                return new Started(p, port, dir);
            }
            String transcript = p.transcript();
            p.close();
            if (attempt == 3) {
                throw new IOException("haproxy did not listen on port " + port + ":\n" + transcript);
            }
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago (the server is started at once; a clash is retried). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(Peer.LOOPBACK))) {
            return s.getLocalPort();
        }
    }

    /** True once a TCP connection to the port succeeds; false if the process ends or 30 s pass. */
    static boolean awaitListening(PeerProcess p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + Peer.START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(Peer.LOOPBACK, port), 1000);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    static String readIfThere(Path file) {
        try {
            return Files.exists(file) ? "\n" + file + ":\n" + Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The access log's lines, waiting at most {@code max} for there to be more than {@code before}. */
    static List<String> accessLog(Started s, int before, Duration max) throws IOException, InterruptedException {
        Path log = s.dir().resolve("access.log");
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.size() > before || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(50);
        }
    }
}
