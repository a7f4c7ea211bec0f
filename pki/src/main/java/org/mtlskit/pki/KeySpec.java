package org.mtlskit.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/** The key types a profile can ask for, by the name used in YAML. */
public enum KeySpec {
    /** Too weak for use; a profile gets it only with defects: [rsa-1024] (see {@link org.mtlskit.pki.internal.defects.Defect}). */
    RSA_1024("rsa-1024", "RSA", 1024),
    RSA_2048("rsa-2048", "RSA", 2048),
    RSA_3072("rsa-3072", "RSA", 3072),
    RSA_4096("rsa-4096", "RSA", 4096),
    EC_P256("ec-p256", "EC", 256),
    EC_P384("ec-p384", "EC", 384),
    ED25519("ed25519", "Ed25519", 255);

    private final String yamlName;
    private final String algorithm;
    private final int bits;

    KeySpec(String yamlName, String algorithm, int bits) {
        this.yamlName = yamlName;
        this.algorithm = algorithm;
        this.bits = bits;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The key's size in bits (255 for Ed25519). */
    public int bits() {
        return bits;
    }

    /** The JCA key algorithm name: RSA, EC or Ed25519. */
    public String algorithm() {
        return algorithm;
    }

    public boolean isRsa() {
        return algorithm.equals("RSA");
    }

    /** A short human name, as in "RSA-4096" or "EC P-256". */
    public String displayName() {
        return switch (this) {
            case RSA_1024, RSA_2048, RSA_3072, RSA_4096 -> "RSA-" + bits;
            case EC_P256 -> "EC P-256";
            case EC_P384 -> "EC P-384";
            case ED25519 -> "Ed25519";
        };
    }

    public static Optional<KeySpec> fromYamlName(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
    }

    public static String allowedNames() {
        return String.join(
                ", ",
                Arrays.stream(values())
                        .filter(k -> !k.weak())
                        .map(KeySpec::yamlName)
                        .toList());
    }

    /** Whether only a deliberately broken profile may use it. */
    public boolean weak() {
        return this == RSA_1024;
    }

    /** The spec an existing public key has, if it is one of ours. */
    public static Optional<KeySpec> of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return Arrays.stream(values())
                    .filter(k -> k.isRsa() && k.bits == bits)
                    .findFirst();
        }
        if (key instanceof ECPublicKey ec) {
            // By the curve itself, not its size: secp256k1 and brainpoolP256r1 are 256 bits too, and
            // neither TLS stacks nor this JDK's signature provider take them.
            return isCurve(ec.getParams(), "secp256r1")
                    ? Optional.of(EC_P256)
                    : isCurve(ec.getParams(), "secp384r1") ? Optional.of(EC_P384) : Optional.empty();
        }
        if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
            return Optional.of(ED25519);
        }
        return Optional.empty();
    }

    private static boolean isCurve(java.security.spec.ECParameterSpec params, String name) {
        try {
            java.security.AlgorithmParameters named = java.security.AlgorithmParameters.getInstance("EC");
            named.init(new ECGenParameterSpec(name));
            java.security.spec.ECParameterSpec spec = named.getParameterSpec(java.security.spec.ECParameterSpec.class);
            return spec.getCurve().equals(params.getCurve())
                    && spec.getGenerator().equals(params.getGenerator())
                    && spec.getOrder().equals(params.getOrder())
                    && spec.getCofactor() == params.getCofactor();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + name, e);
        }
    }

    public KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            switch (this) {
                case RSA_1024, RSA_2048, RSA_3072, RSA_4096 ->
                    generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
                case EC_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                case EC_P384 -> generator.initialize(new ECGenParameterSpec("secp384r1"), random);
                case ED25519 -> generator.initialize(255, random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + displayName() + " keys", e);
        }
    }
}
