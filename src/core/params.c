#include "oco/params.h"

#include "oco/error.h"

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
            for (size_t k = 0; k < nspec && used + 2 < sizeof known; ++k) {
                size_t len = strlen(spec[k].name);
                if (used + len + 3 >= sizeof known)
                    break;
                if (k) {
                    memcpy(known + used, ", ", 2);
                    used += 2;
                }
                memcpy(known + used, spec[k].name, len);
                used += len;
                known[used] = '\0';
            }
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
