package org.mtlskit.handshake.interop;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Where a cell cannot show the demo's verdicts as the peers' adapters pin them, and what it shows
 * instead, pinned too.
 *
 * <p>A {@link Type#RACE} or {@link Type#QUIRK} adds accepted alternatives for one side: the cell
 * is ok, and the table names the entry when an alternative was what happened. A {@link
 * Type#DEFECT} is a bug in our code or fixtures: the cell is marked "known" while the defect shows
 * exactly as pinned, and turns red when it shows otherwise, also when the defect is gone, so that
 * the entry is removed and the cell asserts the demo again.
 */
record KnownDeviation(String id, Type type, String summary, Predicate<Cell> appliesTo,
                      BiFunction<Cell, CellExpectation, CellExpectation> expectation) {

    enum Type { RACE, QUIRK, DEFECT }

    static final String PLAINTEXT_ALERT = "plaintext alert, unreadable on this JDK (JDK-8331682)";

    /** The peers that close their socket right after their fatal alert, without reading what is still coming. */
    private static boolean closesAtOnce(Peer p) {
        return p instanceof OpensslPeer || p instanceof GnutlsPeer;
    }

    private static boolean clientRefusesServeOnTls13(Cell cell) {
        return cell.server() instanceof HandshakeToolPeer && cell.client() instanceof OpensslPeer
                && cell.tls().equals("1.3") && cell.scenario() == DemoScenario.BAD_SERVER;
    }

    static final List<KnownDeviation> ALL = List.of(
            new KnownDeviation("Q1", Type.QUIRK,
                    "openssl s_client, TLS 1.3, refuses the server's certificate before it uses its handshake keys, "
                            + "so its alert goes out in plaintext. JDK 17 cannot read it (JDK-8331682, fixed in JDK 24, "
                            + "which reads it as unknown_ca); handshake-tool serve says `the client refused us during the "
                            + "handshake (it sent a plaintext alert, which this JDK cannot read: JDK-8331682)`, exit 5. "
                            + "The reset of R1 can come first here too.",
                    KnownDeviation::clientRefusesServeOnTls13,
                    (cell, demo) -> new CellExpectation(List.of(
                            new Expected(Verdict.Kind.REFUSED_BY_PEER, 5, PLAINTEXT_ALERT),
                            new Expected(Verdict.Kind.REFUSED_BY_PEER, 5, Alert.UNKNOWN_CA.jsseName),
                            new Expected(Verdict.Kind.FAILS, 6, brokenPipe("client")),
                            new Expected(Verdict.Kind.FAILS, 6, "the client reset the connection during the handshake")),
                            demo.client())),
            new KnownDeviation("R1", Type.RACE,
                    "The peer refuses handshake-tool with a fatal alert and closes its socket at once (OpenSSL; GnuTLS "
                            + "even shuts it down both ways after reading one record at a time). If JSSE is still "
                            + "writing its flight then (it writes the server's ServerKeyExchange / CertificateVerify, "
                            + "or the client's second flight, after signing), the peer's kernel answers with a reset and "
                            + "handshake-tool's write fails with `Broken pipe` (exit 6, `No certificate verification "
                            + "errors`) before it reads the alert that is already in its buffer. With GnuTLS in TLS 1.2 "
                            + "this is what happens nearly always; with OpenSSL now and then, under load.",
                    cell -> !clientRefusesServeOnTls13(cell)
                            && (cell.scenario() == DemoScenario.BAD_CLIENT && cell.client() instanceof HandshakeToolPeer
                                    && closesAtOnce(cell.server())
                            || cell.scenario() == DemoScenario.BAD_SERVER && cell.server() instanceof HandshakeToolPeer
                                    && closesAtOnce(cell.client())),
                    (cell, demo) -> cell.scenario() == DemoScenario.BAD_CLIENT
                            ? demo.orClient(new Expected(Verdict.Kind.FAILS, 6, brokenPipe("server")),
                                    new Expected(Verdict.Kind.FAILS, 6, "the server reset the connection during the handshake"))
                            : demo.orServer(new Expected(Verdict.Kind.FAILS, 6, brokenPipe("client")),
                                    new Expected(Verdict.Kind.FAILS, 6, "the client reset the connection during the handshake"))));

    /** What handshake-tool says when its write meets the reset (see R1). */
    static String brokenPipe(String peerRole) {
        return "the " + peerRole + " closed the connection while we were sending (Broken pipe); it may have refused us "
                + "with an alert the reset destroyed";
    }

    static Optional<KnownDeviation> forCell(Cell cell) {
        return ALL.stream().filter(d -> d.appliesTo().test(cell)).findFirst();
    }
}
