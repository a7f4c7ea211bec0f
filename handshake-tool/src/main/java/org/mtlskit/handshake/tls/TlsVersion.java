package org.mtlskit.handshake.tls;

/** Which TLS versions a side offers: both by default, or one pinned with --tls. */
public enum TlsVersion {
    ANY("TLSv1.3", "TLSv1.2"),
    TLS_1_2("TLSv1.2"),
    TLS_1_3("TLSv1.3");

    private final String[] protocols;

    TlsVersion(String... protocols) {
        this.protocols = protocols;
    }

    String[] protocols() {
        return protocols.clone();
    }

    /** From the command line's "1.2" or "1.3". */
    public static TlsVersion parse(String text) {
        return switch (text) {
            case "1.2" -> TLS_1_2;
            case "1.3" -> TLS_1_3;
            default -> throw new IllegalArgumentException("expected 1.2 or 1.3, got \"" + text + "\"");
        };
    }
}
