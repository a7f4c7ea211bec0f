package org.mtlskit.handshake.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares an audit of a server with the truth: for each case and version the audit judged, curl
 * presents that case's chain to the same server, and a {@link Judge} reads what the server did from
 * its own log or its answer.
 */
final class ServerAgreement {
    private ServerAgreement() {}

    /** Reads the truth of one case once curl has ended; {@code before} marks the server's output before. */
    interface Judge {
        Truth take(PresentingClient.Answer answer, PeerProcess server, Mark before)
                throws IOException, InterruptedException;
    }

    /** How many lines the server had printed on stdout and stderr. */
    record Mark(int out, int err) {
        static Mark of(PeerProcess p) {
            return p == null
                    ? new Mark(0, 0)
                    : new Mark(p.outLines().size(), p.errLines().size());
        }

        /** The lines printed since. */
        List<String> since(PeerProcess p) {
            List<String> out = p.outLines();
            List<String> err = p.errLines();
            List<String> fresh = new ArrayList<>(out.subList(Math.min(this.out, out.size()), out.size()));
            fresh.addAll(err.subList(Math.min(this.err, err.size()), err.size()));
            return fresh;
        }
    }

    /**
     * The rows of one audited server: each case of the audit's JSON next to the truth taken by
     * {@code judge}. When the audit stopped at its baseline, every case of the battery on each version
     * the server completes the good case on is a row with the audit's word "stopped".
     */
    static List<AgreementTable.Row> compare(
            String peer,
            JsonNode auditJson,
            Path battery,
            Path profiles,
            Path ca,
            int port,
            PeerProcess server,
            Judge judge)
            throws IOException, InterruptedException {
        List<AgreementTable.Row> rows = new ArrayList<>();
        if (!auditJson.get("stopped").isNull()) {
            String stopped = auditJson.get("stopped").asText();
            List<String> names = BatteryCases.names(profiles, "client");
            for (String tls : List.of("1.2", "1.3")) {
                Truth baseline = truth(battery, names.get(0), ca, port, tls, server, judge);
                if (baseline.kind() != Truth.Kind.ACCEPTED) {
                    continue; // the server refuses the good certificate on this version too: stopping was right
                }
                for (String name : names) {
                    Truth truth =
                            name.equals(names.get(0)) ? baseline : truth(battery, name, ca, port, tls, server, judge);
                    rows.add(new AgreementTable.Row(peer, tls, name, "stopped", stopped, truth));
                }
            }
            return rows;
        }
        for (String tls : notOffered(auditJson)) {
            // a version the audit found not offered: the good certificate must fail on it without the audit too
            String good = BatteryCases.names(profiles, "client").get(0);
            Truth baseline = truth(battery, good, ca, port, tls, server, judge);
            if (baseline.kind() == Truth.Kind.ACCEPTED) {
                rows.add(new AgreementTable.Row(
                        peer, tls, good, "not offered", "the audit found TLS " + tls + " not offered", baseline));
            }
        }
        for (JsonNode c : auditJson.get("cases")) {
            String name = c.get("case").asText();
            String tls = c.get("tls").asText();
            rows.add(new AgreementTable.Row(
                    peer,
                    tls,
                    name,
                    c.get("device").asText(),
                    c.get("detail").isNull() ? "" : c.get("detail").asText(),
                    truth(battery, name, ca, port, tls, server, judge)));
        }
        return rows;
    }

    static Truth truth(Path battery, String name, Path ca, int port, String tls, PeerProcess server, Judge judge)
            throws IOException, InterruptedException {
        Mark before = Mark.of(server);
        PresentingClient.Answer answer = PresentingClient.get(battery, name, ca, port, tls);
        if (answer.couldNotPresent()) {
            // curl connected before it gave up: let the server's lines about that connection come, so
            // that the next case's mark is after them
            Thread.sleep(1000);
            return Truth.unknown("curl cannot present this chain: " + answer.error());
        }
        return judge.take(answer, server, before);
    }

    static List<String> notOffered(JsonNode auditJson) {
        List<String> versions = new ArrayList<>();
        auditJson.get("notOffered").forEach(v -> versions.add(v.asText()));
        return versions;
    }

    /** The server's HTTP answer decides: 2xx served, anything else refused (a failed handshake, 400, ...). */
    static final Judge BY_HTTP_STATUS = (answer, server, before) ->
            answer.served() ? Truth.accepted(answer.words()) : Truth.refused(answer.words());

    /**
     * The server's own verdict line for this connection decides ("SSL handshake successful" or
     * "SSL handshake failed", as the demo's server and handshake-tool serve print them).
     */
    static Judge byVerdictLine(Pattern success, Pattern failure) {
        return (answer, server, before) -> {
            Pattern either = Pattern.compile(success.pattern() + "|" + failure.pattern());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                List<String> fresh = before.since(server);
                for (String line : fresh) {
                    if (either.matcher(line).find()) {
                        String evidence = "its log: \"" + line + "\"; " + answer.words();
                        return success.matcher(line).find() ? Truth.accepted(evidence) : Truth.refused(evidence);
                    }
                }
                Thread.sleep(50);
            }
            return Truth.unknown("no verdict line within 30 s; " + answer.words());
        };
    }
}
