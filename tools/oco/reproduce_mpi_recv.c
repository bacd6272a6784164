/* `oco reproduce` under MPI, rank 0: the records of the experiments (its
 * own, taken directly, and the other ranks', received while its own child
 * runs and after): files written under OUT/NAME/, the children's output and
 * summary lines on stderr, the sections into OUT/REPORT.md in registry order.
 * Built only with OCO_HAVE_MPI. */
#ifdef OCO_HAVE_MPI
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "experiments/progress.h"
#include "experiments/report.h"
#include "oco/error.h"
#include "reproduce_mpi.h"

void reproduce_write_sections(reproduce_run *r)
{
    while (r->next_write < r->nsel && r->section[r->next_write]) {
        fputs(r->section[r->next_write], r->md);
        fflush(r->md);
        free(r->section[r->next_write]);
        r->section[r->next_write++] = NULL;
    }
}

/* A path a rank sent: relative, without "." or ".." components. */
static int safe_path(const char *p)
{
    if (!*p || *p == '/')
        return 0;
    for (const char *c = p; *c;) {
        size_t len = strcspn(c, "/");
        if (len == 0 || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
            return 0;
        c += len + (c[len] == '/');
    }
    return 1;
}

static void got_file(reproduce_run *r, const oco_experiment *e, const char *rec, size_t n, int src)
{
    uint32_t plen;
    memcpy(&plen, rec + 5, 4);
    if (n < 9 + (size_t)plen) {
        cli_error(CLI_RUNTIME, "a malformed message from rank %d", src);
        MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
    }
    char *rel = malloc((size_t)plen + 1), *path = NULL;
    if (!rel)
        reproduce_oom();
    memcpy(rel, rec + 9, plen);
    rel[plen] = '\0';
    if (strlen(rel) != plen || !safe_path(rel)) {
        r->rc = cli_error(CLI_RUNTIME, "reproduce %s: rank %d sent a bad file name", e->name, src);
        free(rel);
        return;
    }
    const size_t len = strlen(r->o.out) + strlen(e->name) + plen + 3;
    if (!(path = malloc(len)))
        reproduce_oom();
    snprintf(path, len, "%s/%s/%s", r->o.out, e->name, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    int ok = oco_mkdir_p(path) == OCO_OK;
    *slash = '/';
    FILE *f = ok ? fopen(path, "wb") : NULL;
    const size_t nb = n - 9 - plen;
    ok = f && fwrite(rec + 9 + plen, 1, nb, f) == nb;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        r->rc = cli_error(CLI_RUNTIME, "reproduce %s: cannot write '%s': %s", e->name, path,
                          strerror(errno ? errno : EIO));
    free(rel);
    free(path);
}

/* Whether s[0..n) contains the string w. */
static int memmem_s(const char *s, size_t n, const char *w)
{
    const size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= n; ++i)
        if (memcmp(s + i, w, wl) == 0)
            return 1;
    return 0;
}

/* "oco: NAME: P of C claims PASS (...)": a child's summary line. */
int reproduce_is_summary(const char *l, size_t len, const char *name, uint64_t *claims,
                         uint64_t *passed)
{
    char pre[128], line[256], tail[2] = "";
    const int pl = snprintf(pre, sizeof pre, "oco: %s: ", name);
    unsigned long long p = 0, c = 0;
    if (pl <= 0 || (size_t)pl >= len || strncmp(l, pre, (size_t)pl) != 0)
        return 0;
    snprintf(line, sizeof line, "%.*s", (int)(len - (size_t)pl), l + pl);
    if (sscanf(line, "%llu of %llu claims PAS%1[S]", &p, &c, tail) != 3)
        return 0;
    if (claims)
        *claims = c;
    if (passed)
        *passed = p;
    return 1;
}

static void got_done(reproduce_run *r, size_t k, const oco_experiment *e, const char *rec, size_t n,
                     int src)
{
    int32_t status;
    uint64_t claims, passed, slen, olen;
    double secs;
    memcpy(&status, rec + 5, 4);
    const int no_gp = rec[9] != 0;
    memcpy(&claims, rec + 10, 8);
    memcpy(&passed, rec + 18, 8);
    memcpy(&secs, rec + 26, 8);
    memcpy(&slen, rec + 34, 8);
    memcpy(&olen, rec + 42, 8);
    if (n < DONE_HEAD || slen > n - DONE_HEAD || olen > n - DONE_HEAD - slen) {
        cli_error(CLI_RUNTIME, "a malformed message from rank %d", src);
        MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
    }
    const char *sec = rec + DONE_HEAD, *out = sec + slen, *err = out + olen;
    const size_t elen = n - DONE_HEAD - slen - olen;
    fwrite(out, 1, olen, stdout);
    fflush(stdout);
    /* On a terminal the progress line has no newline: clear it first. */
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    /* The child's stderr, but its summary line: ours names OUT and the rank. */
    const char *last = NULL;
    size_t lastlen = 0;
    for (size_t off = 0; off < elen;) {
        const char *l = err + off, *nl = memchr(l, '\n', elen - off);
        const size_t len = nl ? (size_t)(nl - l) : elen - off;
        off += len + (nl != NULL);
        if (status == 0 && reproduce_is_summary(l, len, e->name, NULL, NULL))
            continue;
        fprintf(stderr, "%.*s\n", (int)len, l);
        last = l;
        lastlen = len;
    }
    const char *why = NULL;
    char whybuf[96];
    if (status != 0) {
        r->rc = CLI_RUNTIME;
        if (status > 128 && status < 128 + 65)
            snprintf(whybuf, sizeof whybuf, "killed by signal %d", status - 128);
        else
            snprintf(whybuf, sizeof whybuf, "exit status %d", (int)status);
        why = whybuf;
        if (!last)
            cli_error(CLI_RUNTIME, "reproduce %s: %s (rank %d)", e->name, why, src);
    } else {
        fprintf(stderr, "oco: %s: %llu of %llu claims PASS (%.1f s, rank %d); see %s/REPORT.md\n",
                e->name, (unsigned long long)passed, (unsigned long long)claims, secs, src,
                r->o.out);
        r->claims += claims;
        r->passed += passed;
    }
    r->no_gnuplot |= no_gp;
    reproduce_buf s = {0};
    /* A failed child's section is kept if it says why ("Not run: error");
     * else (a crash) it may be cut anywhere: replaced by our "Not run". */
    if (slen && (status == 0 || memmem_s(sec, slen, "**Not run: error.**"))) {
        reproduce_put(&s, sec, slen);
    } else {
        char head[512];
        int hl =
            snprintf(head, sizeof head, "## %s — %s\n\n**Not run: error.** ", e->name, e->title);
        reproduce_put(&s, head, (size_t)hl);
        /* The child's last error line, as a single-process run words it. */
        char pre[128];
        const int pl = snprintf(pre, sizeof pre, "oco: reproduce %s: ", e->name);
        if (last && pl > 0 && lastlen > (size_t)pl && strncmp(last, pre, (size_t)pl) == 0)
            reproduce_put(&s, last + pl, lastlen - (size_t)pl);
        else if (last && lastlen > 5 && strncmp(last, "oco: ", 5) == 0)
            reproduce_put(&s, last + 5, lastlen - 5);
        else
            reproduce_put(&s, why ? why : "no report", strlen(why ? why : "no report"));
        reproduce_put(&s, "\n\n", 2);
    }
    reproduce_put(&s, "", 1);
    r->section[k] = s.p;
    ++r->ndone;
    oco_progress_step(r->prog, 1.0);
    reproduce_write_sections(r);
}

void reproduce_got_record(reproduce_run *r, const char *rec, size_t n, int src)
{
    uint32_t k = UINT32_MAX;
    if (n >= 5)
        memcpy(&k, rec + 1, 4);
    if (n < 9 || k >= r->nsel || (rec[0] != REC_FILE && rec[0] != REC_DONE) ||
        (rec[0] == REC_DONE && (n < DONE_HEAD || r->section[k]))) {
        cli_error(CLI_RUNTIME, "a malformed message from rank %d", src);
        MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
    }
    const oco_experiment *e = oco_experiment_at(r->sel[k]);
    if (rec[0] == REC_FILE)
        got_file(r, e, rec, n, src);
    else
        got_done(r, k, e, rec, n, src);
}

/* Receive one record (waiting for it if `wait`); 1 if one came. */
int reproduce_recv_record(reproduce_run *r, int wait)
{
    MPI_Status st;
    int flag = 1, n = 0;
    if (wait)
        MPI_Probe(MPI_ANY_SOURCE, TAG_REC, MPI_COMM_WORLD, &st);
    else
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_REC, MPI_COMM_WORLD, &flag, &st);
    if (!flag)
        return 0;
    MPI_Get_count(&st, MPI_CHAR, &n);
    char *rec = malloc(n > 0 ? (size_t)n : 1);
    if (!rec)
        reproduce_oom();
    MPI_Recv(rec, n, MPI_CHAR, st.MPI_SOURCE, TAG_REC, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    reproduce_got_record(r, rec, (size_t)n, st.MPI_SOURCE);
    free(rec);
    return 1;
}

int reproduce_recv_ready(reproduce_run *r)
{
    while (reproduce_recv_record(r, 0))
        ;
    return 0;
}

#else
typedef int reproduce_mpi_recv_not_built;
#endif
