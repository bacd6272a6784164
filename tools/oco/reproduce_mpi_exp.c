/* `oco reproduce` under MPI, every rank: the k-th experiment of the run as a
 * child process of this binary (posix_spawn, no shell, stdin /dev/null, its
 * stdout and stderr through pipes) writing into a temporary directory of this
 * host; then its files (regular files of TMP/NAME/, recursively) and a last
 * record with its exit status, report section and output go to rank 0, and
 * the directory is removed. Built only with OCO_HAVE_MPI. */
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
#include "reproduce_mpi.h"

extern char **environ;

/* Its environment: ours without OMPI_COMM_WORLD_SIZE, so that the child,
 * whose argv has no --mpi, runs the single-process reproduction. */
static char **child_environ(void)
{
    size_t n = 0;
    while (environ[n])
        ++n;
    char **env = malloc((n + 1) * sizeof *env);
    if (!env)
        reproduce_oom();
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
static int run_child(char **argv, int (*idle)(reproduce_run *), reproduce_run *r,
                     reproduce_buf out[2])
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
        reproduce_put(&out[1], why, strlen(why));
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
                reproduce_put(&out[s], chunk, (size_t)got);
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

static void deliver(reproduce_run *r, reproduce_buf *rec)
{
    if (r->rank == 0) {
        reproduce_got_record(r, rec->p, rec->n, 0);
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
    reproduce_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        reproduce_put(&b, chunk, got);
    const int bad = ferror(f);
    fclose(f);
    reproduce_put(&b, "", 1);
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
static void send_tree(reproduce_run *r, uint32_t k, const char *dir, const char *rel, int send,
                      reproduce_buf *err)
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
            reproduce_oom();
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
                reproduce_put(err, msg, (size_t)ml < sizeof msg ? (size_t)ml : sizeof msg - 1);
            } else {
                reproduce_buf rec = {0};
                const char kind = REC_FILE;
                const uint32_t plen = (uint32_t)strlen(sub);
                reproduce_put(&rec, &kind, 1);
                reproduce_put(&rec, &k, 4);
                reproduce_put(&rec, &plen, 4);
                reproduce_put(&rec, sub, plen);
                reproduce_put(&rec, data, n);
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
static void parse_summary(const reproduce_buf *err, const char *name, uint64_t *claims,
                          uint64_t *passed)
{
    for (size_t off = 0; off < err->n;) {
        const char *l = err->p + off, *nl = memchr(l, '\n', err->n - off);
        const size_t len = nl ? (size_t)(nl - l) : err->n - off;
        reproduce_is_summary(l, len, name, claims, passed);
        off += len + (nl != NULL);
    }
}

void reproduce_run_experiment(reproduce_run *r, uint32_t k)
{
    const oco_experiment *e = oco_experiment_at(r->sel[k]);
    reproduce_buf out[2] = {{0}, {0}};
    const char *tdir = getenv("TMPDIR");
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/oco-reproduce-XXXXXX", tdir && *tdir ? tdir : "/tmp");
    int32_t status;
    const double t0 = oco_now();
    /* Only a directory we made is read and removed (after a failure the
     * template may name anyone's). */
    const int made = mkdtemp(tmp) != NULL;
    if (!made) {
        char msg[PATH_MAX + 128];
        int ml = snprintf(msg, sizeof msg,
                          "oco: reproduce %s: cannot create a temporary "
                          "directory in '%s' (TMPDIR): %s\n",
                          e->name, tdir && *tdir ? tdir : "/tmp", strerror(errno));
        reproduce_put(&out[1], msg, (size_t)ml < sizeof msg ? (size_t)ml : sizeof msg - 1);
        status = CLI_RUNTIME;
    } else {
        char self[PATH_MAX], seeds[32], jobs[32], tmax[32];
        ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
        if (sl <= 0) {
            cli_error(CLI_RUNTIME, "cannot find this binary (/proc/self/exe): %s", strerror(errno));
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
        status = run_child(argv, r->rank == 0 ? reproduce_recv_ready : NULL, r, out);
    }
    const double secs = oco_now() - t0;
    uint64_t claims = 0, passed = 0;
    parse_summary(&out[1], e->name, &claims, &passed);
    char *md = NULL, sub[PATH_MAX + 128];
    size_t mdn = 0, slen = 0;
    int no_gp = 0;
    const char *sec = "";
    if (made) {
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
    reproduce_buf rec = {0};
    const char kind = REC_DONE, ng = (char)no_gp;
    const uint64_t sl64 = slen, ol64 = out[0].n;
    reproduce_put(&rec, &kind, 1);
    reproduce_put(&rec, &k, 4);
    reproduce_put(&rec, &status, 4);
    reproduce_put(&rec, &ng, 1);
    reproduce_put(&rec, &claims, 8);
    reproduce_put(&rec, &passed, 8);
    reproduce_put(&rec, &secs, 8);
    reproduce_put(&rec, &sl64, 8);
    reproduce_put(&rec, &ol64, 8);
    reproduce_put(&rec, sec, slen);
    reproduce_put(&rec, out[0].p, out[0].n);
    reproduce_put(&rec, out[1].p, out[1].n);
    deliver(r, &rec);
    free(rec.p);
    free(md);
    free(out[0].p);
    free(out[1].p);
}

#else
typedef int reproduce_mpi_exp_not_built;
#endif
