/* `mpirun -np N oco reproduce NAME|all ...` (or `--mpi`): the experiments
 * across the ranks of an MPI job.
 *
 * The unit of distribution is one experiment. Rank 0 parses the options and
 * broadcasts them; the k-th experiment of the run (registry order) goes to
 * rank k mod N, which runs it as a child process of this binary,
 *   oco reproduce NAME --out TMP [--quick] [--seeds K] [--jobs J] [--T-max N]
 * (the options given, no others: a section names its thread count, so a
 * default of our own would change the report), in a temporary directory of
 * its own host. The rank then sends to rank 0, as MPI
 * messages (so no shared file system is needed), every regular file of
 * TMP/NAME/ (recursively) and a last record with the child's exit status,
 * its REPORT.md section (from its first "## " line) and its stdout/stderr.
 * Rank 0 runs its own share the same way, receiving while its child runs,
 * writes the files under OUT/NAME/, prints each experiment's summary line and
 * writes OUT/REPORT.md with the sections in registry order (each as soon as
 * those before it are in). The experiments' numbers do not depend on --jobs,
 * so the report and the CSV are the single-process run's, timing aside.
 * Built only with OCO_HAVE_MPI. */
#ifdef OCO_HAVE_MPI
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mpi.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "experiments/progress.h"
#include "experiments/report.h"
#include "oco/error.h"
#include "reproduce.h"

extern char **environ;

enum { TAG_REC = 21 };
/* A record: [kind: 1 byte][experiment k of the run: 4 bytes] then
 *   REC_FILE: [path length: 4][path relative to NAME/][the file's bytes]
 *   REC_DONE: [exit status: 4][no gnuplot: 1][claims: 8][passed: 8]
 *             [seconds: 8][section length: 8][stdout length: 8]
 *             [section][stdout][stderr to the end]
 * (host byte order: the ranks are one architecture). */
enum { REC_FILE = 1, REC_DONE = 2 };
enum { DONE_HEAD = 1 + 4 + 4 + 1 + 8 + 8 + 8 + 8 + 8 };

typedef struct rbuf {
    char *p;
    size_t n, cap;
} rbuf;

static void oom(void)
{
    cli_error(CLI_RUNTIME, "out of memory");
    MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
}

static void put(rbuf *b, const void *src, size_t n)
{
    if (b->cap - b->n < n) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->n < n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            oom();
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, src, n);
    b->n += n;
}

/* The run, as every rank sees it. */
typedef struct run {
    int rank, size;
    reproduce_opts o; /* rank 0: as parsed; others: what the children need */
    size_t nsel, *sel; /* the experiments of the run (registry indices) */
    /* rank 0 only */
    FILE *md;
    char **section;
    size_t next_write, ndone, claims, passed;
    int rc, no_gnuplot;
    oco_progress *prog;
} run;

/* ---- a child process ------------------------------------------------- */

/* Its environment: ours without OMPI_COMM_WORLD_SIZE, so that the child,
 * whose argv has no --mpi, runs the single-process reproduction. */
static char **child_environ(void)
{
    size_t n = 0;
    while (environ[n])
        ++n;
    char **env = malloc((n + 1) * sizeof *env);
    if (!env)
        oom();
    size_t m = 0;
    for (size_t i = 0; i < n; ++i)
        if (strncmp(environ[i], "OMPI_COMM_WORLD_SIZE=", 21) != 0)
            env[m++] = environ[i];
    env[m] = NULL;
    return env;
}

/* Run argv with stdin from /dev/null and stdout, stderr into out[0], out[1]
 * (close-on-exec pipes: the child inherits only its own ends); idle(), if
 * set, is called at least every 10 ms. Returns the exit status as a shell
 * gives it (128 + N for signal N, 127 if it could not start: the reason in
 * out[1]). */
static int run_child(char **argv, int (*idle)(run *), run *r, rbuf out[2])
{
    int fd[2][2] = {{-1, -1}, {-1, -1}}, rc = 0;
    for (int s = 0; s < 2 && rc == 0; ++s) {
        if (pipe(fd[s]) != 0)
            rc = errno;
        else
            for (int j = 0; j < 2; ++j)
                fcntl(fd[s][j], F_SETFD, FD_CLOEXEC);
    }
    pid_t pid = 0;
    posix_spawn_file_actions_t fa;
    if (rc == 0 && (rc = posix_spawn_file_actions_init(&fa)) == 0) {
        char **env = child_environ();
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, fd[0][1], 1);
        posix_spawn_file_actions_adddup2(&fa, fd[1][1], 2);
        rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, env);
        posix_spawn_file_actions_destroy(&fa);
        free(env);
    }
    for (int s = 0; s < 2; ++s)
        if (fd[s][1] >= 0)
            close(fd[s][1]);
    if (rc != 0) {
        for (int s = 0; s < 2; ++s)
            if (fd[s][0] >= 0)
                close(fd[s][0]);
        const char *why = strerror(rc);
        put(&out[1], why, strlen(why));
        return 127;
    }
    int open_fds = 2;
    int rfd[2] = {fd[0][0], fd[1][0]};
    while (open_fds > 0) {
        struct pollfd p[2];
        nfds_t n = 0;
        for (int s = 0; s < 2; ++s)
            if (rfd[s] >= 0)
                p[n++] = (struct pollfd){rfd[s], POLLIN, 0};
        int pr = poll(p, n, idle ? 10 : -1);
        if (pr < 0 && errno != EINTR) {
            cli_error(CLI_RUNTIME, "poll: %s", strerror(errno));
            MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
        }
        for (nfds_t j = 0; pr > 0 && j < n; ++j) {
            if (!p[j].revents)
                continue;
            const int s = p[j].fd == rfd[0] ? 0 : 1;
            char chunk[8192];
            ssize_t got = read(rfd[s], chunk, sizeof chunk);
            if (got > 0) {
                put(&out[s], chunk, (size_t)got);
            } else if (got == 0 || errno != EINTR) {
                close(rfd[s]);
                rfd[s] = -1;
                --open_fds;
            }
        }
        if (idle)
            idle(r);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            cli_error(CLI_RUNTIME, "waitpid: %s", strerror(errno));
            MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
        }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- rank 0: records in --------------------------------------------- */

static void write_sections(run *r)
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

static void got_file(run *r, const oco_experiment *e, const char *rec, size_t n, int src)
{
    uint32_t plen;
    memcpy(&plen, rec + 5, 4);
    if (n < 9 + (size_t)plen) {
        cli_error(CLI_RUNTIME, "a malformed message from rank %d", src);
        MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
    }
    char *rel = malloc((size_t)plen + 1), *path = NULL;
    if (!rel)
        oom();
    memcpy(rel, rec + 9, plen);
    rel[plen] = '\0';
    if (strlen(rel) != plen || !safe_path(rel)) {
        r->rc = cli_error(CLI_RUNTIME, "reproduce %s: rank %d sent a bad file name", e->name, src);
        free(rel);
        return;
    }
    const size_t len = strlen(r->o.out) + strlen(e->name) + plen + 3;
    if (!(path = malloc(len)))
        oom();
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
static int is_summary(const char *l, size_t len, const char *name, uint64_t *claims,
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

static void got_done(run *r, size_t k, const oco_experiment *e, const char *rec, size_t n, int src)
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
    /* The child's stderr, but its summary line: ours names OUT and the rank. */
    const char *last = NULL;
    size_t lastlen = 0;
    for (size_t off = 0; off < elen;) {
        const char *l = err + off, *nl = memchr(l, '\n', elen - off);
        const size_t len = nl ? (size_t)(nl - l) : elen - off;
        off += len + (nl != NULL);
        if (status == 0 && is_summary(l, len, e->name, NULL, NULL))
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
    rbuf s = {0};
    /* A failed child's section is kept if it says why ("Not run: error");
     * else (a crash) it may be cut anywhere: replaced by our "Not run". */
    if (slen && (status == 0 || memmem_s(sec, slen, "**Not run: error.**"))) {
        put(&s, sec, slen);
    } else {
        char head[512];
        int hl = snprintf(head, sizeof head, "## %s — %s\n\n**Not run: error.** ", e->name,
                          e->title);
        put(&s, head, (size_t)hl);
        /* The child's last error line, as a single-process run words it. */
        char pre[128];
        const int pl = snprintf(pre, sizeof pre, "oco: reproduce %s: ", e->name);
        if (last && pl > 0 && lastlen > (size_t)pl && strncmp(last, pre, (size_t)pl) == 0)
            put(&s, last + pl, lastlen - (size_t)pl);
        else if (last && lastlen > 5 && strncmp(last, "oco: ", 5) == 0)
            put(&s, last + 5, lastlen - 5);
        else
            put(&s, why ? why : "no report", strlen(why ? why : "no report"));
        put(&s, "\n\n", 2);
    }
    put(&s, "", 1);
    r->section[k] = s.p;
    ++r->ndone;
    oco_progress_step(r->prog, 1.0);
    write_sections(r);
}

static void got_record(run *r, const char *rec, size_t n, int src)
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
static int recv_record(run *r, int wait)
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
        oom();
    MPI_Recv(rec, n, MPI_CHAR, st.MPI_SOURCE, TAG_REC, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    got_record(r, rec, (size_t)n, st.MPI_SOURCE);
    free(rec);
    return 1;
}

static int recv_ready(run *r)
{
    while (recv_record(r, 0))
        ;
    return 0;
}

/* ---- every rank: one experiment ---------------------------------------- */

static void deliver(run *r, rbuf *rec)
{
    if (r->rank == 0) {
        got_record(r, rec->p, rec->n, 0);
    } else if (rec->n > INT_MAX) {
        cli_error(CLI_RUNTIME, "a message of %zu bytes: too large for MPI", rec->n);
        MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
    } else {
        MPI_Send(rec->p, (int)rec->n, MPI_CHAR, 0, TAG_REC, MPI_COMM_WORLD);
    }
    rec->n = 0;
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    rbuf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        put(&b, chunk, got);
    const int bad = ferror(f);
    fclose(f);
    put(&b, "", 1);
    if (bad) {
        free(b.p);
        return NULL;
    }
    *n = b.n - 1;
    return b.p;
}

/* Send every regular file under dir (rel: its path below NAME/, "" at the
 * top) if `send`, and remove them and the subdirectories. A file that cannot
 * be read is reported in err. */
static void send_tree(run *r, uint32_t k, const char *dir, const char *rel, int send, rbuf *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        size_t lp = strlen(dir) + strlen(de->d_name) + 2, lr = strlen(rel) + strlen(de->d_name) + 2;
        char *path = malloc(lp), *sub = malloc(lr);
        if (!path || !sub)
            oom();
        snprintf(path, lp, "%s/%s", dir, de->d_name);
        snprintf(sub, lr, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            send_tree(r, k, path, sub, send, err);
            rmdir(path);
        } else if (send && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            size_t n = 0;
            char *data = read_all(path, &n);
            if (!data) {
                char msg[PATH_MAX + 64];
                int ml = snprintf(msg, sizeof msg, "oco: cannot read '%s': %s\n", path,
                                  strerror(errno ? errno : EIO));
                put(err, msg, (size_t)ml < sizeof msg ? (size_t)ml : sizeof msg - 1);
            } else {
                rbuf rec = {0};
                const char kind = REC_FILE;
                const uint32_t plen = (uint32_t)strlen(sub);
                put(&rec, &kind, 1);
                put(&rec, &k, 4);
                put(&rec, &plen, 4);
                put(&rec, sub, plen);
                put(&rec, data, n);
                free(data);
                deliver(r, &rec);
                free(rec.p);
            }
            unlink(path);
        } else {
            unlink(path);
        }
        free(path);
        free(sub);
    }
    closedir(d);
}

/* The child's section: from its first "## " line, without the gnuplot note
 * (rank 0 writes one note for the whole report). */
static const char *find_section(const char *md, size_t n, size_t *len, int *no_gp)
{
    const char *s = strncmp(md, "## ", 3) == 0 ? md : strstr(md, "\n## ");
    *no_gp = 0;
    if (!s) {
        *len = 0;
        return md;
    }
    s += *s == '\n';
    const char *note = strstr(s, "\n" REPRODUCE_GNUPLOT_NOTE);
    if (note) {
        *no_gp = 1;
        *len = (size_t)(note + 1 - s);
    } else {
        *len = n - (size_t)(s - md);
    }
    return s;
}

/* The child's summary line, if it printed one. */
static void parse_summary(const rbuf *err, const char *name, uint64_t *claims, uint64_t *passed)
{
    for (size_t off = 0; off < err->n;) {
        const char *l = err->p + off, *nl = memchr(l, '\n', err->n - off);
        const size_t len = nl ? (size_t)(nl - l) : err->n - off;
        is_summary(l, len, name, claims, passed);
        off += len + (nl != NULL);
    }
}

static void run_experiment(run *r, uint32_t k)
{
    const oco_experiment *e = oco_experiment_at(r->sel[k]);
    rbuf out[2] = {{0}, {0}};
    const char *tdir = getenv("TMPDIR");
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/oco-reproduce-XXXXXX", tdir && *tdir ? tdir : "/tmp");
    int32_t status;
    const double t0 = oco_now();
    if (!mkdtemp(tmp)) {
        char msg[PATH_MAX + 128];
        int ml = snprintf(msg, sizeof msg, "oco: reproduce %s: cannot create a temporary "
                                           "directory in '%s' (TMPDIR): %s\n", e->name,
                          tdir && *tdir ? tdir : "/tmp", strerror(errno));
        put(&out[1], msg, (size_t)ml < sizeof msg ? (size_t)ml : sizeof msg - 1);
        status = CLI_RUNTIME;
    } else {
        char self[PATH_MAX], seeds[32], jobs[32], tmax[32];
        ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
        if (sl <= 0) {
            cli_error(CLI_RUNTIME, "cannot find this binary (/proc/self/exe): %s",
                      strerror(errno));
            MPI_Abort(MPI_COMM_WORLD, CLI_RUNTIME);
        }
        self[sl] = '\0';
        snprintf(seeds, sizeof seeds, "%zu", r->o.seeds);
        snprintf(jobs, sizeof jobs, "%llu", (unsigned long long)r->o.jobs);
        snprintf(tmax, sizeof tmax, "%zu", r->o.tmax);
        char *argv[16];
        int a = 0;
        argv[a++] = self;
        argv[a++] = "reproduce";
        argv[a++] = (char *)e->name;
        argv[a++] = "--out";
        argv[a++] = tmp;
        if (r->o.quick)
            argv[a++] = "--quick";
        if (r->o.has_seeds) {
            argv[a++] = "--seeds";
            argv[a++] = seeds;
        }
        if (r->o.has_jobs) {
            argv[a++] = "--jobs";
            argv[a++] = jobs;
        }
        if (r->o.has_tmax) {
            argv[a++] = "--T-max";
            argv[a++] = tmax;
        }
        argv[a] = NULL;
        status = run_child(argv, r->rank == 0 ? recv_ready : NULL, r, out);
    }
    const double secs = oco_now() - t0;
    uint64_t claims = 0, passed = 0;
    parse_summary(&out[1], e->name, &claims, &passed);
    char *md = NULL, sub[PATH_MAX + 128];
    size_t mdn = 0, slen = 0;
    int no_gp = 0;
    const char *sec = "";
    if (status != 127 || access(tmp, F_OK) == 0) {
        snprintf(sub, sizeof sub, "%s/REPORT.md", tmp);
        md = read_all(sub, &mdn);
        if (md)
            sec = find_section(md, mdn, &slen, &no_gp);
        unlink(sub);
        snprintf(sub, sizeof sub, "%s/%s", tmp, e->name);
        send_tree(r, k, sub, "", 1, &out[1]);
        rmdir(sub);
        send_tree(r, k, tmp, "", 0, &out[1]); /* anything else the child left */
        rmdir(tmp);
    }
    rbuf rec = {0};
    const char kind = REC_DONE, ng = (char)no_gp;
    const uint64_t sl64 = slen, ol64 = out[0].n;
    put(&rec, &kind, 1);
    put(&rec, &k, 4);
    put(&rec, &status, 4);
    put(&rec, &ng, 1);
    put(&rec, &claims, 8);
    put(&rec, &passed, 8);
    put(&rec, &secs, 8);
    put(&rec, &sl64, 8);
    put(&rec, &ol64, 8);
    put(&rec, sec, slen);
    put(&rec, out[0].p, out[0].n);
    put(&rec, out[1].p, out[1].n);
    deliver(r, &rec);
    free(rec.p);
    free(md);
    free(out[0].p);
    free(out[1].p);
}

/* ---- the run ------------------------------------------------------------ */

/* Rank 0's options to every rank: [status, list, quick, has_seeds, seeds,
 * has_jobs, jobs, has_tmax, tmax, experiment index or -1 for all]. */
enum { NOPT = 10 };

static void bcast_opts(run *r, int argc, char **argv, long long *status)
{
    long long v[NOPT] = {0};
    if (r->rank == 0) {
        const int prc = reproduce_parse(argc, argv, &r->o);
        v[0] = prc;
        v[1] = r->o.list;
        v[2] = r->o.quick;
        v[3] = r->o.has_seeds;
        v[4] = (long long)r->o.seeds;
        v[5] = r->o.has_jobs;
        v[6] = (long long)r->o.jobs;
        v[7] = r->o.has_tmax;
        v[8] = (long long)r->o.tmax;
        v[9] = -1;
        for (size_t i = 0; prc == 0 && r->o.one && i < oco_experiment_count(); ++i)
            if (oco_experiment_at(i) == r->o.one)
                v[9] = (long long)i;
    }
    MPI_Bcast(v, NOPT, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    if (r->rank != 0) {
        memset(&r->o, 0, sizeof r->o);
        r->o.list = (int)v[1];
        r->o.quick = (int)v[2];
        r->o.has_seeds = (int)v[3];
        r->o.seeds = (size_t)v[4];
        r->o.has_jobs = (int)v[5];
        r->o.jobs = (uint64_t)v[6];
        r->o.has_tmax = (int)v[7];
        r->o.tmax = (size_t)v[8];
        r->o.one = v[9] >= 0 ? oco_experiment_at((size_t)v[9]) : NULL;
    }
    *status = v[0];
}

/* The experiments of the run. */
static void plan(run *r)
{
    r->sel = malloc(oco_experiment_count() * sizeof *r->sel);
    if (!r->sel)
        oom();
    for (size_t i = 0; i < oco_experiment_count(); ++i)
        if (!r->o.one || oco_experiment_at(i) == r->o.one)
            r->sel[r->nsel++] = i;
}

/* Rank 0: the report's header (the machine line is rank 0's: the others are
 * named by host), OUT/NAME/ for every experiment. 0 or CLI_RUNTIME. */
static int open_report(run *r, const char *hosts)
{
    rbuf x = {0};
    char line[MPI_MAX_PROCESSOR_NAME + 256];
    int l = snprintf(line, sizeof line, "- MPI: %d ranks, the k-th experiment on rank k mod %d "
                                        "(the machine above is rank 0's):",
                     r->size, r->size);
    put(&x, line, (size_t)l);
    for (size_t k = 0; k < r->nsel; ++k) {
        const int rk = (int)(k % (size_t)r->size);
        l = snprintf(line, sizeof line, "%s %s on rank %d (%s)", k ? "," : "",
                     oco_experiment_at(r->sel[k])->name, rk, hosts + rk * MPI_MAX_PROCESSOR_NAME);
        put(&x, line, (size_t)l);
    }
    put(&x, "\n", 2);
    char suffix[64];
    snprintf(suffix, sizeof suffix, " on %d MPI ranks", r->size);
    r->md = reproduce_report_open(&r->o, suffix, x.p);
    free(x.p);
    if (!r->md)
        return CLI_RUNTIME;
    for (size_t k = 0; k < r->nsel; ++k) {
        const char *name = oco_experiment_at(r->sel[k])->name;
        const size_t len = strlen(r->o.out) + strlen(name) + 16;
        char *dir = malloc(len);
        if (!dir)
            oom();
        snprintf(dir, len, "%s/%s", r->o.out, name);
        if (oco_mkdir_p(dir) != OCO_OK) {
            free(dir);
            fclose(r->md);
            return cli_error(CLI_RUNTIME, "%s", oco_last_error());
        }
        /* As a single-process run: no gnuplot.log of an earlier run stays. */
        snprintf(dir, len, "%s/%s/gnuplot.log", r->o.out, name);
        remove(dir);
        free(dir);
    }
    r->section = calloc(r->nsel ? r->nsel : 1, sizeof *r->section);
    if (!r->section)
        oom();
    return CLI_OK;
}

static int finish_report(run *r)
{
    write_sections(r);
    if (r->no_gnuplot)
        reproduce_gnuplot_note(r->md);
    if (oco_report_fclose(r->md, "REPORT.md") != OCO_OK && r->rc == CLI_OK)
        r->rc = cli_error(CLI_RUNTIME, "%s/%s", r->o.out, oco_last_error());
    if (!r->o.one && r->rc == CLI_OK)
        fprintf(stderr, "oco: reproduce all: %zu of %zu claims PASS; report %s/REPORT.md\n",
                r->passed, r->claims, r->o.out);
    free(r->section);
    return r->rc;
}

int reproduce_run_mpi(int argc, char **argv)
{
    run r = {0};
    MPI_Init(NULL, NULL);
    MPI_Comm_rank(MPI_COMM_WORLD, &r.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &r.size);
    long long status = 0;
    bcast_opts(&r, argc, argv, &status);
    if (status != 0 || r.o.list || r.size == 1) {
        MPI_Finalize();
        if (status != 0) /* the same argv: rank 0 said why */
            return status == CLI_HELP ? CLI_OK : (int)status;
        if (r.rank != 0)
            return CLI_OK;
        return r.o.list ? reproduce_list() : reproduce_local(&r.o);
    }
    plan(&r);
    char name[MPI_MAX_PROCESSOR_NAME] = "", *hosts = NULL;
    int nl = 0;
    MPI_Get_processor_name(name, &nl);
    if (r.rank == 0 && !(hosts = calloc((size_t)r.size, MPI_MAX_PROCESSOR_NAME)))
        oom();
    MPI_Gather(name, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, hosts, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, 0,
               MPI_COMM_WORLD);
    int go = CLI_OK;
    if (r.rank == 0)
        go = open_report(&r, hosts);
    free(hosts);
    MPI_Bcast(&go, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (go != CLI_OK) {
        free(r.sel);
        MPI_Finalize();
        return go;
    }
    if (r.rank == 0) {
        r.prog = oco_progress_new(r.o.progress || isatty(STDERR_FILENO));
        if (!r.prog)
            oom();
        oco_progress_begin(r.prog, "reproduce", r.nsel, (double)r.nsel);
    }
    for (size_t k = (size_t)r.rank; k < r.nsel; k += (size_t)r.size)
        run_experiment(&r, (uint32_t)k);
    int rc = CLI_OK;
    if (r.rank == 0) {
        while (r.ndone < r.nsel)
            recv_record(&r, 1);
        oco_progress_end(r.prog);
        oco_progress_free(r.prog);
        rc = finish_report(&r);
    }
    free(r.sel);
    MPI_Finalize();
    return rc;
}
#else
/* Built without MPI: cmd_reproduce.c refuses --mpi and mpirun. */
typedef int reproduce_mpi_not_built;
#endif
