/* validation_internal.h: helpers shared by the readers of validation/.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_VALIDATION_INTERNAL_H
#define PM_VALIDATION_INTERNAL_H

#include "pm_text.h"

#include <stddef.h>

/* The header columns `names` (n of them) located in `t`; a missing one is
 * an error naming the file and the column. */
int pm_validation_columns(const pm_text *t, const char *const *names,
                          size_t n, size_t *cols);

/* Field `col` of the current row copied into *s (allocated). */
int pm_validation_field_dup(const pm_text *t, size_t col, char **s);

/* A copy of `s` in *copy (allocated). */
int pm_validation_strdup(const char *s, char **copy);

/* Read every row of the table `path` (header first, `delim` between
 * fields) that has the columns `names`: for each row, `read_row` fills one
 * zeroed element of `size` bytes (cols: the columns' indices).  *n counts
 * the elements handed to read_row, a failed one included, so that the
 * caller frees them all on error. */
typedef int (*pm_validation_row_reader)(const pm_text *t, const size_t *cols,
                                        void *row);
int pm_validation_read_rows(const char *path, char delim,
                            const char *const *names, size_t ncols,
                            size_t size, pm_validation_row_reader read_row,
                            void **rows, size_t *n);

#endif
