/* pm_frame.h: a data table (CSV with a header line) read into named columns.
 *
 * Only the columns asked for are kept.  A column whose every non-empty cell
 * is a number is numeric; any other column is text, held as factor levels
 * sorted in byte order (R's factor() in the C locale) and one level index
 * per row.  Empty cells and "NA" are missing: NAN for numbers, level -1 for
 * text.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FRAME_H
#define PM_FRAME_H

#include <stddef.h>

typedef struct {
  const char *name;
  const double *x;           /* numeric column: values; NULL for text */
  const int *level;          /* text column: level index per row (-1 missing) */
  size_t nlevels;
  const char *const *levels; /* text column: level names, sorted */
} pm_column;

typedef struct pm_frame pm_frame;

/* Read the columns `names[0..n)` of the CSV file `path`.  A missing column is
 * an error naming the file and the nearest existing column name. */
int pm_frame_read_csv(pm_frame **f, const char *path, const char *const *names,
                      size_t n);
void pm_frame_free(pm_frame *f);

const char *pm_frame_path(const pm_frame *f);
size_t pm_frame_nrows(const pm_frame *f);
/* The column named `name`; an error naming the file when it was not read. */
int pm_frame_column(const pm_frame *f, const char *name, const pm_column **c);
/* The 1-based line of the file that holds row `row` (for messages). */
size_t pm_frame_line(const pm_frame *f, size_t row);
/* Free the values of every column but names[0..n), for a table only some
 * of whose columns are still read; the others are then columns not read
 * for pm_frame_column.  The rows and their lines stay. */
void pm_frame_keep(pm_frame *f, const char *const *names, size_t n);

/* A table of numeric columns held in memory (model/frame_memory.c, for
 * prediction on gridded covariates): `ncols` columns named `names`, each of
 * `nrows` values copied from `x[j]` (NAN is missing).  `label` stands for
 * the file name in messages, and row r for "line" r + 1. */
int pm_frame_from_columns(pm_frame **f, const char *label,
                          const char *const *names, const double *const *x,
                          size_t ncols, size_t nrows);
/* The rows rows[0..nrows) of the columns `names` of src as a table of its
 * own (model/frame_memory.c), keeping src's name and file lines; numeric
 * column j takes the values x[j] instead when x and x[j] are not NULL. */
int pm_frame_subset(pm_frame **f, const pm_frame *src,
                    const char *const *names, size_t ncols,
                    const size_t *rows, size_t nrows,
                    const double *const *x);

#endif
