package org.mtlskit.pki.internal.lint;

/**
 * What the lint rules look at in a key file or keystore.
 *
 * @param format     how the key is stored
 * @param key        the key's algorithm when it can be read without a password, else null
 * @param encryption for an encrypted PKCS#8 key, its scheme (PBES2, PBES1, PKCS#12 PBE), else null
 * @param cipher     for PBES2, the cipher's name (AES-256-CBC, DES-EDE3-CBC, ...) or OID; else null
 */
public record KeyFacts(Format format, PublicKeyKind key, String encryption, String cipher) {

    public enum Format {
        /** PEM "PRIVATE KEY": PKCS#8, not encrypted. */
        PKCS8,
        /** PEM "ENCRYPTED PRIVATE KEY". */
        PKCS8_ENCRYPTED,
        /** PEM "RSA PRIVATE KEY" / "EC PRIVATE KEY", encrypted or not (OpenSSL's traditional form). */
        TRADITIONAL,
        /** A PKCS#12 keystore (binary DER PFX). */
        PKCS12
    }

    /**
     * A public key's kind.
     *
     * @param algorithm RSA, RSASSA-PSS, EC, Ed25519, Ed448, DSA, or the OID
     * @param bits      RSA modulus length or EC field size; 0 when not known
     * @param curve     the EC curve's NIST name (P-256, P-384, P-521) or other name or OID, else null
     */
    public record PublicKeyKind(String algorithm, int bits, String curve) {
        static PublicKeyKind ofOid(String oid) {
            return switch (oid) {
                case "1.3.101.112" -> new PublicKeyKind("Ed25519", 256, null);
                case "1.3.101.113" -> new PublicKeyKind("Ed448", 456, null);
                case "1.3.101.110" -> new PublicKeyKind("X25519", 256, null);
                case "1.2.840.10040.4.1" -> new PublicKeyKind("DSA", 0, null);
                default -> new PublicKeyKind(oid, 0, null);
            };
        }

        @Override
        public String toString() {
            return switch (algorithm) {
                case "RSA", "RSASSA-PSS" -> algorithm + "-" + bits;
                case "EC" -> "EC " + curve;
                default -> algorithm;
            };
        }
    }
}
