/* smooth.c: smooth terms as mgcv's smoothCon() sets them up: the basis of
 * each margin, the penalty scaling and the sum-to-zero constraint.
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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "pm_smooth.h"
#include "smooth_internal.h"

#define MAX_ARRAYS 64

struct pm_smooth {
  char *label;
  size_t nm;         /* margins */
  pm_margin *mg;
  int tensor;
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

void pm_margin_clear(pm_margin *mg)
{
  free(mg->knots);
  free(mg->F);
  free(mg->S);
  free(mg->levmap);
  free(mg->xp);
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The bits of a double as an unsigned key in the same order. */
static uint64_t order_key(double x)
{
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

/* Sort numbers (no NaN): a least-significant-digit radix sort on 16-bit
 * digits for long arrays (four passes over the data, where a comparison
 * sort takes twenty), qsort for short ones. */
static int sort_doubles(double *v, size_t n)
{
  uint64_t *key, *tmp;
  size_t *count, i, pass;

  if (n < 65536) {
    qsort(v, n, sizeof *v, cmp_double);
    return PM_SUCCESS;
  }
  key = malloc(n * sizeof *key);
  tmp = malloc(n * sizeof *tmp);
  count = malloc(65537 * sizeof *count);
  if (!key || !tmp || !count) {
    free(key);
    free(tmp);
    free(count);
    return pm_error_nomem();
  }
  for (i = 0; i < n; i++) key[i] = order_key(v[i]);
  for (pass = 0; pass < 4; pass++) {
    unsigned shift = 16 * (unsigned)pass;
    uint64_t *swap;
    memset(count, 0, 65537 * sizeof *count);
    for (i = 0; i < n; i++) count[((key[i] >> shift) & 0xffff) + 1]++;
    for (i = 1; i <= 65536; i++) count[i] += count[i - 1];
    for (i = 0; i < n; i++) tmp[count[(key[i] >> shift) & 0xffff]++] = key[i];
    swap = key, key = tmp, tmp = swap;
  }
  for (i = 0; i < n; i++) {
    uint64_t u = key[i] >> 63 ? key[i] & ~(UINT64_C(1) << 63) : ~key[i];
    memcpy(&v[i], &u, sizeof u);
  }
  free(key);
  free(tmp);
  free(count);
  return PM_SUCCESS;
}

int pm_margin_unique(const pm_margin *mg, const double *x, const size_t *rows,
                     size_t n, int k, double **u, size_t *nu)
{
  double *v = malloc((n ? n : 1) * sizeof *v);
  size_t m = 0;
  if (!v) return pm_error_nomem();
  for (size_t i = 0; i < n; i++) {
    v[i] = x[rows ? rows[i] : i];
    if (isnan(v[i])) {
      free(v);
      return pm_error(PM_EINPUT, "%s: '%s' is missing in data row %zu; "
                      "drop the row before setting up the smooth", mg->label,
                      mg->var, (rows ? rows[i] : i) + 1);
    }
  }
  if (sort_doubles(v, n) != PM_SUCCESS) {
    free(v);
    return PM_EIO;
  }
  for (size_t i = 0; i < n; i++)
    if (m == 0 || v[i] != v[m - 1]) v[m++] = v[i];
  if (m < (size_t)k) {
    free(v);
    return pm_error(PM_EINPUT, "%s: '%s' has %zu unique values, too few "
                    "for k = %d; reduce k to at most %zu", mg->label, mg->var,
                    m, k, m);
  }
  *u = v;
  *nu = m;
  return PM_SUCCESS;
}

int pm_margin_build(pm_margin *mg)
{
  switch (mg->bs) {
  case PM_BASIS_CR: return pm_cr_build(mg);
  case PM_BASIS_CC: return pm_cc_build(mg);
  case PM_BASIS_PS: return pm_ps_build(mg);
  case PM_BASIS_RE: return pm_re_build(mg);
  }
  return pm_error(PM_EINPUT, "%s: unknown basis", mg->label);
}

static int need_numbers(const pm_margin *mg, const pm_column *c)
{
  static const char *name[] = {"cr", "ps", "cc", "re"};
  if (c->x) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "%s: column '%s' is text; a %s smooth needs "
                  "numbers (use bs='re' for a factor)", mg->label, mg->var,
                  name[mg->bs]);
}

int pm_margin_setup(pm_margin *mg, const pm_column *c, const size_t *rows,
                    size_t n, int k, int m, const double *uknots,
                    size_t nuknots)
{
  int status;
  if (n == 0)
    return pm_error(PM_EINPUT, "%s: no data rows to set the smooth up on",
                    mg->label);
  if (mg->bs != PM_BASIS_RE && (status = need_numbers(mg, c))) return status;
  switch (mg->bs) {
  case PM_BASIS_CR:
    status = pm_cr_knots(mg, c->x, rows, n, k, uknots, nuknots);
    break;
  case PM_BASIS_CC:
    status = pm_cc_knots(mg, c->x, rows, n, k, uknots, nuknots);
    break;
  case PM_BASIS_PS:
    status = pm_ps_knots(mg, c->x, rows, n, k, m, uknots, nuknots);
    break;
  default:
    status = pm_re_setup(mg, c, rows, n);
  }
  return status ? status : pm_margin_build(mg);
}

int pm_margin_row(const pm_margin *mg, const pm_column *c, size_t row,
                  double *out)
{
  int status;
  if (mg->bs == PM_BASIS_RE) return pm_re_row(mg, c, row, out);
  if ((status = need_numbers(mg, c))) return status;
  double x = c->x[row];
  if (isnan(x))
    return pm_error(PM_EINPUT, "%s: '%s' is missing in row %zu", mg->label,
                    mg->var, row + 1);
  switch (mg->bs) {
  case PM_BASIS_CR: pm_cr_row(mg, x, out); break;
  case PM_BASIS_CC: pm_cc_row(mg, x, out); break;
  default: return pm_ps_row(mg, x, out);
  }
  return PM_SUCCESS;
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
  if (!s->tensor) return pm_margin_row(&s->mg[0], cols[0], row, out);
  for (size_t i = 0; i < s->nm; i++) {
    const pm_margin *mg = &s->mg[i];
    double *r = work, *rp = work + mg->dim;
    work += 2 * mg->dim;
    if ((status = pm_margin_row(mg, cols[i], row, r))) return status;
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
  if (t->nvars < 1 || (t->kind == PM_TERM_SMOOTH && t->nvars != 1) ||
      t->nvars > PM_TE_MAX_MARGINS)
    return pm_error(PM_EINPUT, "%s: a smooth takes 1 covariate and a tensor "
                    "product 1 to %d; this term has %zu", t->label,
                    PM_TE_MAX_MARGINS, t->nvars);
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
  s->nm = t->nvars;
  s->tensor = t->kind == PM_TERM_TENSOR;
  s->npen = s->nm;
  s->label = malloc(strlen(t->label) + 1);
  s->mg = calloc(s->nm, sizeof *s->mg);
  s->scale = malloc(s->npen * sizeof *s->scale);
  if (!s->label || !s->mg || !s->scale) return pm_error_nomem();
  strcpy(s->label, t->label);
  for (size_t i = 0; i < s->nm; i++) {
    s->mg[i].bs = t->bs[i];
    s->mg[i].label = s->label;
    s->mg[i].var = t->vars[i];
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
    if (s->mg[i].bs == PM_BASIS_RE) constrained = 0;
  }
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
    if (mg->knots) add_array(s, "margin%zu_knots", i, mg->knots, mg->nknots);
    if (mg->levmap)
      add_array(s, "margin%zu_levels", i, mg->levmap, mg->nlevels);
    if (mg->xp) add_array(s, "margin%zu_reparam", i, mg->xp, mg->dim * mg->dim);
  }
  add_array(s, "penalty_scale", 0, s->scale, s->npen);
  if (s->u) add_array(s, "constraint", 0, s->u, s->K);
}

/* Over the fitting rows: C = colMeans(X) and ||X||_inf, then the scales. */
static int fit_stats(pm_smooth *s, const pm_column *const *cols,
                     const size_t *rows, size_t n)
{
  double *C = calloc(s->K, sizeof *C), *work = malloc(work_len(s) * sizeof *work);
  double maxx = 0;
  int status = PM_SUCCESS;
  if (!C || !work) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (size_t i = 0; i < n; i++) {
    double *y = work + work_len(s) - s->K, sum = 0;
    if ((status = raw_row(s, cols, rows ? rows[i] : i, work, y))) goto cleanup;
    for (size_t j = 0; j < s->K; j++) {
      C[j] += y[j];
      sum += fabs(y[j]);
    }
    if (sum > maxx) maxx = sum;
  }
  for (size_t j = 0; j < s->npen; j++)
    s->scale[j] = norm1(s->S[j], s->K) / (maxx * maxx);
  if (s->ncoef < s->K) {
    for (size_t j = 0; j < s->K; j++) C[j] /= (double)n;
    status = householder(s, C);
  }
cleanup:
  free(C);
  free(work);
  return status;
}

int pm_smooth_alloc(pm_smooth **out, const pm_term *t,
                    const pm_column *const *cols, const size_t *rows,
                    size_t n)
{
  pm_smooth *s = NULL;
  int status = new_smooth(&s, t);
  if (status) goto cleanup;
  for (size_t i = 0; i < s->nm; i++) {
    status = pm_margin_setup(&s->mg[i], cols[i], rows, n, t->k[i],
                             t->m ? t->m[i] : 0,
                             t->knots ? t->knots[i] : NULL,
                             t->nknots ? t->nknots[i] : 0);
    if (status) goto cleanup;
    if (s->tensor && s->mg[i].bs == PM_BASIS_PS) {
      double *u;
      size_t nu;
      if ((status = pm_margin_unique(&s->mg[i], cols[i]->x, rows, n, 0, &u, &nu)))
        goto cleanup;
      status = pm_te_reparam(&s->mg[i], u[0], u[nu - 1]);
      free(u);
      if (status) goto cleanup;
    }
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

void pm_smooth_free(pm_smooth *s)
{
  if (!s) return;
  for (size_t i = 0; s->mg && i < s->nm; i++) pm_margin_clear(&s->mg[i]);
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

/* Rows per pass of cr_design: their basis rows stay in the cache. */
#define CR_CHUNK 256

/* The block of a one-covariate cr smooth, the common smooth of prediction
 * maps: the basis rows of a chunk of rows in one pass, then the
 * constraint. */
static int cr_design(const pm_smooth *s, const pm_column *c,
                     const size_t *rows, size_t n, double *X, size_t ldx)
{
  const pm_margin *mg = &s->mg[0];
  double *y;
  int status = need_numbers(mg, c);
  if (status) return status;
  if (!(y = malloc(CR_CHUNK * s->K * sizeof *y))) return pm_error_nomem();
  for (size_t i0 = 0; i0 < n; i0 += CR_CHUNK) {
    size_t m = n - i0 < CR_CHUNK ? n - i0 : CR_CHUNK;
    const size_t *r = rows ? rows + i0 : NULL;
    for (size_t i = 0; i < m; i++)
      if (isnan(c->x[r ? r[i] : i0 + i])) {
        status = pm_error(PM_EINPUT, "%s: '%s' is missing in row %zu",
                          mg->label, mg->var, (r ? r[i] : i0 + i) + 1);
        goto cleanup;
      }
    pm_cr_rows(mg, r ? c->x : c->x + i0, r, m, y);
    constrain_rows(s, y, m, X + i0 * ldx, ldx);
  }
cleanup:
  free(y);
  return status;
}

int pm_smooth_design(const pm_smooth *s, const pm_column *const *cols,
                     const size_t *rows, size_t n, double *X, size_t ldx)
{
  if (!s->tensor && s->mg[0].bs == PM_BASIS_CR)
    return cr_design(s, cols[0], rows, n, X, ldx);
  size_t wl = work_len(s);
  double *work = malloc(wl * sizeof *work), *y = work + wl - s->K;
  int status = PM_SUCCESS;
  if (!work) return pm_error_nomem();
  for (size_t i = 0; i < n; i++) {
    if ((status = raw_row(s, cols, rows ? rows[i] : i, work, y))) break;
    constrain(s, y, X + i * ldx);
  }
  free(work);
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

static int restore_margin(pm_smooth *s, const pm_term *t, size_t i,
                          const char *const *names,
                          const double *const *values, const size_t *lens,
                          size_t na)
{
  pm_margin *mg = &s->mg[i];
  char name[48];
  int m1 = t->m && t->m[i] > 0 ? t->m[i] : 2, status;
  size_t nk = mg->bs == PM_BASIS_PS ? (size_t)(t->k[i] + m1 + 2)
                                    : (size_t)t->k[i];
  mg->order = m1 + 2;
  mg->diff_order = m1;
  if (mg->bs == PM_BASIS_RE) {
    snprintf(name, sizeof name, "margin%zu_levels", i);
    status = take(s, name, 0, 1, names, values, lens, na, &mg->levmap,
                  &mg->nlevels);
  } else {
    snprintf(name, sizeof name, "margin%zu_knots", i);
    status = take(s, name, nk, 0, names, values, lens, na, &mg->knots,
                  &mg->nknots);
  }
  if (status || (status = pm_margin_build(mg))) return status;
  snprintf(name, sizeof name, "margin%zu_reparam", i);
  if (s->tensor && mg->bs == PM_BASIS_PS) {
    status = take(s, name, mg->dim * mg->dim, 0, names, values, lens, na,
                  &mg->xp, NULL);
    if (status) return status;
    /* the penalty in the new parametrization, S <- XP' S XP */
    double *tmp = malloc(mg->dim * mg->dim * sizeof *tmp);
    int d = (int)mg->dim;
    if (!tmp) return pm_error_nomem();
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d, d, d, 1.0,
                mg->xp, d, mg->S, d, 0.0, tmp, d);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, d, d, d, 1.0,
                tmp, d, mg->xp, d, 0.0, mg->S, d);
    free(tmp);
  }
  return PM_SUCCESS;
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
