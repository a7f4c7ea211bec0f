package org.mtlskit.handshake.interop;

import java.nio.file.Path;

/**
 * A folder of the demo's files made by ca-tool (ca_cert.pem, server_*, client_*, bad_ca_cert.pem,
 * bad_*).
 *
 * @param name as the table shows it: the key type ("rsa-4096", "ec-p256"), and what is special about the set
 */
record KeySet(String name, Path dir) {

    Path file(String fileName) {
        return dir.resolve(fileName);
    }
}
