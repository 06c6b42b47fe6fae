/* basis_ps.c: mgcv's P-spline ("ps"): B-splines on evenly spaced knots with
 * a difference penalty on the coefficients (Eilers & Marx 1996, Statistical
 * Science 11:89-121; Wood 2017, Generalized Additive Models, 2nd ed.,
 * section 5.3.3).
 *
 * With spline order m1 + 2 and k basis functions, mgcv spreads k - m1
 * interior knots evenly over the data range widened by 0.1% at each end and
 * adds m1 + 1 knots beyond each end.  Between the widened range and the
 * outer knots mgcv continues the fit linearly; beyond the outer knots this
 * basis refuses to predict.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "smooth_internal.h"

#define PS_MAX_ORDER 16

/* The B-spline order m1 + 2 and the difference order m1 from the term's m
 * (m1 = 2 when m is 0: cubic B-splines, second differences); returns m1. */
static int set_orders(pm_margin *mg, int m)
{
  int m1 = m > 0 ? m : 2;
  mg->order = m1 + 2;
  mg->diff_order = m1;
  return m1;
}

static int ps_setup(pm_margin *mg, const pm_column *const *cv,
                    const size_t *rows, size_t n, int k, int m,
                    const double *uknots, size_t nuknots)
{
  const pm_column *c = cv[0];
  const double *x = c->x;
  int m1 = set_orders(mg, m);
  size_t nk = k > m1 ? (size_t)(k - m1) : 0, len = nk + 2 * (size_t)m1 + 2;
  double xl, xu;
  if (nk < 2 || m1 + 2 > PS_MAX_ORDER)
    return pm_error(PM_EINPUT, "%s: k = %d is too small for a ps smooth of "
                    "'%s' with m = %d; use k >= %d", mg->label, k, mg->var,
                    m1, m1 + 2);
  if (uknots && nuknots != 2 && nuknots != len)
    return pm_error(PM_EINPUT, "%s: %zu knots given for '%s'; a ps smooth "
                    "takes 2 (the range) or %zu", mg->label, nuknots, mg->var,
                    len);
  mg->knots = malloc(len * sizeof *mg->knots);
  if (!mg->knots) return pm_error_nomem();
  mg->nknots = len;
  if (uknots && nuknots == len) {
    memcpy(mg->knots, uknots, len * sizeof *mg->knots);
    return PM_SUCCESS;
  }
  xl = xu = x[rows ? rows[0] : 0];
  for (size_t i = 0; i < n; i++) {
    double v = x[rows ? rows[i] : i];
    if (v < xl) xl = v;
    if (v > xu) xu = v;
  }
  if (uknots) {
    double a = uknots[0] < uknots[1] ? uknots[0] : uknots[1];
    double b = uknots[0] < uknots[1] ? uknots[1] : uknots[0];
    if (a > xl || b < xu)
      return pm_error(PM_EINPUT, "%s: the knot range [%g, %g] of '%s' does "
                      "not include the data [%g, %g]", mg->label, a, b,
                      mg->var, xl, xu);
    xl = a;
    xu = b;
  }
  double xr = xu - xl;
  xl -= xr * 0.001;
  xu += xr * 0.001;
  double dx = (xu - xl) / (double)(nk - 1);
  double from = xl - dx * (m1 + 1), to = xu + dx * (m1 + 1);
  double by = (to - from) / (double)(len - 1); /* R's seq(length = len) */
  mg->knots[0] = from;
  mg->knots[len - 1] = to;
  for (size_t i = 1; i + 1 < len; i++) mg->knots[i] = from + (double)i * by;
  return PM_SUCCESS;
}

/* The `order` B-splines of that order not zero on [t[i], t[i+1]), at x,
 * into N[0..order): B_{i-order+1}, ..., B_i (de Boor 1978, A Practical
 * Guide to Splines, the Cox-de Boor recursion). */
static void bspl(const double *t, int order, size_t i, double x, double *N)
{
  double left[PS_MAX_ORDER], right[PS_MAX_ORDER];
  N[0] = 1;
  for (int j = 1; j < order; j++) {
    double saved = 0;
    left[j] = x - t[i + 1 - (size_t)j];
    right[j] = t[i + (size_t)j] - x;
    for (int r = 0; r < j; r++) {
      double tmp = N[r] / (right[r + 1] + left[j - r]);
      N[r] = saved + right[r + 1] * tmp;
      saved = left[j - r] * tmp;
    }
    N[j] = saved;
  }
}

/* The interval [t[i], t[i+1]) of x within [t[order-1], t[dim]]. */
static size_t interval(const pm_margin *mg, double x)
{
  size_t lo = (size_t)mg->order - 1, hi = mg->dim;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (x < mg->knots[mid]) hi = mid;
    else lo = mid;
  }
  return lo;
}

/* Values (deriv 0) or first derivatives (deriv 1) of all dim B-splines at
 * x inside the range, into out[0..dim). */
static void bspl_row(const pm_margin *mg, double x, int deriv, double *out)
{
  double N[PS_MAX_ORDER];
  int p = mg->order;
  size_t i = interval(mg, x), s0 = i + 1 - (size_t)p;
  memset(out, 0, mg->dim * sizeof *out);
  if (!deriv) {
    bspl(mg->knots, p, i, x, N);
    memcpy(out + s0, N, (size_t)p * sizeof *N);
    return;
  }
  /* B'_{s,p} = (p-1) (B_{s,p-1}/(t_{s+p-1}-t_s) - B_{s+1,p-1}/(t_{s+p}-t_{s+1})) */
  bspl(mg->knots, p - 1, i, x, N); /* B_{s0+1 .. i, p-1} */
  for (int r = 0; r < p; r++) {
    size_t s = s0 + (size_t)r;
    double a = r > 0 ? N[r - 1] : 0, b = r < p - 1 ? N[r] : 0;
    out[s] = (p - 1) * (a / (mg->knots[s + (size_t)p - 1] - mg->knots[s]) -
                        b / (mg->knots[s + (size_t)p] - mg->knots[s + 1]));
  }
}

/* A stored margin holds its k + m1 + 2 knots (ps_setup's len). */
static size_t ps_stored(pm_margin *mg, int k, int m)
{
  return (size_t)(k + set_orders(mg, m) + 2);
}

static int ps_build(pm_margin *mg)
{
  size_t len = mg->nknots, p = (size_t)mg->order, d = (size_t)mg->diff_order;
  size_t dim = len - p, nd = dim - d;
  double *D = NULL;
  for (size_t j = 0; j + 1 < len; j++)
    if (!(mg->knots[j + 1] > mg->knots[j]))
      return pm_error(PM_EINPUT, "%s: the knots of '%s' must increase "
                      "strictly", mg->label, mg->var);
  mg->dim = dim;
  mg->null_dim = d;
  D = calloc(nd * dim, sizeof *D);
  mg->S = calloc(dim * dim, sizeof *mg->S);
  mg->F = malloc(4 * dim * sizeof *mg->F);
  if (!D || !mg->S || !mg->F) {
    free(D);
    return pm_error_nomem();
  }
  /* row r of the d-th difference: (-1)^(d-j) C(d, j) at column r + j */
  for (size_t r = 0; r < nd; r++) {
    double c = 1;
    for (size_t j = 0; j <= d; j++) {
      D[r * dim + r + j] = ((d - j) % 2 ? -1 : 1) * c;
      c = c * (double)(d - j) / (double)(j + 1);
    }
  }
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)dim, (int)dim,
              (int)nd, 1.0, D, (int)dim, D, (int)dim, 0.0, mg->S, (int)dim);
  free(D);
  /* values and slopes at the ends of the range, for extrapolation */
  double ll = mg->knots[p - 1], ul = mg->knots[dim];
  bspl_row(mg, ll, 0, mg->F);
  bspl_row(mg, ll, 1, mg->F + dim);
  bspl_row(mg, ul, 0, mg->F + 2 * dim);
  bspl_row(mg, ul, 1, mg->F + 3 * dim);
  return PM_SUCCESS;
}

static int ps_row(const pm_margin *mg, const pm_column *const *cv,
                  size_t row, double *out)
{
  const pm_column *c = cv[0];
  size_t dim = mg->dim;
  double x = c->x[row];
  double ll = mg->knots[mg->order - 1], ul = mg->knots[dim];
  const double *v;
  if (x >= ll && x <= ul) {
    bspl_row(mg, x, 0, out);
    return PM_SUCCESS;
  }
  if (x < mg->knots[0] || x > mg->knots[mg->nknots - 1])
    return pm_error(PM_EINPUT, "%s: '%s' = %g is outside the knot range "
                    "[%g, %g] of the P-spline; predict inside it or widen "
                    "the knots", mg->label, mg->var, x, mg->knots[0],
                    mg->knots[mg->nknots - 1]);
  v = x < ll ? mg->F : mg->F + 2 * dim; /* f(end) + (x - end) f'(end) */
  for (size_t j = 0; j < dim; j++)
    out[j] = v[j] + (x - (x < ll ? ll : ul)) * v[dim + j];
  return PM_SUCCESS;
}

static const pm_basis_type ps_type = {
    .name = "ps",
    .factor = 0,
    .centred = 1,
    .te_reparam = 1,
    .setup = ps_setup,
    .stored = ps_stored,
    .build = ps_build,
    .row = ps_row,
    .rows = NULL,
};

const pm_basis_type *const pm_basis_ps = &ps_type;
