/* `oco reproduce NAME|all`: run named reproductions (src/experiments) and write
 * DIR/REPORT.md and, per experiment, DIR/<exp>/ with CSV, gnuplot scripts, PNG. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "experiments/progress.h"
#include "experiments/registry.h"
#include "experiments/report.h"
#include "oco/error.h"
#include "oco/version.h"

static const char *const help[] = {
    "usage: oco reproduce NAME|all [--quick] [--out DIR] [--seeds K] [--jobs J]",
    "                              [--T-max N] [--progress]",
    "       oco reproduce --list",
    "",
    "Run a named reproduction of a paper's experiment ('oco list' or --list) or all",
    "of them, and write DIR/REPORT.md (machine, date, version, then one section per",
    "experiment: mean and 95% CI over seeds, figures, and each qualitative claim of",
    "the paper checked with PASS/FAIL), DIR/<name>/*.csv (the data behind every",
    "figure), DIR/<name>/*.gp (gnuplot scripts) and the PNGs rendered by gnuplot",
    "(if gnuplot is missing the report says so and keeps the CSV and scripts).",
    "",
    "  --quick       the reduced setting used by 'make demo' (e.g. T up to 10^5)",
    "  --out DIR     output directory (default: results)",
    "  --seeds K     seeds per point (default: the experiment's, e.g. 20)",
    "  --jobs J      threads for the independent runs (default 0 = all cores); the",
    "                results do not depend on J",
    "  --T-max N     largest horizon T to run (for quick checks and tests)",
    "  --progress    progress on stderr (done/total, elapsed, ETA) even when stderr",
    "                is not a terminal (it is shown on a terminal anyway)",
    "",
    "exit status: 0 if every experiment ran (a FAIL of a claim is a result, reported",
    "in REPORT.md and on stderr, not an error), 1 if an experiment or a file failed,",
    "2 usage error.",
    NULL,
};

static int list_experiments(void)
{
    for (size_t i = 0; i < oco_experiment_count(); ++i) {
        const oco_experiment *e = oco_experiment_at(i);
        printf("%-14s %s (%s)\n", e->name, e->title, e->paper);
    }
    return CLI_OK;
}

static char *join(const char *a, const char *b)
{
    size_t len = strlen(a) + strlen(b) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", a, b);
    return p;
}

int cmd_reproduce(int argc, char **argv)
{
    const char *name = NULL, *out = "results", *seeds_s = NULL, *jobs_s = NULL, *tmax_s = NULL;
    int quick = 0, progress = 0, list = 0;
    const cli_spec spec[] = {{"out", CLI_VALUE, &out},
                             {"seeds", CLI_VALUE, &seeds_s},
                             {"jobs", CLI_VALUE, &jobs_s},
                             {"T-max", CLI_VALUE, &tmax_s},
                             {"quick", CLI_FLAG, &quick},
                             {"progress", CLI_FLAG, &progress},
                             {"list", CLI_FLAG, &list},
                             {NULL, CLI_VALUE, NULL}};
    const int prc = cli_parse(argc, argv, 1, spec, "reproduce", help, &name,
                             "one experiment name or 'all'");
    if (prc != 0)
        return prc == CLI_HELP ? CLI_OK : prc;
    if (list)
        return list_experiments();
    if (!name)
        return cli_error(CLI_USAGE, "missing experiment name (one of 'oco reproduce --list', or "
                                    "'all')");
    size_t seeds = 0, tmax = 0;
    uint64_t jobs = 0;
    /* At least 2 seeds: a 95% CI needs a sample standard deviation. */
    if ((seeds_s && cli_parse_size("--seeds", seeds_s, 2, &seeds)) ||
        (jobs_s && cli_parse_u64("--jobs", jobs_s, 0, 4096, &jobs)) ||
        (tmax_s && cli_parse_size("--T-max", tmax_s, 1, &tmax)))
        return CLI_USAGE;
    if (!*out)
        return cli_error(CLI_USAGE, "--out: empty directory name");

    const oco_experiment *one = NULL;
    if (strcmp(name, "all") != 0) {
        one = oco_experiment_find(name);
        if (!one)
            return cli_error(CLI_USAGE, "%s", oco_last_error());
    }
    if (oco_mkdir_p(out) != OCO_OK)
        return cli_error(CLI_RUNTIME, "--out: %s", oco_last_error());
    FILE *md = oco_report_fopen(out, "REPORT.md");
    if (!md)
        return cli_error(CLI_RUNTIME, "%s", oco_last_error());

    int have_gp = oco_gnuplot_available();
    fprintf(md, "# oco reproduction report\n\n");
    oco_report_machine(md);
    fprintf(md, "- command: `oco reproduce %s%s --out %s", name, quick ? " --quick" : "", out);
    if (seeds_s)
        fprintf(md, " --seeds %zu", seeds);
    if (jobs_s)
        fprintf(md, " --jobs %llu", (unsigned long long)jobs);
    if (tmax_s)
        fprintf(md, " --T-max %zu", tmax);
    fprintf(md, "`\n\n");
    fprintf(md, "Every number below was computed by this run of oco; none is copied from a "
                "paper. Each section names its source (seed and equation in "
                "`../shared/algorithms/`), its setting, the mean and 95%% confidence interval "
                "over seeds, and checks the paper's qualitative claim with PASS/FAIL.\n\n");
    fflush(md);

    oco_progress *prog = oco_progress_new(progress || isatty(STDERR_FILENO));
    if (!prog) {
        fclose(md);
        return cli_error(CLI_RUNTIME, "out of memory");
    }
    int rc = CLI_OK;
    size_t claims = 0, passed = 0;
    for (size_t i = 0; i < oco_experiment_count(); ++i) {
        const oco_experiment *e = oco_experiment_at(i);
        if (one && e != one)
            continue;
        char *dir = join(out, e->name);
        if (!dir || oco_mkdir_p(dir) != OCO_OK) {
            rc = cli_error(CLI_RUNTIME, "%s", dir ? oco_last_error() : "out of memory");
            free(dir);
            break;
        }
        /* gnuplot appends to its log: start each run with a fresh one. */
        char *log = join(dir, "gnuplot.log");
        if (log)
            remove(log);
        free(log);
        oco_exp_env env = {dir, e->name, md, quick, seeds, tmax, (int)jobs, have_gp, prog};
        oco_exp_outcome oc = {0, 0};
        double t0 = oco_now();
        int erc = e->run(&env, &oc);
        if (erc != OCO_OK) {
            const char *msg = oco_last_error()[0] ? oco_last_error() : oco_strerror(erc);
            fprintf(md, "## %s — %s\n\n**Not run: error.** %s\n\n", e->name, e->title, msg);
            rc = cli_error(CLI_RUNTIME, "reproduce %s: %s", e->name, msg);
        } else {
            fprintf(stderr, "oco: %s: %zu of %zu claims PASS (%.1f s); see %s/REPORT.md\n",
                    e->name, oc.passed, oc.claims, oco_now() - t0, out);
            claims += oc.claims;
            passed += oc.passed;
        }
        fflush(md);
        free(dir);
    }
    oco_progress_free(prog);
    if (!have_gp)
        fprintf(md, "---\n\ngnuplot was not found on PATH: no PNG was rendered. Install it "
                    "(`gnuplot-nox`) and run `gnuplot NAME.gp` in each experiment directory, or "
                    "re-run `oco reproduce`.\n");
    if (oco_report_fclose(md, "REPORT.md") != OCO_OK && rc == CLI_OK)
        rc = cli_error(CLI_RUNTIME, "%s/%s", out, oco_last_error());
    if (!one && rc == CLI_OK)
        fprintf(stderr, "oco: reproduce all: %zu of %zu claims PASS; report %s/REPORT.md\n", passed,
                claims, out);
    return rc;
}
