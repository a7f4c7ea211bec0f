package org.mtlskit.handshake.interop;

import java.util.List;

/**
 * gnutls-serv has no option for its listen address: it binds 0.0.0.0 and [::]. It takes port 0,
 * but then prints "port 0" and not the port it got. This LD_PRELOAD library, compiled into
 * target/, keeps it on loopback and makes it tell its port: bind() to the any-address becomes
 * bind() to 127.0.0.1 (or [::1]), and each IPv4 bind prints "loopback_bind: listening on
 * 127.0.0.1 port N" on stderr. It also makes stdout line-buffered, so that the lines of a server
 * the matrix kills are not lost in a stdio buffer.
 */
final class LoopbackOnly {
    private LoopbackOnly() {}

    static final String PORT_LINE = "loopback_bind: listening on 127\\.0\\.0\\.1 port (\\d+)";

    private static final String SOURCE = """
            /* Built by the handshake-tool interop tests (LoopbackOnly.java); used with LD_PRELOAD. */
            #define _GNU_SOURCE
            #include <arpa/inet.h>
            #include <dlfcn.h>
            #include <netinet/in.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/socket.h>

            __attribute__((constructor)) static void line_buffered_stdout(void)
            {
                setvbuf(stdout, NULL, _IOLBF, 0);
            }

            int bind(int fd, const struct sockaddr *addr, socklen_t len)
            {
                static int (*real_bind)(int, const struct sockaddr *, socklen_t);
                struct sockaddr_storage copy;
                int ret;

                if (real_bind == NULL)
                    real_bind = (int (*)(int, const struct sockaddr *, socklen_t)) dlsym(RTLD_NEXT, "bind");
                if (addr != NULL && len <= sizeof copy) {
                    memcpy(&copy, addr, len);
                    if (copy.ss_family == AF_INET
                            && ((struct sockaddr_in *) &copy)->sin_addr.s_addr == htonl(INADDR_ANY))
                        ((struct sockaddr_in *) &copy)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                    else if (copy.ss_family == AF_INET6
                            && IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *) &copy)->sin6_addr))
                        ((struct sockaddr_in6 *) &copy)->sin6_addr = in6addr_loopback;
                    addr = (const struct sockaddr *) &copy;
                }
                ret = real_bind(fd, addr, len);
                if (ret == 0 && addr != NULL && addr->sa_family == AF_INET) {
                    struct sockaddr_in bound;
                    socklen_t bound_len = sizeof bound;

                    if (getsockname(fd, (struct sockaddr *) &bound, &bound_len) == 0) {
                        fprintf(stderr, "loopback_bind: listening on 127.0.0.1 port %u\\n",
                                (unsigned int) ntohs(bound.sin_port));
                        fflush(stderr);
                    }
                }
                return ret;
            }
            """;

    static NativeBuild.Result build() {
        return NativeBuild.compileText(
                "libloopback_bind.so", "loopback_bind.c", SOURCE, List.of("-shared", "-fPIC", "-ldl"));
    }
}
