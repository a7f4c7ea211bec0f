package org.mtlskit.handshake.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.mtlskit.pki.internal.jsse.PeerVerifier;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.internal.x509.NameSyntax;

/**
 * The client's side of an {@link EngineLink}: the same steps, waited for with a deadline. A write
 * or a read that fails is never the end of the story: what the peer sent before is read first,
 * and its alert, if any, is what the handshake ends with (as "Received fatal alert: NAME").
 */
final class ClientLink implements AutoCloseable {
    final EngineLink link;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    private ClientLink(SocketChannel channel, SSLEngine engine) throws IOException {
        this.channel = channel;
        this.link = new EngineLink(channel, engine);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
    }

    /** Connects (each address of the host in turn) and sets up a client engine that sends SNI for a DNS name. */
    static ClientLink open(
            SSLContext context, TlsVersion version, String host, String serverName, int port, long timeoutMillis)
            throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(host)) {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().connect(new InetSocketAddress(address, port), (int) timeoutMillis);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                SSLEngine engine = context.createSSLEngine(serverName, port);
                engine.setUseClientMode(true);
                engine.setEnabledProtocols(version.protocols());
                if (!NameSyntax.isIpLiteral(serverName) && serverName.contains(".")) {
                    SSLParameters params = engine.getSSLParameters();
                    params.setServerNames(List.of(new SNIHostName(serverName)));
                    engine.setSSLParameters(params);
                }
                return new ClientLink(channel, engine);
            } catch (IOException e) {
                channel.close();
                last = e;
            }
        }
        throw last;
    }

    SSLEngine engine() {
        return link.engine;
    }

    /**
     * Runs the handshake to its end.
     *
     * @throws SSLException our refusal, or the peer's alert (also one that arrived before a reset)
     * @throws IOException  the connection broke with no alert from the peer, or the deadline passed
     */
    void handshake(long deadline) throws IOException {
        link.engine.beginHandshake();
        while (true) {
            switch (link.handshake()) {
                case TASK -> link.runTasks();
                case WRITE -> flush(deadline);
                case READ -> read(deadline);
                case DONE -> {
                    return;
                }
            }
        }
    }

    /**
     * Runs the handshake to its end, as {@link #handshake(long)} does, within {@code timeout}. Null once it
     * completed; otherwise sends our alert and says why it failed: our verifier's refusal, the server's
     * alert, or the network.
     */
    HandshakeResult handshakeOrFailure(PeerVerifier verifier, Duration timeout) {
        try {
            handshake(System.nanoTime() + timeout.toNanos());
            return null;
        } catch (IOException | RuntimeException e) {
            Set<VerificationFailure> ours = verifier.takeRefusal(engine());
            sendAlert();
            return HandshakeResult.fromException(e, ours, "server", timeout, link.peerAnswered());
        }
    }

    /** Why a connect failed, in words: "cannot connect to HOST port N: connection refused". */
    static String cannotConnect(String host, int port, IOException e) {
        return "cannot connect to " + host + " port " + port + ": "
                + (e instanceof ConnectException ? "connection refused" : e.getMessage());
    }

    /** One line of application data (at most 200 characters kept), or null when the peer closed before any. */
    String readLine(long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            ByteBuffer data = link.data();
            try {
                while (data.hasRemaining()) {
                    byte b = data.get();
                    if (b == '\n') {
                        return line.toString();
                    }
                    if (line.length() < 200) {
                        line.append((char) (b & 0xff));
                    }
                }
            } finally {
                link.compactData();
            }
            if (!link.unwrapData()) {
                if (link.closedByPeer() || link.inputEnded() && link.readError() == null) {
                    return line.length() == 0
                            ? null
                            : new String(
                                    line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
                }
                read(deadline);
            }
        }
    }

    /** Sends application data (an audit's probe). */
    void write(byte[] bytes, long deadline) throws IOException {
        link.send(ByteBuffer.wrap(bytes));
        flush(deadline);
    }

    /** The first application data the peer sends (at most 200 characters of it), or null when it closes before any. */
    String readAny(long deadline) throws IOException {
        while (true) {
            ByteBuffer data = link.data();
            try {
                if (data.hasRemaining()) {
                    byte[] bytes = new byte[Math.min(200, data.remaining())];
                    data.get(bytes);
                    return new String(bytes, StandardCharsets.ISO_8859_1);
                }
            } finally {
                link.compactData();
            }
            if (!link.unwrapData()) {
                if (link.closedByPeer() || link.inputEnded() && link.readError() == null) {
                    return null;
                }
                read(deadline);
            }
        }
    }

    /** Reads (and drops) what the peer still sends until it closes; its alert is thrown. */
    void awaitEnd(long deadline) throws IOException {
        while (true) {
            ByteBuffer data = link.data();
            data.position(data.limit());
            link.compactData();
            if (!link.unwrapData()) {
                if (link.closedByPeer() || link.inputEnded() && link.readError() == null) {
                    return;
                }
                read(deadline);
            }
        }
    }

    /** Ends a good connection as TLS asks: our close_notify, then the linger of {@link #close}. */
    void closeNotify() {
        link.closeOutbound();
        try {
            flush(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Linger.MAX_MILLIS));
        } catch (IOException ignored) {
            // the peer is gone already; the handshake's result stands
        }
    }

    /** After a failed handshake: our alert, as far as it goes. */
    void sendAlert() {
        link.sendAlert();
        try {
            flush(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Linger.MAX_MILLIS));
        } catch (IOException ignored) {
            // the peer is gone already
        }
    }

    private void flush(long deadline) throws IOException {
        try {
            while (!link.flush()) {
                await(SelectionKey.OP_WRITE, deadline);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw told(e);
        }
    }

    /** Waits for bytes from the peer; once its input has ended, the ending is thrown, its alert first. */
    private void read(long deadline) throws IOException {
        if (link.inputEnded()) {
            String alert = link.peerAlert();
            if (alert != null) {
                throw new SSLException("Received fatal alert: " + alert);
            }
            if (link.readError() != null) {
                throw link.readError();
            }
            throw new EOFException("the peer closed the connection");
        }
        while (!link.read()) {
            await(SelectionKey.OP_READ, deadline);
        }
    }

    /** A broken write, told as the peer's alert when one had arrived before. */
    private IOException told(IOException e) {
        String alert = link.peerAlert();
        return alert != null ? new SSLException("Received fatal alert: " + alert, e) : e;
    }

    private void await(int op, long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        key.interestOps(op);
        selector.select(left);
        selector.selectedKeys().clear();
    }

    private boolean linger = true;

    /** {@link #close} then closes at once, without reading what the peer still sends. */
    void noLinger() {
        linger = false;
    }

    /** Closes as {@link Linger} does: stop sending, read what the peer still sends (bounded), close. */
    @Override
    public void close() {
        try {
            if (channel.isOpen() && linger) {
                channel.shutdownOutput();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Linger.MAX_MILLIS);
                ByteBuffer scratch = ByteBuffer.allocate(4096);
                while (System.nanoTime() < end) {
                    scratch.clear();
                    int n = channel.read(scratch);
                    if (n < 0) {
                        break;
                    }
                    if (n == 0) {
                        await(SelectionKey.OP_READ, end);
                    }
                }
            }
        } catch (IOException ignored) {
            // the peer is gone already
        } finally {
            try {
                selector.close();
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
