package org.mtlskit.pki.internal.pem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.x509.BcProvider;

/**
 * PKCS#12 (and, on request, JKS) files for Java and Android clients under test: a keystore with a
 * key and its chain under one alias, and a truststore with CA certificates. Written with the JDK's
 * own KeyStore, whose PKCS#12 defaults (AES-256 and HMAC-SHA-256 with PBKDF2, since JDK 12) both
 * keytool and OpenSSL 3 read.
 */
public final class Keystores {
    private Keystores() {}

    /**
     * Refuses a password a PKCS#12 file cannot carry for Java: the JDK (and so keytool) turns it into
     * a key through a PBE key that takes printable ASCII only (space to '~'), when writing a modern
     * file and when reading any, legacy included ("Password is not ASCII"); openssl would read it, but
     * a keystore for Java clients that Java cannot open is no keystore. JKS takes any password. Called
     * before any key is made.
     *
     * @param where the file, or the profile field, that asks for the keystore
     */
    public static void requirePkcs12Password(char[] password, String where) {
        if (password == null) {
            return;
        }
        for (int i = 0; i < password.length; i++) {
            char c = password[i];
            if (c < 0x20 || c > 0x7e) {
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        where + ": the password has "
                                + (c < 0x20 || c == 0x7f ? "a control character" : "a character outside ASCII")
                                + " at position "
                                + (i + 1)
                                + ", and a PKCS#12 file takes printable ASCII only (space to ~): Java and keytool "
                                + "cannot open one with another password; give such a password (JKS takes any)");
            }
        }
    }

    /** A keystore holding {@code key} and {@code chain} (leaf first, up to and including the root). */
    public static byte[] keystore(
            String alias, PrivateKey key, List<X509Certificate> chain, char[] password, boolean jks) {
        if (!jks) {
            requirePkcs12Password(password, "PKCS#12 keystore \"" + alias + "\"");
        }
        try {
            KeyStore store = empty(jks);
            store.setKeyEntry(alias, key, password, chain.toArray(X509Certificate[]::new));
            return bytes(store, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a keystore", e);
        }
    }

    /**
     * The same in {@code format}: {@link Pkcs12Format#MODERN} is the JDK's own PKCS#12 (as
     * {@link #keystore(String, PrivateKey, List, char[], boolean)}); {@link Pkcs12Format#LEGACY} is
     * written with Bouncy Castle's PKCS#12 builder, since the JDK chooses its PKCS#12 algorithms only
     * through process-wide security properties: key and certificates each under PBE-SHA1-3DES, and a
     * SHA-1 MAC, {@link Defaults#LEGACY_PKCS12_ITERATIONS} iterations each.
     */
    public static byte[] keystore(
            String alias, PrivateKey key, List<X509Certificate> chain, char[] password, Pkcs12Format format) {
        if (format != Pkcs12Format.LEGACY) {
            return keystore(alias, key, chain, password, false);
        }
        requirePkcs12Password(password, "PKCS#12 keystore \"" + alias + "\"");
        try {
            OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(
                            PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                    .setProvider(BcProvider.get())
                    .setIterationCount(Defaults.LEGACY_PKCS12_ITERATIONS)
                    .build(password);
            // The key and its certificate share a localKeyId; the friendlyName is the alias keytool shows.
            byte[] localKeyId = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(chain.get(0).getPublicKey().getEncoded());
            DERBMPString name = new DERBMPString(alias);
            PKCS12SafeBag[] certs = new PKCS12SafeBag[chain.size()];
            for (int i = 0; i < chain.size(); i++) {
                PKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(chain.get(i));
                if (i == 0) {
                    bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name);
                    bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, new DEROctetString(localKeyId));
                }
                certs[i] = bag.build();
            }
            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key, encryptor);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, new DEROctetString(localKeyId));
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addEncryptedData(encryptor, certs);
            pfx.addData(keyBag.build());
            PKCS12PfxPdu pdu = pfx.build(
                    new JcePKCS12MacCalculatorBuilder(OIWObjectIdentifiers.idSHA1)
                            .setProvider(BcProvider.get())
                            .setIterationCount(Defaults.LEGACY_PKCS12_ITERATIONS),
                    password);
            return pdu.getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | IOException | OperatorCreationException | PKCSException e) {
            throw new IllegalStateException("cannot make a legacy PKCS#12 keystore", e);
        }
    }

    /** The format of a PKCS#12 file (a SHA-1 MAC marks a legacy one), or empty when it is not one. */
    public static java.util.Optional<Pkcs12Format> formatOf(java.nio.file.Path file) {
        try {
            PKCS12PfxPdu pdu = new PKCS12PfxPdu(java.nio.file.Files.readAllBytes(file));
            boolean sha1 = pdu.hasMac()
                    && OIWObjectIdentifiers.idSHA1.equals(
                            pdu.getMacAlgorithmID().getAlgorithm());
            return java.util.Optional.of(sha1 ? Pkcs12Format.LEGACY : Pkcs12Format.MODERN);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** A truststore holding each CA certificate as a trusted entry, aliased by {@code aliasPrefix}, -2, -3... */
    public static byte[] truststore(String aliasPrefix, List<X509Certificate> cas, char[] password, boolean jks) {
        if (!jks) {
            requirePkcs12Password(password, "PKCS#12 truststore \"" + aliasPrefix + "\"");
        }
        try {
            KeyStore store = empty(jks);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry(i == 0 ? aliasPrefix : aliasPrefix + "-" + (i + 1), cas.get(i));
            }
            return bytes(store, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a truststore", e);
        }
    }

    private static KeyStore empty(boolean jks) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(jks ? "JKS" : "PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    private static byte[] bytes(KeyStore store, char[] password) throws GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            store.store(out, password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a keystore", e);
        }
        return out.toByteArray();
    }
}
