/** The supported API: a {@link org.mtlskit.pki.Credential} made in memory or read from PEM files, and the {@link org.mtlskit.pki.TlsContexts} that present it and judge the peer; everything under {@code org.mtlskit.pki.internal} serves the two tools and may change without notice. */
package org.mtlskit.pki;
