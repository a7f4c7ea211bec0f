package org.mtlskit.pki.internal.issue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileParser;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.testing.TestPki;

/** Certificates and CSRs built in memory, with a fixed clock and seeded randomness. */
class IssuanceTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00.750Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String BASIC_CONSTRAINTS = Extension.basicConstraints.getId();
    static final String KEY_USAGE = Extension.keyUsage.getId();
    static final String EXTENDED_KEY_USAGE = Extension.extendedKeyUsage.getId();
    static final String SUBJECT_ALT_NAME = Extension.subjectAlternativeName.getId();
    static final String SKI = Extension.subjectKeyIdentifier.getId();
    static final String AKI = Extension.authorityKeyIdentifier.getId();

    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    static final Profile CA = profile("ca", TestPki.ca("ec-p256"));
    static final Profile SERVER = profile("server", TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost"));
    static final Profile CLIENT = profile("client", TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost"));

    static KeyPair caKeys;
    static X509Certificate caCert;
    static KeyPair leafKeys;

    @BeforeAll
    static void makeCa() {
        caKeys = KeySpec.EC_P256.generate(seeded(1));
        caCert = Issuance.selfSigned(CA, caKeys, CLOCK, seeded(2));
        leafKeys = KeySpec.EC_P256.generate(seeded(3));
    }

    static Profile profile(String name, String yaml) {
        return ProfileParser.parse(name, Path.of(name + ".yaml"), yaml);
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issuance.Issuer ca() {
        return new Issuance.Issuer(caCert, caKeys.getPrivate());
    }

    static X509Certificate issue(Profile profile) {
        return Issuance.issue(profile, leafKeys.getPublic(), ca(), CLOCK, seeded(4));
    }

    static boolean[] keyUsage(KeyUsageBit... bits) {
        boolean[] expected = new boolean[9];
        for (KeyUsageBit bit : bits) {
            expected[bit.jcaIndex()] = true;
        }
        return expected;
    }

    static byte[] subjectKeyId(X509Certificate cert) {
        return SubjectKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(cert.getExtensionValue(SKI)).getOctets())
                .getKeyIdentifier();
    }

    static byte[] authorityKeyId(X509Certificate cert) {
        return AuthorityKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(cert.getExtensionValue(AKI)).getOctets())
                .getKeyIdentifierOctets();
    }

    static BasicConstraints basicConstraints(X509Certificate cert) {
        byte[] value = cert.getExtensionValue(BASIC_CONSTRAINTS);
        assertNotNull(value, "no basicConstraints");
        return BasicConstraints.getInstance(ASN1OctetString.getInstance(value).getOctets());
    }

    // ---- CA defaults ----

    @Test
    void caCertificateIsCriticalCaTrueWithoutPathLenByDefault() {
        assertTrue(caCert.getCriticalExtensionOIDs().contains(BASIC_CONSTRAINTS));
        assertTrue(basicConstraints(caCert).isCA());
        assertNull(basicConstraints(caCert).getPathLenConstraint());
        assertEquals(Integer.MAX_VALUE, caCert.getBasicConstraints());
    }

    @Test
    void caKeyUsageIsCriticalKeyCertSignAndCrlSign() {
        assertTrue(caCert.getCriticalExtensionOIDs().contains(KEY_USAGE));
        assertArrayEquals(keyUsage(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN), caCert.getKeyUsage());
    }

    @Test
    void caCertificateIsSelfSignedWithSkiAndNoEkuOrAki() throws Exception {
        assertEquals(caCert.getSubjectX500Principal(), caCert.getIssuerX500Principal());
        assertEquals("CN=My Test CA", caCert.getSubjectX500Principal().getName());
        caCert.verify(caKeys.getPublic());
        assertArrayEquals(
                new JcaX509ExtensionUtils()
                        .createSubjectKeyIdentifier(caKeys.getPublic())
                        .getKeyIdentifier(),
                subjectKeyId(caCert));
        assertFalse(caCert.getCriticalExtensionOIDs().contains(SKI));
        assertNull(caCert.getExtendedKeyUsage());
        assertNull(caCert.getExtensionValue(AKI));
        assertEquals(3, caCert.getVersion());
    }

    @Test
    void caPathLenIsWrittenIntoBasicConstraints() {
        Profile zero = profile("ca0", TestPki.ca("ec-p256") + "extensions:\n  basicConstraints:\n    pathLen: 0\n");
        Profile two = profile("ca2", TestPki.ca("ec-p256") + "extensions:\n  basicConstraints:\n    pathLen: 2\n");
        X509Certificate pathLenZero = Issuance.selfSigned(zero, caKeys, CLOCK, seeded(5));
        X509Certificate pathLenTwo = Issuance.selfSigned(two, caKeys, CLOCK, seeded(5));
        assertEquals(0, pathLenZero.getBasicConstraints());
        assertEquals(BigInteger.ZERO, basicConstraints(pathLenZero).getPathLenConstraint());
        assertEquals(2, pathLenTwo.getBasicConstraints());
        assertTrue(pathLenTwo.getCriticalExtensionOIDs().contains(BASIC_CONSTRAINTS));
    }

    @Test
    void leafProfileIsRefusedForSelfSignedCertificate() {
        assertThrows(IllegalArgumentException.class, () -> Issuance.selfSigned(SERVER, leafKeys, CLOCK, seeded(6)));
    }

    // ---- leaf defaults ----

    @Test
    void leafCertificateIsCriticalCaFalse() {
        X509Certificate server = issue(SERVER);
        assertTrue(server.getCriticalExtensionOIDs().contains(BASIC_CONSTRAINTS));
        assertFalse(basicConstraints(server).isCA());
        assertEquals(-1, server.getBasicConstraints());
    }

    @Test
    void serverCertificateHasSanAndServerAuthEku() throws Exception {
        X509Certificate server = issue(SERVER);
        assertEquals(List.of(SERVER_AUTH), server.getExtendedKeyUsage());
        assertFalse(server.getCriticalExtensionOIDs().contains(EXTENDED_KEY_USAGE));
        assertEquals(
                List.of(List.of(GeneralName.dNSName, "localhost")),
                new ArrayList<>(server.getSubjectAlternativeNames()));
        assertFalse(server.getCriticalExtensionOIDs().contains(SUBJECT_ALT_NAME));
        assertEquals("CN=localhost", server.getSubjectX500Principal().getName());
    }

    @Test
    void clientCertificateHasClientAuthEku() throws Exception {
        X509Certificate client = issue(CLIENT);
        assertEquals(List.of(CLIENT_AUTH), client.getExtendedKeyUsage());
    }

    @Test
    void certificateForBothPurposesListsServerAuthThenClientAuth() throws Exception {
        Profile both = profile("bad", TestPki.leaf("ca", "ec-p256", "[serverAuth, clientAuth]", "localhost"));
        assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), issue(both).getExtendedKeyUsage());
    }

    @Test
    void ecLeafKeyUsageIsCriticalDigitalSignatureOnly() {
        X509Certificate server = issue(SERVER);
        assertTrue(server.getCriticalExtensionOIDs().contains(KEY_USAGE));
        assertArrayEquals(keyUsage(KeyUsageBit.DIGITAL_SIGNATURE), server.getKeyUsage());
    }

    @Test
    void rsaLeafKeyUsageIsDigitalSignatureAndKeyEncipherment() {
        Profile rsa = profile("server", TestPki.leaf("ca", "rsa-2048", "[serverAuth]", "localhost"));
        KeyPair keys = KeySpec.RSA_2048.generate(seeded(7));
        X509Certificate server = Issuance.issue(rsa, keys.getPublic(), ca(), CLOCK, seeded(8));
        assertArrayEquals(keyUsage(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT), server.getKeyUsage());
        assertTrue(server.getCriticalExtensionOIDs().contains(KEY_USAGE));
    }

    @Test
    void keyUsageFromProfileReplacesTheDefault() {
        Profile signer = profile(
                "signer",
                TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost")
                        + "  keyUsage: [digitalSignature, nonRepudiation]\n");
        assertArrayEquals(
                keyUsage(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.NON_REPUDIATION),
                issue(signer).getKeyUsage());
    }

    @Test
    void subjectAltNameCarriesDnsIpEmailAndUriEntries() throws Exception {
        Profile all = profile(
                "server",
                "issuer: ca\nkey: ec-p256\nsubject:\n  CN: localhost\nextensions:\n"
                        + "  extendedKeyUsage: [serverAuth]\n  subjectAltName:\n"
                        + "    dns: [localhost, \"*.example.test\"]\n"
                        + "    ip: [127.0.0.1, \"::1\"]\n"
                        + "    email: [ops@example.test]\n"
                        + "    uri: [\"spiffe://test/server\"]\n");
        X509Certificate server = issue(all);
        assertEquals(
                List.of(
                        List.of(GeneralName.dNSName, "localhost"),
                        List.of(GeneralName.dNSName, "*.example.test"),
                        List.of(GeneralName.iPAddress, "127.0.0.1"),
                        List.of(GeneralName.iPAddress, "0:0:0:0:0:0:0:1"),
                        List.of(GeneralName.rfc822Name, "ops@example.test"),
                        List.of(GeneralName.uniformResourceIdentifier, "spiffe://test/server")),
                new ArrayList<>(server.getSubjectAlternativeNames()));
    }

    @Test
    void leafWithoutSanOrEkuHasNeitherExtension() throws Exception {
        Profile plain = profile("plain", "issuer: ca\nkey: ec-p256\nsubject:\n  CN: device-7\n");
        X509Certificate cert = issue(plain);
        assertNull(cert.getSubjectAlternativeNames());
        assertNull(cert.getExtendedKeyUsage());
        assertNotNull(cert.getExtensionValue(SKI));
        assertNotNull(cert.getExtensionValue(AKI));
    }

    @Test
    void issuedCertificateHasItsOwnSkiAndAkiEqualToIssuersSki() throws Exception {
        X509Certificate server = issue(SERVER);
        assertArrayEquals(
                new JcaX509ExtensionUtils()
                        .createSubjectKeyIdentifier(leafKeys.getPublic())
                        .getKeyIdentifier(),
                subjectKeyId(server));
        assertArrayEquals(subjectKeyId(caCert), authorityKeyId(server));
        assertFalse(server.getCriticalExtensionOIDs().contains(AKI));
    }

    @Test
    void subjectKeepsTheProfilesAttributeOrder() {
        Profile named = profile(
                "named",
                "issuer: ca\nkey: ec-p256\nsubject:\n  C: DE\n  ST: Berlin\n  L: Berlin\n"
                        + "  O: Example\n  OU: Test\n  CN: device-7\n  emailAddress: ops@example.test\n");
        X500Name subject =
                X500Name.getInstance(issue(named).getSubjectX500Principal().getEncoded());
        assertEquals("C=DE,ST=Berlin,L=Berlin,O=Example,OU=Test,CN=device-7,E=ops@example.test", subject.toString());
    }

    // ---- serial ----

    @Test
    void serialsArePositiveOver64BitsAtMost20OctetsAndDistinct() {
        SecureRandom random = seeded(9);
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            X509Certificate cert = Issuance.issue(SERVER, leafKeys.getPublic(), ca(), CLOCK, random);
            BigInteger serial = cert.getSerialNumber();
            assertEquals(1, serial.signum(), "serial must be positive: " + serial);
            assertTrue(serial.bitLength() > 64, "serial has only " + serial.bitLength() + " bits: " + serial);
            assertTrue(serial.toByteArray().length <= 20, "serial longer than 20 octets: " + serial);
            assertTrue(serials.add(serial), "serial repeated: " + serial);
        }
    }

    @Test
    void serialNeverExceedsTwentyOctetsEvenWithTheTopBitSet() {
        SecureRandom allOnes = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 0xff);
            }
        };
        BigInteger serial = Issuance.serial(allOnes);
        assertEquals(BigInteger.ONE.shiftLeft(Defaults.SERIAL_RANDOM_BITS).subtract(BigInteger.ONE), serial);
        assertEquals(17, serial.toByteArray().length, "128 bits plus a sign octet");
    }

    @Test
    void sameClockKeyAndSeedMakeTheSameCertificate() throws Exception {
        X509Certificate first = Issuance.issue(SERVER, leafKeys.getPublic(), ca(), CLOCK, seeded(10));
        X509Certificate again = Issuance.issue(SERVER, leafKeys.getPublic(), ca(), CLOCK, seeded(10));
        X509Certificate other = Issuance.issue(SERVER, leafKeys.getPublic(), ca(), CLOCK, seeded(11));
        assertEquals(first.getSerialNumber(), again.getSerialNumber());
        assertArrayEquals(first.getTBSCertificate(), again.getTBSCertificate());
        assertFalse(first.getSerialNumber().equals(other.getSerialNumber()));
    }

    // ---- validity ----

    @Test
    void validityInDaysStartsAtTheClockToTheSecond() {
        X509Certificate server = issue(SERVER);
        Instant start = Instant.parse("2025-06-01T12:00:00Z");
        assertEquals(start, server.getNotBefore().toInstant());
        assertEquals(start.plus(Duration.ofDays(365)), server.getNotAfter().toInstant());
        assertEquals(start.plus(Duration.ofDays(3650)), caCert.getNotAfter().toInstant());
    }

    @Test
    void fixedDatesMakeAnExpiredCertificate() {
        Profile expired = profile(
                "expired",
                TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost")
                        .replace(
                                "validity:\n  days: 365\n",
                                "validity:\n  notBefore: 2020-01-01\n  notAfter: 2021-01-01T12:30:00Z\n"));
        X509Certificate cert = issue(expired);
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), cert.getNotBefore().toInstant());
        assertEquals(Instant.parse("2021-01-01T12:30:00Z"), cert.getNotAfter().toInstant());
        assertThrows(CertificateExpiredException.class, () -> cert.checkValidity(Date.from(NOW)));
    }

    @Test
    void notBeforeInTheFutureMakesANotYetValidCertificate() throws Exception {
        Profile future = profile(
                "future",
                TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost")
                        .replace("validity:\n  days: 365\n", "validity:\n  notBefore: 2030-01-01\n  days: 30\n"));
        X509Certificate cert = issue(future);
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), cert.getNotBefore().toInstant());
        assertEquals(Instant.parse("2030-01-31T00:00:00Z"), cert.getNotAfter().toInstant());
        assertThrows(CertificateNotYetValidException.class, () -> cert.checkValidity(Date.from(NOW)));
        cert.checkValidity(Date.from(Instant.parse("2030-01-15T00:00:00Z")));
    }

    // ---- signatures and chains ----

    @Test
    void leafSignatureVerifiesWithTheIssuersKeyOnly() throws Exception {
        X509Certificate server = issue(SERVER);
        assertEquals(caCert.getSubjectX500Principal(), server.getIssuerX500Principal());
        server.verify(caCert.getPublicKey());
        KeyPair otherCa = KeySpec.EC_P256.generate(seeded(12));
        assertThrows(SignatureException.class, () -> server.verify(otherCa.getPublic()));
    }

    @Test
    void intermediateCaSignsLeavesUnderItsOwnName() throws Exception {
        Profile intermediateProfile = profile(
                "intermediate",
                "ca: true\nissuer: ca\nkey: ec-p256\n"
                        + "subject:\n  CN: Test Intermediate CA\nextensions:\n  basicConstraints:\n    pathLen: 0\n");
        KeyPair intermediateKeys = KeySpec.EC_P256.generate(seeded(13));
        X509Certificate intermediate =
                Issuance.issue(intermediateProfile, intermediateKeys.getPublic(), ca(), CLOCK, seeded(14));
        Profile server = profile("server", TestPki.leaf("intermediate", "ec-p256", "[serverAuth]", "localhost"));
        X509Certificate leaf = Issuance.issue(
                server,
                leafKeys.getPublic(),
                new Issuance.Issuer(intermediate, intermediateKeys.getPrivate()),
                CLOCK,
                seeded(15));

        assertEquals(0, intermediate.getBasicConstraints());
        assertArrayEquals(keyUsage(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN), intermediate.getKeyUsage());
        assertEquals(caCert.getSubjectX500Principal(), intermediate.getIssuerX500Principal());
        assertArrayEquals(subjectKeyId(caCert), authorityKeyId(intermediate));
        assertEquals("CN=Test Intermediate CA", leaf.getIssuerX500Principal().getName());
        assertArrayEquals(subjectKeyId(intermediate), authorityKeyId(leaf));
        leaf.verify(intermediateKeys.getPublic());

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(caCert, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX")
                .validate(
                        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, intermediate)), params);
    }

    @ParameterizedTest(name = "{0}")
    // rsa-1024 is for deliberately broken profiles only (DefectsTest).
    @EnumSource(value = KeySpec.class, names = "RSA_1024", mode = EnumSource.Mode.EXCLUDE)
    void everyKeyTypeSignsAndIsCertified(KeySpec spec) throws Exception {
        KeyPair keys = spec.generate(seeded(16));
        assertEquals(spec, KeySpec.of(keys.getPublic()).orElseThrow());

        Profile caProfile = profile("own-ca", TestPki.ca(spec.yamlName()));
        X509Certificate ownCa = Issuance.selfSigned(caProfile, keys, CLOCK, seeded(17));
        ownCa.verify(keys.getPublic());
        String expectedAlgorithm = switch (spec) {
            case RSA_1024, RSA_2048, RSA_3072, RSA_4096 -> "SHA256withRSA";
            case EC_P256, EC_P384 -> "SHA256withECDSA";
            case ED25519 -> "Ed25519";
        };
        assertEquals(expectedAlgorithm, ownCa.getSigAlgName());

        Profile leafProfile = profile("server", TestPki.leaf("ca", spec.yamlName(), "[serverAuth]", "localhost"));
        X509Certificate leaf = Issuance.issue(leafProfile, keys.getPublic(), ca(), CLOCK, seeded(18));
        leaf.verify(caCert.getPublicKey());
        assertEquals(spec, KeySpec.of(leaf.getPublicKey()).orElseThrow());
        boolean[] expectedUsage = spec.isRsa()
                ? keyUsage(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT)
                : keyUsage(KeyUsageBit.DIGITAL_SIGNATURE);
        assertArrayEquals(expectedUsage, leaf.getKeyUsage());
    }

    @Test
    void profileDigestChoosesTheSignatureAlgorithm() {
        Profile sha384 =
                profile("server", TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost") + "digest: sha384\n");
        assertEquals("SHA384withECDSA", issue(sha384).getSigAlgName());
        Profile sha512 =
                profile("server", TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost") + "digest: sha512\n");
        assertEquals("SHA512withECDSA", issue(sha512).getSigAlgName());
    }

    // ---- CSR ----

    @Test
    void csrCarriesSubjectAndSanExtensionRequestAndVerifies() throws Exception {
        PKCS10CertificationRequest csr = Issuance.csr(SERVER, leafKeys);
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(leafKeys.getPublic())));
        assertEquals("CN=localhost", csr.getSubject().toString());

        var requests = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        assertEquals(1, requests.length);
        Extensions requested =
                Extensions.getInstance(requests[0].getAttrValues().getObjectAt(0));
        GeneralNames san = GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName);
        assertEquals(List.of(new GeneralName(GeneralName.dNSName, "localhost")), List.of(san.getNames()));
        assertNotNull(requested.getExtension(Extension.extendedKeyUsage));
        assertFalse(BasicConstraints.fromExtensions(requested).isCA());
    }

    @Test
    void csrSignedWithAnotherKeyDoesNotVerify() throws Exception {
        PKCS10CertificationRequest csr = Issuance.csr(SERVER, leafKeys);
        assertFalse(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(caKeys.getPublic())));
    }
}
