/* tiles.c: the tiles of a map dealt among the ranks of an MPI job
 * (stage_predict.h).
 *
 * Round q holds tiles [q T N, (q + 1) T N) of the map, T per rank: rank r
 * predicts tiles q T N + r T to q T N + (r + 1) T - 1.  Every rank counts
 * every tile, so that they agree on the rounds without an exchange.  At
 * the end of a round rank 0 receives every rank's records
 * (pm_ranks_collect), which come in rank order and so in tile order, and
 * applies them: the maps and the totals, summed block by block in that
 * order, are the same for any N.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_ranks.h"
#include "stage_predict.h"

#include <stdlib.h>
#include <string.h>

/* Tiles per rank in a round.  A round ends in an exchange that waits for
 * the slowest rank, and tiles differ in cost (their ocean cells, the
 * search of the area of applicability): four in a row per rank average
 * out part of that wait, while rank 0 holds the records of only 4 N
 * tiles at once (about 1 MB each). */
#define TILES_PER_RANK 4

void pm_pipeline_tiles_init(pm_pipeline_tiles *t,
                            int (*apply)(void *ctx, const char *rec,
                                         size_t len),
                            void *ctx)
{
  memset(t, 0, sizeof *t);
  t->nranks = (size_t)pm_ranks_size();
  t->rank = t->nranks > 1 ? (size_t)pm_ranks_rank() : 0;
  t->apply = apply;
  t->ctx = ctx;
}

void pm_pipeline_tiles_free(pm_pipeline_tiles *t)
{
  free(t->rec);
  t->rec = NULL;
  t->len = t->size = 0;
}

int pm_pipeline_tiles_mine(pm_pipeline_tiles *t)
{
  size_t at = t->next++ % (TILES_PER_RANK * t->nranks);
  return at / TILES_PER_RANK == t->rank;
}

void *pm_pipeline_tiles_room(pm_pipeline_tiles *t, size_t n)
{
  char *p;

  if (t->len + n > t->size) {
    size_t size = 2 * (t->len + n);
    if (!(p = realloc(t->rec, size))) return NULL;
    t->rec = p;
    t->size = size;
  }
  p = t->rec + t->len;
  t->len += n;
  return p;
}

/* Rank 0 applies every rank's records of the round, in rank order. */
static int collect(pm_pipeline_tiles *t, int status)
{
  size_t *start = malloc((t->nranks + 1) * sizeof *start), r;
  char *all = NULL;

  if (!status && !start) status = pm_error_nomem();
  status = pm_ranks_collect(status, t->rec, t->len, &all, start);
  for (r = 0; all && r < t->nranks && !status; r++)
    status = t->apply(t->ctx, all + start[r], start[r + 1] - start[r]);
  t->len = 0;
  free(all);
  free(start);
  return status;
}

int pm_pipeline_tiles_done(pm_pipeline_tiles *t, int status, int last)
{
  if (t->nranks == 1) {
    if (!status && t->len) status = t->apply(t->ctx, t->rec, t->len);
    t->len = 0;
    return status;
  }
  size_t round = TILES_PER_RANK * t->nranks;
  if (last ? t->next % round == 0 : t->next % round != 0)
    return status;
  return collect(t, status);
}
