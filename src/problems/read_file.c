#include "problems/read_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oco/error.h"

char *oco__read_file(const char *path, size_t *len_out, int first_line_only)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        oco_set_error(OCO_EIO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(fp);
        oco_set_error(OCO_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            char *b2 = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!b2) {
                free(buf);
                fclose(fp);
                oco_set_error(OCO_ENOMEM, "%s: out of memory reading %zu bytes", path, len);
                return NULL;
            }
            buf = b2;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0 || (first_line_only && memchr(buf, '\n', len)))
            break;
    }
    if (ferror(fp)) {
        int err = errno;
        free(buf);
        fclose(fp);
        oco_set_error(OCO_EIO, "%s: read error: %s", path, strerror(err));
        return NULL;
    }
    fclose(fp);
    *len_out = len;
    return buf;
}
