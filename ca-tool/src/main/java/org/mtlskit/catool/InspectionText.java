package org.mtlskit.catool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.mtlskit.pki.internal.inspect.Inspector;
import org.mtlskit.pki.internal.inspect.Inspector.DecodedExtension;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.x509.AltName;
import org.mtlskit.pki.internal.x509.PublicKeys;

/** ca-tool show's text output: one block per object, one line per fact, extensions decoded. */
final class InspectionText {
    private InspectionText() {}

    static void print(PrintWriter out, Path file, List<Inspector.Item> items) {
        for (int i = 0; i < items.size(); i++) {
            Inspector.Item item = items.get(i);
            String position = items.size() > 1 ? " (" + (i + 1) + " of " + items.size() + ")" : "";
            println(out, file + ": " + kind(item) + position);
            if (item instanceof Inspector.CertificateItem c) {
                line(out, "subject", c.subject());
                line(out, "issuer", c.issuer() + (c.selfIssued() ? " (self-issued)" : ""));
                line(out, "serial", c.serial());
                line(out, "valid", c.notBefore() + " to " + c.notAfter() + " (" + daysLeft(c) + ")");
                line(out, "key", key(c.publicKey()));
                line(out, "signature", c.signatureAlgorithm() + ", version " + c.version());
                extensions(out, "extensions", c.extensions());
                line(out, "SHA-256", c.sha256());
            } else if (item instanceof Inspector.RequestItem r) {
                line(out, "subject", r.subject());
                line(out, "key", key(r.publicKey()));
                line(
                        out,
                        "signature",
                        r.signatureAlgorithm() + (r.signatureValid() ? ", verifies" : ", DOES NOT VERIFY"));
                extensions(out, "requested", r.requestedExtensions());
                line(out, "SHA-256", r.sha256());
            } else if (item instanceof Inspector.KeyItem k) {
                line(out, "key", k.encrypted() ? "encrypted; its type shows once decrypted" : key(k.publicKey()));
            } else if (item instanceof Inspector.CrlItem c) {
                line(out, "issuer", c.issuer());
                line(out, "updated", c.thisUpdate() + (c.nextUpdate() == null ? "" : ", next " + c.nextUpdate()));
                line(out, "signature", c.signatureAlgorithm());
                line(
                        out,
                        "revoked",
                        c.revoked().isEmpty() ? "none" : c.revoked().size() + "");
                for (Inspector.RevokedEntry e : c.revoked()) {
                    println(
                            out,
                            "    " + e.serial() + " at " + e.revocationDate()
                                    + (e.reason() == null ? "" : ", " + e.reason()));
                }
                extensions(out, "extensions", c.extensions());
                line(out, "SHA-256", c.sha256());
            } else if (item instanceof Inspector.OtherItem other) {
                line(out, "content", other.description());
            }
        }
    }

    private static String kind(Inspector.Item item) {
        if (item instanceof Inspector.CertificateItem) {
            return "certificate";
        }
        if (item instanceof Inspector.RequestItem) {
            return "certificate request (CSR)";
        }
        if (item instanceof Inspector.KeyItem k) {
            return k.privateKey() ? "private key (public facts only)" : "public key";
        }
        return item instanceof Inspector.CrlItem ? "CRL" : "other";
    }

    private static String daysLeft(Inspector.CertificateItem c) {
        return switch (c.status()) {
            case "expired" -> "EXPIRED " + -c.daysLeft() + " days ago";
            case "notYetValid" -> "NOT YET VALID; " + c.daysLeft() + " days left after that";
            default -> c.daysLeft() + " days left";
        };
    }

    private static String key(PublicKeys.Description k) {
        return k.displayName() + ", public key SHA-256 " + k.sha256();
    }

    private static void extensions(PrintWriter out, String label, List<DecodedExtension> extensions) {
        line(out, label, extensions.isEmpty() ? "none" : "");
        for (DecodedExtension e : extensions) {
            println(out, "    " + e.name() + (e.critical() ? " (critical)" : "") + ": " + value(e.value()));
        }
    }

    private static String value(Inspector.ExtensionValue value) {
        if (value instanceof Inspector.BasicConstraintsValue bc) {
            return bc.ca() ? "CA:TRUE" + (bc.pathLen() == null ? "" : ", pathlen:" + bc.pathLen()) : "CA:FALSE";
        }
        if (value instanceof Inspector.NameList names) {
            return String.join(", ", names.names());
        }
        if (value instanceof Inspector.AltNames names) {
            return names(names.names());
        }
        if (value instanceof Inspector.KeyId id) {
            return id.keyId();
        }
        if (value instanceof Inspector.AuthorityKeyId aki) {
            StringBuilder b = new StringBuilder();
            if (aki.keyId() != null) {
                b.append("keyid ").append(aki.keyId());
            }
            if (aki.issuer() != null) {
                b.append(b.length() > 0 ? ", " : "").append("issuer ").append(names(aki.issuer()));
            }
            if (aki.serial() != null) {
                b.append(b.length() > 0 ? ", " : "").append("serial ").append(aki.serial());
            }
            return b.toString();
        }
        if (value instanceof Inspector.Number n) {
            return n.number().toString();
        }
        return "DER " + ((Inspector.Raw) value).der();
    }

    private static String names(List<AltName> names) {
        return String.join(", ", names.stream().map(AltName::toString).toList());
    }

    /** Every line show prints goes through here: names from a certificate can hold ESC or a newline. */
    private static void println(PrintWriter out, String line) {
        out.println(PrintableText.escape(line));
    }

    private static void line(PrintWriter out, String label, String value) {
        println(out, ("  " + String.format("%-11s", label + ":") + " " + value).stripTrailing());
    }
}
