package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Runs one cell: starts the server, reads its port, runs the client against it, lets the server
 * finish, kills whatever still runs, and reads both verdicts. Every wait is bounded.
 */
final class CellRun {
    private CellRun() {}

    static final String SERVER_DID_NOT_START = "server did not start";

    /** A client's own timeouts are 5 s (handshake-tool) and 10 s (mbedTLS); openssl and GnuTLS have none. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(40);

    private static final Duration SERVER_END_TIMEOUT = Duration.ofSeconds(15);
    /** A server that saw no connection once its client ended will see none. */
    private static final Duration NO_CONNECTION_GRACE = Duration.ofSeconds(1);

    static CellResult run(Cell cell) throws InterruptedException {
        Optional<String> missing = cell.server()
                .missing(Peer.Role.SERVER)
                .map(m -> cell.server().program(Peer.Role.SERVER) + ": " + m)
                .or(() -> cell.client()
                        .missing(Peer.Role.CLIENT)
                        .map(m -> cell.client().program(Peer.Role.CLIENT) + ": " + m));
        if (missing.isPresent()) {
            return CellResult.skipped(cell, missing.get());
        }
        CellExpectation demo = CellExpectation.demo(cell);
        KnownDeviation deviation = KnownDeviation.forCell(cell).orElse(null);
        Peer s = cell.server();
        Peer c = cell.client();
        PeerFiles serverFiles = cell.scenario().serverFiles(cell.keys());
        PeerFiles clientFiles = cell.scenario().clientFiles(cell.keys());
        PeerProcess server = null;
        PeerProcess client = null;
        String clientStartError = null;
        try {
            try {
                server = s.startServer(serverFiles, cell.tls());
            } catch (IOException e) {
                return CellResult.judged(
                        cell,
                        demo,
                        deviation,
                        new Verdict(Verdict.Kind.FAILS, null, "cannot start: " + e.getMessage()),
                        Verdict.notRun(SERVER_DID_NOT_START),
                        "");
            }
            Optional<String> portLine = server.awaitLine(s.portLine(), Peer.START_TIMEOUT);
            if (portLine.isPresent()) {
                Matcher m = s.portLine().matcher(portLine.get());
                m.find();
                int port = Integer.parseInt(m.group(1));
                try {
                    client = c.startClient(clientFiles, cell.tls(), port);
                } catch (IOException e) {
                    clientStartError = e.getMessage();
                }
                if (client != null) {
                    client.awaitExit(CLIENT_TIMEOUT);
                    client.close();
                    boolean noConnection = s.connectedLine() != null
                            && server.awaitLine(s.connectedLine(), NO_CONNECTION_GRACE)
                                    .isEmpty();
                    if (!noConnection) {
                        s.awaitServerEnd(server, SERVER_END_TIMEOUT);
                    }
                }
            } else {
                server.awaitExit(Duration.ofSeconds(5));
            }
            server.close();
            Verdict serverVerdict = s.verdict(Peer.Role.SERVER, cell.tls(), server);
            Verdict clientVerdict = client == null
                    ? Verdict.notRun(
                            portLine.isPresent()
                                    ? "cannot start " + c.program(Peer.Role.CLIENT) + ": " + clientStartError
                                    : SERVER_DID_NOT_START)
                    : c.verdict(Peer.Role.CLIENT, cell.tls(), client);
            String transcript =
                    "--- server: " + server.transcript() + (client == null ? "" : "--- client: " + client.transcript());
            return CellResult.judged(cell, demo, deviation, serverVerdict, clientVerdict, transcript);
        } finally {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }
}
