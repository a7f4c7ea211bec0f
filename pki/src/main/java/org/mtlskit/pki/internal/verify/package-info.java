/** The verdict on a certificate chain: RFC 5280 path validation by Bouncy Castle's PKIX engine, the certificate-profile and Web PKI rules it leaves out, and every reason for a refusal. */
package org.mtlskit.pki.internal.verify;
