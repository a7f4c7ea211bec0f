package org.mtlskit.handshake.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.defects.AuditCase.Topic;

/**
 * What the pattern of an audit's failures says about the device's configuration, one line per
 * mistake with what to change. Cases are grouped by what they check ({@link Battery.Case#topic()}):
 * a device that accepts certificates no trusted CA signed does not verify at all, and the rest
 * follows; otherwise each group with accepted cases gets its line (all the validity cases: no clock;
 * all the name cases: no hostname set; the revoked case: no CRL). docs/audit.md ("Audit your own
 * device" lists the lines. A device that did everything right gets none (or only the note that it
 * checks after the handshake).
 */
public final class Diagnosis {
    private Diagnosis() {}

    /** The role of the device under audit. */
    public enum Role {
        SERVER,
        CLIENT
    }

    public static List<String> of(Role role, Battery battery, List<Outcome> outcomes) {
        Map<String, Battery.Case> byName = new LinkedHashMap<>();
        battery.cases().forEach(c -> byName.put(c.name(), c));
        Set<String> accepted = new LinkedHashSet<>();
        Set<String> wronglyRefused = new LinkedHashSet<>();
        Set<String> refusedLate = new LinkedHashSet<>();
        Set<String> refusedInHandshake = new LinkedHashSet<>();
        Set<String> refusedByAnswer = new LinkedHashSet<>();
        for (Outcome o : outcomes) {
            if (o.inconclusive()) {
                continue; // no answer says nothing about the configuration
            }
            if (!o.pass()) {
                (o.expected() == AuditCase.Expect.REFUSE ? accepted : wronglyRefused).add(o.caseName());
            } else if (o.expected() == AuditCase.Expect.REFUSE) {
                (o.seen() == Seen.REFUSED_LATE ? refusedLate : refusedInHandshake).add(o.caseName());
                if (o.seen() == Seen.REFUSED_LATE
                        && o.alert() == null
                        && o.detail() != null
                        && o.detail().contains("it answered")) {
                    refusedByAnswer.add(o.caseName());
                }
            }
        }
        Map<Topic, List<String>> all = new LinkedHashMap<>();
        Map<Topic, List<String>> failed = new LinkedHashMap<>();
        for (Battery.Case c : battery.cases()) {
            if (c.audit().expect() == AuditCase.Expect.REFUSE
                    && outcomes.stream().anyMatch(o -> o.caseName().equals(c.name()))) {
                all.computeIfAbsent(c.topic(), t -> new ArrayList<>()).add(c.name());
                if (accepted.contains(c.name())) {
                    failed.computeIfAbsent(c.topic(), t -> new ArrayList<>()).add(c.name());
                }
            }
        }
        List<String> lines = new ArrayList<>();
        String peer = role == Role.CLIENT ? "server" : "client";
        String optional = null;
        if (accepted.remove(Battery.NO_CLIENT_CERTIFICATE)) {
            failed.values().forEach(names -> names.remove(Battery.NO_CLIENT_CERTIFICATE));
            failed.values().removeIf(List::isEmpty);
            all.values().forEach(names -> names.remove(Battery.NO_CLIENT_CERTIFICATE));
            optional = ("client certificates are optional: it let in a client that presented none ("
                    + Battery.NO_CLIENT_CERTIFICATE + "); require one: nginx ssl_verify_client on (not optional); "
                    + "OpenSSL SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT (s_server -Verify 1); mbedTLS "
                    + "MBEDTLS_SSL_VERIFY_REQUIRED");
        }
        boolean verifyOff =
                failed.containsKey(Topic.TRUST) && failed.get(Topic.TRUST).equals(all.get(Topic.TRUST));
        if (optional != null && !verifyOff) {
            lines.add(optional); // with verification off, that line says it all
        }
        if (verifyOff) {
            lines.add(
                    "verification is off: it accepted " + peer + " certificates no trusted CA signed ("
                            + String.join(", ", failed.get(Topic.TRUST)) + ") and "
                            + (accepted.size() - failed.get(Topic.TRUST).size())
                            + " more; "
                            + (role == Role.CLIENT
                                    ? "require it: mbedTLS mbedtls_ssl_conf_authmode(MBEDTLS_SSL_VERIFY_REQUIRED) (with VERIFY_OPTIONAL, "
                                            + "check mbedtls_ssl_get_verify_result() and close before sending anything); OpenSSL "
                                            + "SSL_CTX_set_verify(SSL_VERIFY_PEER) (s_client -verify_return_error); GnuTLS "
                                            + "gnutls_session_set_verify_cert()"
                                    : "require it: mbedTLS mbedtls_ssl_conf_authmode(MBEDTLS_SSL_VERIFY_REQUIRED) (with VERIFY_OPTIONAL, "
                                            + "check mbedtls_ssl_get_verify_result() and drop the client before answering); OpenSSL "
                                            + "SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT (s_server -Verify 1 -verify_return_error)"));
        } else {
            failed.forEach((topic, names) -> lines.add(line(role, topic, names, names.equals(all.get(topic)))));
        }
        if (!wronglyRefused.isEmpty()) {
            lines.add("it refused certificates a correct " + (role == Role.CLIENT ? "client" : "server") + " accepts ("
                    + String.join(", ", wronglyRefused) + "): see their rules; a stricter policy than the RFCs "
                    + "breaks peers that are right");
        }
        if (!refusedLate.isEmpty() && refusedLate.size() >= refusedInHandshake.size()) {
            String counted = refusedLate.size() + " of its " + (refusedLate.size() + refusedInHandshake.size())
                    + " refusals came after its Finished";
            if (refusedByAnswer.containsAll(refusedLate)) {
                // An application answer (nginx's HTTP 400) is how that server refuses by design: TLS-stack
                // advice would not apply to it.
                lines.add("its application refuses after the handshake: " + counted + ", as answers such as an "
                        + "HTTP 4xx (late refusals pass; the " + peer + " completes a handshake first, as nginx's "
                        + "ssl_verify_client does by design)");
            } else {
                lines.add("it checks after the handshake: " + counted + " (late refusals pass, but what it sends "
                        + "before checking reaches an untrusted " + peer + "); to refuse during the handshake, "
                        + "mbedTLS: MBEDTLS_SSL_VERIFY_REQUIRED instead of checking mbedtls_ssl_get_verify_result() "
                        + "afterwards");
            }
        }
        return List.copyOf(lines);
    }

    private static String line(Role role, Topic topic, List<String> names, boolean every) {
        String cases = "(" + String.join(", ", names) + ")";
        return switch (topic) {
            case NAME ->
                every
                        ? "no hostname is checked " + cases
                                + ": mbedTLS: call mbedtls_ssl_set_hostname(&ssl, name) before "
                                + "the handshake; OpenSSL: SSL_set1_host() (s_client -verify_hostname); GnuTLS: "
                                + "gnutls_session_set_verify_cert(session, name, 0)"
                        : "its hostname matching accepts names RFC 6125 forbids " + cases
                                + ": use the TLS library's own "
                                + "check with the name the user gave (mbedTLS 2.28 itself matches *.com and an address "
                                + "in a DNS name)";
            case VALIDITY ->
                every
                        ? "dates are not checked " + cases + ": the device has no clock or ignores it: set the time "
                                + "(NTP or an RTC) before connecting; mbedTLS: build with MBEDTLS_HAVE_TIME_DATE"
                        : "only part of the validity period is checked " + cases + ": check notBefore and notAfter";
            case REVOCATION ->
                "no CRL is loaded " + cases + ": give the CA's CRL: mbedTLS: the ca_crl argument of "
                        + "mbedtls_ssl_conf_ca_chain(); OpenSSL: X509_V_FLAG_CRL_CHECK (s_client -CRL FILE -crl_check, s_server "
                        + "-CRL FILE -crl_check); GnuTLS: --x509crlfile";
            case ALGORITHM ->
                "weak algorithms are accepted " + cases + ": require SHA-256 and RSA-2048 or better: "
                        + "mbedTLS: mbedtls_ssl_conf_cert_profile(&mbedtls_x509_crt_profile_default); OpenSSL: "
                        + "security level 2";
            case USAGE ->
                "key usages are not checked " + cases + ": the leaf must allow digitalSignature (ECDHE, "
                        + "TLS 1.3) and name the " + (role == Role.CLIENT ? "server" : "client")
                        + "'s role in extendedKeyUsage; "
                        + "mbedTLS: enable MBEDTLS_X509_CHECK_KEY_USAGE and MBEDTLS_X509_CHECK_EXTENDED_KEY_USAGE; OpenSSL: "
                        + "check X509_get_key_usage() of the leaf in the verify callback";
            case CHAIN ->
                "the CA rules of the chain are not enforced " + cases + " (basicConstraints, pathLen, "
                        + "nameConstraints, the chain the peer must send): use the library's path validation and trust "
                        + "the root only";
            case TRUST ->
                "some certificates no trusted CA signed are accepted " + cases + ": check the signature "
                        + "up to the trust anchor, not the issuer's name";
            case EXTENSION ->
                "unknown critical extensions are ignored " + cases + ": RFC 5280 4.2 requires refusing "
                        + "the certificate";
            case OTHER -> "also accepted " + cases + ": see their rules";
        };
    }
}
