package org.mtlskit.pki.internal.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.testing.TestPki;

/**
 * The two name defects of the server-role battery: wildcardMisuse and ipInDnsName each lift only
 * their own refusal, and a server-role audit case may name the host its client checks.
 */
class NameDefectsTest {

    @TempDir
    Path dir;

    ProfileSet load(String yaml) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("ca", TestPki.ca("ec-p256"));
        all.put("server", yaml);
        TestPki.writeProfiles(dir, all);
        return ProfileSet.load(dir);
    }

    String error(String yaml) {
        PkiException e = assertThrows(PkiException.class, () -> load(yaml));
        assertEquals(PkiException.Kind.INVALID_PROFILE, e.kind(), e.getMessage());
        return e.getMessage().replace(dir.toString(), "DIR");
    }

    static String server(String dns, String more) {
        return TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost").replace("[localhost]", "[\"" + dns + "\"]")
                + more;
    }

    @Test
    void anAddressWrittenAsADnsNameIsRefusedUnlessItsDefectAsksForIt() {
        assertEquals(
                "DIR/server.yaml:10: extensions.subjectAltName.dns[0]: \"127.0.0.1\" is an IP address, which "
                        + "clients match against ip entries only: write it under ip; to make a deliberately broken certificate "
                        + "for an audit, add defects: [ipInDnsName]",
                error(server("127.0.0.1", "")));
        Profile p = load(server("127.0.0.1", "defects: [ipInDnsName]\n")).get("server");
        assertEquals(List.of("127.0.0.1"), p.subjectAltName().dns());
        // ipInDnsName lifts nothing else: a misused wildcard is still refused.
        error(server("*.*.example.test", "defects: [ipInDnsName]\n"));
    }

    @Test
    void aWildcardForATopLevelDomainOrAMisplacedOneIsRefusedUnlessItsDefectAsksForIt() {
        assertEquals(
                "DIR/server.yaml:10: extensions.subjectAltName.dns[0]: \"*.com\" is a wildcard for every name "
                        + "under a top-level domain (RFC 6125 7.2); to make a deliberately broken certificate for an audit, "
                        + "add defects: [wildcardMisuse]",
                error(server("*.com", "")));
        error(server("*.*.example.test", ""));
        error(server("api.*.example.test", ""));
        for (String misuse : List.of("*.com", "*.*.example.test", "api.*.example.test")) {
            Profile p = load(server(misuse, "defects: [wildcardMisuse]\n")).get("server");
            assertEquals(List.of(misuse), p.subjectAltName().dns(), misuse);
        }
        // wildcardMisuse lifts nothing else: an address as a DNS name is still refused.
        error(server("127.0.0.1", "defects: [wildcardMisuse]\n"));
        // A good wildcard needs no defect.
        assertEquals(
                List.of("*.example.test"),
                load(server("*.example.test", ""))
                        .get("server")
                        .subjectAltName()
                        .dns());
    }

    @Test
    void aServerCaseMayNameTheHostItsClientChecksAndAClientCaseMayNot() {
        String audit = "audit: {role: server, expect: refuse, rule: \"RFC 6125 6.4\", checks: name, host: audit.com}\n";
        AuditCase a = load(server("localhost", audit)).get("server").extras().audit();
        assertEquals("audit.com", a.host());
        assertEquals(AuditCase.Topic.NAME, a.checks());
        String e = error(server("localhost", audit.replace("role: server", "role: client")));
        assertEquals(
                true,
                e.contains("audit.host: is for server cases (the name the client checks); this case has role: "
                        + "client"),
                e);
    }
}
