package org.mtlskit.junit5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test what a mutual-TLS test needs, as parameters:
 * <ul>
 *   <li>{@link TestPki}: a fresh CA, server and client, made for this test;</li>
 *   <li>{@link MtlsTestServer} annotated {@link MtlsServer}: a server on a free loopback port presenting
 *       the test's server credential (or an audit case), started before the test and closed after it;</li>
 *   <li>{@link AuditCertificates}: the audit battery, made once per test run.</li>
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(MtlsExtension.class)
 * class MyClientTest {
 *     @Test
 *     void serverAcceptsMyClient(TestPki pki, @MtlsServer MtlsTestServer server) throws Exception {
 *         new MyClient(pki.clientContext()).call("localhost", server.port());
 *         server.assertAccepted();
 *     }
 * }
 * }</pre>
 */
public final class MtlsExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MtlsExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestPki.class
                || type == AuditCertificates.class
                || type == MtlsTestServer.class && parameter.isAnnotated(MtlsServer.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TestPki.class) {
            return pki(context);
        }
        if (type == AuditCertificates.class) {
            return audit(context);
        }
        MtlsServer wanted = parameter.findAnnotation(MtlsServer.class).orElseThrow();
        TestPki pki = pki(context);
        MtlsTestServer server;
        if (wanted.presenting().isEmpty()) {
            server = MtlsTestServer.start(
                    pki.server().chain(), pki.server().privateKey(), pki.ca().certificate());
        } else {
            AuditCertificates audit = audit(context);
            if (audit.audit(wanted.presenting()).role() != org.mtlskit.pki.internal.defects.AuditCase.Role.SERVER) {
                throw new ParameterResolutionException("@MtlsServer(presenting = \"" + wanted.presenting()
                        + "\"): a client case; a server presents one of "
                        + audit.names(org.mtlskit.pki.internal.defects.AuditCase.Role.SERVER));
            }
            server = MtlsTestServer.start(
                    audit.chain(wanted.presenting()),
                    audit.privateKey(wanted.presenting()),
                    pki.ca().certificate());
        }
        // Closed by JUnit when the test's context ends: after the test, whatever its outcome.
        context.getStore(NAMESPACE).put(new Object(), new Closing(server));
        return server;
    }

    /** One TestPki per test, shared by its parameters (the server trusts the CA the client's context trusts). */
    private static TestPki pki(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestPki.class, k -> TestPki.create(), TestPki.class);
    }

    /** One battery per test run: making its cases takes seconds. Its folder is removed when the run ends. */
    private static AuditCertificates audit(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        AuditCertificates.class,
                        k -> {
                            try {
                                Path dir = Files.createTempDirectory("mtlskit-audit");
                                return new Battery(dir, AuditCertificates.make(dir));
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot make a folder for the audit battery", e);
                            }
                        },
                        Battery.class)
                .certificates();
    }

    /** The battery and its folder, deleted when the run's store closes. */
    /** A server in the test's store: closed by every JUnit 5 version (both interfaces, as 5.13 asks). */
    private record Closing(MtlsTestServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    private record Battery(Path dir, AuditCertificates certificates)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
