package org.mtlskit.handshake.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares an audit of a client with the truth: for each server case and version the audit judged,
 * openssl s_server serves that case's chain (pinned to that version) to the same client command, and
 * the client's own exit status or output says whether it accepted the server.
 */
final class ClientAgreement {
    private ClientAgreement() {}

    /** How s_server talks once the handshake is done. */
    enum Serving {
        /** -www: answers an HTTP GET with 200 and a page (for HTTP clients and s_client sending a GET). */
        HTTP,
        /** the demo server's line "OK" sent at once (for clients that read first or send nothing). */
        GREETING,
        /**
         * a whole HTTP answer (with Content-Length) sent at once, then the connection ended (stdin
         * closed): for Java's HttpClient, which on TLS 1.3 got no answer from -www.
         */
        HTTP_AT_ONCE
    }

    static final String HTTP_ANSWER = "HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nOK\n";

    /** Reads the truth from the client once it ended. */
    interface Judge {
        Truth take(PeerProcess client);
    }

    /** Exit status 0 is acceptance, anything else a refusal (its last line as evidence). */
    static final Judge BY_EXIT = client -> {
        String words = "exit " + client.exitCode() + lastLine(client);
        return client.exitCode() == 0 ? Truth.accepted(words) : Truth.refused(words);
    };

    /** A client that exits 0 whatever happened (the demo's): its success or failure line decides. */
    static Judge byLine(Pattern success, Pattern failure) {
        return client -> {
            Optional<String> yes = client.firstLine(success);
            Optional<String> no = client.firstLine(failure);
            String words = "exit " + client.exitCode() + ", printed \""
                    + yes.or(() -> no).orElse("neither line") + "\"";
            return yes.isPresent() && no.isEmpty()
                    ? Truth.accepted(words)
                    : no.isPresent() ? Truth.refused(words) : Truth.unknown(words);
        };
    }

    /** The client's error line (curl's "curl: (60) ...", another's "error: ..."), else its last line. */
    static String lastLine(PeerProcess p) {
        List<String> all = Peer.allLines(p);
        Optional<String> error = all.stream()
                .filter(l -> l.startsWith("curl: (") || l.toLowerCase().contains("error"))
                .findFirst();
        return all.isEmpty()
                ? ""
                : ", printed \"" + error.orElse(all.get(all.size() - 1)).strip() + "\"";
    }

    /**
     * The rows of one audited client. {@code command} is the audit's --run text; {@code ca} and
     * {@code crl} replace {ca} and {crl}, each case's host {host} and s_server's port {port}. When the
     * audit stopped at its baseline, every case on each version the client accepts the good server on
     * is a row with the audit's word "stopped"; a version the audit found not offered is checked with
     * the good server too.
     */
    static List<AgreementTable.Row> compare(
            String peer,
            JsonNode auditJson,
            Path battery,
            Path profiles,
            Path ca,
            Path crl,
            String command,
            Serving serving,
            Judge judge)
            throws IOException, InterruptedException {
        List<AgreementTable.Row> rows = new ArrayList<>();
        List<String> names = BatteryCases.names(profiles, "server");
        boolean stopped = !auditJson.get("stopped").isNull();
        for (String tls : List.of("1.2", "1.3")) {
            boolean notOffered = false;
            for (JsonNode v : auditJson.get("notOffered")) {
                notOffered |= v.asText().equals(tls);
            }
            if (!stopped && !notOffered) {
                continue;
            }
            Truth baseline = serveOnce(
                    battery, names.get(0), hostOf(profiles, names.get(0)), ca, crl, tls, command, serving, judge);
            if (baseline.kind() != Truth.Kind.ACCEPTED) {
                continue; // the client refuses the good server on this version too: the audit was right
            }
            String word = stopped ? "stopped" : "not offered";
            String detail = stopped ? auditJson.get("stopped").asText() : "the audit found TLS " + tls + " not offered";
            for (String name : stopped ? names : names.subList(0, 1)) {
                Truth truth = name.equals(names.get(0))
                        ? baseline
                        : serveOnce(battery, name, hostOf(profiles, name), ca, crl, tls, command, serving, judge);
                rows.add(new AgreementTable.Row(peer, tls, name, word, detail, truth));
            }
        }
        for (JsonNode c : stopped ? List.<JsonNode>of() : (Iterable<JsonNode>) auditJson.get("cases")) {
            String name = c.get("case").asText();
            String tls = c.get("tls").asText();
            Truth truth = serveOnce(battery, name, hostOf(profiles, name), ca, crl, tls, command, serving, judge);
            rows.add(new AgreementTable.Row(
                    peer,
                    tls,
                    name,
                    c.get("device").asText(),
                    c.get("detail").isNull() ? "" : c.get("detail").asText(),
                    truth));
        }
        return rows;
    }

    /** The name a client must check for this case: the profile's audit.host, else localhost (as the audit's default). */
    static String hostOf(Path profiles, String caseName) throws IOException {
        JsonNode profile = new ObjectMapper(new YAMLFactory())
                .readTree(profiles.resolve(caseName + ".yaml").toFile());
        JsonNode host = profile.path("audit").path("host");
        return host.isMissingNode() || host.isNull() ? Peer.HOSTNAME : host.asText();
    }

    private static final Pattern PORT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");

    static Truth serveOnce(
            Path battery,
            String caseName,
            String host,
            Path ca,
            Path crl,
            String tls,
            String command,
            Serving serving,
            Judge judge)
            throws IOException, InterruptedException {
        String base = caseName.replace('-', '_');
        List<String> pems = certificates(Files.readString(battery.resolve(base + "_cert.pem")));
        Path dir = Files.createTempDirectory(battery.getParent(), "serve-" + base);
        Path leaf = Files.writeString(dir.resolve("leaf.pem"), pems.get(0));
        List<String> s = new ArrayList<>(List.of(
                "openssl",
                "s_server",
                "-accept",
                Peer.LOOPBACK + ":0",
                "-naccept",
                "1",
                "-cert",
                leaf.toString(),
                "-key",
                battery.resolve(base + "_key.pem").toString(),
                "-CAfile",
                ca.toString(),
                "-verify",
                "1",
                tls.equals("1.3") ? "-tls1_3" : "-tls1_2"));
        if (pems.size() > 1) {
            Path chain = Files.writeString(dir.resolve("chain.pem"), String.join("", pems.subList(1, pems.size())));
            s.addAll(List.of("-cert_chain", chain.toString()));
        }
        List<PeerProcess.Reply> replies = new ArrayList<>();
        if (serving == Serving.HTTP) {
            s.add("-www");
        } else if (serving == Serving.GREETING) {
            replies.add(new PeerProcess.Reply(Pattern.compile("^CIPHER is"), "OK\n"));
        }
        // s_server must load the weak cases (SHA-1, RSA-1024) to serve them: security level 0 for it alone.
        Path conf = Files.writeString(dir.resolve("openssl.cnf"), PresentingClient.SECURITY_LEVEL_ZERO);
        try (PeerProcess server =
                PeerProcess.start("s_server " + caseName, s, Map.of("OPENSSL_CONF", conf.toString()), replies)) {
            Optional<String> line = server.awaitLine(PORT, Peer.START_TIMEOUT);
            if (line.isEmpty()) {
                return Truth.unknown("s_server did not start: " + String.join(" / ", Peer.allLines(server)));
            }
            Matcher m = PORT.matcher(line.get());
            m.find();
            String run = command.replace("{host}", host)
                    .replace("{port}", m.group(1))
                    .replace("{ca}", ca.toString())
                    .replace("{crl}", crl.toString());
            try (PeerProcess client = PeerProcess.start("client " + caseName, List.of("sh", "-c", run))) {
                if (serving == Serving.HTTP_AT_ONCE
                        && server.awaitLine(Pattern.compile("^CIPHER is"), Duration.ofSeconds(60))
                                .isPresent()) {
                    server.send(HTTP_ANSWER);
                    server.closeStdin();
                }
                if (!client.awaitExit(Duration.ofSeconds(60))) {
                    return Truth.unknown("the client did not end within 60 s" + lastLine(client));
                }
                return judge.take(client);
            }
        }
    }

    static List<String> certificates(String pem) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\\s*", Pattern.DOTALL)
                .matcher(pem);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
