/** OpenSSL req configs (the demo's ca.conf and cert.conf) turned into profiles, with every line that could not be mapped and why. */
package org.mtlskit.pki.internal.confimport;
