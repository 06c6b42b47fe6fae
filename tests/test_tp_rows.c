/* test_tp_rows.c: the design rows of thin-plate smooths of one covariate,
 * which model/basis_tp.c forms several rows and columns at a time, against
 * the spline written out row by row from the stored basis.
 *
 * With the knots x_i, the shift, the basis UZ (mgcv's UZ, column-scaled)
 * and the constraint's Householder vector u of the model file, the row of
 * x is y = [sum_i eta_m1(|x - x_i|) UZ[i, 1..q], t(x)' diag(UZ[nk + j, q
 * + j])] (Wood 2003, JRSSB 65:95-114, section 2; eta_m1 of pm_tp_eta),
 * then y H without its first entry (Wood 2017, section 1.8.1).  Formed
 * knot by knot and column by column in that order, it must equal the
 * model matrix to the bit: on rows that lie on the knots (eta 0 there)
 * and rows between them, in any order and any number of rows, and on
 * rows repeated.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_test.h"
#include "pm_test_fit.h"
#include "smooth_internal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 700 distinct values of x (every one a knot) and 5000 of z (2000 knots
 * drawn among them) over 5001 rows: odd, so that the last rows of a block
 * of four come alone. */
#define ROWS 5001

static void write_table(const char *path)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  FILE *out = fopen(path, "w");
  size_t i;

  if (!r || !out) exit(99);
  gsl_rng_set(r, 2026);
  fprintf(out, "y,x,z\n");
  for (i = 0; i < ROWS; i++)
    fprintf(out, "%lu,%.3f,%.6f\n", gsl_rng_uniform_int(r, 9),
            (double)gsl_rng_uniform_int(r, 700) / 50 - 3,
            20 * gsl_rng_uniform(r));
  fclose(out);
  gsl_rng_free(r);
}

/* The stored array `name` of smooth s; NULL when absent. */
static const double *array(const pm_smooth *s, const char *name, size_t *len)
{
  size_t a;
  for (a = 0; a < pm_smooth_narrays(s); a++) {
    const char *n;
    const double *v;
    pm_smooth_array(s, a, &n, &v, len);
    if (strcmp(n, name) == 0) return v;
  }
  return NULL;
}

/* The constrained row of the 1-D thin-plate smooth s (order m = 2) at x
 * into out (ncoef values); y, workspace of K values. */
static void reference_row(const pm_smooth *s, double x, double *y,
                          double *out)
{
  size_t nk, len, K, q, i, l;
  const double *knots = array(s, "margin0_knots", &nk);
  const double *shift = array(s, "margin0_shift", &len);
  const double *uz = array(s, "margin0_basis", &len);
  const double *u = array(s, "constraint", &K);
  double c = pm_tp_eta_constant(2, 1), t[2], h = 0;

  q = K - 2;
  x -= shift[0];
  memset(y, 0, K * sizeof *y);
  for (i = 0; i < nk; i++) {
    double e = pm_tp_eta((x - knots[i]) * (x - knots[i]), 2, 1, c);
    if (e == 0) continue;
    for (l = 0; l < q; l++) y[l] += e * uz[i * K + l];
  }
  pm_tp_poly(&x, 2, 1, t);
  for (l = 0; l < 2; l++) y[q + l] = t[l] * uz[(nk + l) * K + q + l];
  for (l = 0; l < K; l++) h += u[l] * y[l];
  h /= u[0];
  for (l = 1; l < K; l++) out[l - 1] = y[l] - h * u[l];
}

/* Block b's rows of the model matrix, and those of a scrambled choice of
 * rows (repeats among them), against reference_row. */
static void check_block(const fitted *f, size_t b)
{
  const pm_design_block *k = &f->design->blocks[b];
  const pm_column *c;
  size_t n = f->m.n, p = f->m.p, pick = 1003, i, bad = 0;
  double *y = malloc(64 * sizeof *y), *ref = malloc(64 * sizeof *ref);
  double *X = malloc(pick * k->ncoef * sizeof *X);
  size_t *rows = malloc(pick * sizeof *rows);

  if (!y || !ref || !X || !rows || k->ncoef >= 64) exit(99);
  if (pm_frame_column(f->frame, k->term->vars[0], &c)) exit(99);
  for (i = 0; i < n; i++) {
    reference_row(k->smooth, c->x[i], y, ref);
    bad += memcmp(ref, f->m.X + i * p + k->first, k->ncoef * sizeof *ref) != 0;
  }
  pm_test_ok(bad == 0, "%s: the %zu rows of the model matrix as the spline "
             "written out row by row, to the bit (%zu differ)", k->label, n,
             bad);
  for (i = 0; i < pick; i++) rows[i] = (i * 7919 + i / 3) % n;
  bad = 0;
  if (pm_test_ok(pm_smooth_design(k->smooth, &c, rows, pick, X, k->ncoef) ==
                     PM_SUCCESS,
                 "%s: %zu scrambled rows designed", k->label, pick))
    for (i = 0; i < pick; i++) {
      reference_row(k->smooth, c->x[rows[i]], y, ref);
      bad += memcmp(ref, X + i * k->ncoef, k->ncoef * sizeof *ref) != 0;
    }
  pm_test_ok(bad == 0, "%s: the scrambled rows as the spline written out, "
             "to the bit (%zu differ)", k->label, bad);
  free(y);
  free(ref);
  free(X);
  free(rows);
}

int main(void)
{
  char dir[] = "/tmp/pm-test-tp-rows-XXXXXX", path[4096];
  fitted f;
  size_t b;

  gsl_set_error_handler_off();
  if (!mkdtemp(dir)) return 99;
  snprintf(path, sizeof path, "%s/tp.csv", dir);
  write_table(path);
  if (pm_test_ok(fitted_load(&f, path, "y ~ s(x, k=7) + s(z, k=6)") ==
                     PM_SUCCESS,
                 "two thin-plate smooths set up"))
    for (b = 0; b < f.design->nblocks; b++)
      if (f.design->blocks[b].smooth) check_block(&f, b);
  fitted_free(&f);
  unlink(path);
  rmdir(dir);
  return pm_test_done();
}
