/* frame_internal.h: the layout of a data table, shared by the CSV reader
 * and the in-memory constructor.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FRAME_INTERNAL_H
#define PM_FRAME_INTERNAL_H

#include <stddef.h>

#include "pm_class_map.h"
#include "pm_frame.h"

/* One column: numeric (x) or text (level, names). */
typedef struct {
  pm_column pub;
  char *name;
  size_t src;          /* index in the file's header */
  size_t text_from;    /* first row read as text; SIZE_MAX while numeric */
  double *x;
  int *level;
  pm_strmap *map;      /* level name -> index in names (order of appearance) */
  char **names;
  size_t nnames, names_cap;
  int dropped;         /* values freed by pm_frame_keep */
} column;

/* The file line of row r (1-based): line[r], or line0 + r while line is
 * NULL (rows on consecutive lines, as a table without blank lines or
 * quoted line breaks has them: a large table then keeps no line numbers). */
struct pm_frame {
  char *path;
  size_t nrows, cap;
  size_t line0;
  size_t *line;
  size_t ncols;
  column *cols;
};

#endif
