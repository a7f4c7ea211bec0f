package org.mtlskit.handshake.audit;

import java.util.List;

/**
 * An audit's result in the form every report writer takes ({@link ReportFormats}), whichever role
 * the device played.
 *
 * @param device     the device's role: "server" (audit server) or "client" (audit client)
 * @param target     what was audited: "HOST:PORT" for a server, the command or "--listen PORT" for a client
 * @param offered    the TLS versions judged ("1.2", "1.3")
 * @param notOffered the versions the device does not speak
 * @param stopped    the line that ended the audit early (the baseline was refused), or null
 * @param diagnosis  one line per configuration mistake the pattern of failures points to ({@link Diagnosis})
 * @param unjudged   with {@code stopped}: the cases never presented, so that each still has its line in CI
 */
public record AuditReport(
        String device,
        String target,
        String host,
        int port,
        List<String> offered,
        List<String> notOffered,
        List<Outcome> outcomes,
        String stopped,
        List<String> diagnosis,
        List<String> unjudged) {

    public AuditReport(
            String device,
            String target,
            String host,
            int port,
            List<String> offered,
            List<String> notOffered,
            List<Outcome> outcomes,
            String stopped,
            List<String> diagnosis) {
        this(device, target, host, port, offered, notOffered, outcomes, stopped, diagnosis, List.of());
    }

    /** The cases after the baseline, by name: what a stopped audit did not present. */
    static List<String> afterBaseline(Battery battery) {
        return battery.cases().subList(1, battery.cases().size()).stream()
                .map(Battery.Case::name)
                .toList();
    }

    public boolean allPass() {
        return stopped == null && outcomes.stream().allMatch(Outcome::pass);
    }

    /** The report of audit server, with its diagnosis. */
    public static AuditReport of(ServerAudit.Report r, Battery battery) {
        return new AuditReport(
                "server",
                r.host() + ":" + r.port(),
                r.host(),
                r.port(),
                r.offered(),
                r.notOffered(),
                r.outcomes(),
                r.stopped(),
                r.stopped() != null ? List.of() : Diagnosis.of(Diagnosis.Role.SERVER, battery, r.outcomes()),
                r.stopped() != null ? afterBaseline(battery) : List.of());
    }
}
