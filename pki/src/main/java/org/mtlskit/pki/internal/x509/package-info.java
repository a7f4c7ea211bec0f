/** The vocabulary of certificates as RFC 5280 and OpenSSL's configs spell it: digests, key usages, extended key usages, extension names, subject and alternative names with the syntax they must have, public keys and the one Bouncy Castle provider. */
package org.mtlskit.pki.internal.x509;
