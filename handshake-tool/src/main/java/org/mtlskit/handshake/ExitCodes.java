package org.mtlskit.handshake;

import org.mtlskit.handshake.tls.HandshakeResult;
import org.mtlskit.pki.PkiException;

/** handshake-tool's exit codes, as listed in its --help and docs/handshake-tool.md. */
public final class ExitCodes extends org.mtlskit.cli.ExitCodes {
    private ExitCodes() {}

    public static final int UNUSABLE_FILE = 3;
    public static final int WE_REFUSED = 4;
    public static final int PEER_REFUSED = 5;
    public static final int NETWORK = 6;
    public static final int SCENARIO_MISMATCH = 7;
    /** audit: the device accepted what it must refuse, or refused what it must accept. */
    public static final int AUDIT_FAILED = 8;
    /** audit: no case was judged wrong, but some got no answer within the bound (twice): inconclusive. */
    public static final int AUDIT_INCONCLUSIVE = 9;
    /** connect, bench: our TLS 1.3 handshake completed, then the server closed or stayed silent without a verdict. */
    public static final int NOT_KNOWN = 10;
    /** A folder of ca-tool's files holds a commit a killed ca-tool run did not finish. */
    public static final int UNFINISHED_COMMIT = 11;

    static int of(PkiException.Kind kind) {
        return switch (kind) {
            case WRITE_FAILED -> INTERNAL;
            case UNFINISHED_COMMIT -> UNFINISHED_COMMIT;
            default -> UNUSABLE_FILE;
        };
    }

    static int of(HandshakeResult result) {
        return switch (result.verdict()) {
            case SUCCESS -> OK;
            case WE_REFUSED -> WE_REFUSED;
            case PEER_REFUSED -> PEER_REFUSED;
            case FAILED -> NETWORK;
            case UNKNOWN -> NOT_KNOWN;
        };
    }
}
