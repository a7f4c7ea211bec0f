/** Test helpers that need only the library: certificates built in memory, test keys, the demo's profiles, and real programs run with a time limit; shipped in pki's test-jar. */
package org.mtlskit.pki.testing;
