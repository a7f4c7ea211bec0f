package org.mtlskit.handshake.audit;

import java.nio.file.Path;
import java.time.Duration;

/** The defaults of handshake-tool audit, each with its reason. */
public final class AuditDefaults {
    private AuditDefaults() {}

    /** Where ca-tool keeps the shipped battery's profiles and where fixtures makes its files. */
    public static final Path PROFILES = Path.of("profiles", "audit");

    public static final Path KEYS = Path.of("keys", "audit");

    /**
     * The probe: an HTTP request is also one line, so an HTTP server answers it (even with 400) and
     * a line-based server reads it as a line. GET rather than HEAD: some servers answer only GET
     * (openssl s_server -www), and a silent one costs the whole probe wait.
     */
    public static final String PROBE = "GET / HTTP/1.0\\r\\n\\r\\n";

    /**
     * How long we wait for the answer to the probe: a server that checks after the handshake drops
     * the connection within milliseconds on loopback; two seconds leaves room for a slow device and
     * keeps a battery of 23 cases on two versions under two minutes against a silent one.
     */
    public static final Duration PROBE_WAIT = Duration.ofSeconds(2);

    /**
     * audit server: how many cases are on the wire at once. A handful hides the probe wait of a
     * device that answers nothing (its cases no longer cost the wait one after another) while a
     * device that serves one connection at a time (the demo's server) only queues three in its
     * listen backlog, each still well within the bound; --parallel 1 is for devices that cannot.
     */
    public static final int IN_FLIGHT = 4;

    /**
     * audit client: how long we wait after the client's Finished for it to speak first (an HTTP
     * client sends its request at once) before we send the greeting (for clients that wait for the
     * server, as the demo's client does).
     */
    public static final Duration CLIENT_SPEAKS_FIRST = Duration.ofMillis(300);

    /**
     * audit client: what we answer an HTTP client's request with: a minimal 200 that lets an HTTP
     * client end as it does after any good exchange.
     */
    public static final String HTTP_ANSWER =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n" + "Connection: close\r\n\r\nOK\n";

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
