package org.mtlskit.pki.internal.confimport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.confimport.ProfileImport.Unmapped;
import org.mtlskit.pki.internal.profile.ProfileConstraints;
import org.mtlskit.pki.internal.x509.DistinguishedName;

/** Maps an OpenSSL config's distinguished_name section to a profile's subject, for {@link ConfConverter}. */
final class SubjectSection {
    private SubjectSection() {}

    private static final Map<String, DistinguishedName.Field> DN_FIELDS = Map.ofEntries(
            Map.entry("CN", DistinguishedName.Field.CN),
            Map.entry("commonName", DistinguishedName.Field.CN),
            Map.entry("O", DistinguishedName.Field.O),
            Map.entry("organizationName", DistinguishedName.Field.O),
            Map.entry("OU", DistinguishedName.Field.OU),
            Map.entry("organizationalUnitName", DistinguishedName.Field.OU),
            Map.entry("L", DistinguishedName.Field.L),
            Map.entry("localityName", DistinguishedName.Field.L),
            Map.entry("ST", DistinguishedName.Field.ST),
            Map.entry("stateOrProvinceName", DistinguishedName.Field.ST),
            Map.entry("C", DistinguishedName.Field.C),
            Map.entry("countryName", DistinguishedName.Field.C),
            Map.entry("emailAddress", DistinguishedName.Field.emailAddress));

    /**
     * The subject a DN section gives. With {@code prompt} (not "no"), values come from the
     * {@code FIELD_default} lines and the prompt texts and length limits are left out.
     */
    static Map<DistinguishedName.Field, String> read(
            OpenSslConfig conf, ImportLedger ledger, Path file, String section, boolean prompt) {
        Map<DistinguishedName.Field, String> subject = new LinkedHashMap<>();
        for (OpenSslConfig.Line l : conf.settings(section)) {
            ledger.use(l.number());
            String key = l.key().replaceFirst("^\\d+\\.", "");
            String fieldName = key;
            if (prompt) {
                if (!key.endsWith("_default")) {
                    ledger.leaveOut(new Unmapped(
                            l.number(),
                            l.text(),
                            key.matches(".*_(min|max)")
                                    ? "a length limit for prompting; ca-tool never prompts"
                                    : "a prompt text (prompt is not \"no\"); the value is read from " + key
                                            + "_default"));
                    continue;
                }
                fieldName = key.substring(0, key.length() - "_default".length());
            }
            DistinguishedName.Field field = DN_FIELDS.get(fieldName);
            String problem = field == null
                    ? "ca-tool's subject holds CN, O, OU, L, ST, C and emailAddress"
                    : subject.containsKey(field)
                            ? field + " is given twice; a profile's subject holds each field once"
                            : dnValueProblem(field, l.value());
            if (problem != null) {
                ledger.leaveOut(new Unmapped(l.number(), l.text(), problem));
            } else {
                subject.put(field, l.value());
            }
        }
        if (subject.isEmpty()) {
            throw PkiException.unusableInput(file + ": [ " + section + " ] gives no subject field ca-tool can use "
                    + "(CN, O, OU, L, ST, C, emailAddress); a profile needs a subject");
        }
        return subject;
    }

    private static String dnValueProblem(DistinguishedName.Field field, String value) {
        if (value.isBlank()) {
            return "empty";
        }
        if (value.contains("$")) {
            return "uses a variable; import-conf does not expand variables";
        }
        if (field == DistinguishedName.Field.C && !ProfileConstraints.isCountryCode(value)) {
            return "not a two-letter country code such as DE or US";
        }
        if (field == DistinguishedName.Field.CN && ProfileConstraints.isTooLongForCn(value)) {
            return "longer than the 64 characters RFC 5280 allows for a CN";
        }
        if (field == DistinguishedName.Field.emailAddress && !value.contains("@")) {
            return "not an email address";
        }
        return null;
    }
}
