/**
 * A JUnit 5 extension for mutual-TLS tests: fresh in-memory credentials ({@link org.mtlskit.junit5.TestPki}),
 * an mTLS server on a loopback port that records who refused whom ({@link org.mtlskit.junit5.MtlsServer}),
 * and the audit battery's certificates by case name ({@link org.mtlskit.junit5.AuditCertificates}).
 */
package org.mtlskit.junit5;
