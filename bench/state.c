/* Benchmark (not a test): the cost of a checkpoint (include/oco/state.h) for
 * every algorithm of the registry that a stream or a live system drives, as
 * ratios measured in the same run:
 *   bytes      the state file's size
 *   rd_us      one round (decide + learn) of the warmed-up algorithm, µs
 *   save_us    oco_*_save_state: serialise, write PATH.tmp, fsync, rename
 *   bound_us   the hardware bound of a durable atomic save of that many bytes:
 *              open + write + fsync + close + rename of a prepared buffer,
 *              nothing else (the same file system, the same size)
 *   s/bound    save_us ÷ bound_us: what the format and checks add
 *   load_us    oco_*_restore_state (read, verify checksum and header, rebuild
 *              in a fresh object, swap)
 *   s/rd       save_us ÷ rd_us: the rounds one save costs, so `--save-every K`
 *              with K ≈ s/rd halves the stream's throughput
 * Each time is the median of REPS; the algorithm is first played WARM rounds
 * (its state grown as in a run). The files go to the working directory (or
 * $TMPDIR if set): fsync costs what that file system's device costs (on a
 * tmpfs, nothing). Peak RSS at the end.
 *
 * Protocols: oco (every learner, d = 10 on the unit ball, T = 10^4, random
 * linear losses), coco (every streaming algorithm, d = 10, k = 2, box
 * [0,1]^10, linearised random feedback), bwk (every algorithm, K = 10,
 * T = 10^4), olp (every policy, m = 2, T = 10^4, orders c, a ~ U[0, 2]) and
 * oobc (every policy, fairness class, N = 20, synthetic episodes played in
 * turn; laau and rl with untrained networks: the cost of a round and of a
 * state does not depend on the weights). A round of oobc is one step of an
 * episode; its state is saved mid-episode.
 *
 * usage: state [--quick]   (full: REPS = 21, WARM = 2000; quick: 5, 300) */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oco/oco.h"

#include "bench_clock.h"

enum { MAXREPS = 21, D = 10, K_CONS = 2, ARMS = 10, M_OLP = 2, N_OOBC = 20 };
static const size_t T_RUN = 10000;

typedef struct bench_cfg {
    int reps;
    size_t warm;
    char path[512], bound_path[512];
} bench_cfg;

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* The durable atomic save of `n` bytes with nothing else: the bound. */
static double bound_save_us(const bench_cfg *c, const char *buf, size_t n)
{
    double t[MAXREPS];
    for (int r = 0; r < c->reps; ++r) {
        const double t0 = bench_now();
        int fd = open(c->bound_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, buf, n) != (ssize_t)n || fsync(fd) != 0 || close(fd) != 0 ||
            rename(c->bound_path, c->path) != 0) {
            perror("bound save");
            exit(1);
        }
        t[r] = 1e6 * (bench_now() - t0);
    }
    return median(t, c->reps);
}

/* One protocol's driver: an object, a round, save and restore. */
typedef struct driver {
    const char *protocol;
    void *(*make)(const oco_algo_info *info, oco_rng *rng, void *aux);
    int (*round)(void *obj, oco_rng *rng, void *aux);
    int (*save)(const void *obj, const char *path);
    int (*restore)(void *obj, const char *path);
    void (*destroy)(void *obj);
} driver;

/* ---- oco: learners on linear losses --------------------------------------- */
static void *oco_make(const oco_algo_info *info, oco_rng *rng, void *aux)
{
    oco_domain **dom = aux;
    const oco_learner_type *type = oco_learner_type_from_info(info);
    const int simplex = type->domains == (1u << OCO_DOMAIN_SIMPLEX);
    oco_domain_free(*dom);
    *dom = simplex ? oco_domain_simplex(D) : oco_domain_ball(D, 1.0);
    oco_learner_setup s = oco_learner_setup_default();
    s.d = D;
    s.domain = *dom;
    s.T = T_RUN;
    s.rng = rng;
    return oco_learner_new(type, &s, NULL, 0);
}
/* The linear loss <g, x> as a gradient oracle (universal-multigrad queries
 * it at several points; the others once). */
static int linear_grad(void *ctx, const double *x, double *grad, double *value)
{
    const double *g = ctx;
    memcpy(grad, g, D * sizeof *g);
    if (value)
        *value = oco_dot(g, x, D);
    return OCO_OK;
}
static int oco_round(void *obj, oco_rng *rng, void *aux)
{
    (void)aux;
    double x[D], g[D];
    for (size_t i = 0; i < D; ++i)
        g[i] = 2 * oco_rng_uniform(rng) - 1;
    if (oco_learner_predict(obj, NULL, x) != OCO_OK)
        return -1;
    oco_grad_oracle oracle = {linear_grad, g, D, 0};
    return oco_learner_update_oracle(obj, &oracle);
}
static int oco_save(const void *o, const char *p) { return oco_learner_save_state(o, p); }
static int oco_restore(void *o, const char *p) { return oco_learner_restore_state(o, p); }
static void oco_destroy(void *o) { oco_learner_free(o); }

/* ---- coco: streaming algorithms, linearised feedback --------------------- */
static void *coco_make(const oco_algo_info *info, oco_rng *rng, void *aux)
{
    oco_domain **dom = aux;
    const oco_coco_type *type = oco_coco_type_from_info(info);
    if (!oco_coco_type_streams(type))
        return NULL;
    static const double budget[K_CONS] = {100, 100};
    if (!*dom)
        *dom = oco_domain_box_uniform(D, 0, 1);
    oco_coco_setup s = oco_coco_setup_default();
    s.d = D;
    s.k = K_CONS;
    s.domain = *dom;
    s.T = T_RUN;
    s.rng = rng;
    if (type->needs & OCO_COCO_CONSUMPTION)
        s.budget = budget;
    return oco_coco_new(type, &s, NULL, 0);
}
static int coco_round(void *obj, oco_rng *rng, void *aux)
{
    (void)aux;
    double x[D], grad[D], g[K_CONS], J[K_CONS * D];
    if (oco_coco_predict(obj, NULL, x) != OCO_OK)
        return -1;
    for (size_t i = 0; i < D; ++i)
        grad[i] = 2 * oco_rng_uniform(rng) - 1;
    for (size_t j = 0; j < K_CONS; ++j) {
        g[j] = oco_rng_uniform(rng);
        for (size_t i = 0; i < D; ++i)
            J[j * D + i] = 2 * oco_rng_uniform(rng) - 1;
    }
    oco_coco_linear fb = {grad, NAN, g, J};
    return oco_coco_update(obj, &fb);
}
static int coco_save(const void *o, const char *p) { return oco_coco_save_state(o, p); }
static int coco_restore(void *o, const char *p) { return oco_coco_restore_state(o, p); }
static void coco_destroy(void *o) { oco_coco_free(o); }

/* ---- bwk: bandits with a budget ------------------------------------------- */
static void *bwk_make(const oco_algo_info *info, oco_rng *rng, void *aux)
{
    (void)aux;
    oco_bwk_setup s = oco_bwk_setup_default();
    s.K = ARMS;
    s.T = T_RUN;
    s.budget = 0.3 * (double)T_RUN;
    s.rng = rng;
    return oco_bwk_new(oco_bwk_type_from_info(info), &s, NULL, 0);
}
static int bwk_round(void *obj, oco_rng *rng, void *aux)
{
    (void)aux;
    size_t arm;
    if (oco_bwk_pull(obj, &arm) != OCO_OK)
        return -1;
    return oco_bwk_update(obj, oco_rng_uniform(rng), oco_rng_uniform(rng));
}
static int bwk_save(const void *o, const char *p) { return oco_bwk_save_state(o, p); }
static int bwk_restore(void *o, const char *p) { return oco_bwk_restore_state(o, p); }
static void bwk_destroy(void *o) { oco_bwk_free(o); }

/* ---- olp: sessions on type-1 orders (c, a ~ U[0, 2]) ------------------------ */
static void *olp_make(const oco_algo_info *info, oco_rng *rng, void *aux)
{
    (void)rng;
    (void)aux;
    static const double b[M_OLP] = {0.5 * 10000, 0.5 * 10000}; /* d = 1/2 per round */
    oco_olp_setup s = {.T = T_RUN, .m = M_OLP, .b = b};
    oco_olp_session_opts opts = {0};
    return oco_olp_session_new(oco_olp_policy_from_info(info), &s, NULL, 0, &opts);
}
static int olp_round(void *obj, oco_rng *rng, void *aux)
{
    (void)aux;
    double a[M_OLP];
    const double c = 2 * oco_rng_uniform(rng);
    for (size_t i = 0; i < M_OLP; ++i)
        a[i] = 2 * oco_rng_uniform(rng);
    int x;
    return oco_olp_session_step(obj, c, a, &x);
}
static int olp_save(const void *o, const char *p) { return oco_olp_session_save_state(o, p); }
static int olp_restore(void *o, const char *p) { return oco_olp_session_restore_state(o, p); }
static void olp_destroy(void *o) { oco_olp_session_free(o); }

/* ---- oobc: fairness episodes of N_OOBC steps ------------------------------ */
typedef struct oobc_aux {
    oco_oobc_class *cls;
    oco_oobc_model *laau, *rl; /* untrained (Glorot init): the cost does not
                                  depend on the weights */
    oco_oobc_data *data;       /* synthetic episodes, played in turn */
    size_t episode, step;
} oobc_aux;
static void *oobc_make(const oco_algo_info *info, oco_rng *rng, void *vaux)
{
    (void)rng;
    oobc_aux *aux = vaux;
    const oco_oobc_type *type = oco_oobc_type_from_info(info);
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = aux->cls;
    s.N = N_OOBC;
    s.model = type == oco_oobc_rl ? aux->rl : aux->laau;
    s.train = aux->data;
    aux->episode = aux->step = 0;
    return oco_oobc_new(type, &s, NULL, 0);
}
static int oobc_round(void *obj, oco_rng *rng, void *vaux)
{
    (void)rng;
    oobc_aux *aux = vaux;
    const oco_oobc_data *d = aux->data;
    if (aux->step == 0 && oco_oobc_begin(obj, d->B + aux->episode * d->M) != OCO_OK)
        return -1;
    double x[8];
    if (oco_oobc_decide(obj, d->c + (aux->episode * d->N + aux->step) * d->p, x) != OCO_OK)
        return -1;
    if (++aux->step == d->N) {
        aux->step = 0;
        aux->episode = (aux->episode + 1) % d->n;
    }
    return OCO_OK;
}
static int oobc_save(const void *o, const char *p) { return oco_oobc_save_state(o, p); }
static int oobc_restore(void *o, const char *p) { return oco_oobc_restore_state(o, p); }
static void oobc_destroy(void *o) { oco_oobc_free(o); }

static int oobc_aux_init(oobc_aux *aux)
{
    memset(aux, 0, sizeof *aux);
    aux->cls = oco_oobc_class_new("fairness", NULL);
    if (!aux->cls)
        return -1;
    oco_oobc_model_opts mo = oco_oobc_model_opts_default();
    aux->laau = oco_oobc_model_new(aux->cls, N_OOBC, &mo, NULL);
    mo.kind = OCO_OOBC_MODEL_RL;
    aux->rl = oco_oobc_model_new(aux->cls, N_OOBC, &mo, NULL);
    aux->data = oco_oobc_data_synthetic(aux->cls, N_OOBC, 50, 1, NULL);
    return aux->laau && aux->rl && aux->data ? 0 : -1;
}
static void oobc_aux_free(oobc_aux *aux)
{
    oco_oobc_data_free(aux->data);
    oco_oobc_model_free(aux->laau);
    oco_oobc_model_free(aux->rl);
    oco_oobc_class_free(aux->cls);
}

static const driver drivers[] = {
    {"olp", olp_make, olp_round, olp_save, olp_restore, olp_destroy},
    {"oco", oco_make, oco_round, oco_save, oco_restore, oco_destroy},
    {"coco", coco_make, coco_round, coco_save, coco_restore, coco_destroy},
    {"bwk", bwk_make, bwk_round, bwk_save, bwk_restore, bwk_destroy},
    {"oobc", oobc_make, oobc_round, oobc_save, oobc_restore, oobc_destroy},
};

static int bench_one(const bench_cfg *c, const driver *dr, const oco_algo_info *info, void *aux)
{
    oco_rng rng;
    oco_rng_seed(&rng, 1, 0);
    void *obj = dr->make(info, &rng, aux);
    if (!obj)
        return 0; /* not driven here (e.g. a coco algorithm that needs oracles) */
    for (size_t t = 0; t < c->warm; ++t)
        if (dr->round(obj, &rng, aux) != OCO_OK) {
            fprintf(stderr, "%s: round %zu: %s\n", info->name, t, oco_last_error());
            dr->destroy(obj);
            return -1;
        }
    /* A round's time: the mean over a batch after the warm-up. */
    const size_t batch = c->warm / 2 + 1;
    double t0 = bench_now();
    for (size_t t = 0; t < batch; ++t)
        dr->round(obj, &rng, aux);
    const double rd_us = 1e6 * (bench_now() - t0) / (double)batch;
    double ts[MAXREPS], tl[MAXREPS];
    for (int r = 0; r < c->reps; ++r) {
        t0 = bench_now();
        if (dr->save(obj, c->path) != OCO_OK) {
            fprintf(stderr, "%s: save: %s\n", info->name, oco_last_error());
            dr->destroy(obj);
            return -1;
        }
        ts[r] = 1e6 * (bench_now() - t0);
    }
    for (int r = 0; r < c->reps; ++r) {
        t0 = bench_now();
        if (dr->restore(obj, c->path) != OCO_OK) {
            fprintf(stderr, "%s: restore: %s\n", info->name, oco_last_error());
            dr->destroy(obj);
            return -1;
        }
        tl[r] = 1e6 * (bench_now() - t0);
    }
    struct stat st;
    if (stat(c->path, &st) != 0) {
        perror(c->path);
        exit(1);
    }
    const size_t bytes = (size_t)st.st_size;
    char *buf = malloc(bytes ? bytes : 1);
    if (!buf)
        exit(1);
    memset(buf, 0x5a, bytes);
    const double bound = bound_save_us(c, buf, bytes);
    free(buf);
    const double save = median(ts, c->reps), load = median(tl, c->reps);
    printf("%-5s %-24s %9zu %9.2f %9.1f %9.1f %7.2f %9.1f %9.0f\n", dr->protocol, info->name,
           bytes, rd_us, save, bound, save / bound, load, save / rd_us);
    dr->destroy(obj);
    return 0;
}

int main(int argc, char **argv)
{
    const int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    if (argc > 2 || (argc == 2 && !quick)) {
        fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
        return 2;
    }
    bench_cfg c = {quick ? 5 : MAXREPS, quick ? 300 : 2000, "", ""};
    const char *dir = getenv("TMPDIR");
    dir = dir && *dir ? dir : ".";
    snprintf(c.path, sizeof c.path, "%s/bench-state-%ld.state", dir, (long)getpid());
    snprintf(c.bound_path, sizeof c.bound_path, "%s.bound", c.path);
    printf("checkpoint cost per algorithm (files in %s; medians of %d; warm-up %zu rounds)\n",
           dir, c.reps, c.warm);
    printf("%-5s %-24s %9s %9s %9s %9s %7s %9s %9s\n", "proto", "algorithm", "bytes", "rd_us",
           "save_us", "bound_us", "s/bound", "load_us", "s/rd");
    oobc_aux oobc;
    if (oobc_aux_init(&oobc) != 0) {
        fprintf(stderr, "oobc set-up: %s\n", oco_last_error());
        oobc_aux_free(&oobc);
        return 1;
    }
    int rc = 0;
    for (size_t k = 0; k < sizeof drivers / sizeof *drivers && !rc; ++k) {
        oco_domain *dom = NULL;
        const int is_oobc = strcmp(drivers[k].protocol, "oobc") == 0;
        for (size_t i = 0; i < oco_algo_count() && !rc; ++i) {
            const oco_algo_info *info = oco_algo_at(i);
            if (strcmp(oco_protocol_name(info->protocol), drivers[k].protocol) == 0)
                rc = bench_one(&c, &drivers[k], info, is_oobc ? (void *)&oobc : (void *)&dom);
        }
        oco_domain_free(dom);
    }
    oobc_aux_free(&oobc);
    remove(c.path);
    printf("peak RSS %.1f MB\n", bench_peak_rss_mb());
    return rc ? 1 : 0;
}
