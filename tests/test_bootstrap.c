/* test_bootstrap.c: tests of the cluster bootstrap of the coefficients
 * (predict/pm_mapper.h, pm_draws_bootstrap) and of model matrices made of
 * chosen rows (model/pm_design.h, pm_model_matrix_rows).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_model_file.h"
#include "pm_test.h"
#include "pm_threads.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NGROUPS 30
#define NROWS 20 /* per group */
#define N (NGROUPS * NROWS)

/* Simulated grouped Poisson data y ~ Poisson(exp(1 + 0.5 x + u_g)): x is a
 * property of the group (as a profile's water mass), u_g ~ N(0, sd_u^2) a
 * group effect the model does not know.  z is 1 on the rows of group 0
 * only.  The model matrix is that of `formula`. */
typedef struct {
  pm_formula *formula;
  pm_frame *frame;
  pm_design *design;
  pm_model_matrix m;
  pm_gam_options o;
  int group[N];
} sim;

static void sim_free(sim *s)
{
  pm_model_matrix_free(&s->m);
  pm_design_free(s->design);
  pm_frame_free(s->frame);
  pm_formula_free(s->formula);
}

static int sim_make(sim *s, const char *formula, double sd_u,
                    unsigned long seed)
{
  static double y[N], x[N], z[N];
  const char *names[] = {"y", "x", "z"};
  const double *cols[] = {y, x, z};
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  pm_family fam;
  size_t g, i;
  int status;

  memset(s, 0, sizeof *s);
  gsl_rng_set(rng, seed);
  for (g = 0; g < NGROUPS; g++) {
    double xg = gsl_rng_uniform(rng) * 2 - 1;
    double u = sd_u > 0 ? gsl_ran_gaussian(rng, sd_u) : 0;
    for (i = g * NROWS; i < (g + 1) * NROWS; i++) {
      x[i] = xg;
      z[i] = g == 0;
      y[i] = gsl_ran_poisson(rng, exp(1 + 0.5 * xg + u));
      s->group[i] = (int)g;
    }
  }
  gsl_rng_free(rng);
  if ((status = pm_formula_parse(&s->formula, formula)) ||
      (status = pm_frame_from_columns(&s->frame, "simulated", names, cols, 3,
                                      N)) ||
      (status = pm_design_alloc(&s->design, s->formula, s->frame)) ||
      (status = pm_design_matrix(s->design, s->frame, 1, &s->m)) ||
      (status = pm_family_from_name(&fam, "poisson")))
    return status;
  pm_gam_options_default(&s->o, &fam);
  return PM_SUCCESS;
}

/* The standard deviation of coefficient j over the draws. */
static double draws_sd(const pm_draws *d, size_t j)
{
  return gsl_stats_sd(d->B + j * d->ndraws, 1, d->ndraws);
}

/* Bootstrap SE / model SE of the slope of x. */
static double se_ratio(double sd_u, size_t B, int *ok)
{
  sim s;
  pm_gam_fit *fit = NULL;
  pm_draws *d = NULL;
  double ratio = NAN;
  size_t nfailed = 99;

  *ok = sim_make(&s, "y ~ x", sd_u, 7) == PM_SUCCESS &&
        pm_gam_fit_model(&fit, s.design, &s.m, &s.o) == PM_SUCCESS &&
        pm_draws_bootstrap(&d, s.design, &s.m, &s.o, s.group, B, 11,
                           &nfailed) == PM_SUCCESS &&
        nfailed == 0 && d->p == 2 && d->ndraws == B;
  if (*ok) ratio = draws_sd(d, 1) / sqrt(fit->Vp[1 * 2 + 1]);
  if (!*ok) printf("# %s\n", pm_error_message());
  pm_draws_free(d);
  pm_gam_fit_free(fit);
  sim_free(&s);
  return ratio;
}

static void test_independent_groups(void)
{
  int ok;
  double r = se_ratio(0, 200, &ok);
  pm_test_ok(ok, "bootstrap of independent groups runs without failures");
  pm_test_rel(r, 1, 0.3, "no group effect: bootstrap SE of the slope within "
              "30%% of the model SE (ratio %.3f)", r);
}

static void test_correlated_groups(void)
{
  int ok;
  double r = se_ratio(0.5, 200, &ok);
  pm_test_ok(ok, "bootstrap of correlated groups runs without failures");
  pm_test_ok(r > 1.3, "strong group effect: bootstrap SE of the slope is "
             "more than 1.3 times the model SE (ratio %.3f)", r);
}

static void test_reproducible(void)
{
  sim s;
  pm_draws *a = NULL, *b = NULL, *c = NULL;
  int st = sim_make(&s, "y ~ x", 0.3, 3);

  if (!st) st = pm_draws_bootstrap(&a, s.design, &s.m, &s.o, s.group, 20, 5,
                                   NULL);
  if (!st) st = pm_draws_bootstrap(&b, s.design, &s.m, &s.o, s.group, 20, 5,
                                   NULL);
  if (!st) st = pm_draws_bootstrap(&c, s.design, &s.m, &s.o, s.group, 20, 6,
                                   NULL);
  pm_test_ok(st == PM_SUCCESS, "three bootstraps run");
  pm_test_ok(!st && a->seed == 5 && memcmp(a->B, b->B, 40 * sizeof *a->B) == 0,
             "the same seed gives the same draws");
  pm_test_ok(!st && memcmp(a->B, c->B, 40 * sizeof *a->B) != 0,
             "another seed gives other draws");
  pm_draws_free(a);
  pm_draws_free(b);
  pm_draws_free(c);
  sim_free(&s);
}

/* z is 1 on group 0 only: a resample without group 0 has a column of
 * zeros and its refit fails; it is replaced by another resample, in the
 * same order on any number of threads. */
static void test_failed_refits(void)
{
  sim s;
  pm_draws *d = NULL, *t3 = NULL;
  size_t nfailed = 0, nfailed3 = 99, i;
  int st = sim_make(&s, "y ~ x + z", 0, 4), finite = 1;

  pm_threads_set(1);
  if (!st) st = pm_draws_bootstrap(&d, s.design, &s.m, &s.o, s.group, 10, 1,
                                   &nfailed);
  pm_test_ok(st == PM_SUCCESS, "a bootstrap with failing refits succeeds");
  for (i = 0; !st && i < d->p * d->ndraws; i++) finite &= isfinite(d->B[i]);
  pm_test_ok(!st && nfailed > 0 && finite,
             "failed refits are counted (%zu) and replaced", nfailed);
  /* refits on three threads, failures among them: the same draws */
  pm_threads_set(3);
  if (!st) st = pm_draws_bootstrap(&t3, s.design, &s.m, &s.o, s.group, 10, 1,
                                   &nfailed3);
  pm_threads_set(0);
  pm_test_ok(!st && nfailed3 == nfailed &&
                 memcmp(t3->B, d->B, d->p * d->ndraws * sizeof *d->B) == 0,
             "on three threads: the same draws and %zu failures, to the "
             "bit", nfailed3);
  pm_draws_free(d);
  pm_draws_free(t3);
  sim_free(&s);
}

static void test_bad_input(void)
{
  sim s;
  pm_draws *d = (pm_draws *)&s;
  int one[N] = {0}, st = sim_make(&s, "y ~ x", 0, 2);
  size_t nfailed;
  double B[4] = {1, 2, 3, 4};

  pm_test_ok(st == PM_SUCCESS, "simulated data");
  st = pm_draws_bootstrap(&d, s.design, &s.m, &s.o, s.group, 0, 1, NULL);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "at least 2",
                "B = 0 is an error");
  pm_test_ok(d == NULL, "no draws on error");
  st = pm_draws_bootstrap(&d, s.design, &s.m, &s.o, one, 10, 1, &nfailed);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "hold 1; it needs at "
                "least 2", "a single group is an error");
  one[5] = -3;
  st = pm_draws_bootstrap(&d, s.design, &s.m, &s.o, one, 10, 1, NULL);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "row 6 is in group -3",
                "a negative group is an error");
  st = pm_draws_from_matrix(&d, B, 2, 1, 1);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "at least 2",
                "draws from a matrix need 2 columns");
  st = pm_draws_from_matrix(&d, B, 2, 2, 9);
  pm_test_ok(!st && d->seed == 9 && d->B != B && d->B[3] == 4,
             "draws from a matrix copy it");
  pm_draws_free(d);
  sim_free(&s);
}

static void test_matrix_rows(void)
{
  sim s;
  pm_model_matrix r;
  size_t rows[4] = {3, 0, 3, N - 1}, bad = N;
  int st = sim_make(&s, "y ~ x", 0, 2);

  if (!st) st = pm_model_matrix_rows(&s.m, rows, 4, &r);
  pm_test_ok(!st && r.n == 4 && r.p == 2 && r.y[0] == s.m.y[3] &&
                 r.y[2] == s.m.y[3] && r.X[3 * 2 + 1] == s.m.X[(N - 1) * 2 + 1] &&
                 r.rows[1] == s.m.rows[0] && r.offset[3] == s.m.offset[N - 1],
             "rows copied, a repeated row twice");
  pm_model_matrix_free(&r);
  st = pm_model_matrix_rows(&s.m, &bad, 1, &r);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "row 601 of a model "
                "matrix of 600 rows", "a row past the end is an error");
  sim_free(&s);
}

/* The draws written into a model file and read back (p x B layout kept,
 * the seed too); a file written without them reads with none. */
static void test_model_file(void)
{
  char dir[] = "/tmp/pm-bootstrap-XXXXXX", path[64], plain[64];
  sim s;
  pm_gam_fit *fit = NULL;
  pm_draws *d = NULL;
  pm_model *m = NULL, *m0 = NULL;
  int st = mkdtemp(dir) ? sim_make(&s, "y ~ x", 0.3, 8) : PM_EIO;

  snprintf(path, sizeof path, "%s/boot.nc", dir);
  snprintf(plain, sizeof plain, "%s/plain.nc", dir);
  if (!st) st = pm_gam_fit_model(&fit, s.design, &s.m, &s.o);
  if (!st) st = pm_draws_bootstrap(&d, s.design, &s.m, &s.o, s.group, 5, 42,
                                   NULL);
  if (!st) {
    pm_model_bootstrap b = {d->ndraws, d->B, d->seed};
    st = pm_model_write_bootstrap(path, s.design, fit, &s.o, NULL, NULL, &b);
  }
  if (!st) st = pm_model_read(&m, path);
  pm_test_ok(!st && m->nbootstrap == 5 && m->bootstrap_seed == 42 &&
                 memcmp(m->bootstrap, d->B, 10 * sizeof *d->B) == 0,
             "bootstrap coefficients survive the model file");
  if (!st) st = pm_model_write(plain, s.design, fit, &s.o, NULL);
  if (!st) st = pm_model_read(&m0, plain);
  pm_test_ok(!st && m0->nbootstrap == 0 && m0->bootstrap == NULL,
             "a model file without them reads with none");
  if (st) printf("# %s\n", pm_error_message());
  pm_model_free(m);
  pm_model_free(m0);
  pm_draws_free(d);
  pm_gam_fit_free(fit);
  sim_free(&s);
  unlink(path);
  unlink(plain);
  rmdir(dir);
}

int main(void)
{
  test_matrix_rows();
  test_independent_groups();
  test_correlated_groups();
  test_reproducible();
  test_failed_refits();
  test_bad_input();
  test_model_file();
  return pm_test_done();
}
