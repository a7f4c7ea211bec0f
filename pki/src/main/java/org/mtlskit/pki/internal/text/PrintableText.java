package org.mtlskit.pki.internal.text;

/**
 * Text from certificates and files on its way to a terminal. Names in a certificate made elsewhere
 * can hold ESC, NUL or a newline: printed raw, they would drive the terminal or turn one line into
 * two. Every name both tools print passes through {@link #escape}, the one place that decides.
 */
public final class PrintableText {
    private PrintableText() {}

    /**
     * {@code text} with each character a terminal would act on written as an escape: C0 and C1
     * controls and DEL as {@code \xNN}, line and paragraph separators, bidirectional overrides and
     * lone surrogates as {@code \}{@code uNNNN}. Everything else, non-ASCII letters included, is kept.
     */
    public static String escape(String text) {
        if (text == null || firstUnprintable(text) < 0) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unprintableAt(text, i)) {
                b.append(c);
                if (Character.isHighSurrogate(c)) {
                    b.append(text.charAt(++i)); // its pair, checked by unprintableAt
                }
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    /**
     * What makes {@code text} unfit for a certificate field, or null: a control character or a lone
     * surrogate (which no UTF-8 encoding has), named by its code so the message itself stays printable.
     */
    public static String problem(String text) {
        int i = firstUnprintable(text);
        if (i < 0) {
            return null;
        }
        char c = text.charAt(i);
        String code = String.format("U+%04X", (int) c);
        return Character.isSurrogate(c)
                ? "holds a lone surrogate (" + code + "), which is not a character"
                : "holds a control character (" + code + ")";
    }

    private static int firstUnprintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unprintableAt(text, i)) {
                return i;
            }
            if (Character.isHighSurrogate(text.charAt(i))) {
                i++;
            }
        }
        return -1;
    }

    private static boolean unprintableAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c)
                || Character.isISOControl(c)
                || c == '\u2028'
                || c == '\u2029'
                || c >= '\u202a' && c <= '\u202e'
                || c >= '\u2066' && c <= '\u2069';
    }
}
