package org.mtlskit.pki;

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
 */
public record AuditCase(Role role, Expect expect, String rule, boolean baseline) {

    public enum Role {
        CLIENT("client"), SERVER("server");

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
        ACCEPT("accept"), REFUSE("refuse");

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
