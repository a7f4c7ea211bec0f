package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.mtlskit.pki.ProfileParser;

/**
 * A mutual-TLS client: verifies the server's chain against its CA and the server's SAN against
 * the name it connected to, presents its own certificate, and reports success only once the
 * server has confirmed it accepted the client (see {@link TlsServer#VERDICT_LINE}).
 */
public final class TlsClient {
    private final TlsSetup setup;
    private final String server;
    private final Duration timeout;

    /**
     * @param server the host to connect to, and the name the server certificate's SAN must match
     */
    public TlsClient(Credentials credentials, TlsVersion version, Clock clock, String server, Duration timeout) {
        this.setup = new TlsSetup(credentials, version, server, clock);
        this.server = server;
        this.timeout = timeout;
    }

    /** Connects, handshakes and waits for the server's verdict; never throws for network trouble. */
    public HandshakeResult connect(int port, Consumer<String> steps) {
        steps.accept("Connecting to server...");
        Socket raw;
        try {
            raw = open(port);
        } catch (UnknownHostException e) {
            return HandshakeResult.failed("cannot resolve " + server);
        } catch (SocketTimeoutException e) {
            return HandshakeResult.failed("timed out after " + HandshakeResult.seconds(timeout) + " connecting to "
                    + server + " port " + port);
        } catch (IOException e) {
            return HandshakeResult.failed("cannot connect to " + server + " port " + port + ": "
                    + (e instanceof ConnectException ? "connection refused" : e.getMessage()));
        }
        SSLSocket tls = null;
        try {
            raw.setSoTimeout((int) timeout.toMillis());
            raw.setTcpNoDelay(true);
            tls = (SSLSocket) setup.context.getSocketFactory().createSocket(raw, server, port, false);
            tls.setUseClientMode(true);
            tls.setEnabledProtocols(setup.version.protocols());
            if (!ProfileParser.isIpLiteral(server) && server.contains(".")) {
                SSLParameters params = tls.getSSLParameters();
                params.setServerNames(java.util.List.of(new SNIHostName(server)));
                tls.setSSLParameters(params);
            }
            steps.accept("Starting handshake...");
            tls.startHandshake();
            HandshakeResult result = awaitVerdict(tls);
            if (result.succeeded()) {
                Linger.closeNotify(tls);
            }
            return result;
        } catch (IOException | RuntimeException e) {
            Set<org.mtlskit.pki.VerificationFailure> ours = tls == null ? Set.of() : setup.verifier.takeRefusal(tls);
            return HandshakeResult.fromException(e, ours, "server", timeout);
        } finally {
            if (tls != null) {
                setup.verifier.takeRefusal(tls);
            }
            Linger.close(raw);
        }
    }

    /**
     * For an audit of any server: connects and handshakes as {@link #connect} does, then, instead of
     * waiting for our own server's verdict line, sends {@code probe} and waits up to {@code wait} for
     * the server's answer, alert or close. Never throws for network trouble.
     */
    public ProbeResult probe(int port, byte[] probe, Duration wait) {
        Socket raw;
        try {
            raw = open(port);
        } catch (IOException e) {
            return new ProbeResult(HandshakeResult.failed("cannot connect to " + server + " port " + port + ": "
                    + (e instanceof ConnectException ? "connection refused" : e.getMessage())), null, null, null, false);
        }
        SSLSocket tls = null;
        try {
            raw.setSoTimeout((int) timeout.toMillis());
            raw.setTcpNoDelay(true);
            tls = (SSLSocket) setup.context.getSocketFactory().createSocket(raw, server, port, false);
            tls.setUseClientMode(true);
            tls.setEnabledProtocols(setup.version.protocols());
            if (!ProfileParser.isIpLiteral(server) && server.contains(".")) {
                SSLParameters params = tls.getSSLParameters();
                params.setServerNames(java.util.List.of(new SNIHostName(server)));
                tls.setSSLParameters(params);
            }
            tls.startHandshake();
        } catch (IOException | RuntimeException e) {
            Set<org.mtlskit.pki.VerificationFailure> ours = tls == null ? Set.of() : setup.verifier.takeRefusal(tls);
            Linger.close(raw);
            return new ProbeResult(HandshakeResult.fromException(e, ours, "server", timeout), null, null, null, false);
        }
        HandshakeResult done = HandshakeResult.success(tls.getSession(), null);
        try {
            tls.setSoTimeout((int) wait.toMillis());
            tls.getOutputStream().write(probe);
            tls.getOutputStream().flush();
            byte[] buffer = new byte[512];
            int n = tls.getInputStream().read(buffer);
            if (n < 0) {
                return new ProbeResult(done, ProbeResult.After.CLOSED, null, null, ticketSeen());
            }
            String first = new String(buffer, 0, n, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            Linger.closeNotify(tls);
            return new ProbeResult(done, ProbeResult.After.ANSWERED, null, printable(first), ticketSeen());
        } catch (SocketTimeoutException e) {
            Linger.closeNotify(tls);
            return new ProbeResult(done, ProbeResult.After.OPEN, null, null, ticketSeen());
        } catch (IOException e) {
            Matcher m = ALERT.matcher(String.valueOf(e.getMessage()));
            return m.find() ? new ProbeResult(done, ProbeResult.After.ALERT, m.group(1), null, ticketSeen())
                    : new ProbeResult(done, ProbeResult.After.CLOSED, null, null, ticketSeen());
        } finally {
            setup.verifier.takeRefusal(tls);
            Linger.close(raw);
        }
    }

    /** Whether a TLS 1.3 NewSessionTicket reached the client session cache of this client's own context. */
    private boolean ticketSeen() {
        return setup.context.getClientSessionContext().getIds().hasMoreElements();
    }

    private Socket open(int port) throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(server)) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                return s;
            } catch (IOException e) {
                closeQuietly(s);
                last = e;
            }
        }
        throw last;
    }

    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

    /**
     * After our handshake completed, the server may still refuse our certificate (TLS 1.3 lets the
     * client finish first). Wait for its verdict line or its alert. A TLS 1.2 handshake completes
     * only after the server accepted us, so there a short wait is enough.
     */
    private HandshakeResult awaitVerdict(SSLSocket tls) throws IOException {
        boolean tls13 = "TLSv1.3".equals(tls.getSession().getProtocol());
        Duration wait = tls13 ? timeout : Duration.ofMillis(Math.min(500, timeout.toMillis()));
        tls.setSoTimeout((int) wait.toMillis());
        try {
            String line = readLine(tls.getInputStream());
            if (line == null) {
                return HandshakeResult.success(tls.getSession(),
                        "the server closed the connection without a verdict line and without an alert");
            }
            return HandshakeResult.success(tls.getSession(), line.equals(TlsServer.VERDICT_LINE) ? null
                    : "the server sent \"" + printable(line) + "\" instead of the verdict line " + TlsServer.VERDICT_LINE);
        } catch (SocketTimeoutException e) {
            return HandshakeResult.success(tls.getSession(), tls13
                    ? "no verdict line and no alert from the server within " + HandshakeResult.seconds(wait)
                    : null);
        } catch (SSLException e) {
            return refusedAfterHandshake(e);
        }
    }

    /** The server's alert after our handshake completed: it refused us (TLS 1.3); anything else is rethrown. */
    static HandshakeResult refusedAfterHandshake(SSLException e) throws SSLException {
        Matcher m = ALERT.matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            return HandshakeResult.peerRefused("server", m.group(1), "after the handshake");
        }
        throw e;
    }

    /** One line (at most 200 characters of it kept), or null when the stream ends before any. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() < 200) {
                line.append((char) c);
            }
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static String printable(String s) {
        return new String(s.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }
}
