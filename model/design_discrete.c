/* design_discrete.c: the model matrix in compact form, of discretised
 * covariates (Wood, Li, Shaddick & Augustin 2017, JASA 112:1199-1210,
 * section 3.1).
 *
 * Each block of columns reads a few covariates.  Every numeric one is
 * rounded onto at most `values` values (the cells of pm_design.h); the
 * rows then fall into few distinct tuples of covariate values, numbered
 * one covariate at a time.  The block is evaluated once per distinct tuple,
 * by the same code as the dense matrix, on a table of one row per tuple.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "design_internal.h"
#include "formula_internal.h"
#include "pm_alloc.h"
#include "pm_error.h"
#include "xd.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Distinct pairs are numbered through a direct table when there are at
 * most this many possible pairs per row (and 2^20 in any case), else by
 * sorting the rows' pairs. */
#define PM_PAIR_TABLE_PER_ROW 4
#define PM_PAIR_TABLE_MIN ((uint64_t)1 << 20)

/* The codes of one covariate over the rows, and the value of each code
 * (numeric covariates). */
typedef struct {
  uint32_t *code;
  size_t ncodes;
  double *val;
} codes;

static void codes_free(codes *c)
{
  free(c->code);
  free(c->val);
}

/* x[rows[i]] rounded onto the cells of pm_design_matrix_discrete. */
static int cell_codes(const double *x, const size_t *rows, size_t n,
                      size_t values, codes *c)
{
  double lo = INFINITY, hi = -INFINITY, width;
  double *first = malloc((values + 1) * sizeof *first);
  char *state = calloc(values + 1, 1); /* 0 empty, 1 one value, 2 several */
  uint32_t *map = malloc((values + 1) * sizeof *map);
  size_t i, cell;
  int status = first && state && map ? PM_SUCCESS : pm_error_nomem();

  for (i = 0; i < n; i++) {
    lo = fmin(lo, x[rows[i]]);
    hi = fmax(hi, x[rows[i]]);
  }
  width = (hi - lo) / (double)values;
  for (i = 0; status == PM_SUCCESS && i < n; i++) {
    double v = x[rows[i]];
    cell = width > 0 ? (size_t)((v - lo) / width) : 0;
    if (cell >= values) cell = values - 1;
    if (state[cell] == 0) first[cell] = v;
    state[cell] = state[cell] == 0 || (state[cell] == 1 && first[cell] == v)
                      ? 1 : 2;
    c->code[i] = (uint32_t)cell;
  }
  if (status == PM_SUCCESS && !(c->val = malloc((values + 1) * sizeof *c->val)))
    status = pm_error_nomem();
  for (cell = 0; status == PM_SUCCESS && cell < values; cell++) {
    if (state[cell] == 0) continue;
    map[cell] = (uint32_t)c->ncodes;
    c->val[c->ncodes++] = state[cell] == 1 ? first[cell]
                                           : lo + ((double)cell + 0.5) * width;
  }
  for (i = 0; status == PM_SUCCESS && i < n; i++) c->code[i] = map[c->code[i]];
  free(first);
  free(state);
  free(map);
  return status;
}

static int by_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* x[rows[i]] kept exactly: the distinct values, increasing, are the
 * codes. */
static int exact_codes(const double *x, const size_t *rows, size_t n,
                       codes *c)
{
  size_t i, lo, hi;

  if (!(c->val = malloc((n + 1) * sizeof *c->val))) return pm_error_nomem();
  for (i = 0; i < n; i++) c->val[i] = x[rows[i]];
  qsort(c->val, n, sizeof *c->val, by_double);
  for (i = 0; i < n; i++)
    if (c->ncodes == 0 || c->val[c->ncodes - 1] != c->val[i])
      c->val[c->ncodes++] = c->val[i];
  for (i = 0; i < n; i++) {
    for (lo = 0, hi = c->ncodes - 1; lo < hi;) {
      size_t mid = lo + (hi - lo) / 2;
      if (c->val[mid] < x[rows[i]]) lo = mid + 1; else hi = mid;
    }
    c->code[i] = (uint32_t)lo;
  }
  return PM_SUCCESS;
}

/* The codes of column `s` over the rows; `exact`: numbers not rounded. */
static int column_codes(const pm_column *s, const size_t *rows, size_t n,
                        size_t values, int exact, codes *c)
{
  size_t i;

  memset(c, 0, sizeof *c);
  if (!(c->code = pm_rows_calloc(n + 1, sizeof *c->code)))
    return pm_error_nomem();
  if (!s->x) {
    for (i = 0; i < n; i++) c->code[i] = (uint32_t)s->level[rows[i]];
    c->ncodes = s->nlevels;
    return PM_SUCCESS;
  }
  return exact ? exact_codes(s->x, rows, n, c)
               : cell_codes(s->x, rows, n, values, c);
}

typedef struct {
  uint64_t key;
  size_t row;
} keyed_row;

static int by_key(const void *a, const void *b)
{
  uint64_t x = ((const keyed_row *)a)->key, y = ((const keyed_row *)b)->key;
  return (x > y) - (x < y);
}

/* The distinct pairs (id[i], code[i]) numbered anew into id: through a
 * table of every possible pair, or by sorting the rows' pairs. */
static int combine(uint32_t *id, size_t *nid, const codes *c, size_t n)
{
  uint64_t range = (uint64_t)*nid * c->ncodes, next = 0;
  uint64_t table_max = (uint64_t)n * PM_PAIR_TABLE_PER_ROW;
  size_t i;

  if (range <= table_max || range <= PM_PAIR_TABLE_MIN) {
    uint32_t *table = malloc((range + 1) * sizeof *table);
    if (!table) return pm_error_nomem();
    memset(table, 0xff, range * sizeof *table);
    for (i = 0; i < n; i++) {
      uint64_t key = (uint64_t)id[i] * c->ncodes + c->code[i];
      if (table[key] == UINT32_MAX) table[key] = (uint32_t)next++;
      id[i] = table[key];
    }
    free(table);
  } else {
    keyed_row *k = malloc((n + 1) * sizeof *k);
    if (!k) return pm_error_nomem();
    for (i = 0; i < n; i++) {
      k[i].key = (uint64_t)id[i] * c->ncodes + c->code[i];
      k[i].row = i;
    }
    qsort(k, n, sizeof *k, by_key);
    for (i = 0; i < n; i++) {
      if (i > 0 && k[i].key != k[i - 1].key) next++;
      id[k[i].row] = (uint32_t)next;
    }
    next += n > 0;
    free(k);
  }
  *nid = (size_t)next;
  return PM_SUCCESS;
}

/* A block's covariates: their names, codes over the rows, and which are
 * kept exactly (factors, by= variables). */
typedef struct {
  const char **names;
  size_t n, cap;
  codes *c;
} covariates;

static void covariates_free(covariates *v)
{
  size_t j;
  for (j = 0; v->c && j < v->n; j++) codes_free(&v->c[j]);
  free(v->c);
  free(v->names);
}

static int block_covariates(const pm_design_block *k, const pm_frame *frame,
                            const size_t *rows, size_t n, size_t values,
                            covariates *v)
{
  const pm_column *s;
  size_t j;
  int status = PM_SUCCESS;

  memset(v, 0, sizeof *v);
  if (k->term)
    status = pm_term_add_columns(k->term, &v->names, &v->n, &v->cap);
  if (status == PM_SUCCESS && !(v->c = calloc(v->n + 1, sizeof *v->c)))
    status = pm_error_nomem();
  for (j = 0; status == PM_SUCCESS && j < v->n; j++) {
    int exact = k->term->kind == PM_TERM_FACTOR ||
                (k->term->by && strcmp(v->names[j], k->term->by) == 0);
    if ((status = pm_frame_column(frame, v->names[j], &s)) == PM_SUCCESS)
      status = column_codes(s, rows, n, values, exact, &v->c[j]);
  }
  return status;
}

/* The table of one row per distinct tuple (rep: a row of each), numeric
 * covariates at their codes' values, and the block evaluated there. */
static int distinct_rows(const pm_design *d, size_t b, const pm_frame *frame,
                         const size_t *rows, const covariates *v,
                         const size_t *rep, pm_xd_block *xb)
{
  const double **x = calloc(v->n + 1, sizeof *x);
  double *vals = malloc((v->n * xb->m + 1) * sizeof *vals);
  double *tmp = malloc((xb->m + 1) * sizeof *tmp);
  size_t *frows = malloc((xb->m + 1) * sizeof *frows);
  int *code = malloc((xb->m + 1) * sizeof *code);
  pm_frame *sub = NULL;
  size_t j, u;
  int status = x && vals && tmp && frows && code ? PM_SUCCESS
                                                 : pm_error_nomem();

  for (u = 0; status == PM_SUCCESS && u < xb->m; u++)
    frows[u] = rows[rep[u]];
  for (j = 0; status == PM_SUCCESS && j < v->n; j++) {
    if (!v->c[j].val) continue; /* text */
    for (u = 0; u < xb->m; u++)
      vals[j * xb->m + u] = v->c[j].val[v->c[j].code[rep[u]]];
    x[j] = vals + j * xb->m;
  }
  if (status == PM_SUCCESS)
    status = pm_frame_subset(&sub, frame, v->names, v->n, frows, xb->m, x);
  for (u = 0; status == PM_SUCCESS && u < xb->m; u++) frows[u] = u;
  if (status == PM_SUCCESS) {
    memset(xb->Xu, 0, xb->m * xb->ncoef * sizeof *xb->Xu);
    status = pm_design_fill_block(d, b, sub, frows, xb->m, xb->Xu,
                                  xb->ncoef, tmp, code);
  }
  pm_frame_free(sub);
  free(x);
  free(vals);
  free(tmp);
  free(frows);
  free(code);
  return status;
}

/* Block b of the compact matrix: the rows' distinct tuples, a row of each,
 * and the block at them. */
static int compact_block(const pm_design *d, size_t b, const pm_frame *frame,
                         size_t values, pm_model_matrix *m)
{
  const pm_design_block *k = &d->blocks[b];
  uint32_t *id = pm_rows_calloc(m->n + 1, sizeof *id);
  size_t *rep = NULL, nid = m->n > 0, i, j;
  covariates v;
  int status = block_covariates(k, frame, m->rows, m->n, values, &v);

  if (status == PM_SUCCESS && !id) status = pm_error_nomem();
  for (j = 0; status == PM_SUCCESS && j < v.n; j++)
    status = combine(id, &nid, &v.c[j], m->n);
  if (status == PM_SUCCESS &&
      !(rep = malloc((nid + 1) * sizeof *rep)))
    status = pm_error_nomem();
  if (status == PM_SUCCESS) {
    status = pm_xd_block_alloc(m->xd, b, k->first, k->ncoef, nid, id);
    id = NULL; /* the block's now */
  }
  if (status == PM_SUCCESS) {
    const uint32_t *row_id = m->xd->b[b].k;
    for (i = m->n; i-- > 0;) rep[row_id[i]] = i; /* the first row of each */
    status = distinct_rows(d, b, frame, m->rows, &v, rep, &m->xd->b[b]);
  }
  covariates_free(&v);
  free(id);
  free(rep);
  return status;
}

/* The compact form of the model matrix of m's rows into m->xd. */
static int compact(const pm_design *d, const pm_frame *frame, size_t values,
                   pm_model_matrix *m)
{
  size_t b;
  int status = pm_xd_alloc(&m->xd, m->n, d->p, d->nblocks);

  for (b = 0; status == PM_SUCCESS && b < d->nblocks; b++)
    status = compact_block(d, b, frame, values, m);
  return status;
}

/* Free the values of the columns of `frame` that no block reads (those of
 * the response and the offset alone). */
static int keep_block_columns(const pm_design *d, pm_frame *frame)
{
  const char **names = NULL;
  size_t n = 0, cap = 0, b;
  int status = PM_SUCCESS;

  for (b = 0; status == PM_SUCCESS && b < d->nblocks; b++)
    if (d->blocks[b].term)
      status = pm_term_add_columns(d->blocks[b].term, &names, &n, &cap);
  if (status == PM_SUCCESS) pm_frame_keep(frame, names, n);
  free(names);
  return status;
}

/* pm_design_matrix_discrete; `spend` (the frame, or NULL) loses the columns
 * only the response and offset read once they are evaluated. */
static int discrete(const pm_design *d, const pm_frame *frame,
                    int with_response, size_t values, pm_frame *spend,
                    pm_model_matrix *m)
{
  int status;

  memset(m, 0, sizeof *m);
  if (values < 2)
    return pm_error(PM_EINPUT, "discretised covariates need at least 2 "
                    "values each, not %zu", values);
  if ((status = pm_design_matrix_rows(d, frame, with_response, 0, m)) ||
      (spend && (status = keep_block_columns(d, spend))) ||
      (status = compact(d, frame, values, m)))
    pm_model_matrix_free(m);
  return status;
}

int pm_design_matrix_discrete(const pm_design *d, const pm_frame *frame,
                              int with_response, size_t values,
                              pm_model_matrix *m)
{
  return discrete(d, frame, with_response, values, NULL, m);
}

/* pm_design_matrix_fit, with `spend` as for discrete(). */
static int matrix_fit(const pm_design *d, const pm_frame *frame,
                      const pm_discrete *how, pm_frame *spend,
                      pm_model_matrix *m)
{
  pm_discrete_mode mode = how ? how->mode : PM_DISCRETE_AUTO;
  size_t values = how && how->values ? how->values : PM_DISCRETE_VALUES;

  if (mode == PM_DISCRETE_YES ||
      (mode == PM_DISCRETE_AUTO && pm_frame_nrows(frame) >= PM_DISCRETE_ROWS))
    return discrete(d, frame, 1, values, spend, m);
  return pm_design_matrix(d, frame, 1, m);
}

int pm_design_matrix_fit(const pm_design *d, const pm_frame *frame,
                         const pm_discrete *how, pm_model_matrix *m)
{
  return matrix_fit(d, frame, how, NULL, m);
}

int pm_design_matrix_fit_spend(const pm_design *d, pm_frame *frame,
                               const pm_discrete *how, pm_model_matrix *m)
{
  return matrix_fit(d, frame, how, frame, m);
}
