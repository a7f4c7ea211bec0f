package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A connection waiting for its first record, read by the server's selector thread: a 5-byte header
 * that must say "handshake, TLS 3.x, 1 to {@value TlsServer#MAX_FIRST_RECORD} bytes", then that many
 * bytes. It costs a socket and at most one record buffer, no thread.
 */
final class Waiting {
    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE_CONTENT_TYPE = 22;

    final SocketChannel channel;
    final InetSocketAddress from;
    /** System.nanoTime() at which the connection is closed unless its ClientHello came. */
    final long deadline;

    private final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
    private ByteBuffer record;
    SelectionKey key;

    Waiting(SocketChannel channel, InetSocketAddress from, long deadline) {
        this.channel = channel;
        this.from = from;
        this.deadline = deadline;
    }

    /**
     * Reads what arrived of the first record.
     *
     * @return null while it is not whole or once it is (see {@link #record()}); otherwise why the
     *         connection must be closed, in words
     */
    String read() {
        try {
            if (record == null) {
                if (channel.read(header) < 0) {
                    return "the client closed the connection during the handshake";
                }
                if (header.hasRemaining()) {
                    return null;
                }
                byte[] h = header.array();
                int length = ((h[3] & 0xff) << 8) | (h[4] & 0xff);
                if ((h[0] & 0xff) != HANDSHAKE_CONTENT_TYPE || h[1] != 3) {
                    return "the client does not speak TLS: its first bytes are \"" + printable(h)
                            + "\", not a TLS handshake record";
                }
                if (length == 0 || length > TlsServer.MAX_FIRST_RECORD) {
                    return "the client's first TLS record is " + length
                            + " bytes long; a ClientHello record holds 1 to " + TlsServer.MAX_FIRST_RECORD;
                }
                record = ByteBuffer.allocate(RECORD_HEADER + length).put(h);
            }
            if (channel.read(record) < 0) {
                return "the client closed the connection during the handshake";
            }
            return null;
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            return message.contains("reset")
                    ? "the client reset the connection during the handshake"
                    : "the connection broke during the handshake: " + message;
        }
    }

    /** The whole first record (read mode), or null while it is not whole. */
    ByteBuffer record() {
        return record == null || record.hasRemaining()
                ? null
                : record.duplicate().flip();
    }

    /** Why the connection is closed at its deadline. */
    String timedOut(Duration timeout) {
        int got = record == null ? header.position() : record.position();
        return "timed out after " + HandshakeResult.seconds(timeout) + " waiting for the client's ClientHello ("
                + (got == 0
                        ? "it sent nothing"
                        : "it sent " + got + " bytes of "
                                + (record == null ? "a record header" : record.capacity() + ""))
                + ")";
    }

    /** The first bytes a client sent, as text: printable ASCII kept, anything else shown as '.'. */
    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(b >= 0x20 && b < 0x7f && b != '"' ? (char) b : '.');
        }
        return s.toString();
    }
}
