/** PEM, PKCS#12 and JKS in and out, as OpenSSL and the JDK write and read them, with the encryption a reader can open. */
package org.mtlskit.pki.internal.pem;
