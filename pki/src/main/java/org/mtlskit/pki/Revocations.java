package org.mtlskit.pki;

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

/**
 * A CA's revocation state: which serials it revoked, when and why, and the number of its last CRL.
 * Kept as JSON beside the CA's files ({@code NAME_revocations.json}, see {@link #fileName}) and
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
        unspecified(0), keyCompromise(1), cACompromise(2), affiliationChanged(3), superseded(4),
        cessationOfOperation(5), certificateHold(6), removeFromCRL(8), privilegeWithdrawn(9), aACompromise(10);

        public final int code;

        Reason(int code) {
            this.code = code;
        }

        public static Optional<Reason> named(String name) {
            return Arrays.stream(values()).filter(r -> r.name().equals(name)).findFirst();
        }

        public static String allowedNames() {
            return String.join(", ", Arrays.stream(values()).map(Reason::name).toList());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The state file of the CA whose certificate file stem is {@code caProfile}'s. */
    public static String fileName(Profile caProfile) {
        return caProfile.certFile().replaceFirst("_cert\\.pem$", "").replaceFirst("\\.pem$", "") + "_revocations.json";
    }

    public static Revocations read(Path file) {
        if (!Files.exists(file)) {
            return NONE;
        }
        try {
            Stored s = JSON.readValue(file.toFile(), Stored.class);
            List<Entry> entries = new ArrayList<>();
            for (StoredEntry e : s.revoked == null ? List.<StoredEntry>of() : s.revoked) {
                new BigInteger(e.serial, 16);
                if (Reason.named(e.reason).isEmpty()) {
                    throw new IllegalArgumentException("unknown reason " + e.reason);
                }
                entries.add(new Entry(e.serial.toLowerCase(Locale.ROOT), e.subject, Instant.parse(e.revokedAt), e.reason));
            }
            return new Revocations(s.crlNumber, entries);
        } catch (IOException | RuntimeException e) {
            throw PkiException.unusableInput(file + ": not a revocation state file this tool wrote ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable") + ")");
        }
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
