#include "oco/params.h"

#include "oco/error.h"

#include "core/params_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int oco_params_check(const oco_param_spec *spec, size_t nspec, const oco_param *given,
                     size_t ngiven, const char *owner)
{
    for (size_t i = 0; i < ngiven; ++i) {
        size_t j = 0;
        if (!given[i].key)
            return oco_set_error(OCO_EINVAL, "%s: parameter %zu has no name", owner, i);
        while (j < nspec && strcmp(spec[j].name, given[i].key) != 0)
            ++j;
        if (j == nspec) {
            char known[512] = "";
            size_t used = 0;
            for (size_t k = 0; k < nspec; ++k)
                oco__names_append(known, sizeof known, &used, spec[k].name);
            return oco_set_error(OCO_EINVAL, "%s: unknown parameter '%s' (known: %s)", owner,
                                 given[i].key, nspec ? known : "none");
        }
        if (!isfinite(given[i].value))
            return oco_set_error(OCO_EINVAL, "%s: parameter '%s' must be finite", owner,
                                 given[i].key);
    }
    return OCO_OK;
}

double oco_params_get(const oco_param_spec *spec, size_t nspec, const oco_param *given,
                      size_t ngiven, const char *key)
{
    for (size_t i = ngiven; i-- > 0;)
        if (given[i].key && strcmp(given[i].key, key) == 0)
            return given[i].value;
    for (size_t j = 0; j < nspec; ++j)
        if (strcmp(spec[j].name, key) == 0)
            return spec[j].default_value;
    return NAN;
}

int oco_param_parse(char *text, oco_param *out)
{
    char *eq = text ? strchr(text, '=') : NULL;
    if (!eq || eq == text)
        return oco_set_error(OCO_EINVAL, "parameter '%s' is not of the form key=value",
                             text ? text : "(null)");
    *eq = '\0';
    const char *val = eq + 1;
    char *end = NULL;
    errno = 0;
    double v = strtod(val, &end);
    if (end == val || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        *eq = '=';
        return oco_set_error(OCO_EINVAL, "parameter '%s': value is not a finite number", text);
    }
    out->key = text;
    out->value = v;
    return OCO_OK;
}

void oco__names_append(char *buf, size_t cap, size_t *used, const char *name)
{
    /* Room is always kept for ", ..." and the NUL (6 bytes), so the list can
     * be cut cleanly; a list that ends in "..." is full. */
    if (cap < 8 || (*used >= 3 && strcmp(buf + *used - 3, "...") == 0))
        return;
    const size_t len = strlen(name), sep = *used ? 2 : 0;
    const char *add = *used + sep + len + 6 > cap ? (sep ? ", ..." : "...") : NULL;
    if (add) {
        memcpy(buf + *used, add, strlen(add) + 1);
        *used += strlen(add);
        return;
    }
    if (sep)
        memcpy(buf + *used, ", ", 2);
    memcpy(buf + *used + sep, name, len + 1);
    *used += sep + len;
}

oco_param *oco__params_copy(const oco_param_spec *spec, size_t nspec, const oco_param *given,
                            size_t n, int *failed)
{
    *failed = 0;
    if (n == 0)
        return NULL;
    oco_param *copy = malloc(n * sizeof *copy);
    if (!copy) {
        *failed = 1;
        oco_set_error(OCO_ENOMEM, "out of memory for %zu parameters", n);
        return NULL;
    }
    for (size_t i = 0; i < n; ++i) {
        copy[i] = given[i];
        for (size_t j = 0; j < nspec; ++j)
            if (strcmp(spec[j].name, given[i].key) == 0) {
                copy[i].key = spec[j].name;
                break;
            }
    }
    return copy;
}
