/** What is inside a PEM file, decoded for {@code ca-tool show} and spelt as {@code openssl x509 -text} spells it. */
package org.mtlskit.pki.internal.inspect;
