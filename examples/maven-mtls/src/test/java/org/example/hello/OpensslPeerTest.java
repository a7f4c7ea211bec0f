package org.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The files the plugin made (target/mtlskit-keys) serve a non-Java peer: openssl verifies them, and
 * openssl s_server, requiring and verifying a client certificate, answers our client.
 */
class OpensslPeerTest {
    private static final Path KEYS = Path.of("target", "mtlskit-keys");

    @Test
    void opensslVerifiesTheClientCertificate() throws Exception {
        Process verify = new ProcessBuilder("openssl", "verify", "-CAfile", KEYS.resolve("ca_cert.pem").toString(),
                KEYS.resolve("client_cert.pem").toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "openssl verify did not end within 60 s");
        assertEquals(0, verify.exitValue(), output);
        assertTrue(output.strip().endsWith(": OK"), output);
    }

    @Test
    void opensslServerAcceptsOurClientWithTheExportedKeystores() throws Exception {
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1", "-www",
                "-cert", KEYS.resolve("server_cert.pem").toString(), "-key", KEYS.resolve("server_key.pem").toString(),
                "-CAfile", KEYS.resolve("ca_cert.pem").toString(), "-Verify", "1", "-verify_return_error")
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            String line;
            while (port < 0 && (line = lines.readLine()) != null) {
                if (line.startsWith("ACCEPT ")) {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
                }
            }
            assertTrue(port > 0, "openssl s_server did not say where it listens");
            char[] password = Files.readString(Path.of("src", "test", "keystore-password.txt")).strip().toCharArray();
            HelloClient client = HelloClient.fromKeystores(KEYS.resolve("client.p12"), KEYS.resolve("truststore.p12"),
                    password);

            String answer = client.hello("localhost", port, "GET / HTTP/1.0\r\n\r\n");

            assertEquals("HTTP/1.0 200 ok", answer);
            // The peer's own word: with -verify_return_error it ends 0 only after verifying our certificate.
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "openssl s_server did not end within 60 s");
            assertEquals(0, server.exitValue());
        } finally {
            server.destroy();
        }
    }
}
