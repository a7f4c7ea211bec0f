package org.mtlskit.pki.internal.x509;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** extendedKeyUsage purposes by the names OpenSSL's configs use. */
public enum ExtendedKeyUsage {
    SERVER_AUTH("serverAuth", KeyPurposeId.id_kp_serverAuth),
    CLIENT_AUTH("clientAuth", KeyPurposeId.id_kp_clientAuth),
    CODE_SIGNING("codeSigning", KeyPurposeId.id_kp_codeSigning),
    EMAIL_PROTECTION("emailProtection", KeyPurposeId.id_kp_emailProtection),
    TIME_STAMPING("timeStamping", KeyPurposeId.id_kp_timeStamping),
    OCSP_SIGNING("OCSPSigning", KeyPurposeId.id_kp_OCSPSigning);

    private final String yamlName;
    private final KeyPurposeId purposeId;

    ExtendedKeyUsage(String yamlName, KeyPurposeId purposeId) {
        this.yamlName = yamlName;
        this.purposeId = purposeId;
    }

    public String yamlName() {
        return yamlName;
    }

    public String oid() {
        return purposeId.getId();
    }

    public KeyPurposeId purposeId() {
        return purposeId;
    }

    public static Optional<ExtendedKeyUsage> fromYamlName(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
    }

    public static Optional<ExtendedKeyUsage> fromOid(String oid) {
        return Arrays.stream(values()).filter(k -> k.oid().equals(oid)).findFirst();
    }

    public static String allowedNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(ExtendedKeyUsage::yamlName).toList());
    }
}
