package org.mtlskit.pki.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** New key pairs for test certificates, from the JDK's own generators. */
public final class TestKeys {
    private TestKeys() {}

    /** P-256. */
    public static KeyPair ecKey() {
        return generate("EC", new ECGenParameterSpec("secp256r1"), 0);
    }

    public static KeyPair rsaKey(int bits) {
        return generate("RSA", null, bits);
    }

    public static KeyPair ed25519Key() {
        return generate("Ed25519", null, 0);
    }

    /** RSA-2048 whose SubjectPublicKeyInfo says id-RSASSA-PSS, not rsaEncryption. */
    public static KeyPair rsaPssKey() {
        return generate("RSASSA-PSS", null, 2048);
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                g.initialize(spec);
            } else if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
