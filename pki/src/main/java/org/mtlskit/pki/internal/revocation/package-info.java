/** A CA's revocation state (which serials, when and why, kept as JSON beside its files) and the CRL signed from it. */
package org.mtlskit.pki.internal.revocation;
