package org.mtlskit.handshake.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/**
 * Closes a TCP connection so that the last thing we sent (an alert, the verdict line) reaches
 * the peer. Closing with unread bytes makes the kernel send a reset, and a reset can destroy the
 * alert in the peer's buffer before it is read: the peer then sees "broken pipe" instead of our
 * refusal. So: stop sending, read what the peer still sends for a short while, then close.
 */
final class Linger {
    private Linger() {
    }

    static final long MAX_MILLIS = 1000;

    /**
     * Ends our side of a TLS connection that went well with close_notify, as TLS asks: OpenSSL 3
     * reads a bare TCP close as "unexpected eof while reading", and s_client then exits 1.
     */
    static void closeNotify(SSLSocket tls) {
        try {
            tls.shutdownOutput();
        } catch (IOException ignored) {
            // the peer is gone already; the handshake's result stands
        }
    }

    static void close(Socket raw) {
        if (raw == null || raw.isClosed()) {
            return;
        }
        try {
            raw.shutdownOutput();
            raw.setSoTimeout((int) MAX_MILLIS);
            InputStream in = raw.getInputStream();
            byte[] buffer = new byte[4096];
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS);
            while (System.nanoTime() < end && in.read(buffer) >= 0) {
                // discard until the peer closes
            }
        } catch (IOException ignored) {
            // the peer is gone already
        } finally {
            try {
                raw.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
