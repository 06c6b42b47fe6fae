/* blocks.c: the cells of a prediction grid visited in blocks of whole
 * columns, for the maps and the rates alike.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "stage_predict.h"

#include <math.h>

/* Cells predicted at once: large enough that the design matrix and the
 * draws of a block make a few large BLAS products, small enough that a
 * block's draws (cells x draws doubles, 6.6 MB at 200 draws) stay in the
 * caches of a core. */
#define BLOCK_CELLS 4096

size_t pm_pipeline_block_cells(const pm_pipeline_pgrid *pg)
{
  /* a whole column at least, so that a column is never split */
  return BLOCK_CELLS > pg->ndepth ? BLOCK_CELLS : pg->ndepth;
}

/* 1 when cell c is an ocean cell with a value in every column. */
static int complete(const pm_pipeline_pgrid *pg, double *const *x,
                    size_t ncols, size_t c)
{
  size_t j;
  if (pg->masked[c]) return 0;
  for (j = 0; j < ncols; j++)
    if (isnan(x[j][c])) return 0;
  return 1;
}

int pm_pipeline_blocks(const pm_pipeline_pgrid *pg, double *const *x,
                       size_t ncols, const pm_pipeline_block_fns *fn,
                       size_t *n_missing)
{
  size_t ncol2d = pg->grid->nlat * pg->grid->nlon, nd = pg->ndepth;
  size_t block = pm_pipeline_block_cells(pg), n = 0, col, d;
  int status;

  for (col = 0; col < ncol2d; col++) {
    if (n + nd > block) {
      if ((status = fn->flush(fn->ctx))) return status;
      n = 0;
    }
    for (d = 0; d < nd; d++) {
      size_t c = d * ncol2d + col;
      if (!complete(pg, x, ncols, c)) {
        if (!pg->masked[c] && n_missing) (*n_missing)++;
        continue;
      }
      fn->gather(fn->ctx, c, d, col);
      n++;
    }
  }
  return fn->flush(fn->ctx);
}

int pm_pipeline_predict_rows(pm_engine *e, const char *what,
                             const char *const *names, const double *const *x,
                             size_t ncols, size_t n, int with_se,
                             pm_engine_prediction *p)
{
  pm_frame *f = NULL;
  int status = pm_frame_from_columns(&f, what, names, x, ncols, n);

  if (!status) status = pm_engine_predict(e, f, with_se, p);
  pm_frame_free(f);
  return status;
}
