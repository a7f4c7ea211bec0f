/** Files a run writes all or nothing and files it reads within limits: staging, the commit record, the folder lock, and the checks before a file is read or replaced. */
package org.mtlskit.pki.internal.files;
