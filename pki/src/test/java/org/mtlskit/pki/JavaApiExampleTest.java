package org.mtlskit.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example, run: the demo's set made in memory and a mutual handshake on loopback
 * with it, then the demo's refusal of a client from the untrusted CA. The README shows exactly the
 * lines between the two EXAMPLE markers; a test below keeps the two the same.
 */
class JavaApiExampleTest {
    private final ExecutorService serving = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        serving.shutdownNow();
    }

    @Test
    void theDemoSetMadeInMemoryCompletesAMutualHandshakeAndRefusesTheUntrustedClient() throws Exception {
        // EXAMPLE START
        Credential ca = Credential.builder().commonName("My Test CA").certificateAuthority(0)
                .key(KeySpec.EC_P256).build();
        Credential server = Credential.builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .serverAuth().key(KeySpec.EC_P256).signedBy(ca).build();
        Credential client = Credential.builder().commonName("client").clientAuth()
                .key(KeySpec.EC_P256).signedBy(ca).build();
        Credential badCa = Credential.builder().commonName("My Test CA").certificateAuthority(0)
                .key(KeySpec.EC_P256).build();
        Credential badClient = Credential.builder().commonName("client").clientAuth()
                .key(KeySpec.EC_P256).signedBy(badCa).build();

        SSLContext serverContext = TlsContexts.builder().credential(server).trust(ca.certificate()).build();
        SSLContext clientContext = TlsContexts.builder().credential(client).trust(ca.certificate())
                .serverName("localhost").build();
        SSLContext badClientContext = TlsContexts.builder().credential(badClient).trust(ca.certificate())
                .serverName("localhost").build();
        // EXAMPLE END

        assertEquals("hello", exchange(serverContext, clientContext));
        // Refused: an alert (SSLException), or a reset that came first (a plain SSLSocket reads no further).
        assertThrows(IOException.class, () -> exchange(serverContext, badClientContext));
        assertEquals("Credential[CN=localhost]", server.toString(), "toString names the subject, never the key");
    }

    @Test
    void theReadmeShowsTheExampleAsItRuns() throws IOException {
        String test = Files.readString(Path.of("src/test/java/org/mtlskit/pki/JavaApiExampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        Matcher inTest = Pattern.compile("// EXAMPLE START\\n(.*?)\\n\\s*// EXAMPLE END", Pattern.DOTALL).matcher(test);
        Matcher inReadme = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
        assertTrue(inTest.find(), "example markers in this test");
        assertTrue(inReadme.find(), "a ```java block in the README");
        assertEquals(normalized(inTest.group(1)), normalized(inReadme.group(1)),
                "the README's Java example must be the lines between this test's EXAMPLE markers");
    }

    private static String normalized(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }

    /** One mutual handshake on loopback, port 0: the client sends "hello" and reads it back. */
    private String exchange(SSLContext serverContext, SSLContext clientContext) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(10_000);
            Future<?> served = serving.submit(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    byte[] line = s.getInputStream().readNBytes(5);
                    s.getOutputStream().write(line);
                    s.getOutputStream().flush();
                }
                return null;
            });
            String echoed;
            try (SSLSocket s = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                echoed = new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
            }
            if (echoed.length() < 5) {
                throw new SSLException("the server closed the connection: refused");
            }
            served.get(10, TimeUnit.SECONDS);
            return echoed;
        }
    }
}
