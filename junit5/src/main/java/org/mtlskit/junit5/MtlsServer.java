package org.mtlskit.junit5;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link MtlsExtension} for a running {@link MtlsTestServer}: on 127.0.0.1 at a free port,
 * started before the test and stopped after it. It requires a client certificate and trusts the
 * test's {@link TestPki} CA; it presents the test's server credential, or an audit case's chain.
 *
 * <pre>{@code
 * @Test
 * void myClientRefusesAnExpiredServer(@MtlsServer(presenting = "server-expired") MtlsTestServer server) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface MtlsServer {
    /**
     * An audit case of the server role to present instead of the test's server credential (a name
     * from {@link AuditCertificates#names}, such as "server-expired"); clients must then trust
     * {@link AuditCertificates#trustAnchor}.
     */
    String presenting() default "";
}
