/*
 * mbedtls_peer - a small mutual-TLS peer built on mbedTLS 2.28, used as an
 * independent interop peer in the handshake-tool tests.
 *
 *   mbedtls_peer server --ca-certificate F --certificate F --private-key F
 *                       [--port N] [--bind ADDR] [--count N] [--timeout-ms N]
 *                       [--verify required|optional-ignored|optional-checked]
 *   mbedtls_peer client --ca-certificate F --certificate F --private-key F
 *                       --server NAME [--host ADDR] [--port N] [--timeout-ms N]
 *                       [--verify required|optional-ignored|optional-checked]
 *                       [--no-hostname]
 *   both: [--crl F]  (CRLs checked with the CA certificates)
 *
 * A client audited by handshake-tool audit client is misconfigured the same
 * ways: --verify optional-ignored connects to any server, optional-checked
 * reads mbedtls_ssl_get_verify_result after the handshake and sends a fatal
 * bad_certificate alert instead of reading; --no-hostname never calls
 * mbedtls_ssl_set_hostname, so mbedTLS 2.28 checks no name at all.
 * Both sides require and verify the peer certificate; only TLS 1.2 is
 * offered. For audits, a server can be misconfigured on purpose with
 * --verify: optional-ignored (MBEDTLS_SSL_VERIFY_OPTIONAL, result never read:
 * every client is accepted) or optional-checked (the same, then the result of
 * mbedtls_ssl_get_verify_result is read after the handshake and a refused
 * client gets a fatal bad_certificate alert instead of the reply). Progress and verdict lines go to stdout (line-buffered); stderr
 * is used only for usage and file-loading errors.
 *
 * --demo ends each session as the demo's own programs do. Server: after a
 * handshake it prints "SSL handshake successful", sends close_notify and no
 * data, and frees the socket with what the client sent unread; after a failed
 * one it prints "SSL handshake failed". Client: "Handshake successful!", one
 * read, close_notify; "Handshake failed." otherwise; it exits 0 either way
 * (like the demo's client), so only its lines tell. Both close at once after
 * a failure (--close-at-once).
 *
 * Exit codes: 0 all handshakes succeeded, 1 a handshake failed, 2 usage
 * error, 3 a file could not be loaded (or TLS setup failed), 4 network
 * error (bind/listen/accept/connect).
 *
 * Build: gcc -O2 -Wall -Wextra -o mbedtls_peer mbedtls_peer.c \
 *            -lmbedtls -lmbedx509 -lmbedcrypto
 */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/version.h>
#include <mbedtls/x509.h>
#include <mbedtls/x509_crt.h>

#if MBEDTLS_VERSION_MAJOR != 2
#error "mbedtls_peer is written for the mbedTLS 2.x API (tested with 2.28)"
#endif

enum exit_code {
    EXIT_OK = 0,
    EXIT_HANDSHAKE_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_FILE = 3,
    EXIT_NETWORK = 4
};

enum mode { MODE_SERVER, MODE_CLIENT };

static const unsigned long DEFAULT_PORT = 4433;
static const unsigned long DEFAULT_COUNT = 1;
static const unsigned long DEFAULT_TIMEOUT_MS = 10000;
static const char DEFAULT_ADDRESS[] = "127.0.0.1";
static const char DRBG_PERSONALIZATION[] = "mbedtls_peer";
static const char SERVER_REPLY[] = "OK\n";

#define ERROR_TEXT_SIZE 256
#define VERIFY_INFO_SIZE 1024
#define DN_SIZE 1024
#define REPLY_SIZE 256
#define DRAIN_LIMIT_MS 2000L

struct options {
    enum mode mode;
    const char *ca_path;
    const char *cert_path;
    const char *key_path;
    const char *server_name;
    const char *host;
    const char *bind_address;
    unsigned long port;
    unsigned long count;
    unsigned long timeout_ms;
    int verify_mode; /* enum verify_mode */
    int no_hostname;
    const char *crl_path;
    /* After a failed handshake: free and close at once, without close_notify and without
     * reading what the peer still sends (as the demo's own programs do). */
    int close_at_once;
    /* --demo: end a session as the demo's own programs do (see the header). */
    int demo;
    const char *key_password_path; /* --key-password-file: the key is encrypted */
};

/* --verify: how a server treats the client's certificate (see the header). */
enum verify_mode { VERIFY_REQUIRED = 0, VERIFY_OPTIONAL_IGNORED, VERIFY_OPTIONAL_CHECKED };

struct tls_setup {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca_chain;
    mbedtls_x509_crl crl;
    mbedtls_x509_crt own_chain;
    mbedtls_pk_context own_key;
    mbedtls_ssl_config conf;
};

/* ------------------------------------------------------------------ */
/* Output helpers                                                      */
/* ------------------------------------------------------------------ */

/* Prints "<prefix>: -0xNNNN <mbedTLS error text>" on the given stream. */
static void print_mbedtls_error(FILE *stream, const char *prefix, int code)
{
    char text[ERROR_TEXT_SIZE];
    unsigned int magnitude = code < 0 ? (unsigned int) -code : (unsigned int) code;

    mbedtls_strerror(code, text, sizeof text);
    fprintf(stream, "%s: %s0x%04X %s\n", prefix, code < 0 ? "-" : "", magnitude, text);
    fflush(stream);
}

static void say(const char *line)
{
    fputs(line, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

static void usage(FILE *stream)
{
    fprintf(stream,
            "Usage:\n"
            "  mbedtls_peer server --ca-certificate F --certificate F --private-key F\n"
            "                      [--port N] [--bind ADDR] [--count N] [--timeout-ms N]\n"
            "                      [--verify required|optional-ignored|optional-checked]\n"
            "                      [--close-at-once] [--demo]\n"
            "  mbedtls_peer client --ca-certificate F --certificate F --private-key F\n"
            "                      --server NAME [--host ADDR] [--port N] [--timeout-ms N]\n"
            "                      [--verify required|optional-ignored|optional-checked] [--no-hostname]\n"
            "                      [--close-at-once] [--demo]\n"
            "  both: [--crl F] [--key-password-file F] (the password of an encrypted --private-key)\n"
            "\n"
            "Defaults: --port %lu, --bind %s, --host %s, --count %lu, --timeout-ms %lu\n"
            "(--port 0 lets the server pick a free port; --timeout-ms 0 waits forever).\n"
            "Exit codes: 0 success, 1 handshake failed, 2 usage error,\n"
            "            3 file could not be loaded, 4 network error.\n",
            DEFAULT_PORT, DEFAULT_ADDRESS, DEFAULT_ADDRESS, DEFAULT_COUNT, DEFAULT_TIMEOUT_MS);
    fflush(stream);
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */
/* ------------------------------------------------------------------ */

/* Parses a non-negative decimal number no larger than max. */
static int parse_number(const char *text, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    unsigned long value;

    if (text == NULL || *text < '0' || *text > '9')
        return -1;
    errno = 0;
    value = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value > max)
        return -1;
    *out = value;
    return 0;
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("mbedtls_peer: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    usage(stderr);
    return EXIT_USAGE;
}

/* Returns EXIT_OK when the options are complete and valid, -1 for --help,
 * EXIT_USAGE otherwise (after printing a message). */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;
    int have_bind = 0, have_count = 0, have_host = 0;

    memset(opts, 0, sizeof *opts);
    opts->port = DEFAULT_PORT;
    opts->count = DEFAULT_COUNT;
    opts->timeout_ms = DEFAULT_TIMEOUT_MS;
    opts->host = DEFAULT_ADDRESS;
    opts->bind_address = DEFAULT_ADDRESS;

    if (argc < 2)
        return usage_error("%s", "missing mode (server or client)");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return -1;
    if (strcmp(argv[1], "server") == 0)
        opts->mode = MODE_SERVER;
    else if (strcmp(argv[1], "client") == 0)
        opts->mode = MODE_CLIENT;
    else
        return usage_error("unknown mode '%s' (expected server or client)", argv[1]);

    for (i = 2; i < argc; i++) {
        const char *name = argv[i];
        const char *value;

        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
            return -1;
        if (strcmp(name, "--no-hostname") == 0) {
            if (opts->mode != MODE_CLIENT)
                return usage_error("%s", "--no-hostname is only valid in client mode");
            opts->no_hostname = 1;
            continue;
        }
        if (strcmp(name, "--close-at-once") == 0) {
            opts->close_at_once = 1;
            continue;
        }
        if (strcmp(name, "--demo") == 0) {
            opts->demo = 1;
            opts->close_at_once = 1;
            continue;
        }
        if (i + 1 >= argc)
            return usage_error("option %s needs a value", name);
        value = argv[++i];

        if (strcmp(name, "--ca-certificate") == 0) {
            opts->ca_path = value;
        } else if (strcmp(name, "--certificate") == 0) {
            opts->cert_path = value;
        } else if (strcmp(name, "--private-key") == 0) {
            opts->key_path = value;
        } else if (strcmp(name, "--port") == 0) {
            if (parse_number(value, 65535, &opts->port) != 0)
                return usage_error("invalid port '%s'", value);
        } else if (strcmp(name, "--timeout-ms") == 0) {
            if (parse_number(value, UINT32_MAX, &opts->timeout_ms) != 0)
                return usage_error("invalid timeout '%s'", value);
        } else if (strcmp(name, "--bind") == 0) {
            opts->bind_address = value;
            have_bind = 1;
        } else if (strcmp(name, "--count") == 0) {
            if (parse_number(value, INT_MAX, &opts->count) != 0 || opts->count == 0)
                return usage_error("invalid count '%s' (must be at least 1)", value);
            have_count = 1;
        } else if (strcmp(name, "--crl") == 0) {
            opts->crl_path = value;
        } else if (strcmp(name, "--verify") == 0) {
            if (strcmp(value, "required") == 0)
                opts->verify_mode = VERIFY_REQUIRED;
            else if (strcmp(value, "optional-ignored") == 0)
                opts->verify_mode = VERIFY_OPTIONAL_IGNORED;
            else if (strcmp(value, "optional-checked") == 0)
                opts->verify_mode = VERIFY_OPTIONAL_CHECKED;
            else
                return usage_error("invalid --verify '%s' (required, optional-ignored or optional-checked)", value);
        } else if (strcmp(name, "--server") == 0) {
            opts->server_name = value;
        } else if (strcmp(name, "--host") == 0) {
            opts->host = value;
            have_host = 1;
        } else if (strcmp(name, "--key-password-file") == 0) {
            opts->key_password_path = value;
        } else {
            return usage_error("unknown option '%s'", name);
        }
    }

    if (opts->ca_path == NULL)
        return usage_error("%s", "--ca-certificate is required");
    if (opts->cert_path == NULL)
        return usage_error("%s", "--certificate is required");
    if (opts->key_path == NULL)
        return usage_error("%s", "--private-key is required");

    if (opts->mode == MODE_SERVER) {
        if (opts->server_name != NULL)
            return usage_error("%s", "--server is only valid in client mode");
        if (have_host)
            return usage_error("%s", "--host is only valid in client mode");
    } else {
        if (opts->server_name == NULL)
            return usage_error("%s", "--server is required in client mode");
        if (have_bind)
            return usage_error("%s", "--bind is only valid in server mode");
        if (have_count)
            return usage_error("%s", "--count is only valid in server mode");
        if (opts->port == 0)
            return usage_error("%s", "client --port must be between 1 and 65535");
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Credentials and configuration                                       */
/* ------------------------------------------------------------------ */

static void tls_setup_init(struct tls_setup *setup)
{
    mbedtls_entropy_init(&setup->entropy);
    mbedtls_ctr_drbg_init(&setup->drbg);
    mbedtls_x509_crt_init(&setup->ca_chain);
    mbedtls_x509_crl_init(&setup->crl);
    mbedtls_x509_crt_init(&setup->own_chain);
    mbedtls_pk_init(&setup->own_key);
    mbedtls_ssl_config_init(&setup->conf);
}

static void tls_setup_free(struct tls_setup *setup)
{
    mbedtls_ssl_config_free(&setup->conf);
    mbedtls_pk_free(&setup->own_key);
    mbedtls_x509_crt_free(&setup->own_chain);
    mbedtls_x509_crt_free(&setup->ca_chain);
    mbedtls_x509_crl_free(&setup->crl);
    mbedtls_ctr_drbg_free(&setup->drbg);
    mbedtls_entropy_free(&setup->entropy);
}

/* Reads the first line of a password file (as openssl -passin file: does), without its line end. */
static int read_password(const char *path, char *password, size_t size)
{
    FILE *file = fopen(path, "r");

    if (file == NULL || fgets(password, (int) size, file) == NULL) {
        fprintf(stderr, "Cannot load %s: cannot read a password from it\n", path);
        if (file != NULL)
            fclose(file);
        return -1;
    }
    fclose(file);
    password[strcspn(password, "\r\n")] = '\0';
    return 0;
}

static void print_load_error(const char *path, int code)
{
    char prefix[PATH_MAX + 32];

    snprintf(prefix, sizeof prefix, "Cannot load %s", path);
    print_mbedtls_error(stderr, prefix, code);
}

/* mbedtls_x509_crt_parse_file returns a positive count when some
 * certificates in the file could not be parsed; treat that as an error. */
static int load_certificates(mbedtls_x509_crt *chain, const char *path)
{
    int ret = mbedtls_x509_crt_parse_file(chain, path);

    if (ret < 0) {
        print_load_error(path, ret);
        return EXIT_FILE;
    }
    if (ret > 0) {
        fprintf(stderr, "Cannot load %s: %d certificate(s) in the file could not be parsed\n",
                path, ret);
        fflush(stderr);
        return EXIT_FILE;
    }
    return EXIT_OK;
}

static int load_credentials(struct tls_setup *setup, const struct options *opts)
{
    int ret;

    say("Loading CA certificate...");
    ret = load_certificates(&setup->ca_chain, opts->ca_path);
    if (ret != EXIT_OK)
        return ret;

    if (opts->crl_path != NULL) {
        say("Loading CRL...");
        ret = mbedtls_x509_crl_parse_file(&setup->crl, opts->crl_path);
        if (ret != 0) {
            print_load_error(opts->crl_path, ret);
            return EXIT_FILE;
        }
    }

    say("Loading certificate...");
    ret = load_certificates(&setup->own_chain, opts->cert_path);
    if (ret != EXIT_OK)
        return ret;

    say("Loading private key...");
    if (opts->key_password_path != NULL) {
        char password[256];

        if (read_password(opts->key_password_path, password, sizeof password) != 0)
            return EXIT_FILE;
        ret = mbedtls_pk_parse_keyfile(&setup->own_key, opts->key_path, password);
        memset(password, 0, sizeof password);
    } else {
        ret = mbedtls_pk_parse_keyfile(&setup->own_key, opts->key_path, NULL);
    }
    if (ret != 0) {
        print_load_error(opts->key_path, ret);
        return EXIT_FILE;
    }
    ret = mbedtls_pk_check_pair(&setup->own_chain.pk, &setup->own_key);
    if (ret != 0) {
        char prefix[PATH_MAX + 96];

        snprintf(prefix, sizeof prefix,
                 "Cannot load %s (private key does not match certificate %s)",
                 opts->key_path, opts->cert_path);
        print_mbedtls_error(stderr, prefix, ret);
        return EXIT_FILE;
    }
    return EXIT_OK;
}

/* Returns 0 on success; on failure prints the reason and returns an exit code. */
static int configure(struct tls_setup *setup, const struct options *opts)
{
    int endpoint = opts->mode == MODE_SERVER ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT;
    int ret;

    ret = mbedtls_ctr_drbg_seed(&setup->drbg, mbedtls_entropy_func, &setup->entropy,
                                (const unsigned char *) DRBG_PERSONALIZATION,
                                sizeof DRBG_PERSONALIZATION - 1);
    if (ret != 0) {
        print_mbedtls_error(stderr, "Cannot seed random number generator", ret);
        return EXIT_FILE;
    }

    ret = mbedtls_ssl_config_defaults(&setup->conf, endpoint, MBEDTLS_SSL_TRANSPORT_STREAM,
                                      MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        print_mbedtls_error(stderr, "Cannot set up TLS configuration", ret);
        return EXIT_FILE;
    }

    mbedtls_ssl_conf_authmode(&setup->conf, opts->verify_mode == VERIFY_REQUIRED
                                            ? MBEDTLS_SSL_VERIFY_REQUIRED : MBEDTLS_SSL_VERIFY_OPTIONAL);
    mbedtls_ssl_conf_min_version(&setup->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(&setup->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_rng(&setup->conf, mbedtls_ctr_drbg_random, &setup->drbg);
    mbedtls_ssl_conf_ca_chain(&setup->conf, &setup->ca_chain, opts->crl_path != NULL ? &setup->crl : NULL);
    mbedtls_ssl_conf_read_timeout(&setup->conf, (uint32_t) opts->timeout_ms);

    ret = mbedtls_ssl_conf_own_cert(&setup->conf, &setup->own_chain, &setup->own_key);
    if (ret != 0) {
        print_mbedtls_error(stderr, "Cannot use own certificate and key", ret);
        return EXIT_FILE;
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Handshake and verdict                                               */
/* ------------------------------------------------------------------ */

static int is_retry(int ret)
{
    return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
}

/* Prints the verification result as one line: the reasons from
 * mbedtls_x509_crt_verify_info joined with "; ". */
static void print_verify_result(const mbedtls_ssl_context *ssl)
{
    uint32_t flags = mbedtls_ssl_get_verify_result(ssl);
    char info[VERIFY_INFO_SIZE];
    char joined[VERIFY_INFO_SIZE + 64];
    char *line;
    char *save = NULL;
    size_t used = 0;

    /* 0xFFFFFFFF means no verification result is available at all. */
    if (flags == 0 || flags == UINT32_MAX) {
        say("No certificate verification errors");
        return;
    }

    if (mbedtls_x509_crt_verify_info(info, sizeof info, "", flags) < 0) {
        printf("Certificate verification errors: flags 0x%08X\n", (unsigned int) flags);
        fflush(stdout);
        return;
    }

    joined[0] = '\0';
    for (line = strtok_r(info, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        size_t len;
        int written;

        while (*line == ' ' || *line == '\t')
            line++;
        len = strlen(line);
        while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        written = snprintf(joined + used, sizeof joined - used, "%s%s",
                           used > 0 ? "; " : "", line);
        if (written < 0 || (size_t) written >= sizeof joined - used)
            break;
        used += (size_t) written;
    }
    printf("Certificate verification errors: %s\n", joined);
    fflush(stdout);
}

static void print_success(const mbedtls_ssl_context *ssl)
{
    const mbedtls_x509_crt *peer = mbedtls_ssl_get_peer_cert(ssl);
    char subject[DN_SIZE];

    say("Handshake successful");
    printf("Protocol: %s\n", mbedtls_ssl_get_version(ssl));
    printf("Cipher suite: %s\n", mbedtls_ssl_get_ciphersuite(ssl));
    if (peer != NULL && mbedtls_x509_dn_gets(subject, sizeof subject, &peer->subject) >= 0)
        printf("Peer subject: %s\n", subject);
    else
        printf("Peer subject: (not available)\n");
    fflush(stdout);
}

/* Runs the handshake and prints exactly one verdict.
 * Returns EXIT_OK or EXIT_HANDSHAKE_FAILED. */
static int run_handshake(mbedtls_ssl_context *ssl)
{
    int ret;

    say("Starting handshake...");
    do {
        ret = mbedtls_ssl_handshake(ssl);
    } while (is_retry(ret));

    if (ret == 0) {
        print_success(ssl);
        return EXIT_OK;
    }

    print_mbedtls_error(stdout, "Handshake failed", ret);
    if (ret == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE)
        say("Peer refused: fatal alert received");
    print_verify_result(ssl);
    return EXIT_HANDSHAKE_FAILED;
}

static void close_session(mbedtls_ssl_context *ssl)
{
    int ret;

    do {
        ret = mbedtls_ssl_close_notify(ssl);
    } while (is_retry(ret));
}

/* Closes the TCP connection without provoking a reset: send FIN, then read
 * and discard whatever the peer still sends until it closes too (bounded).
 * Closing a socket with unread data makes the kernel send RST, which can
 * destroy our final alert before the peer reads it, so the peer would see
 * "connection reset" instead of the alert. */
static void graceful_close(mbedtls_net_context *net, unsigned long timeout_ms)
{
    unsigned char scratch[4096];
    struct timespec start;
    long limit = DRAIN_LIMIT_MS;

    if (net->fd < 0)
        return;
    if (timeout_ms > 0 && (long) timeout_ms < limit)
        limit = (long) timeout_ms;
    if (shutdown(net->fd, SHUT_WR) != 0)
        return;
    clock_gettime(CLOCK_MONOTONIC, &start);

    for (;;) {
        struct pollfd pfd;
        struct timespec now;
        long elapsed;
        ssize_t got;
        int ready;

        clock_gettime(CLOCK_MONOTONIC, &now);
        elapsed = (long) (now.tv_sec - start.tv_sec) * 1000L
                  + (long) (now.tv_nsec - start.tv_nsec) / 1000000L;
        if (elapsed >= limit)
            return;

        pfd.fd = net->fd;
        pfd.events = POLLIN;
        pfd.revents = 0;
        ready = poll(&pfd, 1, (int) (limit - elapsed));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return;

        got = recv(net->fd, scratch, sizeof scratch, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return;
    }
}

static int setup_session(mbedtls_ssl_context *ssl, const struct tls_setup *setup,
                         mbedtls_net_context *net, const char *server_name)
{
    int ret = mbedtls_ssl_setup(ssl, &setup->conf);

    if (ret != 0) {
        print_mbedtls_error(stdout, "Handshake failed", ret);
        say("No certificate verification errors");
        return EXIT_HANDSHAKE_FAILED;
    }
    if (server_name != NULL) {
        ret = mbedtls_ssl_set_hostname(ssl, server_name);
        if (ret != 0) {
            print_mbedtls_error(stdout, "Handshake failed", ret);
            say("No certificate verification errors");
            return EXIT_HANDSHAKE_FAILED;
        }
    }
    mbedtls_ssl_set_bio(ssl, net, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
    return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Server                                                              */
/* ------------------------------------------------------------------ */

/* Sends SERVER_REPLY after a successful handshake so the client knows it
 * was accepted. A failure here does not change the handshake verdict. */
static void send_reply(mbedtls_ssl_context *ssl)
{
    const unsigned char *data = (const unsigned char *) SERVER_REPLY;
    size_t left = sizeof SERVER_REPLY - 1;

    while (left > 0) {
        int ret = mbedtls_ssl_write(ssl, data, left);

        if (is_retry(ret))
            continue;
        if (ret <= 0) {
            print_mbedtls_error(stdout, "Could not send reply to client", ret);
            return;
        }
        data += ret;
        left -= (size_t) ret;
    }
}

static int serve_one(const struct tls_setup *setup, const struct options *opts,
                     mbedtls_net_context *listener, int *net_error)
{
    mbedtls_net_context conn;
    mbedtls_ssl_context ssl;
    int result;
    int ret;

    mbedtls_net_init(&conn);
    mbedtls_ssl_init(&ssl);

    ret = mbedtls_net_accept(listener, &conn, NULL, 0, NULL);
    if (ret != 0) {
        print_mbedtls_error(stdout, "Accept failed", ret);
        *net_error = 1;
        result = EXIT_NETWORK;
        goto cleanup;
    }

    say("Client connected. Setting up SSL...");
    result = setup_session(&ssl, setup, &conn, NULL);
    if (result != EXIT_OK)
        goto cleanup;

    result = run_handshake(&ssl);
    if (result == EXIT_OK && opts->verify_mode == VERIFY_OPTIONAL_CHECKED
            && mbedtls_ssl_get_verify_result(&ssl) != 0) {
        /* The late check of a server with verification optional: refuse now. */
        say("Client refused after the handshake");
        print_verify_result(&ssl);
        mbedtls_ssl_send_alert_message(&ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                                       MBEDTLS_SSL_ALERT_MSG_BAD_CERT);
        result = EXIT_HANDSHAKE_FAILED;
    } else if (result == EXIT_OK && opts->demo) {
        /* The demo's server: its success line, close_notify, no data, and the socket freed with
         * whatever the client sent unread. */
        say("SSL handshake successful");
        close_session(&ssl);
        goto cleanup;
    } else if (result == EXIT_OK) {
        send_reply(&ssl);
        close_session(&ssl);
    }
    if (result != EXIT_OK && opts->demo)
        say("SSL handshake failed");
    if (result == EXIT_OK || !opts->close_at_once)
        graceful_close(&conn, opts->timeout_ms);

cleanup:
    mbedtls_ssl_free(&ssl);
    mbedtls_net_free(&conn);
    return result;
}

static int bound_port(const mbedtls_net_context *listener, unsigned int *port)
{
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;

    if (getsockname(listener->fd, (struct sockaddr *) &addr, &len) != 0)
        return -1;
    if (addr.ss_family == AF_INET)
        *port = ntohs(((const struct sockaddr_in *) &addr)->sin_port);
    else if (addr.ss_family == AF_INET6)
        *port = ntohs(((const struct sockaddr_in6 *) &addr)->sin6_port);
    else
        return -1;
    return 0;
}

static int run_server(const struct tls_setup *setup, const struct options *opts)
{
    mbedtls_net_context listener;
    char port_text[16];
    unsigned int port = 0;
    unsigned long i;
    int failed = 0;
    int net_error = 0;
    int ret;

    mbedtls_net_init(&listener);
    snprintf(port_text, sizeof port_text, "%lu", opts->port);

    ret = mbedtls_net_bind(&listener, opts->bind_address, port_text, MBEDTLS_NET_PROTO_TCP);
    if (ret != 0) {
        char prefix[512];

        snprintf(prefix, sizeof prefix, "Cannot listen on %s:%s", opts->bind_address, port_text);
        print_mbedtls_error(stdout, prefix, ret);
        mbedtls_net_free(&listener);
        return EXIT_NETWORK;
    }
    if (bound_port(&listener, &port) != 0) {
        printf("Cannot determine listening port: %s\n", strerror(errno));
        fflush(stdout);
        mbedtls_net_free(&listener);
        return EXIT_NETWORK;
    }
    printf("Listening on port %u\n", port);
    fflush(stdout);

    for (i = 0; i < opts->count && !net_error; i++) {
        if (serve_one(setup, opts, &listener, &net_error) != EXIT_OK)
            failed = 1;
    }

    mbedtls_net_free(&listener);
    if (net_error)
        return EXIT_NETWORK;
    return failed ? EXIT_HANDSHAKE_FAILED : EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Client                                                              */
/* ------------------------------------------------------------------ */

static void print_reply(const unsigned char *buf, size_t len)
{
    size_t i;

    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    fputs("Server said: ", stdout);
    for (i = 0; i < len; i++)
        fputc(buf[i] >= 0x20 && buf[i] < 0x7f ? buf[i] : '?', stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

/* Reads one line from the server. Returns EXIT_HANDSHAKE_FAILED only when
 * the server sends a fatal alert instead of a reply. */
static int read_reply(mbedtls_ssl_context *ssl)
{
    unsigned char buf[REPLY_SIZE];
    size_t used = 0;

    for (;;) {
        int ret = mbedtls_ssl_read(ssl, buf + used, sizeof buf - used);

        if (is_retry(ret))
            continue;
        if (ret > 0) {
            const unsigned char *newline;

            used += (size_t) ret;
            newline = memchr(buf, '\n', used);
            if (newline != NULL) {
                print_reply(buf, (size_t) (newline - buf));
                return EXIT_OK;
            }
            if (used == sizeof buf) {
                print_reply(buf, used);
                return EXIT_OK;
            }
            continue;
        }
        if (used > 0) {
            print_reply(buf, used);
            return EXIT_OK;
        }
        if (ret == 0 || ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
            say("No reply from server: connection closed");
            return EXIT_OK;
        }
        print_mbedtls_error(stdout, "No reply from server", ret);
        if (ret == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) {
            say("Peer refused: fatal alert received");
            return EXIT_HANDSHAKE_FAILED;
        }
        return EXIT_OK;
    }
}

static int run_client(const struct tls_setup *setup, const struct options *opts)
{
    mbedtls_net_context conn;
    mbedtls_ssl_context ssl;
    char port_text[16];
    int result;
    int ret;

    mbedtls_net_init(&conn);
    mbedtls_ssl_init(&ssl);
    snprintf(port_text, sizeof port_text, "%lu", opts->port);

    say("Connecting to server...");
    ret = mbedtls_net_connect(&conn, opts->host, port_text, MBEDTLS_NET_PROTO_TCP);
    if (ret != 0) {
        char prefix[512];

        snprintf(prefix, sizeof prefix, "Cannot connect to %s:%s", opts->host, port_text);
        print_mbedtls_error(stdout, prefix, ret);
        /* mbedtls_net_connect has already closed the socket on failure. */
        conn.fd = -1;
        result = EXIT_NETWORK;
        goto cleanup;
    }

    say("Connected. Setting up SSL...");
    result = setup_session(&ssl, setup, &conn, opts->no_hostname ? NULL : opts->server_name);
    if (result != EXIT_OK)
        goto cleanup;

    result = run_handshake(&ssl);
    if (result == EXIT_OK && opts->verify_mode == VERIFY_OPTIONAL_CHECKED
            && mbedtls_ssl_get_verify_result(&ssl) != 0) {
        /* The late check of a client with verification optional: give up now. */
        say("Server refused after the handshake");
        print_verify_result(&ssl);
        mbedtls_ssl_send_alert_message(&ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                                       MBEDTLS_SSL_ALERT_MSG_BAD_CERT);
        result = EXIT_HANDSHAKE_FAILED;
    } else if (result == EXIT_OK && opts->demo) {
        /* The demo's client: its success line, one read of whatever comes, close_notify, and the
         * socket freed; it exits 0 whatever happened, so only its lines tell. */
        say("Handshake successful!");
        (void) read_reply(&ssl);
        close_session(&ssl);
        goto cleanup;
    } else if (result == EXIT_OK) {
        result = read_reply(&ssl);
        if (result == EXIT_OK)
            close_session(&ssl);
    }
    if (result != EXIT_OK && opts->demo)
        say("Handshake failed.");
    if (result == EXIT_OK || !opts->close_at_once)
        graceful_close(&conn, opts->timeout_ms);

cleanup:
    mbedtls_ssl_free(&ssl);
    mbedtls_net_free(&conn);
    return opts->demo && result == EXIT_HANDSHAKE_FAILED ? EXIT_OK : result;
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    struct options opts;
    struct tls_setup setup;
    int result;

    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A peer closing early must produce an error code, not kill us. */
    signal(SIGPIPE, SIG_IGN);

    result = parse_options(argc, argv, &opts);
    if (result == -1) {
        usage(stdout);
        return EXIT_OK;
    }
    if (result != EXIT_OK)
        return result;

    tls_setup_init(&setup);
    result = load_credentials(&setup, &opts);
    if (result == EXIT_OK)
        result = configure(&setup, &opts);
    if (result == EXIT_OK)
        result = opts.mode == MODE_SERVER ? run_server(&setup, &opts) : run_client(&setup, &opts);
    tls_setup_free(&setup);

    fflush(stdout);
    return result;
}
