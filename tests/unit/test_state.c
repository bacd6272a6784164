/* The checkpoint container (include/oco/state.h, src/core/state.c): field
 * round trips at the bit level, the header a restore checks (format and
 * library version, protocol, algorithm, dimensions, parameters), the
 * checksum against every single-byte corruption and every truncation, the
 * exact consumption of the payload, and the atomic write. The expected
 * byte layout is written out by hand here, independently of the writer. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/state_io.h"
#include "oco/error.h"
#include "oco/version.h"

static char dir[64];
static char path[128];

static int setup(void **st)
{
    (void)st;
    strcpy(dir, "/tmp/oco-state-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/s.bin", dir);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    char tmp[160];
    unlink(path);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp);
    rmdir(dir);
    return 0;
}

static const uint64_t DIMS[2] = {7, 3};
static const oco_param PARAMS[2] = {{"alpha", 0.1}, {"y0", -0.0}};

static oco__state_head head(void)
{
    oco__state_head h = {"olp", "dual-subgradient", DIMS, 2, PARAMS, 2};
    return h;
}

static void write_sample(void)
{
    oco_state_writer w;
    oco__state_writer_init(&w);
    oco_state_put_u64(&w, UINT64_MAX);
    oco_state_put_int(&w, -5);
    oco_state_put_f64(&w, -0.0);
    const double v[3] = {NAN, INFINITY, 0x1.fffffffffffffp-1};
    oco_state_put_f64v(&w, v, 3);
    const size_t s[2] = {0, 123456789};
    oco_state_put_sizev(&w, s, 2);
    oco_rng rng = {{1, 2, 3, UINT64_MAX}};
    oco_state_put_rng(&w, &rng);
    oco_state_put_bytes(&w, "xyz", 3);
    oco__state_head h = head();
    assert_int_equal(oco__state_save(path, &h, &w), 0);
    oco__state_writer_free(&w);
}

static unsigned char *slurp(size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *b = malloc(1 << 16);
    *n = fread(b, 1, 1 << 16, f);
    fclose(f);
    return b;
}

static void spit(const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
}

static void test_round_trip(void **st)
{
    (void)st;
    write_sample();
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    assert_int_equal(access(tmp, F_OK), -1); /* renamed away */
    oco__state_head h = head();
    unsigned char *buf = NULL;
    oco_state_reader r;
    assert_int_equal(oco__state_load(path, &h, &buf, &r), 0);
    uint64_t u;
    int i;
    double d, v[3];
    size_t s[2];
    oco_rng rng;
    char x[3];
    assert_int_equal(oco_state_get_u64(&r, &u), 0);
    assert_true(u == UINT64_MAX);
    assert_int_equal(oco_state_get_int(&r, &i), 0);
    assert_int_equal(i, -5);
    assert_int_equal(oco_state_get_f64(&r, &d), 0);
    assert_true(d == 0 && signbit(d));
    assert_int_equal(oco_state_get_f64v(&r, v, 3), 0);
    assert_true(isnan(v[0]) && v[1] == INFINITY && v[2] == 0x1.fffffffffffffp-1);
    assert_int_equal(oco_state_get_sizev(&r, s, 2), 0);
    assert_true(s[0] == 0 && s[1] == 123456789);
    assert_int_equal(oco_state_get_rng(&r, &rng), 0);
    assert_true(rng.s[0] == 1 && rng.s[3] == UINT64_MAX);
    assert_int_equal(oco__state_reader_done(&r), OCO_EINVAL); /* 3 bytes left */
    assert_int_equal(oco_state_get_bytes(&r, x, 3), 0);
    assert_memory_equal(x, "xyz", 3);
    assert_int_equal(oco__state_reader_done(&r), 0);
    /* past the end: truncated, and every later get fails */
    assert_int_equal(oco_state_get_u64(&r, &u), OCO_EINVAL);
    assert_int_equal(oco__state_reader_done(&r), OCO_EINVAL);
    free(buf);
}

/* The layout, by hand: magic, version 1, strings as length + bytes. */
static void test_layout(void **st)
{
    (void)st;
    write_sample();
    size_t n;
    unsigned char *b = slurp(&n);
    assert_memory_equal(b, "OCOSTATE", 8);
    assert_true(b[8] == 1 && b[9] == 0 && b[15] == 0);
    const size_t vl = strlen(oco_version());
    assert_true(b[16] == vl);
    assert_memory_equal(b + 24, oco_version(), vl);
    const unsigned char *q = b + 24 + vl;
    assert_true(q[0] == 3);
    assert_memory_equal(q + 8, "olp", 3);
    /* the checksum: FNV-1a 64 of all bytes before it, little-endian */
    uint64_t h = 1469598103934665603ull, c = 0;
    for (size_t k = 0; k < n - 8; ++k) {
        h ^= b[k];
        h *= 1099511628211ull;
    }
    for (int k = 0; k < 8; ++k)
        c |= (uint64_t)b[n - 8 + k] << (8 * k);
    assert_true(h == c);
    free(b);
}

static int load_rc(oco__state_head h)
{
    unsigned char *buf = NULL;
    oco_state_reader r;
    int rc = oco__state_load(path, &h, &buf, &r);
    free(buf);
    return rc;
}

static void test_head_mismatch(void **st)
{
    (void)st;
    write_sample();
    oco__state_head h = head();
    h.algorithm = "decoupled";
    assert_int_equal(load_rc(h), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "dual-subgradient"));
    h = head();
    h.protocol = "oco";
    assert_int_equal(load_rc(h), OCO_EINVAL);
    h = head();
    const uint64_t other[2] = {7, 4};
    h.dims = other;
    assert_int_equal(load_rc(h), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "dimension 2"));
    h = head();
    h.ndims = 1;
    assert_int_equal(load_rc(h), OCO_EINVAL);
    h = head();
    const oco_param p2[2] = {{"alpha", 0.1}, {"y0", 0.0}}; /* +0 vs −0: bits differ */
    h.params = p2;
    assert_int_equal(load_rc(h), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "y0"));
    h = head();
    assert_int_equal(load_rc(h), 0);
    assert_int_equal(load_rc(h), 0);
}

/* Rewrites the format version (or the library version's first byte) and
 * fixes the checksum, so only the header check can refuse it. */
static void patch_and_fix(size_t at, unsigned char val)
{
    size_t n;
    unsigned char *b = slurp(&n);
    b[at] = val;
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < n - 8; ++k) {
        h ^= b[k];
        h *= 1099511628211ull;
    }
    for (int k = 0; k < 8; ++k)
        b[n - 8 + k] = (unsigned char)(h >> (8 * k));
    spit(b, n);
    free(b);
}

static void test_versions(void **st)
{
    (void)st;
    write_sample();
    patch_and_fix(8, 2);
    assert_int_equal(load_rc(head()), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "format version 2"));
    write_sample();
    patch_and_fix(24, 'X'); /* another library version */
    assert_int_equal(load_rc(head()), OCO_EINVAL);
    assert_non_null(strstr(oco_last_error(), "oco version"));
}

static void test_corruption(void **st)
{
    (void)st;
    write_sample();
    size_t n;
    unsigned char *b = slurp(&n);
    unsigned char *c = malloc(n);
    for (size_t k = 0; k < n; ++k) { /* every byte flipped: refused */
        memcpy(c, b, n);
        c[k] ^= 0x5a;
        spit(c, n);
        assert_int_equal(load_rc(head()), OCO_EINVAL);
    }
    for (size_t k = 0; k < n; ++k) { /* every truncation: refused */
        spit(b, k);
        assert_int_equal(load_rc(head()), OCO_EINVAL);
    }
    spit(b, n);
    assert_int_equal(load_rc(head()), 0);
    free(c);
    free(b);
    unlink(path);
    assert_int_equal(load_rc(head()), OCO_EIO);
}

static void test_save_errors(void **st)
{
    (void)st;
    oco_state_writer w;
    oco__state_writer_init(&w);
    oco_state_put_u64(&w, 1);
    oco__state_head h = head();
    char bad[160];
    snprintf(bad, sizeof bad, "%s/no/such/dir/s.bin", dir);
    assert_int_equal(oco__state_save(bad, &h, &w), OCO_EIO);
    w.failed = 1;
    assert_int_equal(oco__state_save(path, &h, &w), OCO_ENOMEM);
    oco__state_writer_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),    cmocka_unit_test(test_layout),
        cmocka_unit_test(test_head_mismatch), cmocka_unit_test(test_versions),
        cmocka_unit_test(test_corruption),    cmocka_unit_test(test_save_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
