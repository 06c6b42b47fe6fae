/* design.c: the model matrix of a formula on a table, in mgcv's column
 * order, with R's treatment contrasts for factors (Chambers & Hastie 1992,
 * Statistical Models in S, section 2.3.2) and na.omit's row dropping.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "design_internal.h"
#include "formula_internal.h"
#include "pm_alloc.h"
#include "pm_class_map.h"
#include "pm_error.h"
#include "xd.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_smooth(const pm_term *t)
{
  return t->kind == PM_TERM_SMOOTH || t->kind == PM_TERM_TENSOR;
}

void pm_design_free(pm_design *d)
{
  size_t i, j;
  if (!d) return;
  for (i = 0; i < d->nblocks; i++) {
    pm_smooth_free(d->blocks[i].smooth);
    for (j = 0; j < d->blocks[i].nlevels; j++) free(d->blocks[i].levels[j]);
    free(d->blocks[i].levels);
    for (j = 0; j < d->blocks[i].nby_levels; j++)
      free(d->blocks[i].by_levels[j]);
    free(d->blocks[i].by_levels);
    free(d->blocks[i].by_label);
  }
  for (i = 0; i < d->npenalties; i++) free(d->penalties[i].label);
  for (i = 0; i < d->p; i++)
    if (d->colnames) free(d->colnames[i]);
  free(d->colnames);
  free(d->penalties);
  free(d->blocks);
  free(d);
}

int pm_design_layout(pm_design **out, const pm_formula *f)
{
  pm_design *d = calloc(1, sizeof *d);
  size_t i, pass;

  *out = NULL;
  if (!d) return pm_error_nomem();
  d->formula = f;
  d->blocks = calloc(f->nterms + 1, sizeof *d->blocks);
  if (!d->blocks) {
    free(d);
    return pm_error_nomem();
  }
  if (f->intercept) d->blocks[d->nblocks++].label = "(Intercept)";
  for (pass = 0; pass < 2; pass++)
    for (i = 0; i < f->nterms; i++) {
      const pm_term *t = &f->terms[i];
      if (t->kind == PM_TERM_OFFSET || is_smooth(t) != (int)pass) continue;
      d->blocks[d->nblocks].term = t;
      d->blocks[d->nblocks++].label = t->label;
    }
  *out = d;
  return PM_SUCCESS;
}

/* Without an intercept R codes the first factor with all its levels. */
static int full_coding(const pm_design *d, size_t b)
{
  size_t i;
  if (d->formula->intercept) return 0;
  for (i = 0; i < b; i++)
    if (d->blocks[i].term && d->blocks[i].term->kind == PM_TERM_FACTOR)
      return 0;
  return 1;
}

static size_t block_ncoef(const pm_design *d, size_t b)
{
  const pm_design_block *k = &d->blocks[b];
  if (!k->term || k->term->kind == PM_TERM_NUMERIC) return 1;
  if (k->term->kind == PM_TERM_FACTOR)
    return k->nlevels - (full_coding(d, b) ? 0 : 1);
  return pm_smooth_ncoef(k->smooth);
}

static char *join(const char *a, const char *b)
{
  char *s = malloc(strlen(a) + strlen(b) + 1);
  if (s) {
    strcpy(s, a);
    strcat(s, b);
  }
  return s;
}

static char *column_name(const pm_design *d, size_t b, size_t j)
{
  const pm_design_block *k = &d->blocks[b];
  char num[32];
  if (!k->term || k->term->kind == PM_TERM_NUMERIC) return join(k->label, "");
  if (k->term->kind == PM_TERM_FACTOR)
    return join(k->label, k->levels[j + (full_coding(d, b) ? 0 : 1)]);
  snprintf(num, sizeof num, ".%zu", j + 1);
  return join(k->label, num);
}

static int add_penalties(pm_design *d, size_t b)
{
  const pm_design_block *k = &d->blocks[b];
  size_t np = pm_smooth_npenalties(k->smooth), j;
  pm_design_penalty *p =
      realloc(d->penalties, (d->npenalties + np + 1) * sizeof *p);
  char num[32];

  if (!p) return pm_error_nomem();
  d->penalties = p;
  for (j = 0; j < np; j++) {
    p = &d->penalties[d->npenalties];
    p->block = b;
    p->first = k->first;
    p->ncoef = k->ncoef;
    p->S = pm_smooth_penalty(k->smooth, j);
    snprintf(num, sizeof num, "%zu", j + 1);
    p->label = join(k->label, np > 1 ? num : "");
    if (!p->label) return pm_error_nomem();
    d->npenalties++;
  }
  return PM_SUCCESS;
}

int pm_design_finish(pm_design *d)
{
  size_t b, j, p = 0;
  int status;

  for (b = 0; b < d->nblocks; b++) {
    d->blocks[b].first = p;
    d->blocks[b].ncoef = block_ncoef(d, b);
    p += d->blocks[b].ncoef;
    if (!d->blocks[b].smooth) d->nparametric = p;
  }
  d->colnames = calloc(p ? p : 1, sizeof *d->colnames);
  if (!d->colnames) return pm_error_nomem();
  d->p = p;
  for (b = 0; b < d->nblocks; b++) {
    for (j = 0; j < d->blocks[b].ncoef; j++)
      if (!(d->colnames[d->blocks[b].first + j] = column_name(d, b, j)))
        return pm_error_nomem();
    if (d->blocks[b].smooth && (status = add_penalties(d, b))) return status;
  }
  return PM_SUCCESS;
}

/* --- rows kept -------------------------------------------------------- */

static int is_missing(const pm_column *c, size_t row)
{
  return c->x ? isnan(c->x[row]) : c->level[row] < 0;
}

/* The rows with no missing value in a column the formula reads (the
 * response's columns only with `with_response`). */
static int kept_rows(const pm_formula *f, const pm_frame *frame,
                     int with_response, size_t **rows, size_t *n,
                     size_t *dropped)
{
  const char **names = NULL;
  const pm_column **cols = NULL;
  size_t nnames = 0, cap = 0, i, j, nrows = pm_frame_nrows(frame);
  int status = PM_SUCCESS;

  *rows = NULL;
  if (with_response)
    status = pm_expr_add_columns(f->response, &names, &nnames, &cap);
  for (i = 0; status == PM_SUCCESS && i < f->nterms; i++)
    status = pm_term_add_columns(&f->terms[i], &names, &nnames, &cap);
  if (status) goto cleanup;
  cols = malloc((nnames + 1) * sizeof *cols);
  *rows = malloc((nrows + 1) * sizeof **rows);
  if (!cols || !*rows) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (j = 0; j < nnames; j++)
    if ((status = pm_frame_column(frame, names[j], &cols[j]))) goto cleanup;
  *n = 0;
  for (i = 0; i < nrows; i++) {
    for (j = 0; j < nnames && !is_missing(cols[j], i); j++) continue;
    if (j == nnames) (*rows)[(*n)++] = i;
  }
  *dropped = nrows - *n;
cleanup:
  if (status) {
    free(*rows);
    *rows = NULL;
  }
  free(names);
  free(cols);
  return status;
}

/* --- levels ----------------------------------------------------------- */

static char *format_level(double x)
{
  char s[32];
  snprintf(s, sizeof s, "%.15g", x);
  return strdup(s);
}

static int by_value(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int add_level(char **levels, size_t *nlevels, char *name)
{
  if (!name) return pm_error_nomem();
  if (*nlevels > 0 && strcmp(levels[*nlevels - 1], name) == 0) {
    free(name);
    return PM_SUCCESS;
  }
  levels[(*nlevels)++] = name;
  return PM_SUCCESS;
}

/* The levels present in the rows used: a text column's in byte order, a
 * numeric column's distinct values in increasing order (as R's factor()),
 * into *levels[0..*nlevels). */
static int find_levels(char ***levels, size_t *nlevels, const pm_column *c,
                       const size_t *rows, size_t n)
{
  size_t i, m = c->x ? n : c->nlevels;
  double *v = NULL;
  char *used = NULL;
  int status = PM_SUCCESS;

  *levels = calloc(m + 1, sizeof **levels);
  if (!*levels) return pm_error_nomem();
  if (c->x) {
    if (!(v = malloc((n + 1) * sizeof *v))) return pm_error_nomem();
    for (i = 0; i < n; i++) v[i] = c->x[rows[i]];
    qsort(v, n, sizeof *v, by_value);
    for (i = 0; i < n && status == PM_SUCCESS; i++)
      status = add_level(*levels, nlevels, format_level(v[i]));
    free(v);
    return status;
  }
  if (!(used = calloc(m + 1, 1))) return pm_error_nomem();
  for (i = 0; i < n; i++) used[c->level[rows[i]]] = 1;
  for (i = 0; i < m && status == PM_SUCCESS; i++)
    if (used[i]) status = add_level(*levels, nlevels, strdup(c->levels[i]));
  free(used);
  return status;
}

/* The index in levels[0..nlevels) (those of the term `label`) of each row
 * used (code[rows[i]]); a level not there is an error naming the column,
 * level and line. */
static int code_levels(char *const *levels, size_t nlevels, const char *label,
                       const pm_column *c, const pm_frame *frame,
                       const size_t *rows, size_t n, int *code)
{
  pm_strmap *map = NULL;
  size_t i, j;
  char *name = NULL;
  int status = pm_strmap_alloc(&map);

  for (j = 0; status == PM_SUCCESS && j < nlevels; j++)
    status = pm_strmap_insert(map, levels[j], j);
  for (i = 0; status == PM_SUCCESS && i < n; i++) {
    size_t r = rows[i];
    name = c->x ? format_level(c->x[r]) : NULL;
    if (c->x && !name) {
      status = pm_error_nomem();
      break;
    }
    j = pm_strmap_find(map, c->x ? name : c->levels[c->level[r]]);
    if (j == SIZE_MAX)
      status = pm_error(PM_EINPUT,
                        "%s:%zu: column '%s' has the level '%s', which the "
                        "model did not see when it was fitted (%s has %zu "
                        "levels, e.g. '%s')",
                        pm_frame_path(frame), pm_frame_line(frame, r), c->name,
                        c->x ? name : c->levels[c->level[r]], label,
                        nlevels, nlevels ? levels[0] : "");
    code[r] = (int)j;
    free(name);
  }
  pm_strmap_free(map);
  return status;
}

/* --- smooth columns --------------------------------------------------- */

/* The columns of a smooth's margins; a text column of an s() is given as
 * level indices into the design's levels (in `code`, one per frame row). */
static int smooth_columns(const pm_design_block *k, const pm_frame *frame,
                          const size_t *rows, size_t n,
                          const pm_column **cols, pm_column *coded,
                          int **code)
{
  size_t j;
  int status;

  *code = NULL;
  for (j = 0; j < k->term->nvars; j++)
    if ((status = pm_frame_column(frame, k->term->vars[j], &cols[j])))
      return status;
  if (k->term->kind != PM_TERM_SMOOTH || cols[0]->x) return PM_SUCCESS;
  *code = malloc((pm_frame_nrows(frame) + 1) * sizeof **code);
  if (!*code) return pm_error_nomem();
  if ((status = code_levels(k->levels, k->nlevels, k->label, cols[0], frame,
                            rows, n, *code)))
    return status;
  coded->name = cols[0]->name;
  coded->x = NULL;
  coded->level = *code;
  coded->nlevels = k->nlevels;
  coded->levels = (const char *const *)k->levels;
  cols[0] = coded;
  return PM_SUCCESS;
}

/* --- by= ------------------------------------------------------------- */

/* The by= column of term t; an error quotes the term. */
static int by_column(const pm_term *t, const pm_frame *frame,
                     const pm_column **c)
{
  int status = pm_frame_column(frame, t->by, c);
  if (status)
    return pm_error_prefix(status, "term '%s': by=%s", t->label, t->by);
  return PM_SUCCESS;
}

/* Every by= column is in the frame; checked first, so that the message
 * quotes the term. */
static int check_by_columns(const pm_formula *f, const pm_frame *frame)
{
  const pm_column *c;
  int status = PM_SUCCESS;
  for (size_t i = 0; i < f->nterms && status == PM_SUCCESS; i++)
    if (f->terms[i].by) status = by_column(&f->terms[i], frame, &c);
  return status;
}

static int is_factor_by(const pm_term *t, const pm_column *c)
{
  return t->by_factor || !c->x;
}

/* mgcv's smoothCon keeps the constraint of a numeric by= unless
 * sd(by) > mean(by) * 1000 * DBL_EPSILON. */
static int by_varies(const double *x, const size_t *rows, size_t n)
{
  double mean = 0, ss = 0;
  size_t i;
  if (n < 2) return 0;
  for (i = 0; i < n; i++) mean += x[rows[i]];
  mean /= (double)n;
  for (i = 0; i < n; i++) ss += (x[rows[i]] - mean) * (x[rows[i]] - mean);
  return sqrt(ss / (double)(n - 1)) > mean * 1000 * DBL_EPSILON;
}

int pm_design_expand_by(pm_design *d, size_t b, const char *const *levels,
                        size_t n)
{
  pm_design_block *k, proto = d->blocks[b];
  size_t j, i;

  if (n == 0)
    return pm_error(PM_EINPUT, "term '%s': the by= column has no value in "
                    "the rows used", proto.label);
  if (!(k = realloc(d->blocks, (d->nblocks + n) * sizeof *k)))
    return pm_error_nomem();
  d->blocks = k;
  memmove(k + b + n, k + b + 1, (d->nblocks - b - 1) * sizeof *k);
  for (j = 0; j < n; j++) k[b + j] = proto;
  d->nblocks += n - 1;
  for (j = 0; j < n; j++) {
    pm_design_block *e = &k[b + j];
    if (!(e->by_levels = calloc(n, sizeof *e->by_levels)) ||
        !(e->by_label = join(proto.label, levels[j])))
      return pm_error_nomem();
    for (i = 0; i < n; i++, e->nby_levels = i)
      if (!(e->by_levels[i] = strdup(levels[i]))) return pm_error_nomem();
    e->by_level = j;
    e->label = e->by_label;
  }
  return PM_SUCCESS;
}

/* The by= of smooth block b: a factor by makes it one block per level (the
 * first time); *centred is 0 for a numeric by that varies. */
static int setup_by(pm_design *d, size_t b, const pm_frame *frame,
                    const size_t *rows, size_t n, int *centred)
{
  const pm_term *t = d->blocks[b].term;
  const pm_column *c;
  char **levels = NULL;
  size_t nlevels = 0, i;
  int status;

  *centred = 1;
  if (!t->by || d->blocks[b].by_levels) return PM_SUCCESS;
  if ((status = by_column(t, frame, &c))) return status;
  if (!is_factor_by(t, c)) {
    *centred = !by_varies(c->x, rows, n);
    return PM_SUCCESS;
  }
  status = find_levels(&levels, &nlevels, c, rows, n);
  if (status == PM_SUCCESS)
    status = pm_design_expand_by(d, b, (const char *const *)levels, nlevels);
  for (i = 0; i < nlevels; i++) free(levels[i]);
  free(levels);
  return status;
}

/* Rows rows[0..n) of smooth block k (X, ld apart) times its numeric by=
 * value, or zero outside its by= level; code is workspace of one int per
 * frame row. */
static int apply_by(const pm_design_block *k, const pm_frame *frame,
                    const size_t *rows, size_t n, double *X, size_t ld,
                    int *code)
{
  const pm_term *t = k->term;
  const pm_column *c;
  size_t i, j;
  int status;

  if (!t->by) return PM_SUCCESS;
  if ((status = by_column(t, frame, &c))) return status;
  if (k->by_levels)
    status = code_levels(k->by_levels, k->nby_levels, t->label, c, frame,
                         rows, n, code);
  else if (!c->x)
    status = pm_error(PM_EINPUT, "term '%s': column '%s' of %s is text; "
                      "the model was fitted with numbers there", t->label,
                      t->by, pm_frame_path(frame));
  for (i = 0; status == PM_SUCCESS && i < n; i++) {
    size_t r = rows[i];
    double w = k->by_levels ? (double)(code[r] == (int)k->by_level) : c->x[r];
    for (j = 0; j < k->ncoef; j++) X[i * ld + j] *= w;
  }
  return status;
}

/* --- blocks ----------------------------------------------------------- */

static int setup_block(pm_design *d, size_t b, const pm_frame *frame,
                       const size_t *rows, size_t n)
{
  pm_design_block *k;
  const pm_term *t = d->blocks[b].term;
  const pm_column *cols[16], *c;
  pm_column coded;
  int *code = NULL, centred = 1, status;

  if (!t || t->kind == PM_TERM_NUMERIC) return PM_SUCCESS;
  if (is_smooth(t) && (status = setup_by(d, b, frame, rows, n, &centred)))
    return status;
  k = &d->blocks[b];
  if (t->nvars > sizeof cols / sizeof *cols)
    return pm_error(PM_EINPUT, "%s: more than %zu covariates", t->label,
                    sizeof cols / sizeof *cols);
  if ((status = pm_frame_column(frame, t->vars[0], &c))) return status;
  if (t->kind == PM_TERM_FACTOR || (t->kind == PM_TERM_SMOOTH && !c->x))
    if ((status = find_levels(&k->levels, &k->nlevels, c, rows, n)))
      return status;
  if (t->kind == PM_TERM_FACTOR) {
    if (k->nlevels < 2 && !full_coding(d, b))
      return pm_error(PM_EINPUT,
                      "%s: column '%s' of %s has only %zu level%s in the rows "
                      "used; a factor needs two or more",
                      t->label, t->vars[0], pm_frame_path(frame), k->nlevels,
                      k->nlevels == 1 ? "" : "s");
    return PM_SUCCESS;
  }
  if ((status = smooth_columns(k, frame, rows, n, cols, &coded, &code)) ==
      PM_SUCCESS)
    status = centred ? pm_smooth_alloc(&k->smooth, t, cols, rows, n)
                     : pm_smooth_alloc_uncentred(&k->smooth, t, cols, rows, n);
  free(code);
  return status;
}

/* Every block set up on the rows: first the by= of each smooth, in order
 * (a factor by= makes its block one per level), then the blocks on the
 * threads of pm_threads.h, one block per thread at a time where two or
 * more are smooths (their own loops then run on that thread alone, with
 * the same numbers: the thin-plate eigendecompositions, which run on one
 * thread, overlap), else one after the other.  The first error in block
 * order is reported (each thread has its own error message). */
static int setup_blocks(pm_design *d, const pm_frame *frame,
                        const size_t *rows, size_t n)
{
  size_t b, nsmooth = 0;
  int centred, status = PM_SUCCESS, *st = NULL;
  char **msg = NULL;
  long i;

  for (b = 0; status == PM_SUCCESS && b < d->nblocks; b++)
    if (d->blocks[b].term && is_smooth(d->blocks[b].term)) {
      status = setup_by(d, b, frame, rows, n, &centred);
      nsmooth++;
    }
  if (status) return status;
  st = calloc(d->nblocks, sizeof *st);
  msg = calloc(d->nblocks, sizeof *msg);
  if (!st || !msg) status = pm_error_nomem();
  else {
#pragma omp parallel for schedule(dynamic, 1) if (nsmooth > 1)
    for (i = 0; i < (long)d->nblocks; i++) {
      st[i] = setup_block(d, (size_t)i, frame, rows, n);
      if (st[i]) msg[i] = strdup(pm_error_message());
    }
  }
  for (b = 0; st && msg && b < d->nblocks; b++) {
    if (st[b] && status == PM_SUCCESS)
      status = msg[b] ? pm_error(st[b], "%s", msg[b]) : pm_error_nomem();
    free(msg[b]);
  }
  free(st);
  free(msg);
  return status;
}

int pm_design_alloc(pm_design **out, const pm_formula *f,
                    const pm_frame *frame)
{
  pm_design *d = NULL;
  const char *const *names;
  const pm_column *c;
  size_t *rows = NULL, n, dropped, ncol;
  int status, with_response;

  *out = NULL;
  pm_formula_columns(f, &names, &ncol);
  with_response = ncol > 0 && pm_frame_column(frame, names[0], &c) == 0;
  pm_error_clear();
  if ((status = check_by_columns(f, frame)) ||
      (status = kept_rows(f, frame, with_response, &rows, &n, &dropped)) ||
      (status = pm_design_layout(&d, f)))
    goto cleanup;
  if ((status = setup_blocks(d, frame, rows, n))) goto cleanup;
  status = pm_design_finish(d);
cleanup:
  free(rows);
  if (status)
    pm_design_free(d);
  else
    *out = d;
  return status;
}

/* --- the model matrix ------------------------------------------------- */

void pm_model_matrix_free(pm_model_matrix *m)
{
  pm_xd_free(m->xd);
  free(m->X);
  free(m->y);
  free(m->offset);
  free(m->rows);
  memset(m, 0, sizeof *m);
}

int pm_design_fill_block(const pm_design *d, size_t b, const pm_frame *frame,
                         const size_t *rows, size_t n, double *X, size_t ld,
                         double *tmp, int *code)
{
  const pm_design_block *k = &d->blocks[b];
  const pm_term *t = k->term;
  const pm_column *cols[16], *c;
  pm_column coded;
  int *scode = NULL, status;
  size_t i, skip;

  if (!t) {
    for (i = 0; i < n; i++) X[i * ld] = 1;
    return PM_SUCCESS;
  }
  if (t->kind == PM_TERM_NUMERIC) {
    if ((status = pm_expr_eval_rows(t->expr, frame, rows, n, tmp)))
      return status;
    for (i = 0; i < n; i++) X[i * ld] = tmp[i];
    return PM_SUCCESS;
  }
  if (t->kind == PM_TERM_FACTOR) {
    skip = full_coding(d, b) ? 0 : 1;
    if ((status = pm_frame_column(frame, t->vars[0], &c)) ||
        (status = code_levels(k->levels, k->nlevels, k->label, c, frame,
                              rows, n, code)))
      return status;
    for (i = 0; i < n; i++)
      if ((size_t)code[rows[i]] >= skip)
        X[i * ld + (size_t)code[rows[i]] - skip] = 1;
    return PM_SUCCESS;
  }
  if ((status = smooth_columns(k, frame, rows, n, cols, &coded, &scode)) ==
      PM_SUCCESS)
    status = pm_smooth_design(k->smooth, cols, rows, n, X, ld);
  if (status == PM_SUCCESS) status = apply_by(k, frame, rows, n, X, ld, code);
  free(scode);
  return status;
}

static int fill_offset(const pm_design *d, const pm_frame *frame,
                       pm_model_matrix *m, double *tmp)
{
  const pm_formula *f = d->formula;
  size_t i, j;
  int status;

  for (j = 0; j < f->nterms; j++) {
    if (f->terms[j].kind != PM_TERM_OFFSET) continue;
    if ((status = pm_expr_eval_rows(f->terms[j].expr, frame, m->rows, m->n,
                                    tmp)))
      return status;
    for (i = 0; i < m->n; i++) m->offset[i] += tmp[i];
  }
  return PM_SUCCESS;
}

int pm_design_matrix_rows(const pm_design *d, const pm_frame *frame,
                          int with_response, int dense, pm_model_matrix *m)
{
  size_t b, nrows = pm_frame_nrows(frame);
  double *tmp = NULL;
  int *code = NULL, status;

  memset(m, 0, sizeof *m);
  m->frame = frame;
  if ((status = check_by_columns(d->formula, frame)) ||
      (status = kept_rows(d->formula, frame, with_response, &m->rows, &m->n,
                          &m->dropped)))
    goto cleanup;
  m->p = d->p;
  if (dense) m->X = pm_rows_calloc(m->n * m->p + 1, sizeof *m->X);
  m->offset = calloc(m->n + 1, sizeof *m->offset);
  tmp = malloc((m->n + 1) * sizeof *tmp);
  code = malloc((nrows + 1) * sizeof *code);
  if (with_response) m->y = malloc((m->n + 1) * sizeof *m->y);
  if ((dense && !m->X) || !m->offset || !tmp || !code ||
      (with_response && !m->y)) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (b = 0; dense && b < d->nblocks; b++)
    if ((status = pm_design_fill_block(d, b, frame, m->rows, m->n,
                                       m->X + d->blocks[b].first, m->p, tmp,
                                       code)))
      goto cleanup;
  if ((status = fill_offset(d, frame, m, tmp))) goto cleanup;
  if (with_response)
    status = pm_expr_eval_rows(d->formula->response, frame, m->rows, m->n,
                               m->y);
cleanup:
  free(tmp);
  free(code);
  if (status) pm_model_matrix_free(m);
  return status;
}

int pm_design_matrix(const pm_design *d, const pm_frame *frame,
                     int with_response, pm_model_matrix *m)
{
  return pm_design_matrix_rows(d, frame, with_response, 1, m);
}
