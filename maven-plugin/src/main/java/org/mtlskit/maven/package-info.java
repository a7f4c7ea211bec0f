/** The Maven goals fixtures, check and export: ca-tool's fixtures run inside a build, through the library. */
package org.mtlskit.maven;
