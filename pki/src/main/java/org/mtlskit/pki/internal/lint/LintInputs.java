package org.mtlskit.pki.internal.lint;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.mtlskit.pki.PkiException;

/** Reads certificate, chain, key and PKCS#12 files into the subjects the rules look at. */
final class LintInputs {
    private LintInputs() {}

    static List<Subject> read(Path file) {
        byte[] bytes = bytes(file);
        String name = file.toString();
        List<byte[]> certs = new ArrayList<>();
        List<KeyFacts> keys = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            if (text.contains("-----BEGIN ")) {
                try (PemReader reader = new PemReader(new StringReader(text))) {
                    PemObject o;
                    while ((o = reader.readPemObject()) != null) {
                        switch (o.getType()) {
                            case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> certs.add(o.getContent());
                            case "PRIVATE KEY" -> keys.add(plainKey(o.getContent()));
                            case "ENCRYPTED PRIVATE KEY" -> keys.add(encryptedKey(o.getContent()));
                            case "RSA PRIVATE KEY" ->
                                keys.add(new KeyFacts(
                                        KeyFacts.Format.TRADITIONAL,
                                        new KeyFacts.PublicKeyKind("RSA", 0, null),
                                        null,
                                        null));
                            case "EC PRIVATE KEY" ->
                                keys.add(new KeyFacts(
                                        KeyFacts.Format.TRADITIONAL,
                                        new KeyFacts.PublicKeyKind("EC", 0, null),
                                        null,
                                        null));
                            default -> {} // CSRs, CRLs, public keys, parameters: no rule is about them
                        }
                    }
                }
            } else if (isPfx(bytes)) {
                keys.add(new KeyFacts(KeyFacts.Format.PKCS12, null, null, null));
            } else if ((bytes[0] & 0xff) == 0x30) {
                certs.add(bytes);
            } else {
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        name + ": neither PEM nor DER; lint checks certificates, private keys and PKCS#12 keystores");
            }
        } catch (PkiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    name + ": damaged PEM or DER (truncated, or bad base64 or DER inside)",
                    e);
        }
        if (certs.isEmpty() && keys.isEmpty()) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    name + ": no certificate, private key or PKCS#12 keystore in it; lint checks those");
        }
        List<Subject> subjects = new ArrayList<>();
        List<CertFacts> facts = new ArrayList<>();
        for (int i = 0; i < certs.size(); i++) {
            CertFacts c = certificate(certs.get(i), name);
            facts.add(c);
            String label = certs.size() == 1 ? c.subject() : "certificate " + (i + 1) + ", " + c.subject();
            subjects.add(new Subject(name, label, c, null, null, false));
        }
        // A chain is what a peer sends: a leaf or an issued CA first. A file of self-signed CAs is a trust list.
        if (!facts.isEmpty() && (!facts.get(0).selfIssued() || !facts.get(0).ca())) {
            int intermediates =
                    (int) facts.stream().skip(1).filter(c -> !c.selfIssued()).count();
            subjects.add(new Subject(
                    name,
                    "chain of " + facts.size(),
                    null,
                    new Subject.Chain(facts.stream().map(CertFacts::derLength).toList(), intermediates),
                    null,
                    false));
        }
        for (KeyFacts k : keys) {
            subjects.add(
                    new Subject(name, k.format() == KeyFacts.Format.PKCS12 ? "PKCS#12" : "key", null, null, k, false));
        }
        return subjects;
    }

    private static byte[] bytes(Path file) {
        if (Files.isDirectory(file)) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    file + ": is a folder, expected a certificate, key or PKCS#12 file");
        }
        // a FIFO or device refused before it is opened, and the PEM size limit, as for every input
        byte[] bytes = org.mtlskit.pki.internal.files.InputFiles.read(
                file, org.mtlskit.pki.internal.files.InputFiles.Kind.PEM);
        if (bytes.length == 0) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, file + ": is empty");
        }
        return bytes;
    }

    private static boolean isPfx(byte[] der) {
        try {
            Pfx.getInstance(der);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static KeyFacts plainKey(byte[] der) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        KeyFacts.PublicKeyKind kind = switch (oid) {
            case "1.2.840.113549.1.1.1" -> new KeyFacts.PublicKeyKind("RSA", 0, null);
            case "1.2.840.113549.1.1.10" -> new KeyFacts.PublicKeyKind("RSASSA-PSS", 0, null);
            case "1.2.840.10045.2.1" -> new KeyFacts.PublicKeyKind("EC", 0, null);
            default -> KeyFacts.PublicKeyKind.ofOid(oid);
        };
        return new KeyFacts(KeyFacts.Format.PKCS8, kind, null, null);
    }

    private static KeyFacts encryptedKey(byte[] der) {
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(der);
        var scheme = info.getEncryptionAlgorithm();
        if (scheme.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
            String cipher = PBES2Parameters.getInstance(scheme.getParameters())
                    .getEncryptionScheme()
                    .getAlgorithm()
                    .getId();
            return new KeyFacts(KeyFacts.Format.PKCS8_ENCRYPTED, null, "PBES2", cipherName(cipher));
        }
        String oid = scheme.getAlgorithm().getId();
        String encryption = oid.startsWith("1.2.840.113549.1.12.1.")
                ? "PKCS#12 PBE"
                : oid.startsWith("1.2.840.113549.1.5.") ? "PBES1" : oid;
        return new KeyFacts(KeyFacts.Format.PKCS8_ENCRYPTED, null, encryption, null);
    }

    static String cipherName(String oid) {
        return switch (oid) {
            case "1.3.14.3.2.7" -> "DES-CBC";
            case "1.2.840.113549.3.7" -> "DES-EDE3-CBC";
            case "2.16.840.1.101.3.4.1.2" -> "AES-128-CBC";
            case "2.16.840.1.101.3.4.1.22" -> "AES-192-CBC";
            case "2.16.840.1.101.3.4.1.42" -> "AES-256-CBC";
            default -> oid;
        };
    }

    /** A certificate's facts; a version 1 or 2 certificate with extensions, which Bouncy Castle refuses, is read as if it were version 3. */
    private static CertFacts certificate(byte[] der, String file) {
        try {
            return CertFacts.of(der);
        } catch (RuntimeException e) {
            try {
                return asVersion3(der);
            } catch (IOException | RuntimeException again) {
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT, file + ": a certificate that is not X.509 DER", e);
            }
        }
    }

    private static CertFacts asVersion3(byte[] der) throws IOException {
        ASN1Sequence cert = ASN1Sequence.getInstance(der);
        ASN1Sequence tbs = ASN1Sequence.getInstance(cert.getObjectAt(0));
        int version = 1;
        int first = 0;
        if (tbs.getObjectAt(0) instanceof ASN1TaggedObject t && t.getTagNo() == 0) {
            version = ASN1Integer.getInstance(t.getExplicitBaseObject()).intValueExact() + 1;
            first = 1;
        }
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new DERTaggedObject(true, 0, new ASN1Integer(2)));
        for (int i = first; i < tbs.size(); i++) {
            v.add(tbs.getObjectAt(i));
        }
        byte[] fixed = new DERSequence(
                        new ASN1Encodable[] {new DERSequence(v), cert.getObjectAt(1), cert.getObjectAt(2)})
                .getEncoded();
        CertFacts f = CertFacts.of(fixed);
        return new CertFacts(
                version,
                f.subject(),
                f.commonName(),
                f.selfIssued(),
                f.ca(),
                f.critical(),
                f.nonCritical(),
                f.key(),
                f.signature(),
                f.keyUsage(),
                f.extendedKeyUsage(),
                f.sanPresent(),
                f.dnsNames(),
                f.ipAddresses(),
                der.length);
    }
}
