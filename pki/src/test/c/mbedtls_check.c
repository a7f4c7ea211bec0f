/*
 * mbedtls_check - asks the real mbedTLS 2.28 library whether it takes a file, so that each rule of
 * "ca-tool lint --target mbedtls-2.28" is proven on the library itself (MbedtlsParseRulesTest, MbedtlsVerifyRulesTest).
 *
 *   mbedtls_check version
 *   mbedtls_check parse-cert FILE
 *   mbedtls_check verify CHAIN --ca CA [--name NAME]
 *   mbedtls_check parse-key FILE [--password-file F]
 *   mbedtls_check usage CERT --suite CIPHERSUITE --endpoint server|client
 *
 * One line on stdout: "OK ..." (exit 0), or "ERROR -0xNNNN <mbedtls_strerror text>" and, for
 * verify and usage, "FLAGS 0xNNNN <mbedtls_x509_crt_verify_info text>" (exit 1). Usage errors exit 2.
 *
 * verify uses mbedtls_x509_crt_verify_with_profile with mbedtls_x509_crt_profile_default, the
 * profile an SSL configuration uses unless told otherwise; usage calls mbedtls_ssl_check_cert_usage,
 * the check the TLS layer itself runs on a peer's certificate for the negotiated cipher suite.
 *
 * Build: gcc -O2 -Wall -Wextra -o mbedtls_check mbedtls_check.c -lmbedtls -lmbedx509 -lmbedcrypto
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/ssl_internal.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>

#if MBEDTLS_VERSION_MAJOR != 2
#error "mbedtls_check is written for the mbedTLS 2.x API (tested with 2.28)"
#endif

#define TEXT_SIZE 512
#define PASSWORD_SIZE 1024

static int usage(void)
{
    fprintf(stderr, "usage: mbedtls_check version | parse-cert FILE | verify CHAIN --ca CA [--name NAME]"
                    " | parse-key FILE [--password-file F] | usage CERT --suite NAME --endpoint server|client\n");
    return 2;
}

static int refused(int ret)
{
    char text[TEXT_SIZE];
    mbedtls_strerror(ret, text, sizeof text);
    printf("ERROR -0x%04X %s\n", (unsigned) -ret, text);
    return 1;
}

static void print_flags(uint32_t flags)
{
    char info[TEXT_SIZE * 2];
    int n = mbedtls_x509_crt_verify_info(info, sizeof info, "", flags);
    for (int i = 0; i < n; i++) {
        if (info[i] == '\n') {
            info[i] = (i == n - 1) ? '\0' : ';';
        }
    }
    printf("FLAGS 0x%04X %s\n", (unsigned) flags, n > 0 ? info : "");
}

/* The value after option NAME among argv[from..argc), or NULL. */
static const char *option(int argc, char **argv, int from, const char *name)
{
    for (int i = from; i + 1 < argc; i++) {
        if (strcmp(argv[i], name) == 0) {
            return argv[i + 1];
        }
    }
    return NULL;
}

static int parse_cert(const char *file)
{
    mbedtls_x509_crt crt;
    mbedtls_x509_crt_init(&crt);
    int ret = mbedtls_x509_crt_parse_file(&crt, file);
    if (ret != 0) {
        mbedtls_x509_crt_free(&crt);
        return refused(ret);
    }
    int count = 0;
    for (const mbedtls_x509_crt *c = &crt; c != NULL && c->raw.len > 0; c = c->next) {
        count++;
    }
    printf("OK %d certificate(s), version %d\n", count, crt.version);
    mbedtls_x509_crt_free(&crt);
    return 0;
}

static int verify(const char *chain_file, const char *ca_file, const char *name)
{
    mbedtls_x509_crt chain, ca;
    mbedtls_x509_crt_init(&chain);
    mbedtls_x509_crt_init(&ca);
    int ret = mbedtls_x509_crt_parse_file(&chain, chain_file);
    if (ret == 0) {
        ret = mbedtls_x509_crt_parse_file(&ca, ca_file);
    }
    int status = 0;
    if (ret != 0) {
        status = refused(ret);
    } else {
        uint32_t flags = 0;
        ret = mbedtls_x509_crt_verify_with_profile(&chain, &ca, NULL, &mbedtls_x509_crt_profile_default, name,
                                                   &flags, NULL, NULL);
        if (ret == 0) {
            printf("OK verified\n");
        } else {
            status = refused(ret);
            print_flags(flags);
        }
    }
    mbedtls_x509_crt_free(&chain);
    mbedtls_x509_crt_free(&ca);
    return status;
}

static int parse_key(const char *file, const char *password_file)
{
    char password[PASSWORD_SIZE] = "";
    if (password_file != NULL) {
        FILE *f = fopen(password_file, "r");
        if (f == NULL || fgets(password, sizeof password, f) == NULL) {
            fprintf(stderr, "cannot read %s\n", password_file);
            if (f != NULL) {
                fclose(f);
            }
            return 2;
        }
        fclose(f);
        password[strcspn(password, "\r\n")] = '\0';
    }
    mbedtls_pk_context pk;
    mbedtls_pk_init(&pk);
    int ret = mbedtls_pk_parse_keyfile(&pk, file, password_file != NULL ? password : NULL);
    if (ret != 0) {
        mbedtls_pk_free(&pk);
        return refused(ret);
    }
    printf("OK %s key, %u bits\n", mbedtls_pk_get_name(&pk), (unsigned) mbedtls_pk_get_bitlen(&pk));
    mbedtls_pk_free(&pk);
    return 0;
}

static int cert_usage(const char *file, const char *suite_name, const char *endpoint)
{
    const mbedtls_ssl_ciphersuite_t *suite = mbedtls_ssl_ciphersuite_from_string(suite_name);
    if (suite == NULL) {
        fprintf(stderr, "unknown cipher suite %s\n", suite_name);
        return 2;
    }
    int who;
    if (strcmp(endpoint, "server") == 0) {
        who = MBEDTLS_SSL_IS_SERVER;
    } else if (strcmp(endpoint, "client") == 0) {
        who = MBEDTLS_SSL_IS_CLIENT;
    } else {
        return usage();
    }
    mbedtls_x509_crt crt;
    mbedtls_x509_crt_init(&crt);
    int ret = mbedtls_x509_crt_parse_file(&crt, file);
    int status = 0;
    if (ret != 0) {
        status = refused(ret);
    } else {
        uint32_t flags = 0;
        ret = mbedtls_ssl_check_cert_usage(&crt, suite, who, &flags);
        if (ret == 0) {
            printf("OK usable as %s certificate with %s\n", endpoint, suite_name);
        } else {
            status = refused(MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE);
            print_flags(flags);
        }
    }
    mbedtls_x509_crt_free(&crt);
    return status;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) {
        return usage();
    }
    const char *command = argv[1];
    if (strcmp(command, "version") == 0) {
        char version[32];
        mbedtls_version_get_string(version);
        printf("OK mbedTLS %s\n", version);
        return 0;
    }
    if (argc < 3) {
        return usage();
    }
    if (strcmp(command, "parse-cert") == 0) {
        return parse_cert(argv[2]);
    }
    if (strcmp(command, "verify") == 0) {
        const char *ca = option(argc, argv, 3, "--ca");
        return ca == NULL ? usage() : verify(argv[2], ca, option(argc, argv, 3, "--name"));
    }
    if (strcmp(command, "parse-key") == 0) {
        return parse_key(argv[2], option(argc, argv, 3, "--password-file"));
    }
    if (strcmp(command, "usage") == 0) {
        const char *suite = option(argc, argv, 3, "--suite");
        const char *endpoint = option(argc, argv, 3, "--endpoint");
        return suite == NULL || endpoint == NULL ? usage() : cert_usage(argv[2], suite, endpoint);
    }
    return usage();
}
