/** What a profile may ask to be wrong on purpose, and what an audit expects a correct peer to do with the certificate. */
package org.mtlskit.pki.internal.defects;
