package org.mtlskit.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One Bouncy Castle provider instance, handed to the builders that need ciphers the JDK lacks
 * (AES/CBC/PKCS7Padding for encrypted keys). It is never registered with Security.addProvider,
 * and made only when first needed: building it takes a moment.
 */
final class BcProvider {
    private BcProvider() {
    }

    private static final class Holder {
        static final Provider INSTANCE = new BouncyCastleProvider();
    }

    static Provider get() {
        return Holder.INSTANCE;
    }
}
