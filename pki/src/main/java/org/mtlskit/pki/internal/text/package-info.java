/** Text on its way to a person: names and file contents made safe for a terminal, and the did-you-mean of an error message. */
package org.mtlskit.pki.internal.text;
