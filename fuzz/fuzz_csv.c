/* libFuzzer target for the orders CSV reader (issue 3, "Bad input").
 *
 * Each input is read twice by oco_olp_read_csv_buffer: once with a budget
 * sized to the header's m (so the fuzzer gets past the budget check into the
 * rows), once with a budget of a size picked by the first byte (so the
 * mismatch path runs too). Also fed line by line to oco_csv_parse_row for
 * n = 1..3. Beyond the sanitizers, the invariants checked are: a result is
 * either a valid instance (validate == 0, m as in the header) or NULL with a
 * code of OCO_EPARSE / OCO_EINVAL and a non-empty message. The input buffer is
 * an exact-size copy, so any read past `len` is an ASan error. */
#include "oco/csv.h"
#include "oco/error.h"
#include "oco/olp.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_M = 64 };

static void check(const oco_olp_instance *inst, size_t m_expect)
{
    if (inst) {
        if (oco_olp_instance_validate(inst) != OCO_OK || inst->T == 0 ||
            (m_expect && inst->m != m_expect))
            __builtin_trap();
        oco_olp_instance_free((oco_olp_instance *)inst);
        return;
    }
    int code = oco_last_error_code();
    if ((code != OCO_EPARSE && code != OCO_EINVAL && code != OCO_ENOMEM) ||
        oco_last_error()[0] == '\0')
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);

    /* m from the header (first line), skipping a UTF-8 BOM as the reader does */
    const char *h = buf;
    size_t hl = size;
    if (hl >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0) {
        h += 3;
        hl -= 3;
    }
    const char *nl = memchr(h, '\n', hl);
    size_t nf = oco_csv_count_fields(h, nl ? (size_t)(nl - h) + 1 : hl);
    size_t m = nf > 1 ? nf - 1 : 1;
    if (m > MAX_M)
        m = MAX_M;
    double b[MAX_M + 1];
    for (size_t i = 0; i <= MAX_M; i++)
        b[i] = (double)i; /* b >= 0, including a zero budget */

    oco_clear_error();
    check(oco_olp_read_csv_buffer(buf, size, "fuzz.csv", b, m), nf > 1 ? nf - 1 : 0);
    size_t nb = size ? (size_t)(data[0] % 4) : 0;
    oco_clear_error();
    check(oco_olp_read_csv_buffer(buf, size, "fuzz.csv", nb ? b : NULL, nb), 0);

    /* raw rows: every line, n = 1..3 fields */
    double out[3];
    const char *p = buf, *end = buf + size;
    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        size_t ll = e ? (size_t)(e - p) + 1 : (size_t)(end - p);
        /* exact-size copy of the line so an over-read past ll is caught */
        char *line = malloc(ll ? ll : 1);
        if (line) {
            memcpy(line, p, ll);
            for (size_t n = 1; n <= 3; n++) {
                int rc = oco_csv_parse_row(line, ll, out, n, "fuzz", 1);
                if (rc != OCO_OK && rc != OCO_EPARSE)
                    __builtin_trap();
                if (rc == OCO_OK)
                    for (size_t k = 0; k < n; k++)
                        if (!(out[k] - out[k] == 0.0)) /* finite */
                            __builtin_trap();
            }
            free(line);
        }
        p += ll;
    }
    free(buf);
    return 0;
}
