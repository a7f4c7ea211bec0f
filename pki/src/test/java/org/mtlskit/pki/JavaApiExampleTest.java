package org.mtlskit.pki;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Java example of the README and docs/library.md, run: the demo's set made in memory (EC P-256, the
 * builder's default) and a mutual handshake on loopback with it, then the demo's refusal of a client
 * from the untrusted CA, by a server socket that asks for the client's certificate by itself. The two
 * pages show exactly the lines between the two EXAMPLE markers (and imports this test has).
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
        Credential ca = Credential.builder()
                .commonName("My Test CA")
                .certificateAuthority(0)
                .build();
        Credential server = Credential.builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .serverAuth()
                .signedBy(ca)
                .build();
        Credential client = Credential.builder()
                .commonName("client")
                .clientAuth()
                .signedBy(ca)
                .build();
        Credential badCa = Credential.builder()
                .commonName("My Test CA")
                .certificateAuthority(0)
                .build();
        Credential badClient = Credential.builder()
                .commonName("client")
                .clientAuth()
                .signedBy(badCa)
                .build();

        SSLServerSocketFactory serverSockets =
                TlsContexts.builder().credential(server).trust(ca.certificate()).buildServerSocketFactory();
        SSLContext clientContext = TlsContexts.builder()
                .credential(client)
                .trust(ca.certificate())
                .serverName("localhost")
                .build();
        SSLContext badClientContext = TlsContexts.builder()
                .credential(badClient)
                .trust(ca.certificate())
                .serverName("localhost")
                .build();
        // EXAMPLE END

        assertEquals("hello", exchange(serverSockets, clientContext));
        // Refused: an alert (SSLException), or a reset that came first (a plain SSLSocket reads no further).
        IOException refused = assertThrows(IOException.class, () -> exchange(serverSockets, badClientContext));
        assertFalse(refused instanceof java.net.SocketTimeoutException, "a timeout is no refusal: " + refused);
        assertEquals("EC", ca.privateKey().getAlgorithm(), "the builder's default key is EC P-256");
        assertEquals("Credential[CN=localhost]", server.toString(), "toString names the subject, never the key");
    }

    @Test
    void theServerSideRefusesAClientWithoutACertificate() throws Exception {
        Credential ca = Credential.builder()
                .commonName("My Test CA")
                .certificateAuthority(0)
                .build();
        Credential server = Credential.builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .serverAuth()
                .signedBy(ca)
                .build();
        SSLServerSocketFactory serverSockets =
                TlsContexts.builder().credential(server).trust(ca.certificate()).buildServerSocketFactory();
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, new javax.net.ssl.TrustManager[] {new TrustingOnly(ca)}, null);
        IOException refused = assertThrows(IOException.class, () -> exchange(serverSockets, anonymous));
        assertFalse(refused instanceof java.net.SocketTimeoutException, "a timeout is no refusal: " + refused);
        assertTrue(TlsContexts.serverParameters(SSLContext.getDefault()).getNeedClientAuth());
    }

    @Test
    void theFrontPageAndTheLibraryPageShowTheExampleAsItRuns() throws IOException {
        String test = Files.readString(Path.of("src/test/java/org/mtlskit/pki/JavaApiExampleTest.java"));
        Matcher inTest = Pattern.compile("// EXAMPLE START\\n(.*?)\\n\\s*// EXAMPLE END", Pattern.DOTALL)
                .matcher(test);
        assertTrue(inTest.find(), "example markers in this test");
        for (String page : List.of("../README.md", "../docs/library.md")) {
            Matcher inPage =
                    Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL).matcher(Files.readString(Path.of(page)));
            assertTrue(inPage.find(), "a ```java block in " + page);
            String block = inPage.group(1);
            // The block's imports name public classes that exist, as a user's code compiles them.
            for (String line :
                    block.lines().filter(l -> l.startsWith("import ")).toList()) {
                String name = line.substring("import ".length(), line.length() - 1);
                assertTrue(
                        java.lang.reflect.Modifier.isPublic(
                                assertDoesNotThrow(() -> Class.forName(name), page + ": " + line)
                                        .getModifiers()),
                        page + ": " + name + " is not public");
            }
            String code = block.lines().filter(l -> !l.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
            assertEquals(
                    normalized(inTest.group(1)),
                    normalized(code),
                    page + ": the Java example must be the lines between this test's EXAMPLE markers");
        }
    }

    private static String normalized(String code) {
        // Tokens only: the formatter may wrap the test's lines where the pages wrap them elsewhere.
        return code.replaceAll("\\s+", " ").replaceAll(" ?([().,;]) ?", "$1").strip();
    }

    /** One mutual handshake on loopback, port 0: the client sends "hello" and reads it back. */
    private String exchange(SSLServerSocketFactory serverSockets, SSLContext clientContext) throws Exception {
        // No setNeedClientAuth here: the factory's sockets must ask for the client's certificate themselves.
        try (SSLServerSocket listener =
                (SSLServerSocket) serverSockets.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
            try (SSLSocket s = (SSLSocket) clientContext
                    .getSocketFactory()
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

    /** A client's trust manager that trusts the test's CA only, for a client that presents no certificate. */
    private static final class TrustingOnly implements javax.net.ssl.X509TrustManager {
        private final Credential ca;

        TrustingOnly(Credential ca) {
            this.ca = ca;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            try {
                chain[0].verify(ca.certificate().getPublicKey());
            } catch (java.security.GeneralSecurityException e) {
                throw new java.security.cert.CertificateException("not signed by the test CA", e);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {ca.certificate()};
        }
    }
}
