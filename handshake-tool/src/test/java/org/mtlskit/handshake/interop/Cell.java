package org.mtlskit.handshake.interop;

/** One handshake of the matrix: who serves, who connects, with which files and TLS version. */
record Cell(Peer server, Peer client, KeySet keys, String tls, DemoScenario scenario) {

    String title() {
        return server.program(Peer.Role.SERVER) + " × " + client.program(Peer.Role.CLIENT) + " · " + keys.name()
                + " · TLS " + tls + " · " + scenario.words;
    }
}
