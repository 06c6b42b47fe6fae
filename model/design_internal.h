/* design_internal.h: what design.c and design_restore.c share.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_DESIGN_INTERNAL_H
#define PM_DESIGN_INTERNAL_H

#include "pm_design.h"

/* The blocks of `f` in mgcv's order with term and label set, levels and
 * smooths still empty. */
int pm_design_layout(pm_design **d, const pm_formula *f);
/* Column numbers, names and penalties once every block has its levels and
 * smooth. */
int pm_design_finish(pm_design *d);

/* Block b, a smooth with a factor by=, becomes one block per level of
 * levels[0..n), each with a copy of the levels, its level and label. */
int pm_design_expand_by(pm_design *d, size_t b, const char *const *levels,
                        size_t n);

/* Rows rows[0..n) of frame in block b's columns: X (n x ncoef of the
 * block, rows ld apart); tmp has room for n values, code for one int per
 * frame row. */
int pm_design_fill_block(const pm_design *d, size_t b, const pm_frame *frame,
                         const size_t *rows, size_t n, double *X, size_t ld,
                         double *tmp, int *code);

/* The model matrix of frame's rows without missing values: rows, offset,
 * the response (with_response) and, when `dense`, X. */
int pm_design_matrix_rows(const pm_design *d, const pm_frame *frame,
                          int with_response, int dense, pm_model_matrix *m);

#endif
