package org.mtlskit.pki.internal.lint;

import java.util.List;

/**
 * One thing a rule looks at: a certificate, the chain a peer would send, or a key. Exactly one of
 * {@code cert}, {@code chain} and {@code key} is set.
 *
 * @param file    the file or profile it comes from
 * @param object  which part of the file (a certificate's subject, "chain", "key"), or null
 * @param cert    a certificate
 * @param chain   the certificates as a peer sends them, leaf first
 * @param key     a key file or keystore
 * @param profile whether it is predicted from a profile rather than read from a file
 */
public record Subject(String file, String object, CertFacts cert, Chain chain, KeyFacts key, boolean profile) {

    /**
     * A chain as sent in a TLS Certificate message.
     *
     * @param derLengths    each certificate's DER length, leaf first (estimated for profiles)
     * @param intermediates how many CA certificates between the leaf and the trusted root it carries or needs
     */
    public record Chain(List<Integer> derLengths, int intermediates) {
        public Chain {
            derLengths = List.copyOf(derLengths);
        }

        /** The handshake message's length: 4 (header) + 3 (list length) + 3 + DER for each certificate (RFC 5246 7.4.2). */
        int messageLength() {
            return 7 + derLengths.stream().mapToInt(l -> 3 + l).sum();
        }
    }
}
