package org.mtlskit.handshake.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtlskit.pki.internal.revocation.CrlBuilder;
import org.mtlskit.pki.internal.revocation.Revocations;

/**
 * The {crl} of audit client: for each issuer of a revoked case, a CRL it signs now that lists those
 * cases. The issuer may be the CA the device trusts, whose files fixtures never writes, so the audit
 * makes the CRL itself, valid from a minute ago for a day.
 */
public final class RevocationList {
    private RevocationList() {}

    public static Path write(Battery battery, Path file, Instant now) throws IOException {
        Map<java.security.cert.X509Certificate, List<Battery.Case>> byIssuer = new LinkedHashMap<>();
        Map<java.security.cert.X509Certificate, Battery.Issuer> issuers = new LinkedHashMap<>();
        for (Battery.Case c : battery.cases()) {
            if (c.revokedBy() != null) {
                byIssuer.computeIfAbsent(c.revokedBy().certificate(), k -> new ArrayList<>())
                        .add(c);
                issuers.put(c.revokedBy().certificate(), c.revokedBy());
            }
        }
        StringBuilder pem = new StringBuilder();
        for (Map.Entry<java.security.cert.X509Certificate, List<Battery.Case>> e : byIssuer.entrySet()) {
            Revocations state = Revocations.NONE.withCrlNumber(1);
            for (Battery.Case c : e.getValue()) {
                state = state.with(new Revocations.Entry(
                        c.chain().get(0).getSerialNumber().toString(16),
                        c.chain().get(0).getSubjectX500Principal().getName(),
                        now.minus(Duration.ofMinutes(1)),
                        "keyCompromise"));
            }
            Battery.Issuer issuer = issuers.get(e.getKey());
            pem.append(CrlBuilder.pem(CrlBuilder.build(
                    issuer.certificate(),
                    issuer.key(),
                    issuer.digest(),
                    state,
                    now.minus(Duration.ofMinutes(1)),
                    now.plus(Duration.ofDays(1)))));
        }
        Files.writeString(file, pem.toString());
        return file;
    }
}
