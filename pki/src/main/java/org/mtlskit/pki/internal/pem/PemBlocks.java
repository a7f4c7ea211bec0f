package org.mtlskit.pki.internal.pem;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.InputFiles;
import org.mtlskit.pki.internal.text.PrintableText;

/**
 * Reading a PEM file's blocks for {@link Pem} and {@link org.mtlskit.pki.internal.inspect.Inspector}: what is not PEM (missing, empty,
 * DER, damaged) is refused with one line naming the file and what was expected; what a decoder
 * threw is turned into a printable reason; a block is described in words ("a CSR").
 */
public final class PemBlocks {
    private PemBlocks() {}

    /**
     * Every PEM block of a file, as Bouncy Castle's PEMParser reads them, or one line naming the file
     * and what is wrong: missing, unreadable, a folder, empty, DER instead of PEM, not PEM, damaged.
     *
     * @param expected what the caller wants, for the messages ("a certificate (-----BEGIN CERTIFICATE-----)")
     */
    public static List<Object> readObjects(Path file, String expected) {
        String text = readText(file, expected);
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw PkiException.unusableInput(
                    file + ": damaged PEM (truncated, or bad base64 or DER inside), expected " + expected);
        }
        if (objects.isEmpty()) {
            throw PkiException.unusableInput(file + ": damaged PEM (no complete block), expected " + expected);
        }
        return objects;
    }

    /** A PEM file's text, or one line naming the file and why it cannot be PEM. */
    static String readText(Path file, String expected) {
        byte[] bytes = InputFiles.read(file, InputFiles.Kind.PEM);
        if (bytes.length == 0) {
            throw PkiException.unusableInput(file + ": is empty, expected " + expected);
        }
        if ((bytes[0] & 0xff) == 0x30) {
            throw PkiException.unusableInput(file + ": is binary DER, expected PEM text with " + expected
                    + "; convert it with openssl x509 -inform DER (or req, pkey, crl)");
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN ")) {
            throw PkiException.unusableInput(file + ": is not PEM, expected " + expected);
        }
        return text;
    }

    static String describeBlock(String type) {
        return switch (type) {
            case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> "a private key";
            case "ENCRYPTED PRIVATE KEY" -> "an encrypted private key";
            case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" -> "a CSR";
            case "PUBLIC KEY" -> "a public key";
            case "X509 CRL" -> "a CRL";
            default -> "an unexpected PEM block";
        };
    }

    /** The first line of an exception's message, printable, without class names. */
    public static String reason(Throwable e) {
        if (e instanceof ClassCastException) {
            return "a value of an unexpected type inside"; // its message names JDK classes only
        }
        Throwable t = e;
        String message = t.getMessage();
        while (message == null && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        if (message == null) {
            return "malformed";
        }
        message = message.lines()
                .findFirst()
                .orElse("malformed")
                .replaceAll("\\b([a-z][a-z0-9]*\\.)*[A-Z]\\w*(Exception|Error): ", "")
                .replaceAll("\\b(class )?([a-z][a-z0-9]*\\.)+(?=[A-Z])", "");
        message = message.length() > 160 ? message.substring(0, 160) + "..." : message;
        return PrintableText.escape(message);
    }

    public static String describe(Object o) {
        if (o instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (o instanceof PKCS10CertificationRequest) {
            return "a CSR";
        }
        if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair) {
            return "a private key";
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            return "an encrypted private key";
        }
        if (o instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo) {
            return "a public key";
        }
        if (o instanceof X509CRLHolder) {
            return "a CRL";
        }
        return "an unexpected PEM block";
    }
}
