/** What each target TLS stack (mbedTLS 2.28 and 3.6, OpenSSL 3, Java 17) refuses or ignores, one rule table per target over facts read from files or predicted from profiles. */
package org.mtlskit.pki.internal.lint;
