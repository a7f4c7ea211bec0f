package org.mtlskit.handshake.interop;

/** The demo's three scenarios: which files each side uses. */
enum DemoScenario {
    GOOD("good pair"),
    /** A client certificate from the bad CA: the server must refuse it. */
    BAD_CLIENT("bad client"),
    /** The server trusts the bad CA and shows the bad certificate: the client must refuse it. */
    BAD_SERVER("bad-CA server");

    final String words;

    DemoScenario(String words) {
        this.words = words;
    }

    PeerFiles serverFiles(KeySet keys) {
        return this == BAD_SERVER
                ? new PeerFiles(keys.file("bad_ca_cert.pem"), keys.file("bad_cert.pem"), keys.file("bad_key.pem"))
                : new PeerFiles(keys.file("ca_cert.pem"), keys.file("server_cert.pem"), keys.file("server_key.pem"));
    }

    PeerFiles clientFiles(KeySet keys) {
        return this == BAD_CLIENT
                ? new PeerFiles(keys.file("ca_cert.pem"), keys.file("bad_cert.pem"), keys.file("bad_key.pem"))
                : new PeerFiles(keys.file("ca_cert.pem"), keys.file("client_cert.pem"), keys.file("client_key.pem"));
    }
}
