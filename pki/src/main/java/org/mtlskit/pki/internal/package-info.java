/** Not supported API: what the two tools use and a Java user should not; {@link org.mtlskit.pki.internal.Defaults} holds every default the library applies, each with its reason. */
package org.mtlskit.pki.internal;
