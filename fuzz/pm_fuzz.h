/* pm_fuzz.h: what the fuzz targets share.
 *
 * Each target (fuzz/fuzz_NAME.c) is a libFuzzer entry point,
 * LLVMFuzzerTestOneInput, that hands its bytes to one parser of plankmap
 * through the parser's public call, as a file: the readers take paths.
 * Built with clang -fsanitize=fuzzer (`make fuzz`) it is a fuzzer; linked
 * with fuzz/replay.c it is a program that replays a corpus, which
 * `make check` runs on fuzz/corpus/NAME.
 *
 * An input that stands for several files (an EcoPart export: the metadata
 * summary, then the particle file, then the objects) holds them one after
 * the other, separated by a line holding a single form feed ("\n\f\n").
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FUZZ_H
#define PM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "pm_read.h"

/* libFuzzer's entry point, one per target. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data[0..size) to the file `name` of the process's scratch folder
 * (made on the first call, removed at exit) and return its path, valid
 * until the next call with the same name. */
const char *pm_fuzz_file(const char *name, const uint8_t *data, size_t size);

/* The k-th part (from 0) of an input of parts separated by "\n\f\n": its
 * start and length; a missing part is empty. */
void pm_fuzz_part(const uint8_t *data, size_t size, size_t k,
                  const uint8_t **part, size_t *len);

/* Read `src` (its files, format and settings set by the target) into a new
 * observation table, then free everything and clear the error: the end of
 * every reader's target; returns 0. */
int pm_fuzz_read(const pm_obs_source *src);

/* The table reader on a CSV with the columns of
 * tests/data/table/small_wide.csv (long_layout 0) or small_long.csv (1). */
int pm_fuzz_table(const uint8_t *data, size_t size, int long_layout);

/* The input as a NUL-terminated string (in a buffer reused by each call);
 * NULL when out of memory. */
const char *pm_fuzz_text(const uint8_t *data, size_t size);

#endif
