package org.mtlskit.handshake.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.mtlskit.pki.internal.verify.VerificationFailure;

/**
 * One of the demo's scenarios: which files each side uses, and what each side must conclude.
 *
 * @param serverFiles CA, certificate and key of the server, in that order
 * @param clientFiles CA, certificate and key of the client, in that order
 */
public record Scenario(
        String name,
        Path[] serverFiles,
        Path[] clientFiles,
        List<Path> serverCrls,
        Expectation server,
        Expectation client) {

    public Scenario(String name, Path[] serverFiles, Path[] clientFiles, Expectation server, Expectation client) {
        this(name, serverFiles, clientFiles, List.of(), server, client);
    }

    /** What one side must conclude: its verdict and, when it refuses, its reasons. */
    public record Expectation(HandshakeResult.Verdict verdict, Set<VerificationFailure> failures) {
        public static final Expectation ACCEPTS = new Expectation(HandshakeResult.Verdict.SUCCESS, Set.of());
        public static final Expectation REFUSED_BY_PEER =
                new Expectation(HandshakeResult.Verdict.PEER_REFUSED, Set.of());

        public static Expectation refuses(VerificationFailure... failures) {
            return new Expectation(HandshakeResult.Verdict.WE_REFUSED, Set.of(failures));
        }

        public boolean matches(HandshakeResult r) {
            return r.verdict() == verdict
                    && (verdict != HandshakeResult.Verdict.WE_REFUSED
                            || r.failures().equals(failures));
        }

        @Override
        public String toString() {
            return switch (verdict) {
                case SUCCESS -> "accepts";
                case PEER_REFUSED -> "refused by peer";
                case WE_REFUSED -> "refuses: " + words(failures);
                case FAILED -> "fails";
                case UNKNOWN -> "not known";
            };
        }
    }

    /** A result in the same words as an expectation, with the detail that helps when they differ. */
    public static String describe(HandshakeResult r) {
        return switch (r.verdict()) {
            case SUCCESS -> "accepts";
            case PEER_REFUSED -> "refused by peer (" + r.alert() + ")";
            case WE_REFUSED -> "refuses: " + words(r.failures());
            case FAILED -> "fails: " + r.cause();
            case UNKNOWN -> r.cause();
        };
    }

    public static String words(Set<VerificationFailure> failures) {
        return failures.stream().sorted().map(VerificationFailure::words).collect(Collectors.joining(", "));
    }

    /**
     * The demo's three scenarios over the files ca-tool writes into {@code keys}, and a fourth when
     * the revoked client and the CA's CRL are there: a server that checks the CRL refuses it.
     */
    public static List<Scenario> demo(Path keys) {
        Path ca = keys.resolve("ca_cert.pem");
        Path[] goodServer = {ca, keys.resolve("server_cert.pem"), keys.resolve("server_key.pem")};
        Path[] goodClient = {ca, keys.resolve("client_cert.pem"), keys.resolve("client_key.pem")};
        Path[] badClient = {ca, keys.resolve("bad_cert.pem"), keys.resolve("bad_key.pem")};
        Path[] badServer = {keys.resolve("bad_ca_cert.pem"), keys.resolve("bad_cert.pem"), keys.resolve("bad_key.pem")};
        List<Scenario> scenarios = new java.util.ArrayList<>(List.of(
                new Scenario(
                        "good client, good server", goodServer, goodClient, Expectation.ACCEPTS, Expectation.ACCEPTS),
                new Scenario(
                        "bad client (untrusted CA)",
                        goodServer,
                        badClient,
                        Expectation.refuses(VerificationFailure.NOT_TRUSTED),
                        Expectation.REFUSED_BY_PEER),
                new Scenario(
                        "bad server (untrusted CA)",
                        badServer,
                        goodClient,
                        Expectation.REFUSED_BY_PEER,
                        Expectation.refuses(VerificationFailure.NOT_TRUSTED))));
        Path revokedCert = keys.resolve("revoked_cert.pem");
        Path crl = keys.resolve("ca_crl.pem");
        if (java.nio.file.Files.exists(revokedCert) && java.nio.file.Files.exists(crl)) {
            scenarios.add(new Scenario(
                    "revoked client (CRL)",
                    goodServer,
                    new Path[] {ca, revokedCert, keys.resolve("revoked_key.pem")},
                    List.of(crl),
                    Expectation.refuses(VerificationFailure.REVOKED),
                    Expectation.REFUSED_BY_PEER));
        }
        return scenarios;
    }
}
