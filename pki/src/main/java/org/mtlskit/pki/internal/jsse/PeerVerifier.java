package org.mtlskit.pki.internal.jsse;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.PKIXReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.mtlskit.pki.internal.verify.CertificateVerifier;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.internal.verify.VerificationRequest;
import org.mtlskit.pki.internal.verify.VerificationRules;

/**
 * JSSE's hook into {@link CertificateVerifier}: refuses a peer's chain with every reason, and
 * keeps the reasons per connection so the tool can print them after the handshake failed.
 */
public final class PeerVerifier extends X509ExtendedTrustManager {
    private final List<X509Certificate> anchors;
    private final List<X509CRL> crls;
    private final String hostname;
    private final Clock clock;
    private final VerificationRules rules;
    private final Map<Object, Set<VerificationFailure>> refusals = new ConcurrentHashMap<>();

    /**
     * @param hostname the name the server's SAN must match (client side), or null (server side)
     */
    public PeerVerifier(List<X509Certificate> anchors, List<X509CRL> crls, String hostname, Clock clock) {
        this(anchors, crls, hostname, clock, VerificationRules.RFC5280);
    }

    /** The same, judging by {@code rules} (rfc5280 or webpki). */
    public PeerVerifier(
            List<X509Certificate> anchors, List<X509CRL> crls, String hostname, Clock clock, VerificationRules rules) {
        this.anchors = List.copyOf(anchors);
        this.crls = List.copyOf(crls);
        this.hostname = hostname;
        this.clock = clock;
        this.rules = rules;
        warmUp();
    }

    /**
     * Judges the first trusted CA once, as its own chain, and forgets the verdict: the first
     * verdict loads Bouncy Castle's provider and its validator (about half a second, several on a
     * busy machine), which belongs to start-up, not to the first peer's handshake and its timeout.
     */
    private void warmUp() {
        if (!anchors.isEmpty()) {
            // the verdict itself does not matter here; a real peer's chain is judged again in full
            CertificateVerifier.verify(VerificationRequest.of(List.of(anchors.get(0)), anchors, clock.instant())
                    .rules(rules));
        }
    }

    /** The reasons we refused the peer on this connection (empty if we did not), forgotten once read. */
    public Set<VerificationFailure> takeRefusal(Object connection) {
        Set<VerificationFailure> f = refusals.remove(connection);
        return f == null ? Set.of() : f;
    }

    private void check(X509Certificate[] chain, CertificateVerifier.Purpose purpose, Object connection)
            throws CertificateException {
        List<X509Certificate> certs = chain == null ? List.of() : Arrays.asList(chain);
        Set<VerificationFailure> failures = java.util.EnumSet.noneOf(VerificationFailure.class);
        failures.addAll(CertificateVerifier.verify(VerificationRequest.of(certs, anchors, clock.instant())
                .crls(crls)
                .purpose(purpose)
                .rules(rules)
                .hostname(purpose == CertificateVerifier.Purpose.SERVER ? hostname : null)));
        // RFC 8446 4.4.2.2 / RFC 5246 7.4.6: a key that signs a TLS handshake has digitalSignature when keyUsage is
        // present, a CA certificate used as the leaf too (RFC 5280 alone, as ca-tool verify judges it, would let it
        // pass)
        boolean[] ku = certs.isEmpty() ? null : certs.get(0).getKeyUsage();
        if (ku != null && !ku[0]) {
            failures.add(VerificationFailure.KEY_USAGE);
        }
        if (failures.isEmpty()) {
            return;
        }
        if (connection != null) {
            refusals.put(connection, failures);
        }
        String words = failures.stream().map(VerificationFailure::words).collect(Collectors.joining(", "));
        CertificateException e = new CertificateException("certificate refused: " + words);
        e.initCause(new CertPathValidatorException(words, null, null, -1, reasonFor(failures)));
        throw e;
    }

    /**
     * A PKIX reason for JSSE to pick its alert from. JDK 17 uses it only as a TLS 1.2 client
     * (certificate_expired, bad_certificate); otherwise it sends certificate_unknown whatever the reason.
     */
    private static CertPathValidatorException.Reason reasonFor(Set<VerificationFailure> failures) {
        if (failures.contains(VerificationFailure.NOT_TRUSTED)) {
            return PKIXReason.NO_TRUST_ANCHOR;
        }
        if (failures.contains(VerificationFailure.REVOKED)) {
            return CertPathValidatorException.BasicReason.REVOKED;
        }
        if (failures.contains(VerificationFailure.EXPIRED)) {
            return CertPathValidatorException.BasicReason.EXPIRED;
        }
        if (failures.contains(VerificationFailure.NOT_YET_VALID)) {
            return CertPathValidatorException.BasicReason.NOT_YET_VALID;
        }
        return CertPathValidatorException.BasicReason.UNSPECIFIED;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, CertificateVerifier.Purpose.CLIENT, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, CertificateVerifier.Purpose.SERVER, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, CertificateVerifier.Purpose.CLIENT, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, CertificateVerifier.Purpose.SERVER, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, CertificateVerifier.Purpose.CLIENT, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, CertificateVerifier.Purpose.SERVER, null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.toArray(X509Certificate[]::new);
    }
}
