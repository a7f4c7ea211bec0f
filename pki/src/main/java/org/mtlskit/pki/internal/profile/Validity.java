package org.mtlskit.pki.internal.profile;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.mtlskit.pki.internal.Defaults;

/**
 * A certificate's validity as a profile states it: a number of days from now, or fixed instants
 * (so expired and not-yet-valid fixtures can be made). Exactly one of days and notAfter is set.
 */
public record Validity(Integer days, Instant notBefore, Instant notAfter) {

    static Validity ofDays(int days) {
        return new Validity(days, null, null);
    }

    /** The window this validity gives when a certificate is made at {@code now}, to the second. */
    public Window window(Instant now) {
        Instant start = notBefore != null ? notBefore : now.truncatedTo(ChronoUnit.SECONDS);
        Instant end = notAfter != null ? notAfter : start.plus(Duration.ofDays(days));
        return new Window(start, end);
    }

    /** Whether the validity is given by fixed dates, so a certificate cannot be "renewed" by re-making it. */
    public boolean isFixed() {
        return notAfter != null;
    }

    /** Length of the validity period, when it is given in days. */
    public Duration length() {
        return days == null ? null : Duration.ofDays(days);
    }

    /**
     * Why a certificate cannot hold {@code instant} exactly, or null: before 1950 or after 9999 (see
     * {@link Defaults#EARLIEST_TIME}), or a fraction of a second, which the certificate would drop,
     * so that fixtures would find it never matches its profile.
     */
    static String problem(Instant instant) {
        if (instant.isBefore(Defaults.EARLIEST_TIME) || instant.isAfter(Defaults.LATEST_TIME)) {
            return "is outside the years 1950 to 9999 that X.509 can encode (UTCTime from 1950, GeneralizedTime to 9999)";
        }
        if (instant.getNano() != 0) {
            return "has a fraction of a second; a certificate holds whole seconds";
        }
        return null;
    }

    public record Window(Instant notBefore, Instant notAfter) {}
}
