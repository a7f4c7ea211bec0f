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

    /**
     * audit client: how long one case may take from starting the client's command to its Finished.
     * A client started afresh (a JVM, a shell) needs a second or two on a busy machine; ten leaves room
     * and keeps a command that hangs from holding the audit for long.
     */
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * audit client: what we send after the client's Finished. The demo's server and handshake-tool
     * serve send this line to an accepted client, so a client written for the demo reads what it
     * expects, and one that reads it and ends the session in order is told from one that gives up
     * without reading (see ServedCase).
     */
    public static final String GREETING = "OK\\n";
}
