package org.mtlskit.pki.internal.inspect;

import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * How {@link Inspector} writes names, serials, key ids, signature algorithms and revocation reasons:
 * the way {@code openssl x509 -text} and RFC 5280 spell them, so output can be compared with openssl's.
 */
public final class OpenSslStyle {
    private OpenSslStyle() {}

    /** A name in the order it is encoded, as openssl prints it (C=.., O=.., CN=..). */
    public static String name(X500Name name) {
        return X500Name.getInstance(BCStyle.INSTANCE, name).toString();
    }

    static String hex(BigInteger value) {
        return value.toString(16).toLowerCase(Locale.ROOT);
    }

    static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }

    /** OpenSSL's names for the signature algorithms ca-tool and OpenSSL make; others by Bouncy Castle's name. */
    private static final Map<String, String> SIGNATURE_NAMES = Map.of(
            "1.2.840.10045.4.3.2", "ecdsa-with-SHA256",
            "1.2.840.10045.4.3.3", "ecdsa-with-SHA384",
            "1.2.840.10045.4.3.4", "ecdsa-with-SHA512",
            "1.2.840.113549.1.1.5", "sha1WithRSAEncryption",
            "1.2.840.113549.1.1.10", "rsassaPss",
            "1.2.840.113549.1.1.11", "sha256WithRSAEncryption",
            "1.2.840.113549.1.1.12", "sha384WithRSAEncryption",
            "1.2.840.113549.1.1.13", "sha512WithRSAEncryption",
            "1.3.101.112", "ED25519",
            "1.3.101.113", "ED448");

    static String algorithm(AlgorithmIdentifier id) {
        String oid = id.getAlgorithm().getId();
        if (SIGNATURE_NAMES.containsKey(oid)) {
            return SIGNATURE_NAMES.get(oid);
        }
        String name = new DefaultAlgorithmNameFinder().getAlgorithmName(id);
        return name == null ? oid : name;
    }

    /** keyCompromise, cACompromise, ...: RFC 5280's spelling of java's KEY_COMPROMISE, CA_COMPROMISE. */
    static String reasonName(CRLReason reason) {
        return switch (reason) {
            case CA_COMPROMISE -> "cACompromise";
            case AA_COMPROMISE -> "aACompromise";
            case REMOVE_FROM_CRL -> "removeFromCRL";
            default -> {
                String[] words = reason.name().toLowerCase(Locale.ROOT).split("_");
                StringBuilder b = new StringBuilder(words[0]);
                for (int i = 1; i < words.length; i++) {
                    b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
                }
                yield b.toString();
            }
        };
    }
}
