package org.mtlskit.handshake;

/** Placeholder until the handshake-tool commands land. */
public final class HandshakeTool {
    public static void main(String[] args) {
        System.out.println("handshake-tool: not yet");
    }
}
