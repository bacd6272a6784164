/* oco — checkpoints: the one state format of every protocol.
 *
 * Every protocol's wrapper saves its algorithm's whole state at any round
 * and restores it into an object created with the same algorithm, setup and
 * parameters; the rest of the run is then bit-identical to an uninterrupted
 * one (oco_olp_session_save_state, oco_learner_save_state, ... in each
 * protocol's header).
 *
 * File layout (version 1). Integers are unsigned 64-bit little-endian,
 * doubles their IEEE-754 bits as such an integer, a string its length then
 * its bytes (no NUL):
 *     "OCOSTATE"                 8 bytes of magic
 *     u64  format version        1
 *     str  library version       oco_version() of the writer
 *     str  protocol              "olp", "oco", "coco", "bwk", "oobc"
 *     str  algorithm             e.g. "dual-subgradient"
 *     u64  n, then n u64         the setup's dimensions (protocol-defined)
 *     u64  n, then n × (str, f64) the parameters as given (key, value)
 *     u64  n, then n bytes       the payload: the wrapper's fields, then the
 *                                algorithm's (its save entry)
 *     u64  FNV-1a 64 of every byte before it
 * A file is written to PATH.tmp, fsync'ed and renamed over PATH, so a crash
 * never leaves a half-written state. Restoring checks, before it changes
 * anything: the checksum (truncation, corruption), the magic and format
 * version, the library version (states are not portable across versions of
 * oco: an algorithm's internals may change), the protocol, algorithm,
 * dimensions and parameters, and that the payload is consumed exactly; the
 * state is built in a fresh object and swapped in only when all of it
 * loaded, so a refused file leaves the target untouched.
 *
 * An algorithm's save/restore entries (in each protocol's vtable) write and
 * read their fields with the functions below; a user-defined algorithm can
 * implement them the same way. */
#ifndef OCO_STATE_H
#define OCO_STATE_H

#include "oco/export.h"

#include <stddef.h>
#include <stdint.h>

#include "oco/rng.h"

OCO_BEGIN_DECLS

#define OCO_STATE_FORMAT_VERSION 1

typedef struct oco_state_writer oco_state_writer;
typedef struct oco_state_reader oco_state_reader;

/* Writers never fail one by one: an allocation failure is remembered and
 * reported when the file is written (OCO_ENOMEM). */
void oco_state_put_u64(oco_state_writer *w, uint64_t v);
void oco_state_put_size(oco_state_writer *w, size_t v);
void oco_state_put_int(oco_state_writer *w, int v);
void oco_state_put_f64(oco_state_writer *w, double v);
void oco_state_put_f64v(oco_state_writer *w, const double *v, size_t n);
void oco_state_put_sizev(oco_state_writer *w, const size_t *v, size_t n);
void oco_state_put_bytes(oco_state_writer *w, const void *p, size_t n);
void oco_state_put_rng(oco_state_writer *w, const oco_rng *rng);

/* Readers: 0, or OCO_EINVAL ("state FILE: truncated payload" / a value out
 * of range) with the message set; after a failure every later get fails. */
int oco_state_get_u64(oco_state_reader *r, uint64_t *v);
int oco_state_get_size(oco_state_reader *r, size_t *v);
int oco_state_get_int(oco_state_reader *r, int *v);
int oco_state_get_f64(oco_state_reader *r, double *v);
int oco_state_get_f64v(oco_state_reader *r, double *v, size_t n);
int oco_state_get_sizev(oco_state_reader *r, size_t *v, size_t n);
int oco_state_get_bytes(oco_state_reader *r, void *p, size_t n);
int oco_state_get_rng(oco_state_reader *r, oco_rng *rng);
/* A size that must equal `expected` (a dimension the state was saved with):
 * OCO_EINVAL naming `what` otherwise. */
int oco_state_expect_size(oco_state_reader *r, size_t expected, const char *what);

OCO_END_DECLS
#endif
