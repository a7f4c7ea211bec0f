package org.mtlskit.handshake.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What each side of a cell must conclude: one or more acceptable verdicts per side (more than one
 * only where a peer's behaviour is known to vary, see {@link KnownDeviation}).
 */
record CellExpectation(List<Expected> server, List<Expected> client) {

    CellExpectation {
        server = List.copyOf(server);
        client = List.copyOf(client);
    }

    static CellExpectation of(Expected server, Expected client) {
        return new CellExpectation(List.of(server), List.of(client));
    }

    /** The demo's expectation for a cell, in each peer's own words. */
    static CellExpectation demo(Cell cell) {
        Peer s = cell.server();
        Peer c = cell.client();
        String tls = cell.tls();
        return switch (cell.scenario()) {
            case GOOD -> of(s.accepts(Peer.Role.SERVER, tls, c), c.accepts(Peer.Role.CLIENT, tls, s));
            case BAD_CLIENT ->
                of(
                        s.refusesUntrustedPeer(Peer.Role.SERVER, tls),
                        c.refusedBy(Peer.Role.CLIENT, tls, s.alertWhenRefusing(Peer.Role.SERVER, tls)));
            case BAD_SERVER ->
                of(
                        s.refusedBy(Peer.Role.SERVER, tls, c.alertWhenRefusing(Peer.Role.CLIENT, tls)),
                        c.refusesUntrustedPeer(Peer.Role.CLIENT, tls));
        };
    }

    boolean serverMatches(Verdict v) {
        return server.stream().anyMatch(e -> e.matches(v));
    }

    boolean clientMatches(Verdict v) {
        return client.stream().anyMatch(e -> e.matches(v));
    }

    boolean matches(Verdict serverVerdict, Verdict clientVerdict) {
        return serverMatches(serverVerdict) && clientMatches(clientVerdict);
    }

    CellExpectation orServer(Expected... alternatives) {
        List<Expected> s = new ArrayList<>(server);
        s.addAll(List.of(alternatives));
        return new CellExpectation(s, client);
    }

    CellExpectation orClient(Expected... alternatives) {
        List<Expected> c = new ArrayList<>(client);
        c.addAll(List.of(alternatives));
        return new CellExpectation(server, c);
    }

    static String describe(List<Expected> alternatives) {
        return alternatives.stream().map(Expected::describe).collect(Collectors.joining(" or: "));
    }
}
