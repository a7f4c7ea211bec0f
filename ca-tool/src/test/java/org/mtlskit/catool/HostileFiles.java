package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestKeys;

/**
 * Files no tool of ours would write but an adversary (or a broken tool) can: damaged DER inside intact
 * PEM armour, names a conformant decoder chokes on, keys on curves nobody signs with. Built byte by
 * byte or with Bouncy Castle, so each test states exactly what is wrong.
 */
final class HostileFiles {
    private HostileFiles() {}

    static byte[] der(Path pemFile) {
        try {
            return Base64.getMimeDecoder()
                    .decode(Files.readString(pemFile)
                            .replaceAll("-----[^-]+-----", "")
                            .strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * The CRL with one byte of its last UTCTime, the revocation date of its last entry, changed to a
     * letter: armour and lengths intact, and Bouncy Castle decodes entries only when asked for them.
     */
    static String crlWithDamagedByte(Path crlFile) {
        byte[] der = der(crlFile);
        int at = -1;
        for (int i = indexOf(der, UTC_TIME); i >= 0; i = indexOf(der, UTC_TIME, i + 1)) {
            if (isUtcTime(der, i)) { // not two bytes of the signature that happen to look like the tag
                at = i;
            }
        }
        assertTrue(at > 0, "a CRL with an entry made in this century has UTCTimes");
        der[at + 14] = 'x'; // its closing Z: no decoder reads a time without its zone
        return pem("X509 CRL", der);
    }

    /**
     * A CRL signed by the CA whose entry names the certificate's issuer as a DNS name (certificateIssuer,
     * RFC 5280 5.3.3, holds GeneralNames; the JDK's decoder takes it for a directory name).
     */
    static String crlWithDnsCertificateIssuer(X509Certificate ca, PrivateKey caKey) {
        try {
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(ca, new Date());
            b.setNextUpdate(new Date(System.currentTimeMillis() + 86_400_000L));
            ExtensionsGenerator entry = new ExtensionsGenerator();
            entry.addExtension(
                    Extension.certificateIssuer,
                    true,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "evil.test")));
            b.addCRLEntry(BigInteger.valueOf(1234), new Date(), entry.generate());
            X509CRLHolder crl = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey));
            return pem("X509 CRL", crl.getEncoded());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RSA-2048 PKCS#8 key whose modulus has its lowest bit cleared: even, so no RSA modulus at all. */
    static String rsaKeyWithEvenModulus() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
            byte[] der = der(Pem.privateKey(key));
            byte[] modulus = key.getModulus().toByteArray();
            int at = indexOf(der, modulus);
            assertTrue(at > 0, "the modulus is in the key's DER");
            der[at + modulus.length - 1] ^= 1;
            return pem("PRIVATE KEY", der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[^-]+-----", "").strip());
    }

    /** The certificate with the first byte of {@code text} (a UTF8String in a name) made 0xFF, never valid UTF-8. */
    static String certificateWithInvalidUtf8(Path certFile, String text) {
        byte[] der = der(certFile);
        int at = indexOf(der, text.getBytes(StandardCharsets.US_ASCII));
        assertTrue(at > 0, text + " is in the certificate");
        der[at] = (byte) 0xff;
        return pem("CERTIFICATE", der);
    }

    /** A CSR, correctly self-signed, whose requested subjectAltName is an INTEGER instead of GeneralNames. */
    static String csrWithUndecodableSan() {
        try {
            KeyPair key = TestKeys.ecKey();
            ExtensionsGenerator requested = new ExtensionsGenerator();
            requested.addExtension(Extension.subjectAlternativeName, false, new ASN1Integer(7).getEncoded());
            JcaPKCS10CertificationRequestBuilder b =
                    new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device"), key.getPublic());
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested.generate());
            return Pem.csr(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR, correctly self-signed, whose subject CN is {@code cn} as it is (control characters too). */
    static String csrWithSubject(String cn) {
        try {
            KeyPair key = TestKeys.ecKey();
            X500Name subject = new org.bouncycastle.asn1.x500.X500NameBuilder()
                    .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, cn)
                    .build();
            return Pem.csr(new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EC key on {@code curve} (secp256k1, brainpoolP256r1), made by the real openssl: this JDK cannot. */
    static void opensslEcKey(String curve, Path target) {
        Programs.opensslOk(
                null,
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:" + curve,
                "-out",
                target.toString());
    }

    /** A FIFO made by mkfifo: opening it for reading would block until a writer comes. */
    static void fifo(Path target) {
        try {
            Process p = new ProcessBuilder("mkfifo", target.toString())
                    .redirectErrorStream(true)
                    .start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "mkfifo timed out");
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether a UTCTime starts at {@code at}: the tag, length 13, twelve digits and Z. */
    static boolean isUtcTime(byte[] der, int at) {
        if (at + 15 > der.length || der[at + 14] != 'Z') {
            return false;
        }
        for (int i = at + 2; i < at + 14; i++) {
            if (der[i] < '0' || der[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** UTCTime, 13 bytes: YYMMDDhhmmssZ. */
    private static final byte[] UTC_TIME = {0x17, 0x0d};

    static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
