package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * curl presenting one audit case's chain to a server, exactly as the case's file holds it (curl
 * sends the file's certificates in order), pinned to one TLS version: how the truth about a server is
 * taken without the audit. A case without files is presented as no client certificate at all. curl
 * runs with OpenSSL's security level 0 (an OPENSSL_CONF of its own), or it would refuse to load the
 * MD5, SHA-1 and RSA-1024 cases itself and the server would never see them.
 */
final class PresentingClient {
    private PresentingClient() {}

    /** What curl got: its exit code, the HTTP status it read ("000" when none) and its last error line. */
    record Answer(int exit, String status, String error) {
        boolean served() {
            return exit == 0 && status.matches("2\\d\\d");
        }

        /** curl could not use the case's files (58: the key does not match the first certificate). */
        boolean couldNotPresent() {
            return exit == 58;
        }

        String words() {
            return "curl exit " + exit + ", HTTP " + status + (error.isEmpty() ? "" : ", " + error);
        }
    }

    static final String SECURITY_LEVEL_ZERO = """
            openssl_conf = openssl_init
            [openssl_init]
            ssl_conf = ssl_sect
            [ssl_sect]
            system_default = system_default_sect
            [system_default_sect]
            CipherString = DEFAULT@SECLEVEL=0
            """;

    private static synchronized Path securityLevelZero(Path battery) throws IOException {
        Path file = battery.resolveSibling("curl-openssl.cnf");
        if (!Files.exists(file)) {
            Files.writeString(file, SECURITY_LEVEL_ZERO);
        }
        return file;
    }

    static Optional<String> missing() {
        return Peer.onPath("curl").isPresent() ? Optional.empty() : Optional.of("curl not found on PATH");
    }

    /** GET https://localhost:PORT/ with the case's chain and key, trusting {@code ca}, on TLS {@code tls}. */
    static Answer get(Path battery, String caseName, Path ca, int port, String tls)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--max-time",
                "30",
                "--cacert",
                ca.toString(),
                "--resolve",
                "localhost:" + port + ":127.0.0.1",
                "--tlsv" + tls,
                "--tls-max",
                tls));
        // ca-tool names a profile's files with underscores: wrong-chain-order -> wrong_chain_order_cert.pem
        String base = caseName.replace('-', '_');
        Path cert = battery.resolve(base + "_cert.pem");
        Path key = battery.resolve(base + "_key.pem");
        if (Files.exists(cert) && Files.exists(key)) {
            command.addAll(List.of("--cert", cert.toString(), "--key", key.toString()));
        }
        command.add("https://localhost:" + port + "/");
        try (PeerProcess curl = PeerProcess.start(
                "curl " + caseName,
                command,
                Map.of("OPENSSL_CONF", securityLevelZero(battery).toString()),
                List.of())) {
            if (!curl.awaitExit(Duration.ofSeconds(60))) {
                return new Answer(-1, "000", "curl did not end within 60 s");
            }
            String status =
                    curl.outLines().isEmpty() ? "000" : curl.outLines().get(0).trim();
            List<String> err = curl.errLines();
            return new Answer(
                    curl.exitCode(),
                    status,
                    err.isEmpty() ? "" : err.get(err.size() - 1).trim());
        }
    }
}
