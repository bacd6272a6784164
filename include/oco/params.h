/* oco — named numeric parameters of algorithms.
 *
 * Every algorithm declares its parameters in a table of oco_param_spec (name,
 * default, meaning, provenance tag). The tag says where the DEFAULT comes
 * from: S = stated in the paper, C = confirmed in a public source (e.g. the
 * authors' code), R = recalled from the literature, D = derived for this
 * project (a choice the paper does not make; set the paper's value if you
 * have it). `oco list` shows every tag. The user passes key=value pairs; the algorithm rejects unknown keys with OCO_EINVAL. A default
 * that depends on the instance (e.g. alpha = 1/sqrt(T)) is documented in
 * `default_text` and encoded as NaN in `default_value` ("auto"). */
#ifndef OCO_PARAMS_H
#define OCO_PARAMS_H

#include "oco/export.h"

#include <stddef.h>

OCO_BEGIN_DECLS

typedef struct oco_param_spec {
    const char *name;         /* key, e.g. "alpha" */
    double default_value;     /* NaN = computed from the instance, see default_text */
    const char *default_text; /* e.g. "1/sqrt(T)" */
    const char *doc;          /* one line: meaning and equation */
    const char *tag;          /* "S", "C", "R" or "D": the provenance of the default */
} oco_param_spec;

typedef struct oco_param {
    const char *key;
    double value;
} oco_param;

/* Check that every key in `given` is declared in `spec` and every value is
 * finite; on failure sets a message naming `owner` and the key. */
int oco_params_check(const oco_param_spec *spec, size_t nspec, const oco_param *given,
                     size_t ngiven, const char *owner);

/* The value given for `key`, else the spec's default_value (NaN if "auto"),
 * else NaN if the key is not in spec either. Last occurrence wins. */
double oco_params_get(const oco_param_spec *spec, size_t nspec, const oco_param *given,
                      size_t ngiven, const char *key);

/* Parse "key=value" (value a finite double) into *out; `out->key` points into
 * `text`, which the caller keeps alive and may not be const (the '=' is
 * replaced by a NUL). */
int oco_param_parse(char *text, oco_param *out);

OCO_END_DECLS
#endif
