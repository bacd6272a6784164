/* Internal: the checkpoint container of include/oco/state.h — the writer
 * and reader structs, and the file's header, checksum and atomic write,
 * shared by every protocol's wrapper (their save_state and restore_state functions). */
#ifndef OCO_CORE_STATE_IO_H
#define OCO_CORE_STATE_IO_H

#include <stddef.h>
#include <stdint.h>

#include "oco/params.h"
#include "oco/state.h"

struct oco_state_writer {
    unsigned char *buf;
    size_t len, cap;
    int failed; /* an allocation failed: reported by oco__state_save */
};

struct oco_state_reader {
    const unsigned char *p;
    size_t len, pos;
    int failed;
    const char *path; /* for messages */
};

/* What a state file says it is; a restore compares it field by field. */
typedef struct oco__state_head {
    const char *protocol;
    const char *algorithm;
    const uint64_t *dims; /* setup dimensions, protocol-defined */
    size_t ndims;
    const oco_param *params; /* as the wrapper keeps them */
    size_t nparams;
} oco__state_head;

void oco__state_writer_init(oco_state_writer *w);
void oco__state_writer_free(oco_state_writer *w);

/* Write head + payload (w's bytes) to path atomically (path.tmp, fsync,
 * rename). OCO_ENOMEM if the writer failed, OCO_EIO naming the path. */
int oco__state_save(const char *path, const oco__state_head *head, const oco_state_writer *w);

/* Read path, verify it against `expect` (see state.h), and return its
 * payload: *buf (malloc'd, the caller frees it after reading) and a reader
 * r over it. OCO_EIO (open/read), OCO_EINVAL naming what differs or is
 * corrupt. Nothing is changed on failure. */
int oco__state_load(const char *path, const oco__state_head *expect, unsigned char **buf,
                    oco_state_reader *r);

/* 0 if r consumed its payload exactly, else OCO_EINVAL ("N bytes left"). */
int oco__state_reader_done(oco_state_reader *r);

#endif
