/** CSRs: one written for a leaf profile's key, and one made elsewhere signed under a profile. */
package org.mtlskit.pki.internal.csr;
