/* test_gam.c: the GLM/GAM fit against the mgcv and glm reference fits of
 * tests/data/model/reference (R 4.2.2, mgcv 1.8-41, MASS 7.3), at the
 * tolerances of its README, and against known coefficients of simulated data.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_design.h"
#include "pm_error.h"
#include "pm_formula.h"
#include "gam_internal.h"
#include "pm_frame.h"
#include "pm_gam.h"
#include "pm_test.h"
#include "pm_test_fit.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REF "tests/data/model/reference/"

/* ---- the reference files ------------------------------------------------ */

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  char *s = NULL;
  long n;

  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  rewind(f);
  s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
    free(s);
    s = NULL;
  }
  if (s) s[n] = 0;
  fclose(f);
  return s;
}

/* The text after "key": in `json` (within the object `within` when not
 * NULL), or NULL. */
static const char *json_at(const char *json, const char *within,
                           const char *key)
{
  char pattern[256];
  const char *p = json, *end = NULL;

  if (within) {
    snprintf(pattern, sizeof pattern, "\"%s\":", within);
    if (!(p = strstr(json, pattern))) return NULL;
    end = strchr(p, '}');
  }
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  p = strstr(p, pattern);
  if (!p || (end && p > end)) return NULL;
  p += strlen(pattern);
  while (*p == ' ') p++;
  return p;
}

static double json_number(const char *json, const char *within,
                          const char *key)
{
  const char *p = json_at(json, within, key);
  return p ? strtod(p, NULL) : NAN;
}

static void json_string(const char *json, const char *key, char *out,
                        size_t size)
{
  const char *p = json_at(json, NULL, key), *q;

  out[0] = 0;
  if (!p || *p != '"' || !(q = strchr(p + 1, '"'))) return;
  snprintf(out, size, "%.*s", (int)(q - p - 1), p + 1);
}

/* Column `col` (0-based) of a CSV file with a header, every row. */
static double *csv_column(const char *path, const char *name, size_t *n)
{
  const char *names[1] = {name};
  pm_frame *f = NULL;
  const pm_column *c;
  double *x = NULL;

  if (pm_frame_read_csv(&f, path, names, 1) == PM_SUCCESS &&
      pm_frame_column(f, name, &c) == PM_SUCCESS && c->x) {
    *n = pm_frame_nrows(f);
    x = malloc(*n * sizeof *x);
    if (x) memcpy(x, c->x, *n * sizeof *x);
  }
  pm_frame_free(f);
  return x;
}

/* ---- one case ----------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *family;  /* pm_family_from_name */
  const char *data;    /* profiles.csv or the positive-biomass subset */
  double theta, p;     /* fixed values, 0 when estimated or unused */
  pm_gam_method method;
  int month_knots;     /* mgcv's knots = list(month = c(0.5, 12.5)) */
  int local;           /* an oracle of tests/data/model (its R script next
                          to it): summary values only */
  double edf_tol;      /* EDF per smooth: 0.05 unless given */
  double se_tol;       /* se_eta, relative: 1% unless given */
  const char *knots_var; /* mgcv's knots = list(var = ...) from the case's
                            <name>.knots.csv, or NULL */
} ref_case;

/* The knots of rc->knots_var from the case's knots file, if any. */
static int set_case_knots(const ref_case *rc, pm_formula *f)
{
  char path[512];
  size_t n = 0;
  double *kn;
  int status;
  if (!rc->knots_var) return PM_SUCCESS;
  snprintf(path, sizeof path, REF "%s.knots.csv", rc->name);
  kn = csv_column(pm_test_path(path), rc->knots_var, &n);
  if (!kn) return PM_EIO;
  status = pm_formula_set_knots(f, rc->knots_var, kn, n);
  free(kn);
  return status;
}

static int fit_case(const ref_case *rc, const char *json, fitted *f)
{
  char formula[1024];
  const char *const *cols;
  size_t ncols;
  pm_gam_options o;
  pm_family fam;
  static const double month_knots[2] = {0.5, 12.5};
  int status;

  memset(f, 0, sizeof *f);
  json_string(json, "formula", formula, sizeof formula);
  status = pm_formula_parse(&f->formula, formula);
  if (status == PM_SUCCESS && rc->month_knots)
    status = pm_formula_set_knots(f->formula, "month", month_knots, 2);
  if (status == PM_SUCCESS) status = set_case_knots(rc, f->formula);
  if (status == PM_SUCCESS)
    status = pm_formula_columns(f->formula, &cols, &ncols);
  if (status == PM_SUCCESS)
    status = pm_frame_read_csv(&f->frame, rc->data, cols, ncols);
  if (status == PM_SUCCESS)
    status = pm_design_alloc(&f->design, f->formula, f->frame);
  if (status == PM_SUCCESS)
    status = pm_design_matrix(f->design, f->frame, 1, &f->m);
  if (status == PM_SUCCESS) status = pm_family_from_name(&fam, rc->family);
  if (status == PM_SUCCESS) {
    pm_gam_options_default(&o, &fam);
    if (rc->theta > 0) o.family.theta = rc->theta, o.estimate_theta = 0;
    if (rc->p > 0) o.family.p = rc->p, o.estimate_p = 0;
    o.method = rc->method;
    status = pm_gam_fit_model(&f->fit, f->design, &f->m, &o);
  }
  if (status != PM_SUCCESS)
    printf("# %s: %s\n", rc->name, pm_error_message());
  return status;
}

static void check_glm(const ref_case *rc, const char *json, const fitted *f)
{
  size_t j;

  for (j = 0; j < f->design->nparametric; j++) {
    const char *name = f->design->colnames[j];
    pm_test_rel(f->fit->beta[j], json_number(json, "coefficients", name),
                1e-6, "%s: coefficient %s", rc->name, name);
    pm_test_rel(sqrt(f->fit->Vp[j * f->fit->p + j]),
                json_number(json, "std_errors", name), 1e-4,
                "%s: standard error of %s", rc->name, name);
  }
  pm_test_rel(f->fit->deviance, json_number(json, NULL, "deviance"), 1e-8,
              "%s: deviance", rc->name);
  pm_test_rel(f->fit->null_deviance, json_number(json, NULL, "null_deviance"),
              1e-8, "%s: null deviance", rc->name);
  pm_test_rel(f->fit->aic, json_number(json, NULL, "aic"), 1e-8, "%s: AIC",
              rc->name);
  if (json_at(json, NULL, "theta"))
    pm_test_rel(f->fit->family.theta, json_number(json, NULL, "theta"), 1e-6,
                "%s: theta", rc->name);
  if (json_at(json, NULL, "dispersion"))
    pm_test_rel(f->fit->scale, json_number(json, NULL, "dispersion"), 1e-6,
                "%s: dispersion", rc->name);
}

/* A GLM whose family parameter mgcv estimated (tw()): mgcv's own
 * convergence tolerances apply. */
static void check_local_glm(const ref_case *rc, const char *json,
                            const fitted *f)
{
  size_t j;

  for (j = 0; j < f->design->nparametric; j++)
    pm_test_rel(f->fit->beta[j],
                json_number(json, "coefficients", f->design->colnames[j]),
                1e-4, "%s: coefficient %s", rc->name,
                f->design->colnames[j]);
  pm_test_rel(f->fit->deviance, json_number(json, NULL, "deviance"), 1e-4,
              "%s: deviance", rc->name);
  pm_test_rel(f->fit->family.p, json_number(json, NULL, "tweedie_p"), 0.01,
              "%s: Tweedie p", rc->name);
}

/* The two ziP() parameters, "zip_theta": [theta_1, theta_2], each within
 * 1% relative. */
static void check_zip_theta(const ref_case *rc, const char *json,
                            const fitted *f)
{
  const char *p = json_at(json, NULL, "zip_theta");
  char *end;
  double ref[2];
  int k;

  ref[0] = strtod(p + 1, &end);
  ref[1] = strtod(end + 1, NULL);
  for (k = 0; k < 2; k++)
    pm_test_rel(f->fit->family.zip[k], ref[k], 0.01,
                "%s: ziP theta_%d %.6g (mgcv %.6g)", rc->name, k + 1,
                f->fit->family.zip[k], ref[k]);
}

/* theta or p estimated with the smoothing parameters by one Newton
 * iteration: mgcv's optimum, the deviance and REML score to 1e-6 and the
 * parameter to 1e-4 (the score is flat in a smoothing parameter that heads
 * for infinity, where the two stop at slightly different points). */
static void check_joint_optimum(const ref_case *rc, const char *json,
                                const fitted *f)
{
  int tw = json_at(json, NULL, "tweedie_p") != NULL;

  pm_test_rel(f->fit->deviance, json_number(json, NULL, "deviance"), 1e-6,
              "%s: deviance within 1e-6 of mgcv's", rc->name);
  pm_test_rel(f->fit->criterion, json_number(json, NULL, "criterion"), 1e-6,
              "%s: REML score within 1e-6 of mgcv's", rc->name);
  pm_test_rel(tw ? f->fit->family.p : f->fit->family.theta,
              json_number(json, NULL, tw ? "tweedie_p" : "theta"), 1e-4,
              "%s: %s within 1e-4 of mgcv's", rc->name, tw ? "p" : "theta");
}

static void check_gam(const ref_case *rc, const char *json, const fitted *f)
{
  size_t b;
  double p_ref;

  pm_test_rel(f->fit->deviance, json_number(json, NULL, "deviance"), 1e-4,
              "%s: deviance (relative difference %.1g)", rc->name,
              fabs(f->fit->deviance / json_number(json, NULL, "deviance") - 1));
  if (json_at(json, NULL, "null_deviance"))
    pm_test_rel(f->fit->null_deviance,
                json_number(json, NULL, "null_deviance"), 1e-4,
                "%s: null deviance", rc->name);
  pm_test_ok(f->fit->converged, "%s: converged", rc->name);
  printf("# %s: criterion %.10g (mgcv %.10g), scale %.6g (mgcv %.6g)\n",
         rc->name, f->fit->criterion, json_number(json, NULL, "criterion"),
         f->fit->scale, json_number(json, NULL, "scale"));
  for (b = 0; b < f->design->npenalties; b++)
    printf("# %s: smoothing parameter %s %.8g (mgcv %.8g)\n", rc->name,
           f->design->penalties[b].label, f->fit->sp[b],
           json_number(json, "smoothing_parameters",
                       f->design->penalties[b].label));
  for (b = 0; b < f->design->nblocks; b++) {
    const pm_design_block *blk = &f->design->blocks[b];
    const pm_gam_term_summary *t = &f->fit->terms[b];
    double edf_ref;
    if (!blk->smooth) continue;
    edf_ref = json_number(json, "edf_smooth", blk->label);
    pm_test_ok(fabs(t->edf - edf_ref) <= (rc->edf_tol > 0 ? rc->edf_tol : 0.05),
               "%s: EDF of %s %.4f (mgcv %.4f)", rc->name, blk->label, t->edf,
               edf_ref);
    p_ref = json_number(json, "smooth_p_value", blk->label);
    /* mgcv tests a smooth without an unpenalized null space (cc, cs, ts)
     * with its reTest, which plankmap's summary does not implement: only
     * the others' p-values (Wood 2013) are compared */
    if (p_ref > 1e-10 &&
        pm_smooth_penalty_rank(blk->smooth) < pm_smooth_ncoef(blk->smooth))
      pm_test_rel(t->p_value, p_ref, 0.1, "%s: p-value of %s", rc->name,
                  blk->label);
    /* with mgcv's weights reproduced, its test of a smooth too (not of a
     * random effect, which mgcv tests otherwise) */
    if (rc->edf_tol > 0 && blk->nlevels == 0) {
      pm_test_ok(fabs(t->ref_df -
                      json_number(json, "smooth_ref_df", blk->label)) <=
                     rc->edf_tol,
                 "%s: Ref.df of %s", rc->name, blk->label);
      pm_test_rel(t->stat, json_number(json, "smooth_test_stat", blk->label),
                  1e-3, "%s: test statistic of %s", rc->name, blk->label);
    }
    printf("# %s %s: ref.df %.4f (mgcv %.4f) stat %.6g (mgcv %.6g)\n",
           rc->name, blk->label, t->ref_df,
           json_number(json, "smooth_ref_df", blk->label), t->stat,
           json_number(json, "smooth_test_stat", blk->label));
  }
  if (json_at(json, NULL, "theta"))
    pm_test_rel(f->fit->family.theta, json_number(json, NULL, "theta"), 0.01,
                "%s: theta %.6g (mgcv %.6g)", rc->name, f->fit->family.theta,
                json_number(json, NULL, "theta"));
  if (json_at(json, NULL, "tweedie_p"))
    pm_test_rel(f->fit->family.p, json_number(json, NULL, "tweedie_p"), 0.01,
                "%s: Tweedie p %.6g (mgcv %.6g)", rc->name, f->fit->family.p,
                json_number(json, NULL, "tweedie_p"));
  if (json_at(json, NULL, "zip_theta")) check_zip_theta(rc, json, f);
  if ((json_at(json, NULL, "theta") || json_at(json, NULL, "tweedie_p")) &&
      rc->theta == 0 && rc->p == 0 && rc->method == PM_METHOD_REML)
    check_joint_optimum(rc, json, f);
}

/* Every fitted mu within 1e-3 relative (GLMs: 1e-6).  mgcv's fitted value
 * of ziP() is its linear predictor, which crosses 0: within 1e-3 absolute,
 * as predicted eta. */
static void check_fitted(const ref_case *rc, const fitted *f, double tol)
{
  char path[512];
  size_t n = 0, i, bad = 0;
  double *mu, worst = 0;

  snprintf(path, sizeof path, REF "%s.fitted.csv", rc->name);
  mu = csv_column(pm_test_path(path), "mu", &n);
  pm_test_ok(mu && n == f->fit->n, "%s: %zu fitted values", rc->name, n);
  for (i = 0; mu && n == f->fit->n && i < n; i++) {
    double r = fabs(f->fit->mu[i] - mu[i]) /
               (f->fit->family.kind == PM_FAMILY_ZIP ? 1 : fabs(mu[i]));
    worst = fmax(worst, r);
    bad += !(r <= tol);
  }
  pm_test_ok(mu && bad == 0, "%s: every fitted mu within %g (worst %.2g)",
             rc->name, tol, worst);
  free(mu);
}

/* Predicted eta within 1e-3 absolute and se_eta within 1% (or the case's
 * own tolerance). */
static void check_predict(const ref_case *rc, const fitted *f)
{
  char path[512];
  const char *const *cols;
  size_t ncols, n = 0, i, bad_eta = 0, bad_se = 0;
  pm_frame *nf = NULL;
  pm_model_matrix m;
  double *eta_ref, *se_ref, *eta = NULL, *se = NULL, we = 0, ws = 0;
  double se_tol = rc->se_tol > 0 ? rc->se_tol : 0.01;
  int status;

  snprintf(path, sizeof path, REF "%s.predict.csv", rc->name);
  eta_ref = csv_column(pm_test_path(path), "eta", &n);
  se_ref = csv_column(pm_test_path(path), "se_eta", &n);
  memset(&m, 0, sizeof m);
  status = pm_formula_columns(f->formula, &cols, &ncols);
  /* new data have no response column */
  if (status == PM_SUCCESS)
    status = pm_frame_read_csv(&nf, pm_test_path(path), cols + 1, ncols - 1);
  if (status == PM_SUCCESS) status = pm_design_matrix(f->design, nf, 0, &m);
  eta = malloc((m.n + 1) * sizeof *eta);
  se = malloc((m.n + 1) * sizeof *se);
  if (status == PM_SUCCESS) status = pm_gam_predict(f->fit, &m, eta, se, NULL);
  pm_test_ok(status == PM_SUCCESS && m.n == n && eta_ref && se_ref,
             "%s: predicted %zu new rows", rc->name, n);
  if (status != PM_SUCCESS) printf("# %s\n", pm_error_message());
  for (i = 0; status == PM_SUCCESS && m.n == n && i < n; i++) {
    we = fmax(we, fabs(eta[i] - eta_ref[i]));
    ws = fmax(ws, fabs(se[i] - se_ref[i]) / se_ref[i]);
    bad_eta += !(fabs(eta[i] - eta_ref[i]) <= 1e-3);
    bad_se += !(fabs(se[i] - se_ref[i]) <= se_tol * se_ref[i]);
  }
  pm_test_ok(status == PM_SUCCESS && bad_eta == 0,
             "%s: predicted eta within 1e-3 (worst %.2g)", rc->name, we);
  pm_test_ok(status == PM_SUCCESS && bad_se == 0,
             "%s: se_eta within %g (worst %.2g)", rc->name, se_tol, ws);
  free(eta_ref);
  free(se_ref);
  free(eta);
  free(se);
  pm_model_matrix_free(&m);
  pm_frame_free(nf);
}

/* A reference case; the user-knots case has only its own small oracle
 * (tests/data/model/cyclic_knots.R) and no fitted or predicted values. */
static void run_case(const ref_case *rc)
{
  char path[512];
  char *json;
  fitted f;

  if (rc->local)
    snprintf(path, sizeof path, "tests/data/model/%s.expected.json", rc->name);
  else
    snprintf(path, sizeof path, REF "%s.expected.json", rc->name);
  json = slurp(pm_test_path(path));
  if (!pm_test_ok(json != NULL, "%s: reference read", rc->name)) return;
  if (pm_test_ok(fit_case(rc, json, &f) == PM_SUCCESS, "%s: fitted", rc->name)) {
    int glm = strstr(json, "\"kind\": \"glm\"") != NULL;
    if (glm && rc->local)
      check_local_glm(rc, json, &f);
    else if (glm)
      check_glm(rc, json, &f);
    else
      check_gam(rc, json, &f);
    if (!rc->local) {
      check_fitted(rc, &f, glm ? 1e-6 : 1e-3);
      check_predict(rc, &f);
    }
  }
  fitted_free(&f);
  free(json);
}

/* ---- simulated data and diagnostics ---------------------------------- */

/* Fit `formula` to the CSV at `path`; the status, the fit in *fit. */
/* theta > 0 fixes the negative binomial's theta. */
static int fit_file_rows(const char *path, const char *formula,
                         const char *family, int max_iter,
                         size_t performance_rows, double param, fitted *f)
{
  const char *const *cols;
  size_t ncols;
  pm_gam_options o;
  pm_family fam;
  int status;

  memset(f, 0, sizeof *f);
  status = pm_formula_parse(&f->formula, formula);
  if (status == PM_SUCCESS) status = pm_formula_columns(f->formula, &cols, &ncols);
  if (status == PM_SUCCESS) status = pm_frame_read_csv(&f->frame, path, cols, ncols);
  if (status == PM_SUCCESS) status = pm_design_alloc(&f->design, f->formula, f->frame);
  if (status == PM_SUCCESS) status = pm_design_matrix(f->design, f->frame, 1, &f->m);
  if (status == PM_SUCCESS) status = pm_family_from_name(&fam, family);
  if (status == PM_SUCCESS) {
    pm_gam_options_default(&o, &fam);
    if (max_iter > 0) o.max_iter = max_iter;
    o.performance_rows = performance_rows;
    /* a negative binomial theta or a Tweedie power held fixed */
    if (param > 0 && fam.kind == PM_FAMILY_TWEEDIE)
      o.family.p = param, o.estimate_p = 0;
    else if (param > 0)
      o.family.theta = param, o.estimate_theta = 0;
    status = pm_gam_fit_model(&f->fit, f->design, &f->m, &o);
  }
  return status;
}

static int fit_file(const char *path, const char *formula, const char *family,
                    int max_iter, fitted *f)
{
  return fit_file_rows(path, formula, family, max_iter, 100000, 0, f);
}

/* The large-table path (performance iteration first, Newton steps with
 * the fixed-W Hessian) reaches the optimum of the exact path: the same
 * deviance and EDF on the same data. */
static void performance_path(const char *path, const fitted *exact)
{
  fitted f;

  if (!exact->fit) return;
  if (pm_test_ok(fit_file_rows(path, "y ~ x1 + x2 + s(x3, bs='cr', k=10)",
                               "poisson", 0, 1000, 0, &f) == PM_SUCCESS,
                 "simulated: fitted by the large-table path")) {
    pm_test_rel(f.fit->deviance, exact->fit->deviance, 1e-7,
                "simulated: large-table path, same deviance");
    pm_test_ok(fabs(f.fit->terms[3].edf - exact->fit->terms[3].edf) < 0.05,
               "simulated: large-table path, EDF %.4f (exact path %.4f)",
               f.fit->terms[3].edf, exact->fit->terms[3].edf);
    pm_test_ok(f.fit->converged, "simulated: large-table path converged");
  }
  fitted_free(&f);
}

/* Poisson counts with log mean 0.5 + 0.8 x1 - 0.3 x2 + sin(2 pi x3),
 * x1, x2 standard normal, x3 uniform: the GLM recovers the coefficients
 * within 4 standard errors and the GAM the sine within 0.1 on the link
 * scale. */
static void recovery(const char *dir)
{
  char path[4096];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  FILE *out;
  size_t i, n = 20000, bad = 0;
  fitted f;
  const double truth[3] = {0.5, 0.8, -0.3};
  double worst = 0;

  snprintf(path, sizeof path, "%s/simulated.csv", dir);
  out = fopen(path, "w");
  gsl_rng_set(r, 20261123);
  fprintf(out, "y,x1,x2,x3\n");
  for (i = 0; i < n; i++) {
    double x1 = gsl_ran_gaussian(r, 1), x2 = gsl_ran_gaussian(r, 1);
    double x3 = gsl_rng_uniform(r);
    double eta = truth[0] + truth[1] * x1 + truth[2] * x2 + sin(2 * M_PI * x3);
    fprintf(out, "%u,%.6f,%.6f,%.6f\n", gsl_ran_poisson(r, exp(eta)), x1, x2, x3);
  }
  fclose(out);
  gsl_rng_free(r);
  if (pm_test_ok(fit_file(path, "y ~ x1 + x2 + s(x3, bs='cr', k=10)", "poisson",
                          0, &f) == PM_SUCCESS,
                 "simulated Poisson GAM fitted"))
    for (i = 0; i < 3; i++) {
      double se = sqrt(f.fit->Vp[i * f.fit->p + i]);
      pm_test_ok(fabs(f.fit->beta[i] - truth[i]) <= 4 * se,
                 "simulated: %s = %.4f within 4 se (%.4f) of %g",
                 f.design->colnames[i], f.fit->beta[i], se, truth[i]);
    }
  /* the smooth: eta minus the linear part against the true sine */
  for (i = 0; f.fit && i < f.m.n; i++) {
    const double *x = f.m.X + i * f.m.p;
    double s = f.fit->eta[i] - f.fit->beta[0] - f.fit->beta[1] * x[1] -
               f.fit->beta[2] * x[2];
    const pm_column *c3;
    pm_frame_column(f.frame, "x3", &c3);
    worst = fmax(worst, fabs(s - sin(2 * M_PI * c3->x[i])));
    bad += !(fabs(s - sin(2 * M_PI * c3->x[i])) <= 0.1);
  }
  pm_test_ok(f.fit && bad == 0, "simulated: s(x3) within 0.1 of sin(2 pi x3) "
             "(worst %.3f)", worst);
  pm_test_ok(f.fit && fabs(f.fit->terms[3].edf - 6) < 3,
             "simulated: EDF of s(x3) %.2f is that of a sine, between 3 and 9",
             f.fit ? f.fit->terms[3].edf : NAN);
  performance_path(path, &f);
  fitted_free(&f);
  unlink(path);
}

/* Gaussian responses 1 + 2 x + N(0, 0.5^2): the identity-link GLM recovers
 * the coefficients within 4 standard errors and the variance 0.25 within 5%. */
static void gaussian_recovery(const char *dir)
{
  char path[4096];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  FILE *out;
  size_t i;
  fitted f;
  const double truth[2] = {1, 2};

  snprintf(path, sizeof path, "%s/gaussian.csv", dir);
  out = fopen(path, "w");
  gsl_rng_set(r, 42);
  fprintf(out, "y,x\n");
  for (i = 0; i < 5000; i++) {
    double x = gsl_rng_uniform(r);
    fprintf(out, "%.8f,%.8f\n",
            truth[0] + truth[1] * x + gsl_ran_gaussian(r, 0.5), x);
  }
  fclose(out);
  gsl_rng_free(r);
  if (pm_test_ok(fit_file(path, "y ~ x", "gaussian", 0, &f) == PM_SUCCESS,
                 "simulated Gaussian GLM fitted")) {
    for (i = 0; i < 2; i++) {
      double se = sqrt(f.fit->Vp[i * f.fit->p + i]);
      pm_test_ok(fabs(f.fit->beta[i] - truth[i]) <= 4 * se,
                 "Gaussian: %s = %.4f within 4 se (%.4f) of %g",
                 f.design->colnames[i], f.fit->beta[i], se, truth[i]);
    }
    pm_test_rel(f.fit->scale, 0.25, 0.05, "Gaussian: residual variance");
  }
  fitted_free(&f);
  unlink(path);
}

/* A small CSV for the diagnostics. */
static void write_small(const char *path, const char *header,
                        const char *const *rows, size_t n)
{
  FILE *out = fopen(path, "w");
  size_t i;

  fprintf(out, "%s\n", header);
  for (i = 0; i < n; i++) fprintf(out, "%s\n", rows[i]);
  fclose(out);
}

static void diagnostics(const char *dir)
{
  char path[4096];
  fitted f;
  const char *rows[] = {"3,0.1,1", "5,0.4,2", "2,0.2,3",   "7,0.9,1",
                        "4,0.5,2", "6,0.7,3", "1,0.05,1", "8,1.0,2"};
  const char *negative[] = {"3,0.1,1", "-2,0.4,2", "2,0.2,3", "7,0.9,1"};
  const char *fraction[] = {"3,0.1,1", "2.5,0.4,2", "2,0.2,3", "7,0.9,1"};
  const char *binary[] = {"0,0.1,1", "1,0.4,2", "0,0.2,3", "1,0.9,1"};
  int status;

  snprintf(path, sizeof path, "%s/small.csv", dir);
  write_small(path, "y,x,g", rows, 8);
  status = fit_file(path, "y ~ x + I(2 * x)", "poisson", 0, &f);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "I(2 * x)",
                "collinear terms: an error naming them");
  pm_test_error(status, PM_EINPUT, pm_error_message(), "not identifiable",
                "collinear terms: says the model is not identifiable");
  fitted_free(&f);
  status = fit_file(path, "y ~ x", "poisson", 1, &f);
  pm_test_error(status, PM_ENUMERIC, pm_error_message(), "did not converge",
                "one IRLS iteration: no convergence, with what to try");
  fitted_free(&f);
  status = fit_file(path, "y ~ x", "binomial", 0, &f);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "small.csv:2:",
                "counts for a binomial response: the file and line are named");
  fitted_free(&f);
  write_small(path, "y,x,g", negative, 4);
  status = fit_file(path, "y ~ x", "poisson", 0, &f);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "small.csv:3:",
                "negative count: the file and line are named");
  fitted_free(&f);
  write_small(path, "y,x,g", fraction, 4);
  status = fit_file(path, "y ~ x", "poisson", 0, &f);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "whole",
                "non-integer Poisson count: an error");
  fitted_free(&f);
  write_small(path, "y,x,g", binary, 4);
  status = fit_file(path, "y ~ x", "ziP", 0, &f);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "use the binomial",
                "ziP on 0/1 data: an error naming the binomial family");
  fitted_free(&f);
  write_small(path, "y,x,g", rows, 8);
  status = fit_file(path, "y ~ s(x, bs='cr', k=10)", "poisson", 0, &f);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "unique values",
                "k above the number of unique values: an error");
  fitted_free(&f);
  unlink(path);
}

/* The positive-biomass rows of profiles.csv (the glm_gamma case). */
static const char *positive_biomass(const char *dir)
{
  static char out[512];
  char line[4096];
  FILE *in = fopen(pm_test_path(REF "profiles.csv"), "r"), *o;

  snprintf(out, sizeof out, "%s/positive.csv", dir);
  o = fopen(out, "w");
  if (!in || !o || !fgets(line, sizeof line, in)) exit(99);
  fputs(line, o);
  while (fgets(line, sizeof line, in)) {
    const char *last = strrchr(line, ',');
    if (last && strtod(last + 1, NULL) > 0) fputs(line, o);
  }
  fclose(in);
  fclose(o);
  return out;
}

/* The rows of the first 100 profiles of profiles.csv (P00001 to P00100:
 * the gam_negbin_re case). */
static const char *first_profiles(const char *dir)
{
  static char out[512];
  char line[4096];
  FILE *in = fopen(pm_test_path(REF "profiles.csv"), "r"), *o;

  snprintf(out, sizeof out, "%s/first_profiles.csv", dir);
  o = fopen(out, "w");
  if (!in || !o || !fgets(line, sizeof line, in)) exit(99);
  fputs(line, o);
  while (fgets(line, sizeof line, in))
    if (strncmp(line, "P00100,", 7) <= 0) fputs(line, o);
  fclose(in);
  fclose(o);
  return out;
}

/* A family parameter estimated jointly with the smoothing parameters, and
 * how it is held fixed: x is log theta or the Tweedie power p. */
typedef struct {
  const char *family, *formula;
  double h; /* the step in x either side of the estimate */
} joint_case;

static double joint_x(const joint_case *jc, const pm_gam_fit *fit)
{
  return strcmp(jc->family, "tweedie") == 0 ? fit->family.p
                                            : log(fit->family.theta);
}

static double joint_param(const joint_case *jc, double x)
{
  return strcmp(jc->family, "tweedie") == 0 ? x : exp(x);
}

/* The exact REML Hessian's column of the family parameter x against
 * central differences of the exact gradient, at the estimate (rho: log
 * lambda, log phi for the Tweedie, x). */
static void hessian_column(const fitted *est, const joint_case *jc)
{
  enum { NR_MAX = 8 };
  const double h = 1e-4;
  pm_gam_options o;
  pm_family fam;
  double rho[NR_MAX], g[NR_MAX], gp[NR_MAX], gm[NR_MAX], H[NR_MAX * NR_MAX];
  double Hs[NR_MAX * NR_MAX], V, worst = 0;
  size_t k, nr = 0, np = est->design->npenalties;
  int tw = strcmp(jc->family, "tweedie") == 0, status;

  pm_family_from_name(&fam, jc->family);
  pm_gam_options_default(&o, &fam);
  for (k = 0; k < np; k++) rho[nr++] = log(est->fit->sp[k]);
  if (tw) rho[nr++] = log(est->fit->scale);
  rho[nr++] = joint_x(jc, est->fit);
  status = pm_gam_reml_derivatives(est->design, &est->m, &o, rho, nr, &V, g,
                                   H);
  rho[nr - 1] += h;
  if (!status)
    status = pm_gam_reml_derivatives(est->design, &est->m, &o, rho, nr, &V,
                                     gp, Hs);
  rho[nr - 1] -= 2 * h;
  if (!status)
    status = pm_gam_reml_derivatives(est->design, &est->m, &o, rho, nr, &V,
                                     gm, Hs);
  for (k = 0; !status && k < nr; k++) {
    double c = (gp[k] - gm[k]) / (2 * h);
    worst = fmax(worst, fabs(H[k * nr + nr - 1] - c) / (1 + fabs(c)));
  }
  /* the step trades the differences' truncation error (1e-7 here) for the
   * noise of the inner iteration's tolerance in the gradient (1e-6 of a
   * component near zero) */
  pm_test_ok(!status && worst < 1e-5,
             "%s GAM: the exact Hessian's column of x is the central "
             "difference of the gradient (worst %.2g relative)",
             jc->family, worst);
  pm_test_error(pm_gam_reml_derivatives(est->design, &est->m, &o, rho,
                                        nr - 1, &V, g, H),
                PM_EINPUT, pm_error_message(), "coordinates",
                "%s GAM: the criterion's coordinates miscounted is an error",
                jc->family);
}

/* The family parameter and the smoothing parameters found by one Newton
 * iteration are the joint REML optimum: refitting with the parameter fixed
 * a little below and above gives higher criteria, and the parabola through
 * the three has its vertex at the estimate.  The large-table path
 * (the negative binomial: performance iteration with theta at its maximum
 * likelihood value; both: Newton steps with the fixed-W Hessian) reaches
 * the same optimum. */
static void joint_optimum(const char *profiles, const joint_case *jc)
{
  fitted est, lo, hi, large;
  double V, Vl, Vh, x, vertex, h = jc->h;

  memset(&lo, 0, sizeof lo);
  memset(&hi, 0, sizeof hi);
  memset(&large, 0, sizeof large);
  if (!pm_test_ok(fit_file_rows(profiles, jc->formula, jc->family, 0, 100000,
                                0, &est) == PM_SUCCESS,
                  "%s GAM: parameter estimated", jc->family)) {
    fitted_free(&est);
    return;
  }
  V = est.fit->criterion, x = joint_x(jc, est.fit);
  hessian_column(&est, jc);
  if (pm_test_ok(fit_file_rows(profiles, jc->formula, jc->family, 0, 100000,
                               joint_param(jc, x - h), &lo) == PM_SUCCESS &&
                     fit_file_rows(profiles, jc->formula, jc->family, 0,
                                   100000, joint_param(jc, x + h),
                                   &hi) == PM_SUCCESS,
                 "%s GAM: parameter fixed either side of the estimate",
                 jc->family)) {
    Vl = lo.fit->criterion, Vh = hi.fit->criterion;
    vertex = h * (Vl - Vh) / (2 * (Vl - 2 * V + Vh));
    pm_test_ok(Vl > V && Vh > V,
               "%s GAM: REML %.10g at %.6g is below %.10g and %.10g on "
               "either side", jc->family, V, x, Vl, Vh);
    /* the parabola's vertex within a twentieth of the step */
    pm_test_ok(fabs(vertex) < h / 20,
               "%s GAM: the criterion's vertex is %.2g from the estimate",
               jc->family, vertex);
  }
  if (pm_test_ok(fit_file_rows(profiles, jc->formula, jc->family, 0, 1000, 0,
                               &large) == PM_SUCCESS,
                 "%s GAM: fitted by the large-table path", jc->family)) {
    pm_test_rel(joint_x(jc, large.fit), x, 1e-5,
                 "%s GAM: large-table path, same parameter", jc->family);
    pm_test_rel(large.fit->criterion, V, 1e-8,
                "%s GAM: large-table path, same criterion", jc->family);
  }
  fitted_free(&est);
  fitted_free(&lo);
  fitted_free(&hi);
  fitted_free(&large);
}

/* ---- expected counts ---------------------------------------------------- */

#define EXPECTED "tests/data/model/expected_counts"

/* Fractional counts fitted as expected counts against the oracle of
 * tests/data/model/expected_counts.R (mgcv's gam(method = "REML") with
 * poisson and nb(), MASS::glm.nb, with the continuous deviances and
 * log-likelihoods that script describes): the deviances, the REML score,
 * theta and the log-likelihood within `tol` relative, every coefficient
 * within `coef_tol` of the largest (a coefficient near 0 has no relative
 * precision: it is where mgcv's Newton iteration stopped). */
static void expected_counts_case(const char *name, const char *family,
                                 double tol, double coef_tol)
{
  char path[512], formula[1024], *json;
  pm_gam_options o;
  pm_family fam;
  fitted f;
  size_t j;
  const char *key[] = {"deviance", "null_deviance", "criterion", "loglik"};
  double got[4], ref, top = 0;

  snprintf(path, sizeof path, EXPECTED "_%s.expected.json", name);
  json = slurp(pm_test_path(path));
  if (!pm_test_ok(json != NULL, "expected counts %s: oracle read", name))
    return;
  json_string(json, "formula", formula, sizeof formula);
  pm_family_from_name(&fam, family);
  pm_gam_options_default(&o, &fam);
  o.expected_counts = 1;
  if (pm_test_ok(fitted_load(&f, pm_test_path(EXPECTED ".csv"), formula) ==
                         PM_SUCCESS &&
                     pm_gam_fit_model(&f.fit, f.design, &f.m, &o) ==
                         PM_SUCCESS,
                 "expected counts %s: fitted", name)) {
    for (j = 0; j < f.fit->p; j++)
      top = fmax(top, fabs(json_number(json, "coefficients",
                                        f.design->colnames[j])));
    for (j = 0; j < f.fit->p; j++) {
      ref = json_number(json, "coefficients", f.design->colnames[j]);
      pm_test_ok(fabs(f.fit->beta[j] - ref) <= coef_tol * top,
                 "expected counts %s: coefficient %s %.10g (oracle %.10g)",
                 name, f.design->colnames[j], f.fit->beta[j], ref);
    }
    got[0] = f.fit->deviance, got[1] = f.fit->null_deviance;
    got[2] = f.fit->criterion, got[3] = f.fit->loglik;
    for (j = 0; j < 4; j++)
      if (json_at(json, NULL, key[j]))
        pm_test_rel(got[j], json_number(json, NULL, key[j]), tol,
                    "expected counts %s: %s", name, key[j]);
    if (json_at(json, NULL, "theta"))
      pm_test_rel(f.fit->family.theta, json_number(json, NULL, "theta"), tol,
                  "expected counts %s: theta", name);
  }
  fitted_free(&f);
  free(json);
}

/* Without expected counts, the first fractional count (line 3 of the
 * table) is refused, named by file and line. */
static void expected_counts_refused(void)
{
  pm_gam_options o;
  pm_family fam;
  fitted f;
  int status;

  pm_family_from_name(&fam, "negbin");
  pm_gam_options_default(&o, &fam);
  status = fitted_load(&f, pm_test_path(EXPECTED ".csv"),
                       "count ~ x + offset(log(volume))");
  if (status == PM_SUCCESS)
    status = pm_gam_fit_model(&f.fit, f.design, &f.m, &o);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "expected_counts.csv:3: the response is 0.60099999999999998: "
                "a negative binomial count must be a whole number",
                "fractional counts refused unless they are expected counts");
  fitted_free(&f);
}

int main(int argc, char **argv)
{
  gsl_set_error_handler_off();
  char dir[] = "/tmp/pm-test-gam-XXXXXX", profiles[4096], positive[4096];
  char first[4096], tp_knots[4096], factor_by[4096];
  size_t i;

  if (!mkdtemp(dir)) return 99;
  snprintf(positive, sizeof positive, "%s", positive_biomass(dir));
  snprintf(first, sizeof first, "%s", first_profiles(dir));
  snprintf(profiles, sizeof profiles, "%s", pm_test_path(REF "profiles.csv"));
  snprintf(tp_knots, sizeof tp_knots, "%s",
           pm_test_path(REF "smooths/tp_knots.data.csv"));
  snprintf(factor_by, sizeof factor_by, "%s",
           pm_test_path(REF "smooths/gam_factor_by.data.csv"));
  {
    const ref_case cases[] = {
        {"glm_poisson", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"glm_negbin", "negbin", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"glm_binomial", "binomial", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"glm_gamma", "gamma", positive, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"gam_poisson_cr", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        /* Vp and the EDF at mgcv's Fisher weights: tighter than the
         * README's tolerances */
        {"gam_negbin_cr", "negbin", profiles, 0, 0, PM_METHOD_REML, 0, 0,
         0.005, 1e-3, NULL},
        {"gam_negbin_re", "negbin", first, 0, 0, PM_METHOD_REML, 0, 0, 0.005,
         1e-3, NULL},
        {"gam_poisson_te", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"gam_poisson_cyclic", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"gam_tweedie_ps", "tweedie", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"gam_tweedie_fixed_p", "tweedie", profiles, 0, 1.5, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"gam_binomial_cr", "binomial", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"gam_poisson_re", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"gam_poisson_gcv", "poisson", profiles, 0, 0, PM_METHOD_GCV, 0, 0, 0, 0, NULL},
        /* ziP(): Vp and the EDF at the Fisher weights too */
        {"smooths/gam_zip", "ziP", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0.005,
         1e-3, NULL},
        {"smooths/gam_poisson_tp", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"smooths/tp_knots", "poisson", tp_knots, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, "x"},
        {"smooths/gam_negbin_tp2d", "negbin", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"smooths/gam_poisson_shrink", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"smooths/gam_poisson_tp2d", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"smooths/gam_poisson_sos", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"smooths/gam_te_tp", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"smooths/gam_poisson_by", "poisson", profiles, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"smooths/gam_factor_by", "poisson", factor_by, 0, 0, PM_METHOD_REML, 0, 0, 0, 0, NULL},
        {"cyclic_knots", "poisson", profiles, 0, 0, PM_METHOD_REML, 1, 1, 0, 0, NULL},
        {"tweedie_glm", "tweedie", profiles, 0, 0, PM_METHOD_REML, 0, 1, 0, 0, NULL},
    };
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
      if (argc < 2 || strcmp(argv[1], cases[i].name) == 0) run_case(&cases[i]);
  }
  if (argc < 2) {
    recovery(dir);
    gaussian_recovery(dir);
    const joint_case joint[] = {
        {"negbin",
         "count_copepoda ~ s(temp, bs='cr', k=10) + s(oxy, bs='cr', k=10) + "
         "s(logdepth, bs='cr', k=10) + offset(log(volume_m3))",
         0.02},
        {"tweedie",
         "biomass_mgC_m3 ~ s(temp, bs='ps', k=12) + s(logdepth, bs='ps', "
         "k=12)",
         0.01}};
    for (i = 0; i < sizeof joint / sizeof joint[0]; i++)
      joint_optimum(profiles, &joint[i]);
    diagnostics(dir);
  }
  if (argc < 2 || strcmp(argv[1], "expected_counts") == 0) {
    /* nb(): the REML score is flat about the optimum, and where mgcv's
     * Newton iteration stops the coefficients are 9e-7 of the largest
     * from plankmap's (the score 2e-11 relative) */
    expected_counts_case("poisson", "poisson", 1e-6, 1e-6);
    expected_counts_case("negbin", "negbin", 1e-6, 1e-5);
    expected_counts_case("glm_negbin", "negbin", 1e-6, 1e-6);
    expected_counts_refused();
  }
  unlink(positive);
  unlink(first);
  rmdir(dir);
  return pm_test_done();
}
