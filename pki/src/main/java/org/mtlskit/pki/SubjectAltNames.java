package org.mtlskit.pki;

import java.util.List;

/** The subjectAltName entries of a profile, by kind, in the order written. */
public record SubjectAltNames(List<String> dns, List<String> ip, List<String> email, List<String> uri) {

    static final SubjectAltNames NONE = new SubjectAltNames(List.of(), List.of(), List.of(), List.of());

    public SubjectAltNames {
        dns = List.copyOf(dns);
        ip = List.copyOf(ip);
        email = List.copyOf(email);
        uri = List.copyOf(uri);
    }

    public boolean isEmpty() {
        return dns.isEmpty() && ip.isEmpty() && email.isEmpty() && uri.isEmpty();
    }
}
