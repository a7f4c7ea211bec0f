/** Certificates made from profiles as pure functions of profile, key, issuer, clock and randomness, with the deliberate defects a profile asks for, and the CA key and certificate they are signed with. */
package org.mtlskit.pki.internal.issue;
