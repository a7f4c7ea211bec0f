package org.mtlskit.handshake.interop;

import java.nio.file.Path;

/** One side's files, as the demo passes them: the CA it trusts, its certificate and its key. */
record PeerFiles(Path ca, Path certificate, Path key) {}
