/** Profiles: one certificate's recipe read from YAML and checked field by field, and a folder of them checked against each other; a new profile field starts in {@link org.mtlskit.pki.internal.profile.ProfileParser}. */
package org.mtlskit.pki.internal.profile;
