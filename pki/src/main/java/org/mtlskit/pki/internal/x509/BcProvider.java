package org.mtlskit.pki.internal.x509;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One Bouncy Castle provider instance, handed to the builders that need ciphers the JDK lacks
 * (AES/CBC/PKCS7Padding for encrypted keys). It is never registered with Security.addProvider,
 * and made only when first needed: building it takes a moment.
 */
public final class BcProvider {
    private BcProvider() {}

    private static final class Holder {
        static final Provider INSTANCE = new BouncyCastleProvider();
    }

    public static Provider get() {
        return Holder.INSTANCE;
    }
}
