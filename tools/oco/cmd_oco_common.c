/* Helpers shared by `oco run oco` and `oco stream oco`: the learner, its
 * domain and the bounds it is told are checked the same way in both, so the
 * two commands accept the same options and play the same decisions. */
#include <math.h>
#include <stdio.h>

#include "cli.h"
#include "oco/oco.h"

int cli_oco_algo(const char *name, const cli_params *p, const oco_learner_type **out)
{
    if (!name)
        return cli_error(CLI_USAGE, "missing --algo NAME (see 'oco list')");
    const oco_learner_type *t = oco_learner_find(name);
    if (!t)
        return cli_error(CLI_USAGE, "--algo: %s", oco_last_error());
    if (oco_algo_check_params(&t->info, p->items, p->n))
        return cli_error(CLI_USAGE, "--param: %s", oco_last_error());
    *out = t;
    return 0;
}

static const char *kind_name(oco_domain_kind k)
{
    switch (k) {
    case OCO_DOMAIN_BALL:
        return "ball";
    case OCO_DOMAIN_BOX:
        return "box";
    case OCO_DOMAIN_SIMPLEX:
        return "simplex";
    case OCO_DOMAIN_ORTHANT:
        return "orthant";
    default:
        return "orthant-ball";
    }
}

int cli_oco_domain(const char *spec, size_t d, const oco_learner_type *type, oco_domain **out)
{
    oco_domain *dom = oco_domain_parse(spec, d);
    if (!dom)
        return cli_error(CLI_USAGE, "--domain: %s", oco_last_error());
    /* The learners' step sizes and the comparator need a bounded X with a
     * positive diameter (universal.md §1, assumption A1: ‖x − y‖ ≤ D). */
    double D = oco_domain_diameter(dom);
    if (!(isfinite(D) && D > 0)) {
        oco_domain_free(dom);
        if (isinf(D))
            return cli_error(CLI_USAGE, "--domain: '%s' is unbounded (use ball:R, box:a,b or "
                                        "simplex)", spec);
        return cli_error(CLI_USAGE, "--domain: '%s' is a single point in dimension %zu "
                                    "(diameter 0): nothing to learn",
                         spec, d);
    }
    oco_domain_kind k = oco_domain_get_kind(dom);
    if (k != OCO_DOMAIN_BALL && k != OCO_DOMAIN_BOX && k != OCO_DOMAIN_SIMPLEX) {
        oco_domain_free(dom);
        return cli_error(CLI_USAGE, "--domain: '%s' is not supported here (use ball:R, box:a,b "
                                    "or simplex)", spec);
    }
    if (type && type->domains && !(type->domains & (1u << (unsigned)k))) {
        oco_domain_free(dom);
        if (type->domains == (1u << OCO_DOMAIN_SIMPLEX))
            return cli_error(CLI_USAGE, "--algo %s plays on the probability simplex: add "
                                        "--domain simplex (got '%s')",
                             type->info.name, spec);
        return cli_error(CLI_USAGE, "--algo %s does not support a %s domain (got '%s')",
                         type->info.name, kind_name(k), spec);
    }
    *out = dom;
    return 0;
}

/* v must be > 0 (strict) or >= 0. */
static int bound(const char *opt, const char *s, int strict, double *v)
{
    if (!s)
        return 0;
    double x;
    if (cli_parse_double(opt, s, &x))
        return CLI_USAGE;
    if (strict ? !(x > 0) : !(x >= 0))
        return cli_error(CLI_USAGE, "%s must be %s 0 (got %s)", opt, strict ? ">" : ">=", s);
    *v = x;
    return 0;
}

int cli_oco_apply_bounds(const cli_oco_bounds *b, oco_learner_setup *setup)
{
    if (bound("--G", b->G, 1, &setup->G) || bound("--D", b->D, 1, &setup->D) ||
        bound("--L", b->L, 0, &setup->L) || bound("--lambda", b->lambda, 0, &setup->lambda) ||
        bound("--alpha", b->alpha, 0, &setup->alpha))
        return CLI_USAGE;
    return 0;
}

int cli_oco_print_x(FILE *f, const double *x, size_t d)
{
    for (size_t i = 0; i < d; ++i)
        if (fprintf(f, i ? ",%.17g" : "%.17g", x[i]) < 0)
            return -1;
    return fputc('\n', f) == EOF ? -1 : 0;
}
