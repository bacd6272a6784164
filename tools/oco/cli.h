/* oco CLI — shared declarations: commands, exit codes, strict option parsing.
 *
 * Exit codes (documented in `oco --help`):
 *   0  success
 *   1  runtime error: a bad input file or stream line, an I/O or solver failure
 *   2  usage error: unknown command/option/algorithm/parameter, a missing or
 *      malformed option value (including NaN/Inf, negative budgets, T = 0)
 * Every error is one line on stderr that starts with "oco: ". */
#ifndef OCO_CLI_H
#define OCO_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "oco/algo.h"
#include "oco/params.h"

enum { CLI_OK = 0, CLI_RUNTIME = 1, CLI_USAGE = 2 };

/* Commands: argv[0] is the command name ("run", ...). */
int cmd_list(int argc, char **argv);
int cmd_reproduce(int argc, char **argv);
int cmd_train(int argc, char **argv); /* oobc_cli_train.c */
/* `oco sweep` (cmd_sweep.c); argv0 is main's, to find this binary again. */
int cmd_sweep(int argc, char **argv, const char *argv0);

/* A protocol's CLI (one file per protocol: olp_cli.c, oco_cli.c): its `run`
 * and `stream` (argv[0] is "run" or "stream", argv[1] the protocol name) and
 * their usage lines for 'oco run --help' / 'oco stream --help'. */
typedef struct cli_protocol {
    const char *name;                /* "olp", as oco_protocol_name */
    const char *summary;             /* a few words */
    int (*run)(int argc, char **argv);
    int (*stream)(int argc, char **argv);
    const char *const *run_usage;    /* NULL-terminated lines */
    const char *const *stream_usage;
} cli_protocol;
extern const cli_protocol cli_protocol_olp, cli_protocol_oco, cli_protocol_coco,
    cli_protocol_bwk, cli_protocol_oobc;
/* Every protocol, NULL-terminated (main.c). */
extern const cli_protocol *const cli_protocols[];
/* `oco run` / `oco stream` (cmd = "run" or "stream"): hand argv to the
 * protocol argv[1] names; with no protocol or --help, list each protocol's
 * usage lines. */
int cli_dispatch(int argc, char **argv, const char *cmd);

/* One line "oco: <message>" on stderr; returns `code` so callers can
 * `return cli_error(CLI_USAGE, ...)`. */
int cli_error(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* True for "-h" and "--help". */
int cli_is_help(const char *arg);
/* The usage error for an argument no option matched: "unknown option '-x'
 * for 'oco CMD' (see 'oco CMD --help')" if it starts with '-', else
 * "unexpected argument 'x' for 'oco CMD'". Returns CLI_USAGE. */
int cli_bad_arg(const char *arg, const char *cmd);
/* True for a line (as returned by getline, n bytes) with nothing on it:
 * "", "\n" or "\r\n". Line-based inputs skip such lines silently. */
int cli_blank_line(const char *line, size_t n);

/* Line-based input (orders, gradients): reads f with getline, skips blank
 * lines (cli_blank_line) and counts every line, blank or not, in lineno so
 * that messages name the line of the file. Start with {f, NULL, 0, 0}; free
 * `line` when done. */
typedef struct cli_lines {
    FILE *f;
    char *line;
    size_t cap, lineno;
} cli_lines;
/* 1 and the next non-blank line in r->line (*n bytes, newline kept); 0 at the
 * end of input or on a read error (tell them apart with ferror(r->f)). */
int cli_lines_next(cli_lines *r, size_t *n);

/* Strict numbers: the whole string must be consumed, no sign for unsigned,
 * no overflow, finite doubles. On failure print "oco: <opt>: ..." and return
 * CLI_USAGE; 0 on success. */
int cli_parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *out);
int cli_parse_size(const char *opt, const char *s, size_t min, size_t *out);
int cli_parse_double(const char *opt, const char *s, double *out);
/* "b1,...,bm": finite numbers >= 0; *b is malloc'ed (caller frees). */
int cli_parse_budget(const char *opt, const char *s, double **b, size_t *m);

/* A growable list of --param key=value (keys point into argv). */
typedef struct cli_params {
    oco_param *items;
    size_t n, cap;
} cli_params;
int cli_params_add(cli_params *p, char *text); /* CLI_USAGE on a malformed pair */
void cli_params_free(cli_params *p);
/* The options of a command as one table, parsed by cli_parse. */
typedef enum { CLI_VALUE, CLI_FLAG, CLI_PARAM } cli_spec_kind;
typedef struct cli_spec {
    const char *name;   /* "algo" for --algo; NULL ends the table */
    cli_spec_kind kind; /* CLI_VALUE: slot is const char ** (--name V or --name=V);
                           CLI_FLAG: slot is int *, set to 1 (--name alone);
                           CLI_PARAM: slot is cli_params *, a repeatable
                           --name key=value */
    void *slot;
} cli_spec;
/* cli_parse returns this after printing `help` for -h/--help. */
enum { CLI_HELP = -1 };
/* Parse argv[first..argc) strictly against `spec`: every argument must be an
 * option of the table, or, if `positional` is not NULL, the one non-option
 * argument (stored there; a second one is an error that names
 * `positional_what`). Returns 0, CLI_HELP, or CLI_USAGE (message printed:
 * a missing or malformed value, an unknown option of 'oco CMD'). */
int cli_parse(int argc, char **argv, int first, const cli_spec *spec, const char *cmd,
              const char *const *help, const char **positional, const char *positional_what);

/* Print a usage text (a NULL-terminated array of lines) to `f`. */
void cli_print_lines(FILE *f, const char *const *lines);

/* ---- shared by every protocol's run and stream (cli_common.c) ---------- */
/* The options every `oco run PROTOCOL` has, and their part of its option
 * table (cli_spec entries; the protocol appends its own and the end marker). */
typedef struct cli_run_common {
    const char *algo, *trace, *decisions;
    int json;
    cli_params params;
} cli_run_common;
#define CLI_RUN_COMMON_SPEC(c)                                                                 \
    {"algo", CLI_VALUE, &(c)->algo}, {"param", CLI_PARAM, &(c)->params},                      \
        {"trace", CLI_VALUE, &(c)->trace}, {"decisions", CLI_VALUE, &(c)->decisions},         \
        {"json", CLI_FLAG, &(c)->json}
/* The options every `oco stream PROTOCOL` has. */
typedef struct cli_stream_common {
    const char *algo, *horizon, *state, *save_every;
    cli_params params;
} cli_stream_common;
#define CLI_STREAM_COMMON_SPEC(c)                                                              \
    {"algo", CLI_VALUE, &(c)->algo}, {"param", CLI_PARAM, &(c)->params},                      \
        {"horizon", CLI_VALUE, &(c)->horizon}, {"state", CLI_VALUE, &(c)->state},             \
        {"save-every", CLI_VALUE, &(c)->save_every}
/* Their help lines (each protocol's stream help ends its options with them). */
#define CLI_STREAM_STATE_HELP                                                                  \
    "  --state FILE      checkpoint: if FILE exists, restore the algorithm from it and",     \
        "                    go on with the next input line (stderr says after which",      \
        "                    round; nothing is printed again); save the whole state to",   \
        "                    FILE (atomically: FILE.tmp, fsync, rename) at the start,",    \
        "                    after every K-th decision (its answer written first), at the", \
        "                    end of input and on SIGTERM or SIGINT, which then end the",  \
        "                    stream (exit status as at the end of input). A killed",      \
        "                    process loses at most the rounds after the last save",       \
        "  --save-every K    with --state: save after every K-th decision (default 1)"

struct json_t;
/* The algorithm NAME of `protocol` in the registry (algo.h) with its --param
 * pairs checked against its table; CLI_USAGE (message printed) if not. */
int cli_algo(const char *name, oco_protocol protocol, const cli_params *p,
             const oco_algo_info **out);
/* An output file of an option (--decisions, --trace): NULL with the message
 * printed if it cannot be opened; close reports a write error. */
FILE *cli_open_out(const char *opt, const char *path);
int cli_close_out(const char *opt, const char *path, FILE **f); /* *f = NULL after */
/* A JSON number, null for NaN/Inf. */
struct json_t *cli_jnum(double v);
/* The keys every `oco run --json` report starts with: problem, algo, T,
 * params (the --param pairs as given). */
struct json_t *cli_run_json_head(const char *problem, const oco_algo_info *algo, size_t T,
                                 const cli_params *params);
/* Print o compactly on one stdout line (%.17g precision) and free it. */
int cli_json_print(struct json_t *o);
/* "algorithm   NAME (k=v, ...)" without the newline, for text reports. */
void cli_print_algo(const oco_algo_info *algo, const cli_params *params);

/* Checkpoints of a stream (--state FILE, --save-every K; cli_stream.c). The
 * protocol sets obj and the three calls (its library's save/restore_state and
 * its round counter); the loop saves round 0 of a first start, then after
 * every `every`-th decision (once its answer is written), at the end of input
 * and on SIGTERM/SIGINT. */
typedef struct cli_checkpoint {
    const char *path; /* NULL: no checkpoints */
    size_t every;     /* save after every `every`-th decision */
    size_t unsaved;   /* decisions since the last save */
    int resumed;      /* 1 if restored from path */
    void *obj;
    int (*save)(const void *obj, const char *path);
    int (*restore)(void *obj, const char *path);
    size_t (*round)(const void *obj);
} cli_checkpoint;
/* From the common options: CLI_USAGE (message printed) on a bad
 * --save-every, or one without --state. Sets path, every; clears the rest. */
int cli_checkpoint_setup(cli_checkpoint *ck, const cli_stream_common *c);
/* If path exists, restore obj from it and say so on stderr ("resumed after
 * round t"); CLI_RUNTIME (message printed) if it is refused. A missing file
 * is a first start (0, resumed = 0). */
int cli_checkpoint_resume(cli_checkpoint *ck);
/* Save now; CLI_RUNTIME (message printed) on failure. */
int cli_checkpoint_save(cli_checkpoint *ck);

/* The stream loop: one row of `nfields` comma-separated finite numbers per
 * stdin line (blank lines skipped) into `row`, handed to on_row, or to
 * on_side for a line that starts with side_prefix (the prefix removed; a side
 * line is not a decision). A line that does not parse, or that comes when
 * at_horizon says the horizon is played, gets one error line naming it
 * ("oco: <stdin>:LINE:COL: ..."), and the stream goes on. With a checkpoint
 * (ck not NULL, ck->path set) the loop saves as cli_checkpoint says and stops
 * on SIGTERM/SIGINT. Returns the exit status: CLI_OK if every line was taken,
 * CLI_RUNTIME if one was rejected, stdin failed, a save failed or on_row was
 * fatal. */
enum { CLI_ROW_OK = 0, CLI_ROW_REJECTED = 1, CLI_ROW_FATAL = 2 };
typedef struct cli_stream_ops {
    /* Decide on a parsed row: CLI_ROW_OK (answer printed), CLI_ROW_REJECTED
     * (error printed, state unchanged, go on), CLI_ROW_FATAL (error printed,
     * stop). */
    int (*on_row)(void *ctx, const double *row, size_t lineno);
    int (*at_horizon)(void *ctx); /* 1 when T rounds are played; NULL: never */
    size_t T;                     /* the horizon, for the message */
    const char *side_prefix;      /* NULL: no side lines */
    int (*on_side)(void *ctx, const double *row, size_t lineno);
} cli_stream_ops;
int cli_stream_rows(const cli_stream_ops *ops, void *ctx, double *row, size_t nfields,
                    cli_checkpoint *ck);

/* ---- the oco protocol's options, shared by its run and stream (oco_cli.c) */
struct oco_learner_type;
struct oco_learner_setup;
struct oco_domain;
/* Parse --domain for dimension d and check that it is bounded with a positive
 * diameter and that `type` accepts it; CLI_USAGE (message printed) if not. */
int cli_oco_domain(const char *spec, size_t d, const struct oco_learner_type *type,
                   struct oco_domain **out);
/* What the learner is told: --G, --D, --L, --lambda, --alpha (NULL = keep the
 * value in *setup). CLI_USAGE (message printed) on a bad value. */
typedef struct cli_oco_bounds {
    const char *G, *D, *L, *lambda, *alpha;
} cli_oco_bounds;
int cli_oco_apply_bounds(const cli_oco_bounds *b, struct oco_learner_setup *setup);
/* One decision: d numbers "%.17g" separated by commas, then '\n'. */
int cli_oco_print_x(FILE *f, const double *x, size_t d);
/* `oco run oco` and its usage lines (oco_cli_run.c). */
int cli_run_oco(int argc, char **argv);
extern const char *const cli_run_oco_usage[];


/* ---- the coco protocol (coco_cli.c, coco_cli_run.c) ---------------------- */
struct oco_coco_type;
/* Parse --domain (box or ball, bounded, accepted by `type`); CLI_USAGE with
 * the message printed if not. */
int cli_coco_domain(const char *spec, size_t d, const struct oco_coco_type *type,
                    struct oco_domain **out);
int cli_run_coco(int argc, char **argv);
extern const char *const cli_run_coco_usage[];

/* ---- the oobc protocol (oobc_cli.c, oobc_cli_train.c) ---------------------- */
struct oco_oobc_class;
struct oco_oobc_data;
/* --problem P [--d D]: a built-in class; CLI_USAGE (message printed) if not. */
int cli_oobc_class(const char *problem, const char *d_opt, struct oco_oobc_class **out);
/* An instances file for cls (option opt names it in messages): checked
 * (finite, budgets > 0), N = N unless N is 0, at least one episode;
 * CLI_RUNTIME (the library's file:line:column message printed) if not. */
int cli_oobc_read_file(const char *opt, const char *path, const struct oco_oobc_class *cls,
                       size_t N, struct oco_oobc_data **out);
/* n synthetic episodes first..first+n-1 of seed (oobc_problem.h). */
int cli_oobc_synthetic(const struct oco_oobc_class *cls, size_t N, size_t n, uint64_t seed,
                       uint64_t first, struct oco_oobc_data **out);
/* rename(tmp, path), removing tmp on failure (message printed). */
int cli_oobc_commit(const char *opt, const char *tmp, const char *path);

#endif
