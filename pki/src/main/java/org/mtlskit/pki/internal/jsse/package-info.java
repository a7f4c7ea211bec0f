/** The verifier and our own certificate plugged into JSSE, so a handshake is judged as {@code ca-tool verify} judges a chain. */
package org.mtlskit.pki.internal.jsse;
