package org.mtlskit.pki.internal.x509;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;

/** keyUsage bits by their RFC 5280 names, as OpenSSL's configs spell them. */
public enum KeyUsageBit {
    DIGITAL_SIGNATURE("digitalSignature", KeyUsage.digitalSignature),
    NON_REPUDIATION("nonRepudiation", KeyUsage.nonRepudiation),
    KEY_ENCIPHERMENT("keyEncipherment", KeyUsage.keyEncipherment),
    DATA_ENCIPHERMENT("dataEncipherment", KeyUsage.dataEncipherment),
    KEY_AGREEMENT("keyAgreement", KeyUsage.keyAgreement),
    KEY_CERT_SIGN("keyCertSign", KeyUsage.keyCertSign),
    CRL_SIGN("cRLSign", KeyUsage.cRLSign),
    ENCIPHER_ONLY("encipherOnly", KeyUsage.encipherOnly),
    DECIPHER_ONLY("decipherOnly", KeyUsage.decipherOnly);

    private final String yamlName;
    private final int bcBit;

    KeyUsageBit(String yamlName, int bcBit) {
        this.yamlName = yamlName;
        this.bcBit = bcBit;
    }

    public String yamlName() {
        return yamlName;
    }

    public int bcBit() {
        return bcBit;
    }

    /** Index in java.security.cert.X509Certificate#getKeyUsage(). */
    public int jcaIndex() {
        return ordinal();
    }

    public static Optional<KeyUsageBit> fromYamlName(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
    }

    public static String allowedNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(KeyUsageBit::yamlName).toList());
    }
}
