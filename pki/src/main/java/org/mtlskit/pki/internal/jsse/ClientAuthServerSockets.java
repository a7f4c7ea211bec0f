package org.mtlskit.pki.internal.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * Server sockets that ask every client for its certificate and refuse the handshake without one
 * ({@code setNeedClientAuth(true)}): JSSE's own factory asks for none, so a server made from a plain
 * SSLContext accepts a client that presents nothing.
 */
public final class ClientAuthServerSockets extends SSLServerSocketFactory {
    private final SSLServerSocketFactory delegate;

    public ClientAuthServerSockets(SSLServerSocketFactory delegate) {
        this.delegate = delegate;
    }

    private static ServerSocket requiringClientCertificates(ServerSocket socket) {
        ((SSLServerSocket) socket).setNeedClientAuth(true);
        return socket;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return requiringClientCertificates(delegate.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return requiringClientCertificates(delegate.createServerSocket(port));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return requiringClientCertificates(delegate.createServerSocket(port, backlog));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return requiringClientCertificates(delegate.createServerSocket(port, backlog, address));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
