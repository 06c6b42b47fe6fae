/* test_smooth_test.c: tests of smooth terms (Wood 2013) and of sums of
 * chi-squared variables, against mgcv 1.8-41 and hand computations.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_smooth_test.h"
#include "pm_test.h"

#define DIR "tests/data/model/smooth_test/"
#define MAXQ 16
#define MAXR 32
#define MAXN 8

typedef struct {
  size_t q, nr;
  double rank, res_df, ref_df, stat, p_value;
  double beta[MAXQ], R[MAXR * MAXQ], V[MAXQ * MAXQ];
} oracle_t;

static int read_values(FILE *f, double *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (fscanf(f, "%lf", v + i) != 1) return 0;
  return 1;
}

/* One smooth's oracle file, written by make_oracles.R. */
static int read_oracle(const char *name, oracle_t *o)
{
  FILE *f = fopen(pm_test_path(name), "r");
  char key[64];
  int ok = f != NULL;
  memset(o, 0, sizeof *o);
  while (ok && fscanf(f, "%63s", key) == 1) {
    if (key[0] == '#') ok = fscanf(f, "%*[^\n]") != EOF;
    else if (!strcmp(key, "q")) ok = fscanf(f, "%zu", &o->q) == 1 && o->q <= MAXQ;
    else if (!strcmp(key, "nr")) ok = fscanf(f, "%zu", &o->nr) == 1 && o->nr <= MAXR;
    else if (!strcmp(key, "rank")) ok = read_values(f, &o->rank, 1);
    else if (!strcmp(key, "res_df")) ok = read_values(f, &o->res_df, 1);
    else if (!strcmp(key, "ref_df")) ok = read_values(f, &o->ref_df, 1);
    else if (!strcmp(key, "stat")) ok = read_values(f, &o->stat, 1);
    else if (!strcmp(key, "p_value")) ok = read_values(f, &o->p_value, 1);
    else if (!strcmp(key, "beta")) ok = read_values(f, o->beta, o->q);
    else if (!strcmp(key, "R")) ok = read_values(f, o->R, o->nr * o->q);
    else if (!strcmp(key, "V")) ok = read_values(f, o->V, o->q * o->q);
    else ok = read_values(f, &(double){0}, 1); /* edf1: not needed */
  }
  if (f) fclose(f);
  return ok && o->q > 0 && o->nr > 0;
}

/* mgcv's summary.gam table for each smooth of the reference fits. */
static void test_against_mgcv(void)
{
  static const char *files[] = {
      "gam_binomial_cr.stemp", "gam_binomial_cr.slogdepth",
      "gam_binomial_cr.soxy", "gam_tweedie_fixed_p.stemp",
      "gam_tweedie_fixed_p.slogdepth", "small_binomial.stemp",
      "small_binomial.slon", "small_binomial.slat", "small_binomial.soxy",
      "small_tweedie.soxy", "small_tweedie.slon", "small_tweedie.slat",
      "small_tweedie.stemp"};
  char path[256];
  oracle_t o;
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    pm_smooth_test_result r = {0, 0, 0};
    int status;
    snprintf(path, sizeof path, DIR "%s.txt", files[i]);
    if (!pm_test_ok(read_oracle(path, &o), "%s: oracle file read", files[i]))
      continue;
    status = pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, o.rank,
                            o.res_df, &r);
    pm_test_ok(status == PM_SUCCESS, "%s: status %d %s", files[i], status,
               pm_error_message());
    pm_test_rel(r.stat, o.stat, 1e-9, "%s: statistic", files[i]);
    pm_test_rel(r.ref_df, o.ref_df, 1e-9, "%s: reference df", files[i]);
    /* p-values below 1e-6 from Davies's method (fractional rank) are at
     * its absolute accuracy 2e-5 in mgcv (exact 0 outside its range, or
     * round-off around 0): compared to 1e-10 absolute; others (and the
     * chi-squared or F ones of an integer rank) to 1e-9 relative. */
    if (o.rank != floor(o.rank) && fabs(o.p_value) < 1e-6)
      pm_test_ok(fabs(r.p_value - o.p_value) <= 1e-10,
                 "%s: p-value %.17g (mgcv %.17g) within 1e-10", files[i],
                 r.p_value, o.p_value);
    else
      pm_test_rel(r.p_value, o.p_value, 1e-9, "%s: p-value", files[i]);
  }
}

/* Lines "x n lambda[n] df[n] p1 p2" of chisq_sum.txt or liu.txt. */
static int read_sum(FILE *f, double *x, size_t *n, double *lb, int *df,
                    double *p1, double *p2)
{
  double v[MAXN];
  if (fscanf(f, "%lf %zu", x, n) != 2 || *n > MAXN) return 0;
  if (!read_values(f, lb, *n) || !read_values(f, v, *n)) return 0;
  for (size_t j = 0; j < *n; j++) df[j] = (int)v[j];
  return read_values(f, p1, 1) && read_values(f, p2, 1);
}

static FILE *open_table(const char *name)
{
  FILE *f = fopen(pm_test_path(name), "r");
  if (f && fscanf(f, "%*[^\n]") == EOF) { /* header line */
    fclose(f);
    f = NULL;
  }
  pm_test_ok(f != NULL, "%s opened", name);
  return f;
}

/* mgcv:::psum.chisq at its defaults, and the reference value (pchisq for
 * one term, psum.chisq at accuracy 1e-11 otherwise). */
static void test_sums_against_r(void)
{
  FILE *f = open_table(DIR "chisq_sum.txt");
  double x, lb[MAXN], pm, pref, p;
  int df[MAXN], line = 0;
  size_t n;
  while (f && read_sum(f, &x, &n, lb, df, &pm, &pref)) {
    line++;
    pm_chisq_sum_upper_tol(x, lb, df, n, 2e-5, 100000, &p);
    if (fabs(pm) < 1e-6)
      pm_test_ok(fabs(p - pm) <= 1e-12, "chisq_sum.txt case %d: psum.chisq "
                 "%.17g, got %.17g", line, pm, p);
    else
      pm_test_rel(p, pm, 1e-7, "chisq_sum.txt case %d: as psum.chisq", line);
    pm_chisq_sum_upper(x, lb, df, n, &p);
    pm_test_ok(fabs(p - pref) <= 2e-10, "chisq_sum.txt case %d: %.17g "
               "within 2e-10 of the reference %.17g", line, p, pref);
  }
  pm_test_ok(line == 15, "chisq_sum.txt: %d cases", line);
  if (f) fclose(f);
}

/* The Liu et al. (2009) fallback when Davies's method fails (term limit 1). */
static void test_liu_fallback(void)
{
  FILE *f = open_table(DIR "liu.txt");
  double x, lb[MAXN], pfb, pliu, p;
  int df[MAXN], line = 0;
  size_t n;
  while (f && read_sum(f, &x, &n, lb, df, &pfb, &pliu)) {
    line++;
    pm_test_ok(pm_chisq_sum_upper_tol(x, lb, df, n, 2e-5, 1, &p) == 0,
               "liu.txt case %d: status", line);
    pm_test_rel(p, pfb, 1e-9, "liu.txt case %d: as mgcv's liu2", line);
  }
  pm_test_ok(line == 4, "liu.txt: %d cases", line);
  if (f) fclose(f);
}

/* Closed forms: chi2(2) tail exp(-y/2); chi2(6) tail exp(-y/2)(1 + y/2 +
 * y^2/8); chi2(1) tail erfc(sqrt(y/2)); X1 - X2 with X1, X2 ~ chi2(2)
 * independent is Laplace with scale 2. */
static void test_hand_cases(void)
{
  double p, y, l1[1] = {1.0}, l3[1] = {3.0}, leq[2] = {1.5, 1.5};
  double ldiff[2] = {1.0, -1.0};
  int d1[1] = {1}, d2[1] = {2}, d24[2] = {2, 4}, d22[2] = {2, 2};
  pm_chisq_sum_upper(5.0, l1, d2, 1, &p);
  pm_test_rel(p, exp(-2.5), 1e-9, "1 chi2(2) > 5: exp(-5/2)");
  pm_chisq_sum_upper(7.5, l3, d1, 1, &p);
  pm_test_rel(p, erfc(sqrt(1.25)), 1e-9, "3 chi2(1) > 7.5: erfc(sqrt(1.25))");
  pm_chisq_sum_upper(9.0, leq, d24, 2, &p);
  y = 9.0 / 1.5;
  pm_test_rel(p, exp(-y / 2) * (1 + y / 2 + y * y / 8), 1e-9,
              "1.5 chi2(2) + 1.5 chi2(4) > 9: 1.5 chi2(6) tail");
  pm_chisq_sum_upper(0.0, ldiff, d22, 2, &p);
  pm_test_ok(fabs(p - 0.5) <= 1e-10, "chi2(2) - chi2(2) > 0: 1/2 (%.17g)", p);
  pm_chisq_sum_upper(1.0, ldiff, d22, 2, &p);
  pm_test_ok(fabs(p - 0.5 * exp(-0.5)) <= 1e-10,
             "chi2(2) - chi2(2) > 1: exp(-1/2)/2 (%.17g)", p);
  pm_chisq_sum_upper(-1.0, l1, d2, 1, &p);
  pm_test_ok(p == 1.0, "chi2(2) > -1: 1 (%.17g)", p);
}

static void test_chisq_errors(void)
{
  double p, l[2] = {1.0, 2.0}, lnan[2] = {1.0, NAN}, lzero[2] = {0.0, 0.0};
  int df[2] = {1, 1}, df0[2] = {1, 0};
  pm_test_error(pm_chisq_sum_upper(1.0, l, df, 0, &p), PM_EINPUT,
                pm_error_message(), "no terms", "chisq sum: no terms");
  pm_test_error(pm_chisq_sum_upper(1.0, lnan, df, 2, &p), PM_EINPUT,
                pm_error_message(), "lambda[1] is nan", "chisq sum: NaN weight");
  pm_test_error(pm_chisq_sum_upper(INFINITY, l, df, 2, &p), PM_EINPUT,
                pm_error_message(), "must be finite", "chisq sum: x infinite");
  pm_test_error(pm_chisq_sum_upper(1.0, l, df0, 2, &p), PM_EINPUT,
                pm_error_message(), "df[1] is 0", "chisq sum: zero df");
  pm_test_error(pm_chisq_sum_upper(1.0, lzero, df, 2, &p), PM_EINPUT,
                pm_error_message(), "all 2 weights are zero",
                "chisq sum: all weights zero");
  pm_test_error(pm_chisq_sum_upper_tol(1.0, l, df, 2, -1.0, 10, &p),
                PM_EINPUT, pm_error_message(), "must be positive",
                "chisq sum: negative accuracy");
}

static void test_smooth_errors(void)
{
  oracle_t o;
  pm_smooth_test_result r;
  double save;
  if (!pm_test_ok(read_oracle(DIR "small_binomial.slon.txt", &o),
                  "error cases: oracle read"))
    return;
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, 0, o.rank, -1, &r),
                PM_EINPUT, pm_error_message(), "has 0 coefficients",
                "smooth test: q = 0");
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, 2, o.q, o.rank, -1, &r),
                PM_EINPUT, pm_error_message(), "leading dimension 2",
                "smooth test: ldr < q");
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, NAN, -1, &r),
                PM_EINPUT, pm_error_message(), "rank (the term's EDF) is nan",
                "smooth test: rank NaN");
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, 0.0, -1, &r),
                PM_EINPUT, pm_error_message(), "must be positive",
                "smooth test: rank 0");
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, o.rank,
                               INFINITY, &r),
                PM_EINPUT, pm_error_message(), "residual df is inf",
                "smooth test: residual df infinite");
  o.beta[3] = NAN;
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, o.rank, -1, &r),
                PM_EINPUT, pm_error_message(), "non-finite",
                "smooth test: NaN coefficient");
  o.beta[3] = 0.0;
  save = o.R[5 * o.q + 2];
  o.R[5 * o.q + 2] = INFINITY;
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, o.rank, -1, &r),
                PM_EINPUT, pm_error_message(), "non-finite",
                "smooth test: infinite R element");
  o.R[5 * o.q + 2] = save;
  o.V[2 * o.q + 2] = -o.V[2 * o.q + 2];
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, o.rank, -1, &r),
                PM_EINPUT, pm_error_message(), "not positive definite",
                "smooth test: V not positive definite");
  o.V[2 * o.q + 2] = -o.V[2 * o.q + 2];
  memset(o.R, 0, sizeof o.R);
  pm_test_error(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, o.rank, -1, &r),
                PM_ENUMERIC, pm_error_message(), "no positive eigenvalue",
                "smooth test: zero R block");
}

/* testStat called directly with other ranks (below 1, fractional, integer)
 * and residual df on the gam_binomial_cr s(oxy) term. */
static void test_other_ranks(void)
{
  FILE *f = open_table(DIR "teststat.txt");
  double rank, res_df, d, rank_out, pval;
  int line = 0;
  oracle_t o;
  if (!pm_test_ok(read_oracle(DIR "gam_binomial_cr.soxy.txt", &o),
                  "other ranks: oracle read")) {
    if (f) fclose(f);
    return;
  }
  while (f && fscanf(f, "%lf %lf %lf %lf %lf", &rank, &res_df, &d, &rank_out,
                     &pval) == 5) {
    pm_smooth_test_result r = {0, 0, 0};
    line++;
    pm_test_ok(pm_smooth_test(o.beta, o.V, o.R, o.nr, o.q, o.q, rank, res_df,
                              &r) == 0, "teststat.txt case %d: status", line);
    pm_test_rel(r.stat, res_df > 0 ? d / rank_out : d, 1e-9,
                "teststat.txt case %d: rank %g, res_df %g: statistic", line,
                rank, res_df);
    pm_test_rel(r.ref_df, rank_out, 1e-12, "teststat.txt case %d: rank", line);
    pm_test_rel(r.p_value, pval, 1e-9, "teststat.txt case %d: p-value", line);
  }
  pm_test_ok(line == 6, "teststat.txt: %d cases", line);
  if (f) fclose(f);
}

int main(void)
{
  test_against_mgcv();
  test_sums_against_r();
  test_liu_fallback();
  test_other_ranks();
  test_hand_cases();
  test_chisq_errors();
  test_smooth_errors();
  return pm_test_done();
}
