/* basis_tp.c: mgcv's thin-plate regression spline ("tp") of d covariates
 * and its shrinkage version ("ts"), and the construction they share with
 * the spline on the sphere (basis_sos.c): an eigenbasis of a reproducing
 * kernel on the knots, with the null space of its penalty absorbed.
 *
 * Wood (2003, JRSSB 65:95-114, "Thin plate regression splines", section
 * 2; Wood 2017, Generalized Additive Models, 2nd ed., section 5.5.1): with
 * E_ij = eta_md(||x_i - x_j||) over the knots x_i and E = U D U', keep the
 * k eigenvectors U_k of largest |eigenvalue| D_k.  The spline
 * f = E U_k delta_k + T alpha (T the polynomials of degree < m at the
 * knots) needs T'U_k delta_k = 0: with (T'U_k) Q = [0, B] (B reverse
 * triangular, Q orthogonal) and Z the first k - M columns of Q,
 * delta_k = Z delta_z.  The basis row at x is [e(x)' U_k Z, t(x)'],
 * e_i(x) = eta_md(||x - x_i||), and the penalty delta_z' Z' D_k Z delta_z
 * (Wood 2003, section 2) leaves the M polynomial coefficients unpenalized.
 * As mgcv does, each column of the basis is then scaled to a root mean
 * square of 1 over the fitting rows (the penalty with it), the covariates
 * are first centred on their means (`shift`), and the knots are the
 * distinct covariate points unless there are more than max.knots (2000)
 * of them: mgcv then draws max.knots at random with R's generator; here
 * they are a draw without replacement from GSL's MT19937 seeded with 1,
 * so that results differ from mgcv's unless the knots are given.
 * Eigenvectors come from a full symmetric eigendecomposition (LAPACK
 * dsytrd, dstedc, dormtr) rather than mgcv's Lanczos iteration; ordered
 * by decreasing eigenvalue and with Q formed by the same Householder
 * reflections as mgcv's, the basis is mgcv's up to the signs of its
 * columns, which matters where the fit is not invariant to the
 * parametrization: the column scaling and the shrinkage of ts.
 *
 * The other kernel splines (pm_kernel_spline) differ in the kernel, the
 * null space, the centring, the column scaling and the side into which the
 * null-space constraint is rotated; for a rotation into the first
 * coefficient, as mgcv's QR does for sos, the eigenvectors are taken in
 * increasing order instead: the same reflection then rotates into the
 * last, and the basis is mgcv's with its penalized columns in reverse
 * order, which changes nothing in the fit.
 *
 * "ts" (Marra & Wood 2011, Computational Statistics & Data Analysis
 * 55:2372-2387): the penalty's M zero eigenvalues become 0.1 times its
 * smallest positive one, mgcv's shrink = 0.1.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <cblas.h>
#include <gsl/gsl_rng.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "pm_threads.h"
#include "smooth_internal.h"

#define DEFAULT_MAX_KNOTS 2000
#define SHRINK 0.1

/* ---- the knots -------------------------------------------------------- */

typedef struct {
  const double *p;
  size_t d;
} point;

static int point_cmp(const void *a, const void *b)
{
  const point *x = a, *y = b;
  for (size_t j = 0; j < x->d; j++)
    if (x->p[j] != y->p[j]) return x->p[j] < y->p[j] ? -1 : 1;
  return 0;
}

/* The covariate points of the fitting rows, n x d, into *X, checked and,
 * for a centred kernel, shifted by their means (else the shift is 0). */
static int data_points(pm_margin *mg, const pm_column *const *c,
                       const size_t *rows, size_t n, double **X)
{
  const pm_kernel_spline *ks = mg->type->kernel;
  size_t d = mg->nvar;
  int status;
  if (!(*X = malloc(n * d * sizeof **X))) return pm_error_nomem();
  for (size_t i = 0; i < n; i++) {
    size_t r = rows ? rows[i] : i;
    for (size_t j = 0; j < d; j++)
      if (isnan((*X)[i * d + j] = c[j]->x[r]))
        return pm_error(PM_EINPUT, "%s: '%s' is missing in data row %zu; "
                        "drop the row before setting up the smooth",
                        mg->label, c[j]->name, r + 1);
    if (ks->check && (status = ks->check(mg, *X + i * d, "data row", r)))
      return status;
  }
  for (size_t j = 0; j < d; j++) {
    double sum = 0;
    for (size_t i = 0; ks->centre && i < n; i++) sum += (*X)[i * d + j];
    mg->shift[j] = sum / (double)n;
    for (size_t i = 0; i < n; i++) (*X)[i * d + j] -= mg->shift[j];
  }
  return PM_SUCCESS;
}

/* The distinct points of X (n x d), in lexicographic order, into
 * mg->knots; mg->nknots their number. */
static int unique_points(pm_margin *mg, const double *X, size_t n)
{
  size_t d = mg->nvar, m = 0;
  point *p = malloc(n * sizeof *p);
  if (!p) return pm_error_nomem();
  for (size_t i = 0; i < n; i++) p[i] = (point){X + i * d, d};
  qsort(p, n, sizeof *p, point_cmp);
  for (size_t i = 0; i < n; i++)
    if (m == 0 || point_cmp(&p[i], &p[m - 1])) p[m++] = p[i];
  mg->knots = malloc(m * d * sizeof *mg->knots);
  if (mg->knots)
    for (size_t i = 0; i < m; i++)
      memcpy(mg->knots + i * d, p[i].p, d * sizeof *mg->knots);
  mg->nknots = m;
  free(p);
  return mg->knots ? PM_SUCCESS : pm_error_nomem();
}

/* Keep `keep` of the distinct points, in their lexicographic order, chosen
 * by selection sampling (Knuth, TAOCP vol. 2, 3.4.2, Algorithm S; as GSL's
 * gsl_ran_choose) with GSL's MT19937 seeded with 1. */
static int subsample(pm_margin *mg, size_t keep)
{
  size_t d = mg->nvar, got = 0;
  double *kept = malloc(keep * d * sizeof *kept);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  if (!kept || !r) {
    free(kept);
    gsl_rng_free(r);
    return pm_error_nomem();
  }
  gsl_rng_set(r, 1);
  for (size_t i = 0; i < mg->nknots && got < keep; i++)
    if ((double)(mg->nknots - i) * gsl_rng_uniform(r) < (double)(keep - got))
      memcpy(kept + d * got++, mg->knots + d * i, d * sizeof *kept);
  gsl_rng_free(r);
  free(mg->knots);
  mg->knots = kept;
  mg->nknots = keep;
  return PM_SUCCESS;
}

/* The distinct points of the user's knots, covariate j at uk[j * nuk ..],
 * checked and shifted, into mg->knots. */
static int user_knots(pm_margin *mg, const double *uk, size_t nuk)
{
  const pm_kernel_spline *ks = mg->type->kernel;
  size_t d = mg->nvar;
  double *K = malloc((nuk ? nuk : 1) * d * sizeof *K);
  int status = PM_SUCCESS;
  if (!K) return pm_error_nomem();
  for (size_t i = 0; i < nuk && !status; i++) {
    for (size_t j = 0; j < d; j++) K[i * d + j] = uk[j * nuk + i];
    if (ks->check) status = ks->check(mg, K + i * d, "knot", i);
    for (size_t j = 0; j < d; j++) K[i * d + j] -= mg->shift[j];
  }
  if (!status) status = unique_points(mg, K, nuk);
  free(K);
  return status;
}

static int build(pm_margin *mg, const double *X, size_t n);

/* The settings of tp and ts. */
static int tp_settings(pm_margin *mg, int k, int m)
{
  size_t M;
  mg->m = pm_tp_order(m, mg->nvar);
  M = pm_tp_null_dim(mg->m, mg->nvar);
  mg->dim = (size_t)(k ? k : pm_tp_default_k(mg->m, mg->nvar));
  if (k >= 0 && mg->dim > M) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "%s: k = %d is too small for a %s smooth of "
                  "%zu covariate%s with penalty order m = %d; use k >= %zu",
                  mg->label, k, mg->type->name, mg->nvar,
                  mg->nvar > 1 ? "s" : "", mg->m, M + 1);
}

int pm_kernel_setup(pm_margin *mg, const pm_column *const *c,
                    const size_t *rows, size_t n, int k, int m,
                    const double *uknots, size_t nuknots)
{
  double *X = NULL;
  size_t maxk = mg->max_knots ? mg->max_knots : DEFAULT_MAX_KNOTS;
  int status;
  if ((status = mg->type->kernel->settings(mg, k, m))) return status;
  if (!(mg->shift = malloc(mg->nvar * sizeof *mg->shift)))
    return pm_error_nomem();
  if ((status = data_points(mg, c, rows, n, &X))) goto cleanup;
  if (uknots) status = user_knots(mg, uknots, nuknots);
  else if (!(status = unique_points(mg, X, n)) && mg->nknots > maxk)
    status = subsample(mg, maxk);
  if (!status && mg->nknots < mg->dim)
    status = pm_error(PM_EINPUT, "%s: %zu %s, too few for k = %zu; reduce "
                      "k to at most %zu", mg->label, mg->nknots,
                      uknots ? "knots given" : "distinct covariate points",
                      mg->dim, mg->nknots);
  if (!status) status = build(mg, X, n);
cleanup:
  free(X);
  return status;
}

/* ---- the eigenbasis --------------------------------------------------- */

/* The thin-plate kernel eta_md of the distance between x and y. */
static double tp_kernel(const pm_margin *mg, const double *x, const double *y,
                        double c)
{
  double r2 = 0;
  for (size_t l = 0; l < mg->nvar; l++) r2 += (x[l] - y[l]) * (x[l] - y[l]);
  return pm_tp_eta(r2, mg->m, mg->nvar, c);
}

/* E (nk x nk) over the knots. */
static double *kernel_matrix(const pm_margin *mg)
{
  const pm_kernel_spline *ks = mg->type->kernel;
  size_t nk = mg->nknots, d = mg->nvar;
  double c = ks->constant(mg);
  double *E = malloc(nk * nk * sizeof *E);
  if (!E) return NULL;
  for (size_t i = 0; i < nk; i++)
    for (size_t j = 0; j <= i; j++)
      E[i * nk + j] = E[j * nk + i] =
          ks->kernel(mg, mg->knots + i * d, mg->knots + j * d, c);
  return E;
}

/* The k eigenvectors of E of largest |eigenvalue| into U (nk x k, column
 * major), in decreasing order of their eigenvalues D, as mgcv orders them
 * (increasing where the constraint is rotated into the first coefficient);
 * E is overwritten. */
static int truncated_eigen(const pm_margin *mg, double *E, size_t k,
                           double *U, double *D)
{
  lapack_int nk = (lapack_int)mg->nknots, lo = 0, hi = nk - 1;
  double *w = malloc(nk * sizeof *w), *ee = malloc(nk * sizeof *ee);
  double *tau = malloc(nk * sizeof *tau);
  double *V = malloc((size_t)nk * nk * sizeof *V);
  int status = PM_SUCCESS;
  if (!w || !ee || !tau || !V) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if (LAPACKE_dsytrd(LAPACK_COL_MAJOR, 'L', nk, E, nk, w, ee, tau) ||
      LAPACKE_dstedc(LAPACK_COL_MAJOR, 'I', nk, w, ee, V, nk)) {
    status = pm_error(PM_ENUMERIC, "%s: the eigendecomposition of the "
                      "kernel matrix failed", mg->label);
    goto cleanup;
  }
  /* w ascending: the k of largest magnitude are w[0..lo) and w(hi..nk) */
  while ((size_t)(lo + nk - 1 - hi) < k) {
    if (fabs(w[hi]) >= fabs(w[lo])) hi--;
    else lo++;
  }
  for (size_t j = 0; j < k; j++) { /* w[nk-1] .. w[hi+1], w[lo-1] .. w[0] */
    lapack_int top = nk - 1 - hi, pick = (lapack_int)j < top
                                             ? nk - 1 - (lapack_int)j
                                             : lo - 1 - ((lapack_int)j - top);
    size_t to = mg->type->kernel->first ? k - 1 - j : j;
    D[to] = w[pick];
    memcpy(U + to * (size_t)nk, V + (size_t)pick * nk, nk * sizeof *U);
  }
  if (LAPACKE_dormtr(LAPACK_COL_MAJOR, 'L', 'L', 'N', nk, (lapack_int)k, E,
                     nk, tau, U, nk))
    status = pm_error(PM_ENUMERIC, "%s: the kernel's eigenvectors could "
                      "not be formed", mg->label);
cleanup:
  free(w);
  free(ee);
  free(tau);
  free(V);
  return status;
}

/* Q (k x k, column major) with A Q = [0, B], B reverse triangular, A
 * (M x k, row major) overwritten: for each row i of A in turn, the
 * Householder reflection H_i (Golub & Van Loan 2013, Matrix Computations,
 * 4th ed., section 5.1.2) that rotates its first k - i entries into entry
 * k - i - 1, applied to the rows below; Q = H_0 ... H_(M-1), as mgcv's
 * thin-plate code forms it (for M = 1 the reflection of a QR, reversed).
 * Its first k - M columns span the null space of A. */
static int reverse_qt(const pm_margin *mg, double *A, size_t M, size_t k,
                      double *Q)
{
  double *v = malloc(k * sizeof *v);
  if (!v) return pm_error_nomem();
  for (size_t i = 0; i < k * k; i++) Q[i] = i % (k + 1) == 0;
  for (size_t i = 0; i < M; i++) {
    size_t L = k - i;
    double nrm = cblas_dnrm2((int)L, A + i * k, 1), g;
    if (!(nrm > 0)) {
      free(v);
      return pm_error(PM_ENUMERIC, "%s: the null-space constraint is "
                      "degenerate; check the knots", mg->label);
    }
    memcpy(v, A + i * k, L * sizeof *v);
    if (v[L - 1] < 0) nrm = -nrm;
    v[L - 1] += nrm;
    g = 1 / (nrm * v[L - 1]); /* H = I - g v v' */
    for (size_t r = i + 1; r < M; r++) { /* A[r, ] <- A[r, ] H */
      double x = g * cblas_ddot((int)L, v, 1, A + r * k, 1);
      cblas_daxpy((int)L, -x, v, 1, A + r * k, 1);
    }
    for (size_t r = 0; r < k; r++) { /* Q[r, ] <- Q[r, ] H */
      double x = g * cblas_ddot((int)L, v, 1, Q + r, (int)k);
      cblas_daxpy((int)L, -x, v, 1, Q + r, (int)k);
    }
  }
  free(v);
  return PM_SUCCESS;
}

/* Q of reverse_qt for A = T'U_k, T the null-space functions at the
 * knots. */
static int constraint_q(const pm_margin *mg, const double *U, size_t k,
                        double *Q)
{
  const pm_kernel_spline *ks = mg->type->kernel;
  size_t nk = mg->nknots, d = mg->nvar, M = ks->null_dim(mg);
  double *T = malloc(nk * M * sizeof *T), *A = malloc(M * k * sizeof *A);
  double *t = malloc(M * sizeof *t);
  int status = PM_SUCCESS;
  if (!T || !A || !t) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (size_t i = 0; i < nk; i++) { /* T column major, nk x M */
    ks->null_basis(mg, mg->knots + i * d, t);
    for (size_t j = 0; j < M; j++) T[j * nk + i] = t[j];
  }
  /* A = T'U_k, row major M x k (column major k x M: U_k'T) */
  cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)k, (int)M,
              (int)nk, 1.0, U, (int)nk, T, (int)nk, 0.0, A, (int)k);
  status = reverse_qt(mg, A, M, k, Q);
cleanup:
  free(T);
  free(A);
  free(t);
  return status;
}

/* uz, (nk + M) x k row major: U_k Z in its first q = k - M columns of the
 * first nk rows, the identity in the last M rows and columns; and the
 * penalty S = [Z' D_k Z, 0; 0, 0] (k x k); Z = Q[, 0..q). */
static int basis_and_penalty(pm_margin *mg, const double *U, const double *D,
                             const double *Q)
{
  size_t nk = mg->nknots, k = mg->dim, M = mg->type->kernel->null_dim(mg);
  size_t q = k - M;
  const double *Z = Q;
  double *W = malloc(k * q * sizeof *W);
  mg->uz = calloc((nk + M) * k, sizeof *mg->uz);
  mg->S = calloc(k * k, sizeof *mg->S);
  if (!W || !mg->uz || !mg->S) {
    free(W);
    return pm_error_nomem();
  }
  /* (Z' U_k')' in column major is U_k Z in row major */
  cblas_dgemm(CblasColMajor, CblasTrans, CblasTrans, (int)q, (int)nk, (int)k,
              1.0, Z, (int)k, U, (int)nk, 0.0, mg->uz, (int)k);
  for (size_t j = 0; j < M; j++) mg->uz[(nk + j) * k + q + j] = 1;
  for (size_t j = 0; j < q; j++) /* W = D_k Z */
    for (size_t i = 0; i < k; i++) W[j * k + i] = D[i] * Z[j * k + i];
  cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q, (int)q,
              (int)k, 1.0, Z, (int)k, W, (int)k, 0.0, mg->S, (int)k);
  for (size_t i = 0; i < q; i++) /* exact symmetry */
    for (size_t j = 0; j < i; j++)
      mg->S[i * k + j] = mg->S[j * k + i] =
          (mg->S[i * k + j] + mg->S[j * k + i]) / 2;
  free(W);
  return PM_SUCCESS;
}

/* Two doubles side by side in one register (the vector extension of GCC
 * and Clang; SSE2 on x86-64), and their bits: the kernel of two rows at
 * once. */
typedef double tp_pair __attribute__((vector_size(16)));
typedef long long tp_pair_bits __attribute__((vector_size(16)));

/* Rows (two pairs) and columns whose sums tp_kernel_1d forms side by
 * side: eight pairs of sums, which stay in registers. */
#define TP_ROWS 4
#define TP_COLS 4

/* The kernel part of the rows of a thin-plate smooth of one covariate at
 * the shifted points x[0..nb), nb <= TP_ROWS, into out (row r at out + r
 * * ldo, q values): sum_i eta_m1(|x - x_i|) uz[i, ] with eta_m1(r) = c
 * r^(2m-1) = c (r^2)^(m-1) |x - x_i| written out (the value pm_tp_eta
 * gives: sqrt(r^2) is |x - x_i| exactly in IEEE arithmetic), a kernel
 * evaluation per knot being most of the cost of a design row.  The sums of
 * the rows, in pairs, and of TP_COLS columns run side by side, each added
 * up in knot order with the operations of one row alone, so that a row is
 * the same to the bit whatever the rows beside it.  A knot at x adds 0,
 * pm_tp_eta's value there, which leaves a sum as it is (begun at +0, it is
 * never -0). */
static inline void tp_kernel_1d(const pm_margin *mg, const double *x,
                                size_t nb, double cst, size_t q, double *out,
                                size_t ldo)
{
  const tp_pair_bits magnitude = {0x7fffffffffffffffLL, 0x7fffffffffffffffLL};
  size_t nk = mg->nknots, k = mg->dim, np = (nb + 1) / 2;
  tp_pair xp[TP_ROWS / 2];
  for (size_t p = 0; p < np; p++)
    xp[p] = (tp_pair){x[2 * p], x[2 * p + 1 < nb ? 2 * p + 1 : 2 * p]};
  for (size_t l0 = 0; l0 < q; l0 += TP_COLS) {
    size_t nl = q - l0 < TP_COLS ? q - l0 : TP_COLS;
    tp_pair sum[TP_ROWS / 2][TP_COLS];
    for (size_t p = 0; p < np; p++)
      for (size_t l = 0; l < TP_COLS; l++) sum[p][l] = (tp_pair){0, 0};
    for (size_t i = 0; i < nk; i++) {
      const double *uz = mg->uz + i * k + l0;
      tp_pair knot = {mg->knots[i], mg->knots[i]};
      tp_pair dx[TP_ROWS / 2], r2[TP_ROWS / 2], e[TP_ROWS / 2];
      for (size_t p = 0; p < np; p++) {
        dx[p] = xp[p] - knot;
        r2[p] = dx[p] * dx[p];
        e[p] = (tp_pair){cst, cst};
      }
      for (int j = 0; j < mg->m - 1; j++)
        for (size_t p = 0; p < np; p++) e[p] *= r2[p];
      for (size_t p = 0; p < np; p++) /* e |dx|, 0 where r2 = 0 */
        e[p] = (tp_pair)((tp_pair_bits)(e[p] * (tp_pair)((tp_pair_bits)dx[p] &
                                                         magnitude)) &
                         (r2[p] > 0));
      for (size_t l = 0; l < TP_COLS; l++) {
        double v = l < nl ? uz[l] : 0;
        tp_pair u = {v, v};
        for (size_t p = 0; p < np; p++) sum[p][l] += e[p] * u;
      }
    }
    for (size_t r = 0; r < nb; r++)
      for (size_t l = 0; l < nl; l++)
        out[r * ldo + l0 + l] = sum[r / 2][l][r % 2];
  }
}

/* The basis rows at the shifted points x (nb x d, nb <= TP_ROWS) into out
 * (row r at out + r * ldo, k values): the kernel part e(x)' uz[0..nk, ],
 * then the null-space functions times uz's last M rows (diagonal there). */
static inline void rows_at(const pm_margin *mg, const double *x, size_t nb,
                           double *out, size_t ldo)
{
  const pm_kernel_spline *ks = mg->type->kernel;
  size_t d = mg->nvar, nk = mg->nknots, k = mg->dim;
  size_t M = ks->null_dim(mg), q = k - M;
  double cst = ks->constant(mg);
  if (ks->kernel == tp_kernel && d == 1)
    tp_kernel_1d(mg, x, nb, cst, q, out, ldo);
  else
    for (size_t r = 0; r < nb; r++) {
      double *o = out + r * ldo;
      memset(o, 0, q * sizeof *o);
      for (size_t i = 0; i < nk; i++) { /* o += e_i uz[i, ] */
        const double *uz = mg->uz + i * k;
        double e = ks->kernel(mg, x + r * d, mg->knots + i * d, cst);
        if (e == 0) continue;
        for (size_t l = 0; l < q; l++) o[l] += e * uz[l];
      }
    }
  for (size_t r = 0; r < nb; r++) {
    double *o = out + r * ldo + q;
    ks->null_basis(mg, x + r * d, o);
    for (size_t j = 0; j < M; j++) o[j] *= mg->uz[(nk + j) * k + q + j];
  }
}

/* The basis row at the shifted point x[0..d) into out[0..k). */
static void row_at(const pm_margin *mg, const double *x, double *out)
{
  rows_at(mg, x, 1, out, mg->dim);
}

/* The basis rows at the shifted points X (n x d) into out (n x k),
 * TP_ROWS at a time. */
static void points_rows(const pm_margin *mg, const double *X, size_t n,
                        double *out)
{
  size_t d = mg->nvar, k = mg->dim, i = 0;
  for (; i + TP_ROWS <= n; i += TP_ROWS)
    rows_at(mg, X + i * d, TP_ROWS, out + i * k, k);
  for (; i < n; i++) row_at(mg, X + i * d, out + i * k);
}

/* Rows i0 to i1 of X: per column the sum of squares or, with sd, the mean
 * and the sum of squared deviations from it (Welford), into mean and ss
 * (k each); b, TP_ROWS * k values of workspace. */
static void chunk_moments(const pm_margin *mg, const double *X, size_t i0,
                          size_t i1, int sd, double *mean, double *ss,
                          double *b)
{
  size_t k = mg->dim;
  memset(mean, 0, k * sizeof *mean);
  memset(ss, 0, k * sizeof *ss);
  for (size_t i = i0; i < i1; i += TP_ROWS) {
    size_t nb = i1 - i < TP_ROWS ? i1 - i : TP_ROWS;
    points_rows(mg, X + i * mg->nvar, nb, b);
    for (size_t r = 0; r < nb; r++) {
      const double *y = b + r * k;
      for (size_t l = 0; l < k; l++) {
        double dv = sd ? y[l] - mean[l] : y[l];
        if (sd) mean[l] += dv / (double)(i + r - i0 + 1);
        ss[l] += dv * (sd ? y[l] - mean[l] : y[l]);
      }
    }
  }
}

/* The scale of each column of the basis over the fitting rows X (n x d,
 * shifted) into ms[0..k): one over its root mean square or, with
 * sd_scale, over its standard deviation, the columns of least deviation
 * left as they are (mgcv's sos).  The rows run in the chunks of
 * pm_threads.h, whose moments are merged in chunk order (Chan, Golub &
 * LeVeque 1983, Am. Stat. 37:242-247); ms has room for 2k values. */
static int column_scales(const pm_margin *mg, const double *X, size_t n,
                         double *ms)
{
  size_t k = mg->dim, nc = pm_threads_chunks(n), c, l, done = 0;
  size_t per = (2 + TP_ROWS) * k; /* a chunk's mean, ss and workspace */
  int sd = mg->type->kernel->sd_scale;
  double *part = malloc((nc * per + 1) * sizeof *part), *mean = ms + k;
  double least = INFINITY;
  long q;

  if (!part) return pm_error_nomem();
#pragma omp parallel for schedule(dynamic, 1)
  for (q = 0; q < (long)nc; q++)
    chunk_moments(mg, X, pm_threads_chunk_start(n, nc, (size_t)q),
                  pm_threads_chunk_start(n, nc, (size_t)q + 1), sd,
                  part + (size_t)q * per, part + (size_t)q * per + k,
                  part + (size_t)q * per + 2 * k);
  memset(ms, 0, 2 * k * sizeof *ms);
  for (c = 0; c < nc; c++) {
    size_t nb = pm_threads_chunk_start(n, nc, c + 1) -
                pm_threads_chunk_start(n, nc, c);
    const double *cm = part + c * per, *css = cm + k;
    for (l = 0; l < k && nb > 0; l++) {
      double delta = cm[l] - mean[l], tot = (double)(done + nb);
      if (sd) {
        ms[l] += css[l] + delta * delta * (double)done * (double)nb / tot;
        mean[l] += delta * (double)nb / tot;
      } else
        ms[l] += css[l];
    }
    done += nb;
  }
  free(part);
  for (l = 0; l < k; l++) { /* ms <- the deviation */
    ms[l] = sqrt(ms[l] / (double)(sd ? (n > 1 ? n - 1 : 1) : n));
    if (ms[l] < least) least = ms[l];
  }
  for (l = 0; l < k; l++)
    ms[l] = ms[l] > 0 && !(sd && ms[l] == least) ? 1 / ms[l] : 1;
  return PM_SUCCESS;
}

/* As mgcv, each column of the basis is scaled over the fitting rows X:
 * the columns of uz, and S. */
static int scale_columns(pm_margin *mg, const double *X, size_t n)
{
  size_t k = mg->dim, rows = mg->nknots + mg->type->kernel->null_dim(mg);
  double *ms = malloc(2 * k * sizeof *ms);
  if (!ms || column_scales(mg, X, n, ms)) {
    free(ms);
    return pm_error_nomem();
  }
  for (size_t i = 0; i < rows; i++)
    for (size_t l = 0; l < k; l++) mg->uz[i * k + l] *= ms[l];
  for (size_t i = 0; i < k; i++)
    for (size_t l = 0; l < k; l++) mg->S[i * k + l] *= ms[i] * ms[l];
  free(ms);
  return PM_SUCCESS;
}

/* The basis on the knots, scaled on the fitting rows X (n x d). */
static int build(pm_margin *mg, const double *X, size_t n)
{
  size_t k = mg->dim, nk = mg->nknots;
  double *E = kernel_matrix(mg), *U = malloc(nk * k * sizeof *U);
  double *D = malloc(k * sizeof *D), *Q = malloc(k * k * sizeof *Q);
  int status = PM_SUCCESS;
  mg->null_dim = mg->type->kernel->null_dim(mg);
  if (!E || !U || !D || !Q) status = pm_error_nomem();
  if (!status && !(status = truncated_eigen(mg, E, k, U, D)) &&
      !(status = constraint_q(mg, U, k, Q)) &&
      !(status = basis_and_penalty(mg, U, D, Q)))
    status = scale_columns(mg, X, n);
  if (!status && mg->type == pm_basis_ts)
    status = pm_margin_shrink(mg, SHRINK, 0);
  free(E);
  free(U);
  free(D);
  free(Q);
  return status;
}

/* ---- read back, rows -------------------------------------------------- */

/* len: the stored knots, shift, uz and penalty. */
int pm_kernel_restored(pm_margin *mg, int k, int m, const size_t len[4])
{
  size_t d = mg->nvar, M;
  int status = mg->type->kernel->settings(mg, k, m);
  if (status) return status;
  M = mg->type->kernel->null_dim(mg);
  mg->nknots = len[0] / d;
  mg->null_dim = mg->type == pm_basis_ts ? 0 : M;
  if (mg->dim > M && len[0] == mg->nknots * d && len[1] == d &&
      len[2] == (mg->nknots + M) * mg->dim && len[3] == mg->dim * mg->dim)
    return PM_SUCCESS;
  return pm_error(PM_EINPUT, "%s: the stored %s basis does not match "
                  "k = %zu and %zu covariates; the model file is damaged",
                  mg->label, mg->type->name, mg->dim, d);
}

/* The rows of a thin-plate smooth of one covariate at x[rows[i]] (NULL
 * rows: x[i]), i < n, TP_ROWS at a time. */
static void tp_rows(const pm_margin *mg, const double *x, const size_t *rows,
                    size_t n, double *out)
{
  double xs[TP_ROWS];
  for (size_t i0 = 0; i0 < n; i0 += TP_ROWS) {
    size_t nb = n - i0 < TP_ROWS ? n - i0 : TP_ROWS;
    for (size_t r = 0; r < nb; r++)
      xs[r] = x[rows ? rows[i0 + r] : i0 + r] - mg->shift[0];
    points_rows(mg, xs, nb, out + i0 * mg->dim);
  }
}

int pm_kernel_row(const pm_margin *mg, const pm_column *const *c, size_t row,
                  double *out)
{
  const pm_kernel_spline *ks = mg->type->kernel;
  double x[PM_TE_MAX_MARGINS];
  int status;
  for (size_t j = 0; j < mg->nvar; j++) x[j] = c[j]->x[row];
  if (ks->check && (status = ks->check(mg, x, "row", row))) return status;
  for (size_t j = 0; j < mg->nvar; j++) x[j] -= mg->shift[j];
  row_at(mg, x, out);
  return PM_SUCCESS;
}

static double tp_constant(const pm_margin *mg)
{
  return pm_tp_eta_constant(mg->m, mg->nvar);
}

static size_t tp_null_dim(const pm_margin *mg)
{
  return pm_tp_null_dim(mg->m, mg->nvar);
}

static void tp_null_basis(const pm_margin *mg, const double *x, double *t)
{
  pm_tp_poly(x, mg->m, mg->nvar, t);
}

static const pm_kernel_spline tp_kernel_spline = {
    .settings = tp_settings,
    .null_dim = tp_null_dim,
    .null_basis = tp_null_basis,
    .constant = tp_constant,
    .kernel = tp_kernel,
    .centre = 1,
};

static const pm_basis_type tp_type = {
    .name = "tp",
    .factor = 0,
    .centred = 1,
    .te_reparam = 1,
    .multi = 1,
    .kernel = &tp_kernel_spline,
    .setup = pm_kernel_setup,
    .restored = pm_kernel_restored,
    .row = pm_kernel_row,
    .rows = tp_rows,
};

static const pm_basis_type ts_type = {
    .name = "ts",
    .factor = 0,
    .centred = 1,
    .te_reparam = 1,
    .multi = 1,
    .kernel = &tp_kernel_spline,
    .setup = pm_kernel_setup,
    .restored = pm_kernel_restored,
    .row = pm_kernel_row,
    .rows = tp_rows,
};

const pm_basis_type *const pm_basis_tp = &tp_type;
const pm_basis_type *const pm_basis_ts = &ts_type;
