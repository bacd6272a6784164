/* `oco sweep`: each job runs as a child process of this same binary
 * (posix_spawn, no shell) with stdin from /dev/null and its stdout and stderr
 * captured through pipes, so a job that crashes or aborts is an error line of
 * the sweep, never the end of it. One poll() loop reads every running child. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sweep.h"

extern char **environ;

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

typedef struct child {
    pid_t pid;
    size_t index;
    int fd[2]; /* stdout, stderr read ends; -1 when closed */
    buf b[2];
} child;

static int buf_read(buf *b, int fd)
{
    if (b->cap - b->n < 4096) {
        size_t cap = b->cap ? 2 * b->cap : 8192;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    ssize_t r;
    do
        r = read(fd, b->p + b->n, b->cap - b->n);
    while (r < 0 && errno == EINTR);
    if (r > 0)
        b->n += (size_t)r;
    return r > 0 ? 1 : r == 0 ? 0 : -1;
}

/* Pipes are close-on-exec so that a child inherits only its own two ends
 * (dup2'ed onto 1 and 2), never another job's: else a pipe would stay open
 * after its job ended. The sweep is single-threaded, so fcntl after pipe()
 * leaves no window. */
static int cloexec_pipe(int p[2])
{
    if (pipe(p) != 0)
        return -1;
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/* Start job `index` in c; on failure the job becomes an error line at once
 * (returns 0 and c->pid = 0). */
static int start(const sweep_exec *e, size_t index, child *c)
{
    memset(c, 0, sizeof *c);
    c->index = index;
    c->fd[0] = c->fd[1] = -1;
    int out[2] = {-1, -1}, err[2] = {-1, -1};
    char **argv = sweep_job_argv(e->spec, index, e->self);
    posix_spawn_file_actions_t fa;
    int rc = argv ? 0 : ENOMEM;
    if (rc == 0 && (cloexec_pipe(out) != 0 || cloexec_pipe(err) != 0))
        rc = errno;
    if (rc == 0 && (rc = posix_spawn_file_actions_init(&fa)) == 0) {
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, err[1], 2);
        rc = posix_spawn(&c->pid, e->self, &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
    }
    sweep_argv_free(argv);
    if (out[1] >= 0)
        close(out[1]);
    if (err[1] >= 0)
        close(err[1]);
    if (rc == 0) {
        c->fd[0] = out[0];
        c->fd[1] = err[0];
        return 0;
    }
    if (out[0] >= 0)
        close(out[0]);
    if (err[0] >= 0)
        close(err[0]);
    c->pid = 0;
    /* As a shell says it: exit 127, the reason as the message. */
    const char *why = strerror(rc);
    int failed = 1;
    char *line = sweep_job_line(e->spec, index, 0, 127 << 8, NULL, 0, why, strlen(why), &failed);
    if (!line)
        return cli_error(CLI_RUNTIME, "out of memory");
    e->done(e->ctx, index, line, 1);
    return 0;
}

/* A job killed by one of these was stopped with the sweep (Ctrl-C, kill):
 * it is not a result, and --resume computes it again. */
static int stop_signal(int status)
{
    if (!WIFSIGNALED(status))
        return 0;
    int sig = WTERMSIG(status);
    return sig == SIGINT || sig == SIGTERM || sig == SIGHUP;
}

static int finish(const sweep_exec *e, child *c)
{
    int status = 0;
    while (waitpid(c->pid, &status, 0) < 0)
        if (errno != EINTR)
            return cli_error(CLI_RUNTIME, "job %zu: waitpid: %s", c->index + 1, strerror(errno));
    int rc = CLI_OK;
    if (stop_signal(status)) {
        rc = cli_error(CLI_RUNTIME, "job %zu was stopped by signal %d: the sweep is interrupted "
                                    "(continue it with --resume)",
                       c->index + 1, WTERMSIG(status));
    } else {
        int failed = 0;
        char *line = sweep_job_line(e->spec, c->index, e->deterministic, status, c->b[0].p,
                                    c->b[0].n, c->b[1].p, c->b[1].n, &failed);
        if (!line)
            rc = cli_error(CLI_RUNTIME, "out of memory");
        else
            e->done(e->ctx, c->index, line, failed);
    }
    free(c->b[0].p);
    free(c->b[1].p);
    c->pid = 0;
    return rc;
}

int sweep_exec_run(const sweep_exec *e, size_t first, size_t step, size_t jobs)
{
    if (jobs == 0)
        jobs = 1;
    child *run = calloc(jobs, sizeof *run);
    struct pollfd *pfd = calloc(2 * jobs, sizeof *pfd);
    if (!run || !pfd) {
        free(run);
        free(pfd);
        return cli_error(CLI_RUNTIME, "out of memory");
    }
    size_t next = first, active = 0;
    int rc = CLI_OK, stopping = 0;
    for (;;) {
        /* Fill the free slots (not after a stop: the running jobs finish). */
        for (size_t k = 0; k < jobs && !stopping && next < e->spec->njobs; ++k) {
            if (run[k].pid)
                continue;
            if (start(e, next, &run[k]) != 0) {
                rc = CLI_RUNTIME;
                stopping = 1;
            }
            next += step;
            if (run[k].pid)
                ++active;
        }
        if (active == 0 && (stopping || next >= e->spec->njobs))
            break;
        nfds_t n = 0;
        for (size_t k = 0; k < jobs; ++k)
            for (int s = 0; s < 2; ++s)
                if (run[k].pid && run[k].fd[s] >= 0)
                    pfd[n++] = (struct pollfd){run[k].fd[s], POLLIN, 0};
        int pr = n ? poll(pfd, n, e->idle ? e->poll_ms : -1) : 0;
        if (pr < 0 && errno != EINTR) {
            rc = cli_error(CLI_RUNTIME, "poll: %s", strerror(errno));
            stopping = 1;
        }
        for (size_t k = 0; k < jobs; ++k) {
            child *c = &run[k];
            for (int s = 0; c->pid && s < 2; ++s) {
                if (c->fd[s] < 0)
                    continue;
                for (nfds_t j = 0; j < n; ++j) {
                    if (pfd[j].fd != c->fd[s] || !pfd[j].revents)
                        continue;
                    if (buf_read(&c->b[s], c->fd[s]) <= 0) {
                        close(c->fd[s]);
                        c->fd[s] = -1;
                    }
                }
            }
            if (c->pid && c->fd[0] < 0 && c->fd[1] < 0) {
                --active;
                if (finish(e, c) != CLI_OK) {
                    rc = CLI_RUNTIME;
                    stopping = 1;
                }
            }
        }
        if (e->idle && e->idle(e->ctx) != 0) {
            rc = CLI_RUNTIME;
            stopping = 1;
        }
    }
    free(run);
    free(pfd);
    return rc;
}
