package org.mtlskit.handshake.audit;

/** An audit that cannot judge the device: one line a user can act on, and why. */
public final class AuditException extends RuntimeException {

    public enum Kind {
        /** The device could not be reached, or completed no handshake at all. */
        UNREACHABLE,
        /** We refused the device's own certificate: the CA or name we were given do not fit it. */
        DEVICE_CERTIFICATE_REFUSED
    }

    private final Kind kind;

    public AuditException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
