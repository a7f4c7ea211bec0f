package org.mtlskit.pki.internal.profile;

import java.util.Set;
import java.util.regex.Pattern;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/**
 * The rules a profile's values obey, in one place: {@link ProfileParser} refuses a profile that
 * breaks one, {@link org.mtlskit.pki.internal.confimport.ProfileImport} leaves the value out of the profile it writes and says why.
 */
public final class ProfileConstraints {
    private ProfileConstraints() {}

    /** The largest basicConstraints pathLen a profile may set; deeper chains are not what a test PKI needs. */
    static final int MAX_PATH_LEN = 16;

    /** RFC 5280's upper bound for a commonName (ub-common-name). */
    static final int MAX_CN_LENGTH = 64;

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** A two-letter country code such as DE or US, as a C attribute holds it. */
    public static boolean isCountryCode(String value) {
        return COUNTRY.matcher(value).matches();
    }

    public static boolean isTooLongForCn(String value) {
        return value.length() > MAX_CN_LENGTH;
    }

    public static boolean isPathLen(int value) {
        return value >= 0 && value <= MAX_PATH_LEN;
    }

    /** A keyUsage rule a set of bits can break. */
    public enum KeyUsageRule {
        CA_NEEDS_KEY_CERT_SIGN,
        KEY_CERT_SIGN_ONLY_FOR_CA,
        ENCIPHERMENT_NEEDS_RSA,
        ENCIPHER_ONLY_NEEDS_KEY_AGREEMENT
    }

    /**
     * The first keyUsage rule {@code bits} break, in this order, or null.
     *
     * @param key the profile's key, or null to leave the RSA rule unchecked (it is checked once the key is known)
     */
    public static KeyUsageRule brokenKeyUsageRule(Set<KeyUsageBit> bits, boolean ca, KeySpec key) {
        if (ca && !bits.contains(KeyUsageBit.KEY_CERT_SIGN)) {
            return KeyUsageRule.CA_NEEDS_KEY_CERT_SIGN;
        }
        if (!ca && bits.contains(KeyUsageBit.KEY_CERT_SIGN)) {
            return KeyUsageRule.KEY_CERT_SIGN_ONLY_FOR_CA;
        }
        if (key != null
                && !key.isRsa()
                && (bits.contains(KeyUsageBit.KEY_ENCIPHERMENT) || bits.contains(KeyUsageBit.DATA_ENCIPHERMENT))) {
            return KeyUsageRule.ENCIPHERMENT_NEEDS_RSA;
        }
        if ((bits.contains(KeyUsageBit.ENCIPHER_ONLY) || bits.contains(KeyUsageBit.DECIPHER_ONLY))
                && !bits.contains(KeyUsageBit.KEY_AGREEMENT)) {
            return KeyUsageRule.ENCIPHER_ONLY_NEEDS_KEY_AGREEMENT;
        }
        return null;
    }
}
