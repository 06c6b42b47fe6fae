/* smooth.c: smooth terms as mgcv's smoothCon() sets them up: the basis of
 * each margin (through its basis type, smooth_internal.h), the penalty
 * scaling and the sum-to-zero constraint.
 *
 * On the fitting rows with design X (before any constraint), each penalty
 * is divided by ||S||_1 / ||X||_inf^2 (smoothCon, scale.penalty = TRUE).
 * The constraint 1'X beta = 0 is absorbed as in Wood (2017, Generalized
 * Additive Models, 2nd ed., section 1.8.1): with C = colMeans(X) and the
 * Householder reflection H = I - u u'/u_0 that maps C' to a multiple of
 * e_1 (LINPACK dqrdc2's convention, as R's qr()), Z is H without its first
 * column, X <- X Z and S <- Z' S Z.  Random effects, and tensor products
 * with a random-effect margin, have no constraint.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "pm_smooth.h"
#include "pm_threads.h"
#include "smooth_internal.h"

#define MAX_ARRAYS 64

struct pm_smooth {
  char *label;
  size_t nm;         /* margins */
  pm_margin *mg;
  int tensor;
  int uncentred;     /* 1: no sum-to-zero constraint (a numeric by=) */
  size_t K;          /* columns before the constraint */
  size_t ncoef;
  double *u;         /* Householder vector (K), NULL without constraint */
  size_t npen;
  double *scale;     /* mgcv's S.scale per penalty */
  double **S;        /* ncoef x ncoef penalties, scaled and constrained */
  size_t rank;
  size_t narr;
  char aname[MAX_ARRAYS][48];
  const double *aval[MAX_ARRAYS];
  size_t alen[MAX_ARRAYS];
};

/* ---- margins ---------------------------------------------------------- */

static void margin_clear(pm_margin *mg)
{
  free(mg->knots);
  free(mg->F);
  free(mg->S);
  free(mg->levmap);
  free(mg->xp);
  free(mg->shift);
  free(mg->uz);
}

/* The margin's columns c[0..nvar) are numeric. */
static int need_numbers(const pm_margin *mg, const pm_column *const *c)
{
  for (size_t j = 0; j < mg->nvar; j++)
    if (!c[j]->x)
      return pm_error(PM_EINPUT, "%s: column '%s' is text; a %s smooth "
                      "needs numbers (use bs='re' for a factor)", mg->label,
                      c[j]->name, mg->type->name);
  return PM_SUCCESS;
}

/* Set a margin up on the data: place knots (or note the levels), then build
 * it.  `k` and `m` are the term's settings for this margin. */
static int margin_setup(pm_margin *mg, const pm_column *const *c,
                        const size_t *rows, size_t n, int k, int m,
                        const double *uknots, size_t nuknots)
{
  int status;
  if (n == 0)
    return pm_error(PM_EINPUT, "%s: no data rows to set the smooth up on",
                    mg->label);
  if (!mg->type->factor && (status = need_numbers(mg, c))) return status;
  status = mg->type->setup(mg, c, rows, n, k, m, uknots, nuknots);
  return status || !mg->type->build ? status : mg->type->build(mg);
}

/* The margin basis at row `row` of its columns c[0..nvar) into
 * out[0..dim), without the tensor reparametrization. */
static int margin_row(const pm_margin *mg, const pm_column *const *c,
                      size_t row, double *out)
{
  int status;
  if (!mg->type->factor) {
    if ((status = need_numbers(mg, c))) return status;
    for (size_t j = 0; j < mg->nvar; j++)
      if (isnan(c[j]->x[row]))
        return pm_error(PM_EINPUT, "%s: '%s' is missing in row %zu",
                        mg->label, c[j]->name, row + 1);
  }
  return mg->type->row(mg, c, row, out);
}

/* ---- the unconstrained row, the constraint --------------------------- */

/* Workspace of one design row: the margin rows and a reparametrized copy. */
static size_t work_len(const pm_smooth *s)
{
  size_t len = s->K;
  for (size_t i = 0; i < s->nm; i++) len += 2 * s->mg[i].dim;
  return len;
}

static int raw_row(const pm_smooth *s, const pm_column *const *cols,
                   size_t row, double *work, double *out)
{
  const double *mrows[PM_TE_MAX_MARGINS];
  int status;
  if (!s->tensor) return margin_row(&s->mg[0], cols, row, out);
  for (size_t i = 0; i < s->nm; i++) {
    const pm_margin *mg = &s->mg[i];
    double *r = work, *rp = work + mg->dim;
    work += 2 * mg->dim;
    if ((status = margin_row(mg, cols + i, row, r))) return status;
    if (mg->xp) /* rp = r XP */
      cblas_dgemv(CblasRowMajor, CblasTrans, (int)mg->dim, (int)mg->dim, 1.0,
                  mg->xp, (int)mg->dim, r, 1, 0.0, rp, 1);
    mrows[i] = mg->xp ? rp : r;
  }
  pm_te_row(s->mg, s->nm, mrows, out);
  return PM_SUCCESS;
}

/* u'y.  BLAS's ddot (the reference one and OpenBLAS's kernels) sums fewer
 * than 16 terms one by one in index order; such short sums are formed here
 * the same way, which saves a library call per row and smooth. */
static double dot_u(const pm_smooth *s, const double *y)
{
  double t = 0;
  if (s->K >= 16) return cblas_ddot((int)s->K, s->u, 1, y, 1);
  for (size_t j = 0; j < s->K; j++) t += s->u[j] * y[j];
  return t;
}

/* out[0..ncoef) = (y H) without its first entry; y unchanged without u. */
static void constrain(const pm_smooth *s, const double *y, double *out)
{
  if (!s->u) {
    memcpy(out, y, s->K * sizeof *out);
    return;
  }
  double t = dot_u(s, y) / s->u[0];
  for (size_t j = 1; j < s->K; j++) out[j - 1] = y[j] - t * s->u[j];
}

/* The Householder vector of C (dqrdc2: u = C / (sign(C_0) ||C||) + e_1). */
static int householder(pm_smooth *s, const double *C)
{
  double nrm = cblas_dnrm2((int)s->K, C, 1);
  if (!(nrm > 0))
    return pm_error(PM_ENUMERIC, "%s: every column of the basis sums to "
                    "zero over the data; the constraint is undefined",
                    s->label);
  if (C[0] < 0) nrm = -nrm;
  s->u = malloc(s->K * sizeof *s->u);
  if (!s->u) return pm_error_nomem();
  for (size_t j = 0; j < s->K; j++) s->u[j] = C[j] / nrm;
  s->u[0] += 1;
  return PM_SUCCESS;
}

/* ---- penalties -------------------------------------------------------- */

/* The unscaled, unconstrained K x K penalties into s->S. */
static int raw_penalties(pm_smooth *s)
{
  s->S = calloc(s->npen, sizeof *s->S);
  if (!s->S) return pm_error_nomem();
  if (s->tensor) return pm_te_penalties(s->mg, s->nm, s->S);
  s->S[0] = malloc(s->K * s->K * sizeof *s->S[0]);
  if (!s->S[0]) return pm_error_nomem();
  memcpy(s->S[0], s->mg[0].S, s->K * s->K * sizeof *s->S[0]);
  return PM_SUCCESS;
}

/* ||S||_1, the largest column sum of absolute values (R's norm(S)). */
static double norm1(const double *S, size_t K)
{
  double best = 0;
  for (size_t j = 0; j < K; j++) {
    double sum = 0;
    for (size_t i = 0; i < K; i++) sum += fabs(S[i * K + j]);
    if (sum > best) best = sum;
  }
  return best;
}

/* Each penalty divided by its scale; then Z' S Z with Z = H[, 2:K]. */
static int finish_penalties(pm_smooth *s)
{
  size_t K = s->K, q = s->ncoef;
  double *T = NULL;
  for (size_t j = 0; j < s->npen; j++)
    cblas_dscal((int)(K * K), 1 / s->scale[j], s->S[j], 1);
  if (!s->u) return PM_SUCCESS;
  T = malloc(K * K * sizeof *T);
  if (!T) return pm_error_nomem();
  for (size_t j = 0; j < s->npen; j++) {
    double *S = s->S[j];
    for (size_t r = 0; r < K; r++) /* T = S H, row by row */
      constrain(s, S + r * K, T + r * K + 1);
    for (size_t c = 1; c < K; c++) { /* (H T)[., c], rows 1..K-1 */
      double t = 0;
      for (size_t r = 0; r < K; r++) t += s->u[r] * T[r * K + c];
      t /= s->u[0];
      for (size_t r = 1; r < K; r++)
        S[(r - 1) * q + (c - 1)] = T[r * K + c] - t * s->u[r];
    }
    for (size_t r = 0; r < q; r++) /* exact symmetry */
      for (size_t c = 0; c < r; c++)
        S[r * q + c] = S[c * q + r] = (S[r * q + c] + S[c * q + r]) / 2;
  }
  free(T);
  return PM_SUCCESS;
}

/* ---- set-up ----------------------------------------------------------- */

static int check_term(const pm_term *t)
{
  if (t->kind != PM_TERM_SMOOTH && t->kind != PM_TERM_TENSOR)
    return pm_error(PM_EINPUT, "%s: not a smooth term", t->label);
  if (t->nvars < 1 || t->nvars > PM_TE_MAX_MARGINS)
    return pm_error(PM_EINPUT, "%s: a smooth takes 1 to %d covariates; this "
                    "term has %zu", t->label, PM_TE_MAX_MARGINS, t->nvars);
  if (t->kind == PM_TERM_SMOOTH && t->nvars > 1 &&
      !(pm_basis_of(t->bs[0]) && pm_basis_of(t->bs[0])->multi))
    return pm_error(PM_EINPUT, "%s: a smooth of several covariates needs "
                    "bs='tp', 'ts' or 'sos'; use te() for a tensor product",
                    t->label);
  return PM_SUCCESS;
}

static int new_smooth(pm_smooth **out, const pm_term *t)
{
  pm_smooth *s;
  int status = check_term(t);
  if (status) return status;
  s = calloc(1, sizeof *s);
  if (!s) return pm_error_nomem();
  *out = s;
  s->tensor = t->kind == PM_TERM_TENSOR;
  s->nm = s->tensor ? t->nvars : 1;
  s->npen = s->nm;
  s->label = malloc(strlen(t->label) + 1);
  s->mg = calloc(s->nm, sizeof *s->mg);
  s->scale = malloc(s->npen * sizeof *s->scale);
  if (!s->label || !s->mg || !s->scale) return pm_error_nomem();
  strcpy(s->label, t->label);
  for (size_t i = 0; i < s->nm; i++) {
    if (!(s->mg[i].type = pm_basis_of(t->bs[i])))
      return pm_error(PM_EINPUT, "%s: unknown basis", t->label);
    s->mg[i].label = s->label;
    s->mg[i].var = t->vars[i];
    s->mg[i].nvar = s->tensor ? 1 : t->nvars;
    s->mg[i].max_knots = (size_t)(t->max_knots > 0 ? t->max_knots : 0);
  }
  return PM_SUCCESS;
}

/* Dimensions, the constraint's presence and the penalty rank. */
static void count(pm_smooth *s)
{
  size_t nullity = 1;
  int constrained = 1;
  s->K = 1;
  for (size_t i = 0; i < s->nm; i++) {
    s->K *= s->mg[i].dim;
    nullity *= s->mg[i].null_dim;
    if (!s->mg[i].type->centred) constrained = 0;
  }
  if (s->uncentred) constrained = 0;
  s->ncoef = constrained ? s->K - 1 : s->K;
  if (constrained && nullity > 0) nullity--;
  s->rank = s->ncoef - nullity;
}

static void add_array(pm_smooth *s, const char *name, size_t i,
                      const double *v, size_t len)
{
  snprintf(s->aname[s->narr], sizeof s->aname[0], name, i);
  s->aval[s->narr] = v;
  s->alen[s->narr++] = len;
}

static void list_arrays(pm_smooth *s)
{
  s->narr = 0;
  for (size_t i = 0; i < s->nm; i++) {
    const pm_margin *mg = &s->mg[i];
    if (mg->knots)
      add_array(s, "margin%zu_knots", i, mg->knots, mg->nknots * mg->nvar);
    if (mg->levmap)
      add_array(s, "margin%zu_levels", i, mg->levmap, mg->nlevels);
    if (mg->xp) add_array(s, "margin%zu_reparam", i, mg->xp, mg->dim * mg->dim);
    if (!mg->uz) continue;
    add_array(s, "margin%zu_shift", i, mg->shift, mg->nvar);
    add_array(s, "margin%zu_basis", i, mg->uz,
              (mg->nknots + mg->type->kernel->null_dim(mg)) * mg->dim);
    add_array(s, "margin%zu_penalty", i, mg->S, mg->dim * mg->dim);
  }
  add_array(s, "penalty_scale", 0, s->scale, s->npen);
  if (s->u) add_array(s, "constraint", 0, s->u, s->K);
}

/* Rows per pass of raw_rows: their basis rows stay in the cache. */
#define CHUNK 256

/* 1 for a smooth of one covariate whose basis forms many rows at once
 * (cr, the common smooth of prediction maps; tp of one covariate, whose
 * row costs a kernel evaluation per knot). */
static int many_rows(const pm_smooth *s)
{
  return !s->tensor && s->mg[0].type->rows && s->mg[0].nvar == 1;
}

/* The unconstrained rows i0 to i0 + m (m <= CHUNK) into Y (m x K): in one
 * pass of the basis where many_rows, else row by row; work, work_len(s)
 * values. */
static int raw_rows(const pm_smooth *s, const pm_column *const *cols,
                    const size_t *rows, size_t i0, size_t m, double *work,
                    double *Y)
{
  const pm_margin *mg = &s->mg[0];
  const size_t *r = rows ? rows + i0 : NULL;
  int status = PM_SUCCESS;
  if (!many_rows(s)) {
    for (size_t i = 0; i < m && status == PM_SUCCESS; i++)
      status = raw_row(s, cols, r ? r[i] : i0 + i, work, Y + i * s->K);
    return status;
  }
  if ((status = need_numbers(mg, cols))) return status;
  for (size_t i = 0; i < m; i++)
    if (isnan(cols[0]->x[r ? r[i] : i0 + i]))
      return pm_error(PM_EINPUT, "%s: '%s' is missing in row %zu",
                      mg->label, mg->var, (r ? r[i] : i0 + i) + 1);
  mg->type->rows(mg, r ? cols[0]->x : cols[0]->x + i0, r, m, Y);
  return PM_SUCCESS;
}

/* Column sums of the unconstrained rows i0 to i1 into C (K) and the
 * largest sum of a row's absolute values into *maxx. */
static int stats_rows(const pm_smooth *s, const pm_column *const *cols,
                      const size_t *rows, size_t i0, size_t i1, double *C,
                      double *maxx)
{
  size_t wl = work_len(s), K = s->K;
  double *work = malloc((wl + CHUNK * K) * sizeof *work);
  double *Y = work ? work + wl : NULL;
  int status = work ? PM_SUCCESS : pm_error_nomem();

  *maxx = 0;
  for (size_t b = i0; status == PM_SUCCESS && b < i1; b += CHUNK) {
    size_t m = i1 - b < CHUNK ? i1 - b : CHUNK;
    if ((status = raw_rows(s, cols, rows, b, m, work, Y))) break;
    for (size_t i = 0; i < m; i++) {
      const double *y = Y + i * K;
      double sum = 0;
      for (size_t j = 0; j < K; j++) {
        C[j] += y[j];
        sum += fabs(y[j]);
      }
      if (sum > *maxx) *maxx = sum;
    }
  }
  free(work);
  return status;
}

/* Over the fitting rows: C = colMeans(X) and ||X||_inf, then the scales.
 * The rows run in the chunks of pm_threads.h, their sums added in chunk
 * order, and the first error in row order is reported. */
static int fit_stats(pm_smooth *s, const pm_column *const *cols,
                     const size_t *rows, size_t n)
{
  size_t nc = pm_threads_chunks(n), K = s->K;
  double *C = calloc((nc + 1) * K, sizeof *C), mx[PM_THREADS_MAX_CHUNKS];
  double maxx = 0;
  int st[PM_THREADS_MAX_CHUNKS] = {0}, status = PM_SUCCESS;
  char *msg[PM_THREADS_MAX_CHUNKS] = {NULL};
  long c;

  if (!C) return pm_error_nomem();
#pragma omp parallel for schedule(dynamic, 1)
  for (c = 0; c < (long)nc; c++) {
    st[c] = stats_rows(s, cols, rows, pm_threads_chunk_start(n, nc, (size_t)c),
                       pm_threads_chunk_start(n, nc, (size_t)c + 1),
                       C + (size_t)(c + 1) * K, &mx[c]);
    if (st[c]) msg[c] = strdup(pm_error_message());
  }
  for (c = 0; c < (long)nc; c++) {
    if (st[c] && status == PM_SUCCESS)
      status = msg[c] ? pm_error(st[c], "%s", msg[c]) : pm_error_nomem();
    free(msg[c]);
    for (size_t j = 0; j < K; j++) C[j] += C[(size_t)(c + 1) * K + j];
    if (mx[c] > maxx) maxx = mx[c];
  }
  for (size_t j = 0; status == PM_SUCCESS && j < s->npen; j++)
    s->scale[j] = norm1(s->S[j], K) / (maxx * maxx);
  if (status == PM_SUCCESS && s->ncoef < K) {
    for (size_t j = 0; j < K; j++) C[j] /= (double)n;
    status = householder(s, C);
  }
  free(C);
  return status;
}

/* The user's knots of margin i into *uk (NULL: none): those of its
 * covariate or, for a margin of several, theirs one after the other (a new
 * array), each of the same length. */
static int user_knots(const pm_smooth *s, const pm_term *t, size_t i,
                      double **uk, size_t *nuk)
{
  size_t d = s->mg[i].nvar, given = 0;
  if (!t->knots) return PM_SUCCESS;
  *uk = t->knots[i];
  *nuk = t->nknots[i];
  if (d == 1) return PM_SUCCESS;
  for (size_t j = 0; j < d; j++) given += t->knots[j] != NULL;
  if (given == 0 || given < d) {
    *uk = NULL;
    return given == 0 ? PM_SUCCESS
                      : pm_error(PM_EINPUT, "%s: knots are given for some "
                                 "of its covariates only; give them for all "
                                 "or none", s->label);
  }
  for (size_t j = 1; j < d; j++)
    if (t->nknots[j] != *nuk)
      return pm_error(PM_EINPUT, "%s: the knots of '%s' and '%s' differ in "
                      "number (%zu and %zu); a knot is one value of each",
                      s->label, t->vars[0], t->vars[j], *nuk, t->nknots[j]);
  if (!(*uk = malloc(d * *nuk * sizeof **uk))) return pm_error_nomem();
  for (size_t j = 0; j < d; j++)
    memcpy(*uk + j * *nuk, t->knots[j], *nuk * sizeof **uk);
  return PM_SUCCESS;
}

static int smooth_alloc(pm_smooth **out, const pm_term *t,
                        const pm_column *const *cols, const size_t *rows,
                        size_t n, int uncentred)
{
  pm_smooth *s = NULL;
  int status = new_smooth(&s, t);
  if (status) goto cleanup;
  s->uncentred = uncentred;
  for (size_t i = 0; i < s->nm; i++) {
    pm_margin *mg = &s->mg[i];
    double *uk = NULL;
    size_t nuk = 0;
    if ((status = user_knots(s, t, i, &uk, &nuk))) goto cleanup;
    status = margin_setup(mg, cols + i, rows, n, t->k[i], t->m ? t->m[i] : 0,
                          uk, nuk);
    if (mg->nvar > 1) free(uk);
    if (!status && s->tensor && mg->type->te_reparam)
      status = pm_te_reparam(mg, cols[i], rows, n);
    if (status) goto cleanup;
  }
  count(s);
  if ((status = raw_penalties(s)) || (status = fit_stats(s, cols, rows, n)) ||
      (status = finish_penalties(s)))
    goto cleanup;
  list_arrays(s);
cleanup:
  if (status) {
    pm_smooth_free(s);
    s = NULL;
  }
  *out = s;
  return status;
}

int pm_smooth_alloc(pm_smooth **out, const pm_term *t,
                    const pm_column *const *cols, const size_t *rows,
                    size_t n)
{
  return smooth_alloc(out, t, cols, rows, n, 0);
}

int pm_smooth_alloc_uncentred(pm_smooth **out, const pm_term *t,
                              const pm_column *const *cols,
                              const size_t *rows, size_t n)
{
  return smooth_alloc(out, t, cols, rows, n, 1);
}

void pm_smooth_free(pm_smooth *s)
{
  if (!s) return;
  for (size_t i = 0; s->mg && i < s->nm; i++) margin_clear(&s->mg[i]);
  for (size_t j = 0; s->S && j < s->npen; j++) free(s->S[j]);
  free(s->S);
  free(s->mg);
  free(s->scale);
  free(s->u);
  free(s->label);
  free(s);
}

const char *pm_smooth_label(const pm_smooth *s) { return s->label; }
size_t pm_smooth_ncoef(const pm_smooth *s) { return s->ncoef; }
size_t pm_smooth_npenalties(const pm_smooth *s) { return s->npen; }
const double *pm_smooth_penalty(const pm_smooth *s, size_t j)
{
  return j < s->npen ? s->S[j] : NULL;
}
size_t pm_smooth_penalty_rank(const pm_smooth *s) { return s->rank; }

/* constrain() on the m rows of Y (m x K) into X, row i at X + i*ldx.  Four
 * rows' sums u'y are formed side by side, each in index order as dot_u
 * forms it, so that their additions overlap in the pipeline. */
static void constrain_rows(const pm_smooth *s, const double *Y, size_t m,
                           double *X, size_t ldx)
{
  const double *u = s->u;
  size_t i = 0, K = s->K;
  for (; u && K < 16 && i + 4 <= m; i += 4) {
    const double *y = Y + i * K;
    double t[4] = {0, 0, 0, 0};
    for (size_t j = 0; j < K; j++) {
      t[0] += u[j] * y[j];
      t[1] += u[j] * y[K + j];
      t[2] += u[j] * y[2 * K + j];
      t[3] += u[j] * y[3 * K + j];
    }
    for (size_t r = 0; r < 4; r++) {
      double *out = X + (i + r) * ldx, tr = t[r] / u[0];
      for (size_t j = 1; j < K; j++) out[j - 1] = y[r * K + j] - tr * u[j];
    }
  }
  for (; i < m; i++) constrain(s, Y + i * K, X + i * ldx);
}

/* 1 when row `row` of the smooth's covariates holds the same numbers as
 * row `prev`.  Map grids list the depths (and months) of one place one
 * after the other: the block of a smooth of position alone (tp of lon and
 * lat, sos), whose row costs a kernel evaluation per knot, is then
 * computed once per place and copied. */
static int same_row(const pm_smooth *s, const pm_column *const *cols,
                    size_t row, size_t prev)
{
  size_t ncol = s->tensor ? s->nm : s->mg[0].nvar;
  for (size_t j = 0; j < ncol; j++)
    if (!cols[j]->x || cols[j]->x[row] != cols[j]->x[prev]) return 0;
  return 1;
}

/* Rows i0 to i1 of the design of a smooth of many_rows, CHUNK at a time,
 * then the constraint. */
static int design_chunks(const pm_smooth *s, const pm_column *const *cols,
                         const size_t *rows, size_t i0, size_t i1, double *X,
                         size_t ldx)
{
  size_t wl = work_len(s);
  double *work = malloc((wl + CHUNK * s->K) * sizeof *work);
  double *Y = work ? work + wl : NULL;
  int status = work ? PM_SUCCESS : pm_error_nomem();
  for (size_t b = i0; status == PM_SUCCESS && b < i1; b += CHUNK) {
    size_t m = i1 - b < CHUNK ? i1 - b : CHUNK;
    if ((status = raw_rows(s, cols, rows, b, m, work, Y))) break;
    constrain_rows(s, Y, m, X + b * ldx, ldx);
  }
  free(work);
  return status;
}

/* Rows i0 to i1 of the design, row by row; the first row of the chunk is
 * always computed, so that chunks need nothing of each other. */
static int design_rows(const pm_smooth *s, const pm_column *const *cols,
                       const size_t *rows, size_t i0, size_t i1, double *X,
                       size_t ldx)
{
  size_t wl = work_len(s);
  double *work = malloc(wl * sizeof *work), *y = work + wl - s->K;
  int status = PM_SUCCESS;
  if (!work) return pm_error_nomem();
  for (size_t i = i0; i < i1; i++) {
    size_t row = rows ? rows[i] : i;
    if (i > i0 && same_row(s, cols, row, rows ? rows[i - 1] : i - 1)) {
      memcpy(X + i * ldx, X + (i - 1) * ldx, s->ncoef * sizeof *X);
      continue;
    }
    if ((status = raw_row(s, cols, row, work, y))) break;
    constrain(s, y, X + i * ldx);
  }
  free(work);
  return status;
}

int pm_smooth_design(const pm_smooth *s, const pm_column *const *cols,
                     const size_t *rows, size_t n, double *X, size_t ldx)
{
  size_t nc = pm_threads_cell_chunks(n);
  int st[PM_THREADS_MAX_CHUNKS] = {0}, status = PM_SUCCESS;
  char *msg[PM_THREADS_MAX_CHUNKS] = {NULL};
  long c;

  /* row chunks on the threads (every row on its own: the chunks do not
   * change the rows); the first error in row order is reported (each
   * thread has its own error message) */
#pragma omp parallel for schedule(dynamic, 1)
  for (c = 0; c < (long)nc; c++) {
    size_t i0 = pm_threads_chunk_start(n, nc, (size_t)c);
    size_t i1 = pm_threads_chunk_start(n, nc, (size_t)c + 1);
    st[c] = many_rows(s) ? design_chunks(s, cols, rows, i0, i1, X, ldx)
                         : design_rows(s, cols, rows, i0, i1, X, ldx);
    if (st[c]) msg[c] = strdup(pm_error_message());
  }
  for (c = 0; c < (long)nc; c++) {
    if (st[c] && status == PM_SUCCESS)
      status = msg[c] ? pm_error(st[c], "%s", msg[c]) : pm_error_nomem();
    free(msg[c]);
  }
  return status;
}

/* ---- arrays and restore ---------------------------------------------- */

size_t pm_smooth_narrays(const pm_smooth *s) { return s->narr; }

void pm_smooth_array(const pm_smooth *s, size_t i, const char **name,
                     const double **values, size_t *len)
{
  *name = i < s->narr ? s->aname[i] : NULL;
  *values = i < s->narr ? s->aval[i] : NULL;
  *len = i < s->narr ? s->alen[i] : 0;
}

/* A copy of the array `name` of exactly `want` values (any length when
 * want is 0); *v stays NULL when absent and optional. */
static int take(const pm_smooth *s, const char *name, size_t want,
                int optional, const char *const *names,
                const double *const *values, const size_t *lens, size_t na,
                double **v, size_t *len)
{
  for (size_t a = 0; a < na; a++) {
    if (strcmp(names[a], name) != 0) continue;
    if ((want && lens[a] != want) || lens[a] == 0)
      return pm_error(PM_EINPUT, "%s: the stored array '%s' has %zu values; "
                      "expected %zu", s->label, name, lens[a], want);
    *v = malloc(lens[a] * sizeof **v);
    if (!*v) return pm_error_nomem();
    memcpy(*v, values[a], lens[a] * sizeof **v);
    if (len) *len = lens[a];
    return PM_SUCCESS;
  }
  if (optional) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "%s: the stored smooth has no array '%s'; the "
                  "model file is incomplete", s->label, name);
}

static int has_array(const char *name, const char *const *names, size_t na)
{
  for (size_t a = 0; a < na; a++)
    if (strcmp(names[a], name) == 0) return 1;
  return 0;
}

/* A margin stored whole (tp, ts, sos): its knots, shift, basis and penalty. */
static int restore_whole(pm_smooth *s, const pm_term *t, size_t i,
                         const char *const *names,
                         const double *const *values, const size_t *lens,
                         size_t na)
{
  static const char *const what[4] = {"knots", "shift", "basis", "penalty"};
  pm_margin *mg = &s->mg[i];
  double **to[4] = {&mg->knots, &mg->shift, &mg->uz, &mg->S};
  size_t len[4];
  char name[48];
  int status = PM_SUCCESS;
  for (size_t a = 0; a < 4 && !status; a++) {
    snprintf(name, sizeof name, "margin%zu_%s", i, what[a]);
    status = take(s, name, 0, 0, names, values, lens, na, to[a], &len[a]);
  }
  return status ? status
                : mg->type->restored(mg, t->k[i], t->m ? t->m[i] : 0, len);
}

/* A margin rebuilt from its knots or levels. */
static int restore_knots(pm_smooth *s, const pm_term *t, size_t i,
                         const char *const *names,
                         const double *const *values, const size_t *lens,
                         size_t na)
{
  pm_margin *mg = &s->mg[i];
  char name[48];
  size_t nk = mg->type->stored(mg, t->k[i], t->m ? t->m[i] : 0);
  int status;
  if (nk) {
    snprintf(name, sizeof name, "margin%zu_knots", i);
    status = take(s, name, nk, 0, names, values, lens, na, &mg->knots,
                  &mg->nknots);
  } else {
    snprintf(name, sizeof name, "margin%zu_levels", i);
    status = take(s, name, 0, 1, names, values, lens, na, &mg->levmap,
                  &mg->nlevels);
  }
  return status ? status : mg->type->build(mg);
}

static int restore_margin(pm_smooth *s, const pm_term *t, size_t i,
                          const char *const *names,
                          const double *const *values, const size_t *lens,
                          size_t na)
{
  pm_margin *mg = &s->mg[i];
  char name[48];
  int status = mg->type->restored
                   ? restore_whole(s, t, i, names, values, lens, na)
                   : restore_knots(s, t, i, names, values, lens, na);
  if (status || !s->tensor || !mg->type->te_reparam) return status;
  snprintf(name, sizeof name, "margin%zu_reparam", i);
  status = take(s, name, mg->dim * mg->dim, 0, names, values, lens, na,
                &mg->xp, NULL);
  return status ? status : pm_te_reparam_penalty(mg);
}

int pm_smooth_restore(pm_smooth **out, const pm_term *t,
                      const char *const *names, const double *const *values,
                      const size_t *lens, size_t narrays)
{
  pm_smooth *s = NULL;
  double *scale = NULL;
  int status = new_smooth(&s, t);
  if (status) goto cleanup;
  for (size_t i = 0; i < s->nm && !status; i++)
    status = restore_margin(s, t, i, names, values, lens, narrays);
  if (status) goto cleanup;
  s->uncentred = t->by && !has_array("constraint", names, narrays);
  count(s);
  status = take(s, "penalty_scale", s->npen, 0, names, values, lens,
                narrays, &scale, NULL);
  if (status) goto cleanup;
  memcpy(s->scale, scale, s->npen * sizeof *scale);
  if (s->ncoef < s->K &&
      (status = take(s, "constraint", s->K, 0, names, values, lens, narrays,
                     &s->u, NULL)))
    goto cleanup;
  if ((status = raw_penalties(s)) || (status = finish_penalties(s)))
    goto cleanup;
  list_arrays(s);
cleanup:
  free(scale);
  if (status) {
    pm_smooth_free(s);
    s = NULL;
  }
  *out = s;
  return status;
}
