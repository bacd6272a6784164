/* The loop of every `oco stream PROTOCOL`: one input row per stdin line, one
 * answer per line, bad lines rejected with the state unchanged; and its
 * checkpoints (--state FILE, --save-every K).
 *
 * Why stdin is read with read(2) here and not with stdio: with --state, a
 * SIGTERM (or SIGINT) must stop the stream at once, also while it waits for
 * the next line, and save the state. The stop signals are blocked except
 * inside ppoll(), which unblocks them atomically while it waits, so a signal
 * can neither be lost between a check and a blocking read nor interrupt a
 * decision half-way; one that comes while lines are still buffered is seen
 * by the sigpending() check before the next line. The handler only sets a
 * flag. */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "oco/oco.h"

/* ---- checkpoints -------------------------------------------------------- */

int cli_checkpoint_setup(cli_checkpoint *ck, const cli_stream_common *c)
{
    ck->path = c->state;
    ck->every = 1;
    ck->unsaved = 0;
    ck->resumed = 0;
    if (c->save_every && !c->state)
        return cli_error(CLI_USAGE, "--save-every needs --state FILE");
    if (c->save_every && cli_parse_size("--save-every", c->save_every, 1, &ck->every))
        return CLI_USAGE;
    if (c->state && !*c->state)
        return cli_error(CLI_USAGE, "--state: empty file name");
    return 0;
}

int cli_checkpoint_resume(cli_checkpoint *ck)
{
    if (!ck->path)
        return 0;
    if (access(ck->path, F_OK) != 0) {
        if (errno != ENOENT)
            return cli_error(CLI_RUNTIME, "--state: cannot access '%s': %s", ck->path,
                             strerror(errno));
        /* A first start (the loop saves round 0 once the first answer is
         * out): check now that PATH.tmp can be written, before any output. */
        const size_t len = strlen(ck->path) + 5;
        char *tmp = malloc(len);
        if (!tmp)
            return cli_error(CLI_RUNTIME, "out of memory");
        snprintf(tmp, len, "%s.tmp", ck->path);
        const int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
        const int err = errno;
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        const int bad = fd < 0 && err != EEXIST;
        if (bad)
            cli_error(CLI_RUNTIME, "--state: cannot write '%s': %s", tmp, strerror(err));
        free(tmp);
        return bad ? CLI_RUNTIME : 0;
    }
    if (ck->restore(ck->obj, ck->path) != OCO_OK)
        return cli_error(CLI_RUNTIME, "%s (refused: the file is kept; remove it to start afresh)",
                         oco_last_error());
    ck->resumed = 1;
    fprintf(stderr, "oco: --state %s: resumed after round %zu\n", ck->path, ck->round(ck->obj));
    return 0;
}

int cli_checkpoint_save(cli_checkpoint *ck)
{
    if (!ck->path)
        return 0;
    if (ck->save(ck->obj, ck->path) != OCO_OK)
        return cli_error(CLI_RUNTIME, "--state: cannot save after round %zu: %s",
                         ck->round(ck->obj), oco_last_error());
    ck->unsaved = 0;
    return 0;
}

/* ---- stdin, line by line, with stop signals ----------------------------- */

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig) { stop_signal = sig; }

typedef struct stdin_lines {
    char *buf;
    size_t cap, head, tail; /* unread bytes: buf[head..tail) */
    char *line;             /* the current line, NUL-terminated, newline kept */
    size_t linecap, lineno;
    int eof;
    const sigset_t *waitmask; /* NULL: no stop signals (plain blocking read) */
} stdin_lines;

static int stop_pending(const stdin_lines *in)
{
    if (!in->waitmask)
        return 0;
    sigset_t pending, blocked;
    if (sigpending(&pending) == 0 &&
        (sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1)) {
        /* Let the handler run, then block again. */
        sigprocmask(SIG_SETMASK, in->waitmask, &blocked);
        sigprocmask(SIG_SETMASK, &blocked, NULL);
    }
    return stop_signal != 0;
}

/* Copy buf[from..to) into in->line; 0 or -1 (out of memory). */
static int take_line(stdin_lines *in, size_t from, size_t to)
{
    const size_t n = to - from;
    if (n + 1 > in->linecap) {
        char *p = realloc(in->line, n + 1);
        if (!p)
            return -1;
        in->line = p;
        in->linecap = n + 1;
    }
    memcpy(in->line, in->buf + from, n);
    in->line[n] = '\0';
    ++in->lineno;
    return 0;
}

enum { LINE_EOF = 0, LINE_OK = 1, LINE_STOP = 2, LINE_ERROR = -1, LINE_NOMEM = -2 };

/* The next non-blank line (*n bytes in in->line). */
static int next_line(stdin_lines *in, size_t *n)
{
    for (;;) {
        if (stop_pending(in))
            return LINE_STOP;
        char *nl = in->head < in->tail ? memchr(in->buf + in->head, '\n', in->tail - in->head)
                                       : NULL;
        if (nl || (in->eof && in->head < in->tail)) {
            const size_t end = nl ? (size_t)(nl - in->buf) + 1 : in->tail;
            if (take_line(in, in->head, end))
                return LINE_NOMEM;
            *n = end - in->head; /* NUL bytes included: the parser rejects them */
            in->head = end;
            if (cli_blank_line(in->line, *n))
                continue;
            return LINE_OK;
        }
        if (in->eof)
            return LINE_EOF;
        /* Refill: keep the unread bytes at the start, grow if a line fills it. */
        memmove(in->buf, in->buf + in->head, in->tail - in->head);
        in->tail -= in->head;
        in->head = 0;
        if (in->tail == in->cap) {
            char *p = realloc(in->buf, 2 * in->cap);
            if (!p)
                return LINE_NOMEM;
            in->buf = p;
            in->cap *= 2;
        }
        if (in->waitmask) {
            struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
            if (ppoll(&pfd, 1, NULL, in->waitmask) < 0) {
                if (errno == EINTR)
                    continue; /* the loop's first check sees a stop */
                return LINE_ERROR;
            }
        }
        const ssize_t got = read(STDIN_FILENO, in->buf + in->tail, in->cap - in->tail);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return LINE_ERROR;
        }
        if (got == 0)
            in->eof = 1;
        in->tail += (size_t)got;
    }
}

/* ---- the loop ------------------------------------------------------------ */

/* A parse error on a line whose first `off` bytes (a side prefix) were not
 * given to the parser: shift the column in the message past them. */
static void parse_error(size_t off, size_t lineno)
{
    const char *msg = oco_last_error();
    char fixed[512];
    const char *p = strstr(msg, "<stdin>:");
    size_t col = 0;
    int used = 0;
    if (off && p && sscanf(p, "<stdin>:%*u:%zu:%n", &col, &used) == 1 && used > 0)
        snprintf(fixed, sizeof fixed, "<stdin>:%zu:%zu:%s", lineno, col + off, p + used);
    else
        snprintf(fixed, sizeof fixed, "%s", msg);
    cli_error(CLI_RUNTIME, "%s (line %zu rejected, state unchanged)", fixed, lineno);
}

static int loop(const cli_stream_ops *ops, void *ctx, double *row, size_t nfields,
                stdin_lines *in, cli_checkpoint *ck)
{
    int rejected = 0;
    size_t n;
    const size_t plen = ops->side_prefix ? strlen(ops->side_prefix) : 0;
    int got;
    while ((got = next_line(in, &n)) == LINE_OK) {
        const size_t lineno = in->lineno;
        const char *line = in->line;
        const int side = plen && n >= plen && strncmp(line, ops->side_prefix, plen) == 0;
        const size_t off = side ? plen : 0;
        if (ops->at_horizon && ops->at_horizon(ctx)) {
            cli_error(CLI_RUNTIME, "<stdin>:%zu: horizon T = %zu already reached (line %zu "
                                   "rejected)",
                      lineno, ops->T, lineno);
            rejected = 1;
            continue;
        }
        if (oco_csv_parse_row(line + off, n - off, row, nfields, "<stdin>", lineno) != OCO_OK) {
            parse_error(off, lineno);
            rejected = 1;
            continue;
        }
        const int r = side ? ops->on_side(ctx, row, lineno) : ops->on_row(ctx, row, lineno);
        if (r == CLI_ROW_REJECTED) {
            rejected = 1;
        } else if (r != CLI_ROW_OK) {
            return CLI_RUNTIME;
        } else if (!side && ck && ck->path && ++ck->unsaved >= ck->every) {
            /* After the answer: a saved round's output has been written. */
            if (cli_checkpoint_save(ck))
                return CLI_RUNTIME;
        }
    }
    if (got == LINE_NOMEM)
        return cli_error(CLI_RUNTIME, "out of memory reading stdin after line %zu", in->lineno);
    if (got == LINE_ERROR)
        return cli_error(CLI_RUNTIME, "error reading stdin after line %zu: %s", in->lineno,
                         strerror(errno));
    if (got == LINE_STOP && ck) {
        const int unsaved = ck->unsaved != 0;
        if (unsaved && cli_checkpoint_save(ck))
            return CLI_RUNTIME;
        fprintf(stderr, "oco: %s: stopped after round %zu; state %s %s\n",
                stop_signal == SIGINT ? "SIGINT" : "SIGTERM", ck->round(ck->obj),
                unsaved ? "saved to" : "already in", ck->path);
    } else if (ck && ck->unsaved && cli_checkpoint_save(ck)) {
        return CLI_RUNTIME; /* end of input */
    }
    return rejected ? CLI_RUNTIME : CLI_OK;
}

int cli_stream_rows(const cli_stream_ops *ops, void *ctx, double *row, size_t nfields,
                    cli_checkpoint *ck)
{
    stdin_lines in = {NULL, 1 << 16, 0, 0, NULL, 0, 0, 0, NULL};
    if (!(in.buf = malloc(in.cap)))
        return cli_error(CLI_RUNTIME, "out of memory");
    const int armed = ck && ck->path;
    struct sigaction sa, old_term, old_int;
    sigset_t stops, waitmask, oldmask;
    if (armed) {
        /* Round 0 of a first start is saved at once: a bad --state path is
         * reported now, not after the first decision. */
        if (!ck->resumed && cli_checkpoint_save(ck)) {
            free(in.buf);
            return CLI_RUNTIME;
        }
        stop_signal = 0;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop_signal; /* no SA_RESTART: ppoll returns EINTR */
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, &old_term);
        sigaction(SIGINT, &sa, &old_int);
        sigemptyset(&stops);
        sigaddset(&stops, SIGTERM);
        sigaddset(&stops, SIGINT);
        sigprocmask(SIG_BLOCK, &stops, &oldmask);
        waitmask = oldmask;
        sigdelset(&waitmask, SIGTERM);
        sigdelset(&waitmask, SIGINT);
        in.waitmask = &waitmask;
    }
    const int rc = loop(ops, ctx, row, nfields, &in, armed ? ck : NULL);
    if (armed) {
        /* A stop signal still pending reaches the handler here (flag only). */
        sigprocmask(SIG_SETMASK, &waitmask, NULL);
        sigprocmask(SIG_SETMASK, &oldmask, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGINT, &old_int, NULL);
    }
    free(in.buf);
    free(in.line);
    return rc;
}
