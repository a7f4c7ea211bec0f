package org.mtlskit.pki.internal.pem;

import static org.mtlskit.pki.internal.pem.PemBlocks.describe;
import static org.mtlskit.pki.internal.pem.PemBlocks.describeBlock;
import static org.mtlskit.pki.internal.pem.PemBlocks.readObjects;
import static org.mtlskit.pki.internal.pem.PemBlocks.readText;
import static org.mtlskit.pki.internal.pem.PemBlocks.reason;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.x509.BcProvider;

/**
 * PEM in and out, as OpenSSL writes and reads it. Reading refuses anything unexpected with one line
 * naming the file: missing, DER instead of PEM, the wrong kind of object, truncated, encrypted.
 * Messages never contain key material.
 */
public final class Pem {
    private Pem() {}

    // ---- writing ----

    /** Certificates, leaf first, as consecutive "BEGIN CERTIFICATE" blocks. */
    public static String certificates(List<X509Certificate> chain) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (X509Certificate c : chain) {
                writer.writeObject(new PemObject("CERTIFICATE", c.getEncoded()));
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
        return out.toString();
    }

    /** An unencrypted PKCS#8 key ("BEGIN PRIVATE KEY"), as openssl genrsa 3.x writes it. */
    public static String privateKey(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PKCS8Generator(pkcs8(key), null).generate());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a private key", e);
        }
        return out.toString();
    }

    /**
     * The PKCS#8 structure of a key as OpenSSL writes it. The JDK leaves the public key out of an
     * EC key's inner ECPrivateKey; RFC 5915 makes it optional, but GnuTLS 3.7 refuses such a key
     * ("ASN1 parser: Element was not found"), so it is put back, computed from the private value.
     */
    static PrivateKeyInfo pkcs8(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        if (!(key instanceof java.security.interfaces.ECPrivateKey ec)) {
            return info;
        }
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey inner =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            if (inner.getPublicKey() != null) {
                return info;
            }
            org.bouncycastle.jce.spec.ECParameterSpec params =
                    org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(ec.getParams());
            byte[] point = params.getG().multiply(ec.getS()).normalize().getEncoded(false);
            org.bouncycastle.asn1.sec.ECPrivateKey withPublic = new org.bouncycastle.asn1.sec.ECPrivateKey(
                    ec.getParams().getOrder().bitLength(),
                    ec.getS(),
                    new org.bouncycastle.asn1.DERBitString(point),
                    null);
            return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), withPublic);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an EC private key", e);
        }
    }

    /**
     * An encrypted PKCS#8 key ("BEGIN ENCRYPTED PRIVATE KEY"): PBES2 with PBKDF2-HMAC-SHA256 and
     * AES-256-CBC, {@link Defaults#KEY_ENCRYPTION_ITERATIONS} iterations; openssl pkey -passin reads it.
     */
    public static String encryptedPrivateKey(PrivateKey key, char[] password, java.security.SecureRandom random) {
        return encryptedPrivateKey(key, password, random, KeyEncryption.AES);
    }

    /**
     * The same with the cipher {@code encryption} names: AES-256-CBC, or DES-EDE3-CBC for mbedTLS 2.x
     * (whose PBES2 knows 3DES and DES only; the PRF, HMAC-SHA256, it reads).
     */
    public static String encryptedPrivateKey(
            PrivateKey key, char[] password, java.security.SecureRandom random, KeyEncryption encryption) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(
                            encryption == KeyEncryption.DES3 ? PKCS8Generator.DES3_CBC : PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(Defaults.KEY_ENCRYPTION_ITERATIONS)
                    .setRandom(random)
                    .setProvider(BcProvider.get())
                    .setPassword(password)
                    .build();
            writer.writeObject(new PKCS8Generator(pkcs8(key), encryptor).generate());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot encrypt a private key", e);
        }
        return out.toString();
    }

    public static String csr(PKCS10CertificationRequest csr) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("CERTIFICATE REQUEST", csr.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a CSR", e);
        }
        return out.toString();
    }

    // ---- reading ----

    /** Every certificate in a PEM file, in file order (leaf first for a chain). */
    public static List<X509Certificate> readCertificates(Path file) {
        List<Object> objects = readObjects(file, "a certificate (-----BEGIN CERTIFICATE-----)");
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : objects) {
            if (!(o instanceof X509CertificateHolder holder)) {
                throw PkiException.unusableInput(file + ": holds " + describe(o) + ", expected a certificate");
            }
            certificates.add(decoded(file, "a certificate in it", () -> {
                try {
                    return converter.getCertificate(holder);
                } catch (CertificateException e) {
                    throw PkiException.unusableInput(file + ": a certificate in it is malformed: " + reason(e), e);
                }
            }));
        }
        return certificates;
    }

    /**
     * The DER of every "BEGIN CERTIFICATE" block of a PEM file, undecoded, so that a certificate
     * that breaks X.509's rules can be refused as such ({@link org.mtlskit.pki.internal.verify.MalformedCertificates}) rather than
     * as damaged PEM. Any other kind of block is unusable input.
     */
    public static List<byte[]> readCertificateBlocks(Path file) {
        String text = readText(file, "a certificate (-----BEGIN CERTIFICATE-----)");
        List<byte[]> blocks = new ArrayList<>();
        try (org.bouncycastle.util.io.pem.PemReader reader =
                new org.bouncycastle.util.io.pem.PemReader(new StringReader(text))) {
            PemObject o;
            while ((o = reader.readPemObject()) != null) {
                if (!o.getType().equals("CERTIFICATE") && !o.getType().equals("X509 CERTIFICATE")) {
                    throw PkiException.unusableInput(
                            file + ": holds " + describeBlock(o.getType()) + ", expected a certificate");
                }
                blocks.add(o.getContent());
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw PkiException.unusableInput(
                    file + ": damaged PEM (truncated, or bad base64 inside), expected a certificate");
        }
        if (blocks.isEmpty()) {
            throw PkiException.unusableInput(file + ": damaged PEM (no complete block), expected a certificate");
        }
        return blocks;
    }

    /** The one private key in a PEM file: PKCS#8, PKCS#1 RSA or SEC1 EC. Encrypted keys are refused. */
    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(file, null);
    }

    /**
     * The same, decrypting an encrypted key (PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY", or OpenSSL's
     * legacy "Proc-Type: 4,ENCRYPTED") with {@code password}; null refuses encrypted keys.
     */
    public static PrivateKey readPrivateKey(Path file, char[] password) {
        List<Object> objects = readObjects(file, "a private key (-----BEGIN PRIVATE KEY-----)");
        Object o = objects.get(0);
        if (objects.size() > 1) {
            throw PkiException.unusableInput(
                    file + ": holds " + objects.size() + " PEM blocks; a key file holds one key");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            return privateKey(file, o, password, converter);
        } catch (PkiException e) {
            throw e;
        } catch (RuntimeException e) {
            // As decoded() does, but without the decoder's words: they are never worth a risk near key material.
            throw PkiException.unusableInput(file + ": the private key is damaged or in a form this tool cannot read");
        }
    }

    private static PrivateKey privateKey(Path file, Object o, char[] password, JcaPEMKeyConverter converter) {
        try {
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (PEMException e) {
            throw PkiException.unusableInput(file + ": the private key is malformed or of an unsupported type");
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            if (password == null) {
                throw PkiException.unusableInput(
                        file + ": the private key is encrypted", PkiException.Remedy.PASSWORD_NEEDED);
            }
            return decrypt(file, o, password, converter);
        }
        throw PkiException.unusableInput(file + ": holds " + describe(o) + ", expected a private key");
    }

    /**
     * The cipher of an encrypted PKCS#8 key file (PBES2), or empty when the file holds no such key or
     * one with another cipher.
     */
    public static java.util.Optional<KeyEncryption> keyEncryptionOf(Path file) {
        List<Object> objects = readObjects(file, "a private key (-----BEGIN PRIVATE KEY-----)");
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS8EncryptedPrivateKeyInfo info)) {
            return java.util.Optional.empty();
        }
        org.bouncycastle.asn1.x509.AlgorithmIdentifier alg = info.getEncryptionAlgorithm();
        if (!org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
            return java.util.Optional.empty();
        }
        org.bouncycastle.asn1.ASN1ObjectIdentifier cipher = org.bouncycastle.asn1.pkcs.PBES2Parameters.getInstance(
                        alg.getParameters())
                .getEncryptionScheme()
                .getAlgorithm();
        if (org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_aes256_CBC.equals(cipher)) {
            return java.util.Optional.of(KeyEncryption.AES);
        }
        if (org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.des_EDE3_CBC.equals(cipher)) {
            return java.util.Optional.of(KeyEncryption.DES3);
        }
        return java.util.Optional.empty();
    }

    private static PrivateKey decrypt(Path file, Object o, char[] password, JcaPEMKeyConverter converter) {
        try {
            if (o instanceof PKCS8EncryptedPrivateKeyInfo info) {
                InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BcProvider.get())
                        .build(password);
                return converter.getPrivateKey(info.decryptPrivateKeyInfo(decryptor));
            }
            PEMEncryptedKeyPair pair = (PEMEncryptedKeyPair) o;
            return converter.getPrivateKey(pair.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                            .setProvider(BcProvider.get())
                            .build(password))
                    .getPrivateKeyInfo());
        } catch (PKCSException | IOException | OperatorCreationException | RuntimeException e) {
            throw PkiException.unusableInput(file + ": cannot decrypt the private key: wrong password, "
                    + "or an encryption this tool does not support");
        }
    }

    /** The one CRL in a PEM file ("BEGIN X509 CRL"). */
    public static X509CRL readCrl(Path file) {
        List<Object> objects = readObjects(file, "a CRL (-----BEGIN X509 CRL-----)");
        if (objects.get(0) instanceof X509CRLHolder holder) {
            return decoded(file, "the CRL", () -> {
                try {
                    X509CRL crl = new JcaX509CRLConverter().getCRL(holder);
                    crl.getRevokedCertificates(); // every entry decoded now, not later inside a verification
                    return crl;
                } catch (CRLException e) {
                    throw PkiException.unusableInput(file + ": the CRL is malformed: " + reason(e), e);
                }
            });
        }
        throw PkiException.unusableInput(file + ": holds " + describe(objects.get(0)) + ", expected a CRL");
    }

    public static PKCS10CertificationRequest readCsr(Path file) {
        List<Object> objects = readObjects(file, "a CSR (-----BEGIN CERTIFICATE REQUEST-----)");
        if (objects.get(0) instanceof PKCS10CertificationRequest csr) {
            return csr;
        }
        throw PkiException.unusableInput(file + ": holds " + describe(objects.get(0)) + ", expected a CSR");
    }

    /**
     * The boundary between a file's bytes and Bouncy Castle's and the JDK's decoders: what they throw
     * unchecked on damaged or unusual DER (ASN1ParsingException, IllegalArgumentException on invalid
     * UTF-8, ClassCastException on an unexpected name form, ...) is a fault of the file, so it becomes
     * one line naming the file, never an internal error.
     *
     * @param what the object being decoded, for the message ("the CRL")
     */
    public static <T> T decoded(Path file, String what, java.util.function.Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (PkiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw PkiException.unusableInput(
                    file + ": " + what + " is damaged or in a form this tool cannot read (" + reason(e) + ")", e);
        }
    }
}
