package org.example.hello;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small mutual-TLS client: presents its keystore's certificate, trusts its truststore's CA,
 * checks the server's name (HTTPS rules), optionally sends a request, and returns the first line
 * the server answers.
 */
public final class HelloClient {
    private final SSLContext context;

    public HelloClient(SSLContext context) {
        this.context = context;
    }

    /** A client from a PKCS#12 keystore (key and chain) and truststore (the CA), both under {@code password}. */
    public static HelloClient fromKeystores(Path keystore, Path truststore, char[] password)
            throws IOException, GeneralSecurityException {
        return new HelloClient(context(load(keystore, password), password, load(truststore, password)));
    }

    /** An SSLContext with JSSE's own key and trust managers (PKIX) over these stores. */
    public static SSLContext context(KeyStore keys, char[] password, KeyStore trust) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    /**
     * Connects, handshakes, sends {@code request} (unless null) and returns the server's first line.
     *
     * @throws javax.net.ssl.SSLException when either side refuses the other
     */
    public String hello(String host, int port, String request) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            if (request != null) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
