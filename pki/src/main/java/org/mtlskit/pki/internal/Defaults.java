package org.mtlskit.pki.internal;

import java.nio.file.Path;
import java.time.Duration;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/** Every default the library applies when a profile or command leaves a value out, with its reason. */
public final class Defaults {
    private Defaults() {}

    /** The demo's ca.conf and cert.conf say default_bits = 4096. */
    public static final KeySpec KEY = KeySpec.RSA_4096;

    /**
     * The key of a Credential made in code (the Java API), unless its builder says otherwise: ECDSA
     * P-256, because a test makes several and a P-256 key takes about a millisecond where an RSA-4096
     * key takes a second or more; every TLS stack the tools target (mbedTLS 2.28 and 3.6, OpenSSL 3,
     * Java 17) accepts it. Profiles keep the demo's RSA-4096 ({@link #KEY}): their files stand in for
     * the demo's.
     */
    public static final KeySpec CREDENTIAL_KEY = KeySpec.EC_P256;

    /**
     * The shortest RSA (or DSA) key the verifier accepts anywhere on a path: 2048 bits, the floor of
     * mbedTLS 2.28's default verification profile and of OpenSSL 3 at security level 2 (112-bit security).
     */
    public static final int MIN_RSA_BITS = 2048;

    /** The demo's configs say default_md = sha256; every TLS stack in use accepts it. */
    public static final Digest DIGEST = Digest.SHA256;

    /** The demo signs its CA with -days 3650. */
    public static final int CA_DAYS = 3650;

    /** The demo signs its leaves with -days 365; also under the 398-day limit that browsers apply. */
    public static final int LEAF_DAYS = 365;

    /** The longest validity we accept: a hundred years, past which a typo is likelier than intent. */
    public static final int MAX_DAYS = 36500;

    /**
     * Serial numbers carry 128 random bits: RFC 5280 allows up to 20 octets, and CA/Browser Forum
     * rules ask for at least 64 bits from a CSPRNG.
     */
    public static final int SERIAL_RANDOM_BITS = 128;

    /**
     * PBKDF2 iterations for encrypted keys: 100,000, fifty times OpenSSL 3's default of 2048. Key
     * files are fixtures read at every tool start, so this stays well under a tenth of a second,
     * where password-storage advice (600,000 and more) would not.
     */
    public static final int KEY_ENCRYPTION_ITERATIONS = 100_000;

    /**
     * Iterations of a legacy PKCS#12's key derivation and MAC: 2048, what {@code openssl pkcs12 -export
     * -legacy} uses. The readers that need a legacy file (Java 8, old Android, Windows) were written
     * for such counts; the file is a test fixture, not a password store.
     */
    public static final int LEGACY_PKCS12_ITERATIONS = 2048;

    /** A CRL is valid for 30 days unless the CA profile says otherwise (crl.days). */
    public static final int CRL_DAYS = 30;

    /**
     * The largest profile (and OpenSSL config) read: 1 MiB. The demo's profiles are under 1 KiB and
     * one with a thousand SAN entries is about 30 KiB, so this only stops a wrong file (a log, a
     * disk image) before the YAML parser spends seconds and memory on it.
     */
    public static final long MAX_PROFILE_BYTES = 1L << 20;

    /**
     * The largest PEM file (and revocation state) read: 10 MiB. A chain of ten RSA-16384
     * certificates is about 50 KiB, and a CRL of 100,000 entries about 4 MiB.
     */
    public static final long MAX_PEM_BYTES = 10L << 20;

    /** The largest password file read: 4 KiB. A password is its first line; OpenSSL reads at most 1 KiB. */
    public static final long MAX_PASSWORD_FILE_BYTES = 4L << 10;

    /**
     * The longest password an encrypted key may have (UTF-8 bytes): openssl's pass phrase callback
     * reads 1024 bytes (PEM_BUFSIZE), so a longer one makes a key openssl cannot open.
     */
    public static final int MAX_KEY_PASSWORD_BYTES = 1024;

    /**
     * The longest file name a profile may give (bytes): NAME_MAX of Linux, the BSDs and macOS. A
     * temporary file's name is 29 bytes whatever its target's, so a name up to this length commits.
     */
    public static final int MAX_FILE_NAME_BYTES = 255;

    /**
     * The earliest and latest instants a certificate, CRL or --at may name: RFC 5280 4.1.2.5 writes
     * dates through 2049 as UTCTime, whose years start at 1950, and later ones as GeneralizedTime,
     * whose four digits end at 9999. Certificates hold whole seconds.
     */
    public static final java.time.Instant EARLIEST_TIME = java.time.Instant.parse("1950-01-01T00:00:00Z");

    public static final java.time.Instant LATEST_TIME = java.time.Instant.parse("9999-12-31T23:59:59Z");

    /** Where profiles and generated files live, as in the demo's keys/ folder. */
    /**
     * Intermediate CA certificates a path may hold (the leaf and the trust anchor do not count, as
     * in openssl verify -verify_depth): 8, mbedTLS 2.28's MBEDTLS_X509_MAX_INTERMEDIATE_CA, so a
     * chain we accept is not refused by an embedded peer for its length.
     */
    public static final int MAX_INTERMEDIATES = 8;

    /**
     * Issuer links the path search may check before it gives up (each costs one signature check,
     * about a millisecond): enough for every real chain and for PKITS, and a bound of well under a
     * second on purpose-made input such as many CA certificates of one subject and no key identifiers.
     */
    public static final int PATH_SEARCH_LINKS = 500;

    /**
     * Name-constraint comparisons allowed per path (each subtree of a constraining CA against each
     * name of the certificates below it): the figure Go's crypto/x509 and rustls's webpki use, far
     * above any real chain, and decided in milliseconds; past it the path is refused with its own
     * reason rather than checked for seconds.
     */
    public static final int NAME_CONSTRAINT_COMPARISONS = 250_000;

    public static final Path PROFILES_DIR = Path.of("profiles");
    public static final Path OUT_DIR = Path.of("keys");

    /** fixtures renews a certificate that expires within this time, so CI never runs on one about to lapse. */
    public static final Duration RENEW_WITHIN = Duration.ofDays(30);

    /**
     * The CA profile a command means when none is named (init, crl, revoke by serial, import-conf's
     * issuer): the demo's CA, whose files are ca_key.pem and ca_cert.pem.
     */
    public static final String CA_PROFILE = "ca";

    /**
     * The password of a truststore written without one: "changeit", Java's own default for its
     * cacerts, which keytool and JSSE users expect of a store that guards no secret.
     */
    public static final String TRUSTSTORE_PASSWORD = "changeit";

    /**
     * How long handshake-tool waits for a connect, a handshake or a read: a loopback handshake takes
     * milliseconds and one with a small embedded peer well under a second, so 5 s means the peer is
     * stuck, and a CI job hears so quickly.
     */
    public static final int HANDSHAKE_TIMEOUT_SECONDS = 5;

    /**
     * keyUsage when a profile names none. A CA signs certificates and CRLs (keyCertSign, cRLSign),
     * as RFC 5280 asks of a CA. A leaf signs handshakes (digitalSignature); an RSA leaf may also
     * be used for RSA key exchange in TLS 1.2 (keyEncipherment), as OpenSSL's and mkcert's leaves allow.
     */
    public static java.util.Set<KeyUsageBit> keyUsage(boolean ca, KeySpec key) {
        if (ca) {
            return java.util.EnumSet.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN);
        }
        return key.isRsa()
                ? java.util.EnumSet.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT)
                : java.util.EnumSet.of(KeyUsageBit.DIGITAL_SIGNATURE);
    }

    /** The file names the demo uses: NAME_key.pem, NAME_csr.pem, NAME_cert.pem, with '-' read as '_'. */
    public static String keyFile(String profileName) {
        return stem(profileName) + "_key.pem";
    }

    public static String csrFile(String profileName) {
        return stem(profileName) + "_csr.pem";
    }

    public static String certFile(String profileName) {
        return stem(profileName) + "_cert.pem";
    }

    private static String stem(String profileName) {
        return profileName.replace('-', '_');
    }

    /**
     * A notYetValid defect starts this many days ahead: far enough that no clock skew allowance
     * (minutes, at most a day) makes it valid, near enough to stay inside any validity check.
     */
    public static final int NOT_YET_VALID_DAYS = 30;

    /**
     * The unknownCriticalExtension defect's OID, under 1.3.6.1.4.1.32473, the enterprise number RFC 5612
     * reserves for documentation, so no stack can know it.
     */
    public static final String UNKNOWN_CRITICAL_EXTENSION_OID = "1.3.6.1.4.1.32473.17.1";
}
