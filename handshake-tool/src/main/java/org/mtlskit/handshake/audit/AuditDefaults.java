package org.mtlskit.handshake.audit;

import java.nio.file.Path;
import java.time.Duration;

/** The defaults of handshake-tool audit, each with its reason. */
public final class AuditDefaults {
    private AuditDefaults() {
    }

    /** Where ca-tool keeps the shipped battery's profiles and where fixtures makes its files. */
    public static final Path PROFILES = Path.of("profiles", "audit");
    public static final Path KEYS = Path.of("keys", "audit");

    /**
     * The probe: an HTTP request is also one line, so an HTTP server answers it (even with 400) and
     * a line-based server reads it as a line; a server that answers nothing is judged by the bound.
     */
    public static final String PROBE = "HEAD / HTTP/1.0\\r\\n\\r\\n";

    /**
     * How long we wait for the answer to the probe: a server that checks after the handshake drops
     * the connection within milliseconds on loopback; two seconds leaves room for a slow device and
     * keeps a battery of 23 cases on two versions under two minutes against a silent one.
     */
    public static final Duration PROBE_WAIT = Duration.ofSeconds(2);
}
