/* libFuzzer target for the two OOBC file readers of issue 11 ("Bad input"):
 * the first byte picks the reader, the rest is the file.
 *   even: an instances file for the fairness class (oco_oobc_data_read_csv);
 *   odd:  a model file (oco_oobc_model_load).
 * The readers take a path, so the input is written to a per-process
 * temporary file first. Beyond the sanitizers, the invariants checked are:
 * a result is valid — data that oco_oobc_data_check accepts for the class,
 * or a model whose weights are all finite and that plays a full episode
 * within its budget when it fits the class — or NULL with OCO_EPARSE,
 * OCO_EINVAL or OCO_ENOMEM and a non-empty message. */
#define _POSIX_C_SOURCE 200809L
#include "oco/error.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"
#include "oco/oobc_problem.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void expect_error(void)
{
    const int code = oco_last_error_code();
    if ((code != OCO_EPARSE && code != OCO_EINVAL && code != OCO_ENOMEM) ||
        oco_last_error()[0] == '\0')
        __builtin_trap();
}

/* A loaded model that fits the class and some N must play an episode. */
static void play(const oco_oobc_class *cls, const oco_oobc_model *m)
{
    const size_t N = oco_oobc_model_N(m);
    if (N == 0 || N > 1000 || oco_oobc_model_get_kind(m) != OCO_OOBC_MODEL_LAAU ||
        oco_oobc_model_matches(m, OCO_OOBC_MODEL_LAAU, cls, N) != OCO_OK)
        return;
    oco_oobc_setup s = oco_oobc_setup_default();
    s.cls = cls;
    s.N = N;
    s.model = m;
    oco_oobc *pol = oco_oobc_new(oco_oobc_laau, &s, NULL, 0);
    if (!pol)
        return;
    const double B = 12.5 * (double)N;
    if (oco_oobc_begin(pol, &B) == OCO_OK)
        for (size_t t = 0; t < N; ++t) {
            const double c = (double)(t % 7) / 6.0;
            double x;
            if (oco_oobc_decide(pol, &c, &x) != OCO_OK)
                break;
            if (!(x >= 1 && x <= 40))
                __builtin_trap();
        }
    if (!(oco_oobc_remaining(pol)[0] >= 0))
        __builtin_trap();
    oco_oobc_free(pol);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    static oco_oobc_class *cls;
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/oco-fuzz-oobc-%ld", (long)getpid());
    if (!cls && !(cls = oco_oobc_class_new("fairness", NULL)))
        __builtin_trap();
    if (size == 0)
        return 0;
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    const int model = data[0] & 1;
    if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1) {
        fclose(f);
        return 0;
    }
    fclose(f);
    if (model) {
        oco_oobc_model *m = oco_oobc_model_load(path);
        if (!m) {
            expect_error();
            return 0;
        }
        const double *w = oco_oobc_model_weights_const(m);
        for (size_t k = 0; k < oco_oobc_model_nweights(m); ++k)
            if (!isfinite(w[k]))
                __builtin_trap();
        play(cls, m);
        oco_oobc_model_free(m);
    } else {
        oco_oobc_data *d = oco_oobc_data_read_csv(path, cls);
        if (!d) {
            expect_error();
            return 0;
        }
        if (d->n == 0 || oco_oobc_data_check(d, cls, 0) != OCO_OK)
            __builtin_trap();
        oco_oobc_data_free(d);
    }
    return 0;
}
