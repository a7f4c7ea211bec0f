package org.mtlskit.pki.internal.jsse;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents our one certificate whatever the peer asks for, as openssl s_client -cert does: a
 * client whose certificate the server will refuse must still send it, so the refusal can be seen.
 */
public final class OwnKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "own";
    private final List<X509Certificate> chain;
    private final PrivateKey key;

    /** @param chain our certificate and the CAs above it, leaf first; {@code key} is the leaf's */
    public OwnKeyManager(List<X509Certificate> chain, PrivateKey key) {
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    private String aliasFor(String keyType) {
        // no key: a client that presents no certificate at all (an audit's case)
        return key != null && keyType != null && keyType.equals(key.getAlgorithm()) ? ALIAS : null;
    }

    private String aliasForAny(String[] keyTypes) {
        return keyTypes == null
                ? null
                : Arrays.stream(keyTypes)
                        .map(this::aliasFor)
                        .filter(a -> a != null)
                        .findFirst()
                        .orElse(null);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return aliasForAny(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return aliasForAny(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
