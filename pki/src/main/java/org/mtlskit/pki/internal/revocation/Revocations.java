package org.mtlskit.pki.internal.revocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.files.InputFiles;
import org.mtlskit.pki.internal.pem.PemBlocks;
import org.mtlskit.pki.internal.text.PrintableText;

/**
 * A CA's revocation state: which serials it revoked, when and why, and the number of its last CRL.
 * Kept as JSON beside the CA's files ({@code NAME_revocations.json}, see {@link org.mtlskit.pki.internal.profile.Profile#revocationsFile()}) and
 * replaced atomically on every change:
 *
 * <pre>
 * {
 *   "crlNumber" : 2,
 *   "revoked" : [ {
 *     "serial" : "6f1c...",            (hex, as openssl x509 -serial prints it, lower case)
 *     "subject" : "CN=localhost",      (for people; not used)
 *     "revokedAt" : "2026-11-26T18:00:00Z",
 *     "reason" : "keyCompromise"       (RFC 5280 CRLReason name)
 *   } ]
 * }
 * </pre>
 */
public record Revocations(long crlNumber, List<Entry> revoked) {

    public Revocations {
        revoked = List.copyOf(revoked);
    }

    public static final Revocations NONE = new Revocations(0, List.of());

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String serial, String subject, Instant revokedAt, String reason) {
        public BigInteger serialNumber() {
            return new BigInteger(serial, 16);
        }
    }

    /** RFC 5280 5.3.1 reason codes, by name, in code order (7 is not used). */
    public enum Reason {
        unspecified(0),
        keyCompromise(1),
        cACompromise(2),
        affiliationChanged(3),
        superseded(4),
        cessationOfOperation(5),
        certificateHold(6),
        removeFromCRL(8),
        privilegeWithdrawn(9),
        aACompromise(10);

        final int code;

        Reason(int code) {
            this.code = code;
        }

        public static Optional<Reason> named(String name) {
            return Arrays.stream(values()).filter(r -> r.name().equals(name)).findFirst();
        }

        /** The reasons a full CRL may carry: all but removeFromCRL. */
        public static String allowedNames() {
            return String.join(
                    ", ",
                    Arrays.stream(values())
                            .filter(r -> r.refusalInFullCrl() == null)
                            .map(Reason::name)
                            .toList());
        }

        /** Why a full CRL, the only kind ca-tool writes, cannot carry this reason; null when it can. */
        public String refusalInFullCrl() {
            return this != removeFromCRL
                    ? null
                    : "removeFromCRL is for delta CRLs only (RFC 5280 5.3.1); ca-tool "
                            + "writes full CRLs, from which a certificate no longer revoked is simply left out";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The state in {@code file}, or {@link #NONE} when there is none yet. Refused with one line naming
     * the file: not JSON of this shape, a CRL number outside 0 to 2^63 - 2 (the next CRL gets one
     * more), a serial that is not positive hex of at most 20 octets, an unknown reason or one a full
     * CRL cannot carry, a date outside the years 1950 to 9999.
     */
    public static Revocations read(Path file) {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return NONE;
        }
        byte[] bytes = InputFiles.read(file, InputFiles.Kind.REVOCATION_STATE);
        Stored s;
        try {
            s = JSON.readValue(bytes, Stored.class);
        } catch (IOException | RuntimeException e) {
            throw notState(file, PemBlocks.reason(e));
        }
        if (s == null) {
            throw notState(file, "empty");
        }
        if (s.crlNumber < 0 || s.crlNumber == Long.MAX_VALUE) {
            throw notState(
                    file, "crlNumber " + s.crlNumber + " is out of range; allowed: 0 to " + (Long.MAX_VALUE - 1));
        }
        List<Entry> entries = new ArrayList<>();
        List<StoredEntry> stored = s.revoked == null ? List.of() : s.revoked;
        for (int i = 0; i < stored.size(); i++) {
            StoredEntry e = stored.get(i);
            String where = "revoked[" + i + "].";
            if (e == null) {
                throw notState(file, where.substring(0, where.length() - 1) + " is null");
            }
            BigInteger serial;
            try {
                serial = new BigInteger(String.valueOf(e.serial), 16);
            } catch (NumberFormatException ex) {
                throw notState(
                        file, where + "serial: \"" + PrintableText.escape(String.valueOf(e.serial)) + "\" is not hex");
            }
            if (serial.signum() <= 0 || serial.bitLength() > 159) {
                throw notState(
                        file,
                        where + "serial: " + e.serial + " is not a serial RFC 5280 allows (positive, "
                                + "at most 20 octets)");
            }
            Optional<Reason> reason = Reason.named(e.reason);
            if (reason.isEmpty()) {
                throw notState(
                        file,
                        where + "reason: unknown reason \"" + PrintableText.escape(String.valueOf(e.reason))
                                + "\"; allowed: " + Reason.allowedNames());
            }
            if (reason.get().refusalInFullCrl() != null) {
                throw notState(file, where + "reason: " + reason.get().refusalInFullCrl());
            }
            Instant revokedAt;
            try {
                revokedAt = Instant.parse(String.valueOf(e.revokedAt));
            } catch (java.time.format.DateTimeParseException ex) {
                throw notState(
                        file,
                        where + "revokedAt: \"" + PrintableText.escape(String.valueOf(e.revokedAt))
                                + "\" is not a time such as 2030-01-31T12:00:00Z");
            }
            if (revokedAt.isBefore(Defaults.EARLIEST_TIME) || revokedAt.isAfter(Defaults.LATEST_TIME)) {
                throw notState(
                        file,
                        where + "revokedAt: " + e.revokedAt + " is outside the years 1950 to 9999 a CRL can hold");
            }
            entries.add(new Entry(e.serial.toLowerCase(Locale.ROOT), e.subject, revokedAt, e.reason));
        }
        return new Revocations(s.crlNumber, entries);
    }

    private static PkiException notState(Path file, String problem) {
        return PkiException.unusableInput(file + ": not a revocation state file this tool wrote (" + problem + ")");
    }

    public String toJson() {
        Stored s = new Stored();
        s.crlNumber = crlNumber;
        s.revoked = new ArrayList<>();
        for (Entry e : revoked) {
            StoredEntry se = new StoredEntry();
            se.serial = e.serial;
            se.subject = e.subject;
            se.revokedAt = e.revokedAt.toString();
            se.reason = e.reason;
            s.revoked.add(se);
        }
        try {
            return JSON.writeValueAsString(s) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Entry> find(BigInteger serial) {
        return revoked.stream().filter(e -> e.serialNumber().equals(serial)).findFirst();
    }

    public Revocations with(Entry entry) {
        List<Entry> all = new ArrayList<>(revoked);
        all.add(entry);
        return new Revocations(crlNumber, all);
    }

    public Revocations withCrlNumber(long number) {
        return new Revocations(number, revoked);
    }

    /** The JSON shape; plain fields so the file format does not depend on record support. */
    static final class Stored {
        public long crlNumber;
        public List<StoredEntry> revoked;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class StoredEntry {
        public String serial;
        public String subject;
        public String revokedAt;
        public String reason;
    }
}
