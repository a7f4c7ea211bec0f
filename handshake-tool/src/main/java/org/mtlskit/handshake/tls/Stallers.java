package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Connections that begin a handshake and then stall, for measuring what they cost a server's good
 * clients (handshake-tool bench --stall): each sends a tiny handshake record (one byte of a
 * handshake message) or a whole ClientHello, then nothing, until {@link #close()}.
 */
public final class Stallers implements AutoCloseable {
    /** What a staller sends before it stalls. */
    public enum After {
        TINY_RECORD,
        CLIENT_HELLO
    }

    private static final byte[] TINY_RECORD = {0x16, 0x03, 0x01, 0x00, 0x01, 0x01};

    private final List<SocketChannel> open = new ArrayList<>();

    /** Opens {@code count} connections to host:port, each sending its first bytes. */
    public Stallers(String host, int port, int count, After after) throws IOException {
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress(host, port));
                open.add(c);
                ByteBuffer first = after == After.TINY_RECORD ? ByteBuffer.wrap(TINY_RECORD) : clientHello();
                while (first.hasRemaining()) {
                    c.write(first);
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** A fresh ClientHello record from JSSE's client engine (TLS 1.3 and 1.2 offered). */
    private static ByteBuffer clientHello() throws IOException {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 0);
            engine.setUseClientMode(true);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            return out.flip();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS", e);
        }
    }

    public int count() {
        return open.size();
    }

    @Override
    public void close() {
        for (SocketChannel c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        open.clear();
    }
}
