package org.mtlskit.handshake.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.verify.VerificationRules;
import org.mtlskit.pki.internal.x509.KeyMatch;

/**
 * What one side of a handshake holds: the CA certificates it trusts, its own certificate chain
 * (leaf first) and private key, read from PEM files as ca-tool and openssl write them; and the
 * rule set it judges the peer's chain by.
 */
public record HandshakeFiles(
        List<X509Certificate> trusted,
        List<X509Certificate> chain,
        PrivateKey key,
        List<X509CRL> crls,
        VerificationRules rules) {

    public HandshakeFiles {
        trusted = List.copyOf(trusted);
        chain = List.copyOf(chain);
        crls = List.copyOf(crls);
        rules = rules == null ? VerificationRules.RFC5280 : rules;
    }

    public HandshakeFiles(
            List<X509Certificate> trusted, List<X509Certificate> chain, PrivateKey key, List<X509CRL> crls) {
        this(trusted, chain, key, crls, VerificationRules.RFC5280);
    }

    /** The same, judging the peer by {@code ruleSet}. */
    public HandshakeFiles withRules(VerificationRules ruleSet) {
        return new HandshakeFiles(trusted, chain, key, crls, ruleSet);
    }

    public HandshakeFiles(List<X509Certificate> trusted, List<X509Certificate> chain, PrivateKey key) {
        this(trusted, chain, key, List.of());
    }

    /** The same files without CRLs, with an unencrypted key. */
    public static HandshakeFiles load(
            Path caFile, Path certFile, Path keyFile, String role, Instant now, Consumer<String> steps) {
        return load(caFile, certFile, keyFile, null, List.of(), role, now, steps);
    }

    /**
     * Reads and checks the three files, telling each step as the demo does ("Loading CA
     * certificate...", "Loading server certificate...", "Loading server private key...").
     *
     * @param role "server" or "client", for the step lines
     * @throws PkiException (unusable input) naming the file and what is wrong with it
     */
    public static HandshakeFiles load(
            Path caFile,
            Path certFile,
            Path keyFile,
            char[] password,
            List<Path> crlFiles,
            String role,
            Instant now,
            Consumer<String> steps) {
        steps.accept("Loading CA certificate...");
        List<X509Certificate> trusted = Pem.readCertificates(caFile);
        for (X509Certificate ca : trusted) {
            // A v1/v2 certificate has no extensions, so no CA flag: it is trusted as configured, as the
            // verifier, OpenSSL and mbedTLS do (OpenSSL 3.0 makes the demo's CA a v1 certificate).
            if (ca.getBasicConstraints() < 0 && ca.getVersion() >= 3) {
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        caFile + ": is not a CA certificate ("
                                + ca.getSubjectX500Principal().getName() + " has no basicConstraints CA:TRUE); "
                                + "give the certificate of the CA that signs the peer's certificate");
            }
            if (ca.getNotAfter().toInstant().isBefore(now)) {
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        caFile + ": the CA certificate "
                                + ca.getSubjectX500Principal().getName() + " expired on "
                                + ca.getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS));
            }
        }
        steps.accept("Loading " + role + " certificate...");
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        steps.accept("Loading " + role + " private key...");
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        if (!KeyMatch.matches(key, chain.get(0).getPublicKey())) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    keyFile + ": does not match the certificate in " + certFile + " ("
                            + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        List<X509CRL> crls = new ArrayList<>();
        for (Path crlFile : crlFiles) {
            steps.accept("Loading CRL...");
            crls.add(checkedCrl(crlFile, trusted, now));
        }
        return new HandshakeFiles(trusted, chain, key, crls);
    }

    /** A CRL that one of our CAs signed and that is current at {@code now}. */
    private static X509CRL checkedCrl(Path file, List<X509Certificate> trusted, Instant now) {
        X509CRL crl = Pem.readCrl(file);
        boolean signed = false;
        for (X509Certificate ca : trusted) {
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(ca.getPublicKey());
                    signed = true;
                    break;
                } catch (GeneralSecurityException e) {
                    // try the next CA of that name: the demo's two CAs share one
                }
            }
        }
        if (!signed) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    file + ": the CRL (issuer " + crl.getIssuerX500Principal().getName()
                            + ") is not signed by a CA in --ca-certificate");
        }
        if (crl.getThisUpdate().toInstant().isAfter(now)) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    file + ": the CRL is not valid yet (this update "
                            + crl.getThisUpdate().toInstant().truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    file + ": the CRL is out of date (its next update was due "
                            + crl.getNextUpdate().toInstant().truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        return crl;
    }
}
