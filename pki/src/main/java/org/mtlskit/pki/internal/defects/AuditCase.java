package org.mtlskit.pki.internal.defects;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a profile's {@code audit:} mapping says about the certificate it makes when an audit presents
 * it to a device: the role it is presented in, what a correct device does with it, and the rule that
 * says so (an RFC section). ca-tool only reads and prints it; handshake-tool audit judges by it.
 *
 * @param role   client (presented to a server; audit server) or server (presented to a client; audit client)
 * @param expect what a correct device does
 * @param rule   the rule it rests on, such as "RFC 5280 4.1.2.5"
 * @param baseline whether this is the good certificate of its role, presented first: a device that
 *               refuses it cannot be judged on the rest
 * @param checks what the case tests, which the audit's diagnosis groups cases by; null lets the audit
 *               tell it from the profile's defects (validity, revocation), else {@link Topic#OTHER}
 * @param host   server role only: the name the client is told to check ({host} of audit client), for a
 *               case about name matching; null for the audit's own name
 */
public record AuditCase(Role role, Expect expect, String rule, boolean baseline, Topic checks, String host) {

    AuditCase(Role role, Expect expect, String rule, boolean baseline) {
        this(role, expect, rule, baseline, null, null);
    }

    /** What a case tests, as the diagnosis groups them. */
    public enum Topic {
        NAME("name"),
        VALIDITY("validity"),
        REVOCATION("revocation"),
        TRUST("trust"),
        CHAIN("chain"),
        USAGE("usage"),
        ALGORITHM("algorithm"),
        EXTENSION("extension"),
        OTHER("other");

        private final String yamlName;

        Topic(String yamlName) {
            this.yamlName = yamlName;
        }

        String yamlName() {
            return yamlName;
        }

        public static Optional<Topic> fromYamlName(String name) {
            return Arrays.stream(values()).filter(r -> r.yamlName.equals(name)).findFirst();
        }

        public static String allowedNames() {
            return String.join(
                    ", ", Arrays.stream(values()).map(Topic::yamlName).toList());
        }
    }

    public enum Role {
        CLIENT("client"),
        SERVER("server");

        private final String yamlName;

        Role(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Optional<Role> fromYamlName(String name) {
            return Arrays.stream(values()).filter(r -> r.yamlName.equals(name)).findFirst();
        }

        public static String allowedNames() {
            return "client, server";
        }
    }

    public enum Expect {
        ACCEPT("accept"),
        REFUSE("refuse");

        private final String yamlName;

        Expect(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Optional<Expect> fromYamlName(String name) {
            return Arrays.stream(values()).filter(r -> r.yamlName.equals(name)).findFirst();
        }

        public static String allowedNames() {
            return "accept, refuse";
        }
    }
}
