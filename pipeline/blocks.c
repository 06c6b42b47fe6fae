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

/* Blocks in a tile: a rank computes the covariates of a tile's rows in
 * one pass of the field regridding, and the records of a tile are about
 * 1 MB (4096 cells of 56 bytes a block). */
#define TILE_BLOCKS 4

size_t pm_pipeline_tile_rows(const pm_pipeline_pgrid *pg)
{
  size_t row = pg->ndepth * pg->grid->nlon;
  size_t n = TILE_BLOCKS * pm_pipeline_block_cells(pg) / (row ? row : 1);
  return n < 1 ? 1 : n;
}

/* 1 when the ocean cell `cell` has a value in every column. */
static int complete(double *const *x, size_t ncols,
                    const pm_pipeline_cell *cell)
{
  size_t j;
  for (j = 0; j < ncols; j++)
    if (isnan(x[j][cell->at])) return 0;
  return 1;
}

int pm_pipeline_blocks(const pm_pipeline_pgrid *pg, const pm_field_rows *rows,
                       double *const *x, size_t ncols,
                       const pm_pipeline_block_fns *fn, size_t *n_missing)
{
  size_t ncol2d = pg->grid->nlat * pg->grid->nlon, nd = pg->ndepth;
  size_t first = rows->first * pg->grid->nlon, nc = rows->n * pg->grid->nlon;
  size_t block = pm_pipeline_block_cells(pg), n = 0, i;
  pm_pipeline_cell cell;
  int status;

  for (i = 0; i < nc; i++) {
    if (n + nd > block) {
      if ((status = fn->flush(fn->ctx))) return status;
      n = 0;
    }
    cell.col = first + i;
    for (cell.d = 0; cell.d < nd; cell.d++) {
      cell.c = cell.d * ncol2d + cell.col;
      cell.at = cell.d * nc + i;
      if (pg->masked[cell.c]) continue;
      if (!complete(x, ncols, &cell)) {
        if (n_missing) (*n_missing)++;
        continue;
      }
      fn->gather(fn->ctx, &cell);
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
