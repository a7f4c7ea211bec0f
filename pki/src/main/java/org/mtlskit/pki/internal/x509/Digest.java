package org.mtlskit.pki.internal.x509;

import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Optional;
import org.mtlskit.pki.PkiException;

/** The digest a certificate or CSR is signed with, as in OpenSSL's default_md. */
public enum Digest {
    SHA256("sha256", "SHA256"),
    SHA384("sha384", "SHA384"),
    SHA512("sha512", "SHA512"),
    /** Broken digests, for deliberately broken profiles only (defects: [sha1] or [md5]). */
    SHA1("sha1", "SHA1"),
    MD5("md5", "MD5");

    private final String yamlName;
    private final String jcaPrefix;

    Digest(String yamlName, String jcaPrefix) {
        this.yamlName = yamlName;
        this.jcaPrefix = jcaPrefix;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<Digest> fromYamlName(String name) {
        return Arrays.stream(values()).filter(d -> d.yamlName.equals(name)).findFirst();
    }

    public static String allowedNames() {
        return String.join(
                ", ",
                Arrays.stream(values())
                        .filter(d -> !d.weak())
                        .map(Digest::yamlName)
                        .toList());
    }

    /** Whether only a deliberately broken profile may use it; signing with it needs Bouncy Castle. */
    public boolean weak() {
        return this == SHA1 || this == MD5;
    }

    /** The JCA signature algorithm for a signer's key; Ed25519 has its digest built in. */
    public String signatureAlgorithm(PrivateKey signerKey) {
        return signatureAlgorithmFor(signerKey.getAlgorithm());
    }

    /** The same, from the signer's key algorithm name (RSA, EC, Ed25519). */
    public String signatureAlgorithmFor(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> jcaPrefix + "withRSA";
            case "EC" -> {
                if (this == MD5) {
                    throw new PkiException(
                            PkiException.Kind.UNUSABLE_INPUT,
                            "MD5 with an EC key does not exist; the md5 defect needs an RSA signer");
                }
                yield jcaPrefix + "withECDSA";
            }
            case "Ed25519", "EdDSA" -> {
                if (weak()) {
                    throw new PkiException(
                            PkiException.Kind.UNUSABLE_INPUT,
                            "Ed25519 has its digest built in; the " + yamlName + " defect needs an RSA or EC signer");
                }
                yield "Ed25519";
            }
            default ->
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        "cannot sign with a " + keyAlgorithm + " key; use RSA, EC or Ed25519");
        };
    }
}
