package org.mtlskit.pki;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A CA's revocations in a {@link Fixtures} run: the revocation state records each certificate made
 * revoked, and the CRL is signed again when it no longer fits. Both are staged before the
 * certificates they cover, so a kill between renames never shows a revoked certificate unlisted.
 */
final class CrlPublishing {
    private CrlPublishing() {
    }

    /**
     * Records in the CA's state every certificate just made whose profile says revoked, and writes
     * the CA's CRL when it is missing, lists other serials than the state, was signed by another
     * key, or has less than half of its period (or less than {@code renewWithin}) left.
     */
    static void publish(Path out, Clock clock, Profile ca, CertifiedKey caSigned, List<FixturesWriter.Made> made,
                        StagedFiles files, List<String> names, Duration renewWithin) {
        Path stateFile = out.resolve(ca.revocationsFile());
        Revocations state = Revocations.read(stateFile);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        boolean changed = false;
        for (FixturesWriter.Made m : made) {
            Profile.Extras extras = m.profile().extras();
            if (extras.revoked() != null && ca.name().equals(m.profile().issuer())
                    && FixturesPlan.notYetRecorded(state, m.signed().certificate().getSerialNumber())) {
                state = state.with(new Revocations.Entry(m.signed().certificate().getSerialNumber().toString(16),
                        m.signed().certificate().getSubjectX500Principal().getName(), now, extras.revoked().name()));
                changed = true;
            }
        }
        Path crlFile = out.resolve(ca.crlFile());
        Duration period = Duration.ofDays(ca.extras().crlDays());
        if (!changed && FixturesPlan.crlStillFits(crlFile, caSigned.certificate().getPublicKey(), state, now, period,
                renewWithin)) {
            return;
        }
        Revocations next = state.withCrlNumber(state.crlNumber() + 1);
        java.security.cert.X509CRL crl = CrlBuilder.build(caSigned.certificate(), caSigned.key(), ca.digest(), next, now,
                now.plus(period));
        // before the certificates they cover: a kill between renames never shows a revoked certificate unlisted
        files.stageBeforeOthers(stateFile.getFileName().toString(), next.toJson());
        names.add(stateFile.getFileName().toString());
        files.stageBeforeOthers(crlFile.getFileName().toString(), CrlBuilder.pem(crl));
        names.add(crlFile.getFileName().toString());
    }
}
