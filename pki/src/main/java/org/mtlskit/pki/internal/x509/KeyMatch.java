package org.mtlskit.pki.internal.x509;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.mtlskit.pki.PkiException;

/** Whether a private key belongs to a public key, proved by signing and verifying, for any key type. */
public final class KeyMatch {
    private KeyMatch() {}

    private static final byte[] PROBE = "mtlskit key check".getBytes(StandardCharsets.US_ASCII);

    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(isEdDsa(privateKey.getAlgorithm()) && isEdDsa(publicKey.getAlgorithm()))) {
            return false;
        }
        try {
            String algorithm = Digest.SHA256.signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | PkiException e) {
            return false;
        }
    }

    private static boolean isEdDsa(String algorithm) {
        return algorithm.equals("Ed25519") || algorithm.equals("EdDSA");
    }
}
