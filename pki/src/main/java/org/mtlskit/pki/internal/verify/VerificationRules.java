package org.mtlskit.pki.internal.verify;

import java.util.Locale;

/**
 * The rule set a chain is judged by. Both run RFC 5280 path validation and our checks of the
 * certificate profile; {@link #WEBPKI} adds the CA/Browser Forum rules a browser applies.
 */
public enum VerificationRules {
    /** RFC 5280 path validation (section 6) and the MUSTs of its certificate profile (section 4). */
    RFC5280,
    /** The same, plus Web PKI rules: key sizes and curves, EKU, CN spelling, wildcards, critical SAN. */
    WEBPKI;

    /** "rfc5280" or "webpki", as --rules takes them. */
    public static VerificationRules parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "rfc5280" -> RFC5280;
            case "webpki" -> WEBPKI;
            default -> throw new IllegalArgumentException("expected rfc5280 or webpki, got \"" + name + "\"");
        };
    }

    /** The name --rules takes. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
