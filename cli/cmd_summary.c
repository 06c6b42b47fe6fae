/* cmd_summary.c: `plankmap summary MODEL.nc [--json]`: a fitted model as
 * R's summary() prints it (summary.gam for a GAM, summary.glm for a GLM),
 * or as JSON with the keys of the reference fits.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_engine.h"
#include "pm_error.h"
#include "pm_model_file.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "Usage: plankmap summary [--json] MODEL.nc\n"
    "Print the summary of a model written by `plankmap fit`, as R's mgcv\n"
    "prints summary(gam): family, link, formula, the parametric\n"
    "coefficients with standard errors and Wald tests, the approximate\n"
    "significance of the smooth terms (Wood 2013: edf, Ref.df, Chi.sq or F,\n"
    "p-value), deviance explained, REML or UBRE/GCV score, scale and n.  For\n"
    "a model without smooths (a GLM) the table of summary.glm with the null\n"
    "and residual deviance, AIC, and theta with its standard error for the\n"
    "negative binomial.  For a tree ensemble (engine xgboost or\n"
    "random_forest): its settings, members and the trees they kept (early\n"
    "stopping), the tuning grid with each point's cross-validated deviance\n"
    "and the chosen point marked *, cross-validation scores and variable\n"
    "importance.\n\n"
    "  --json   print the numbers as JSON instead: deviance, null_deviance,\n"
    "           deviance_explained, edf_total, edf_smooth, scale, criterion,\n"
    "           expected_counts (1 for a fit of expected counts),\n"
    "           theta (negbin), tweedie_p (tweedie), zip_theta (ziP:\n"
    "           theta_1 and theta_2 of mgcv's ziP()), coefficients,\n"
    "           std_errors, smooth_ref_df, smooth_test_stat,\n"
    "           smooth_p_value, aic, converged, n\n"
    "  --help   print this help\n";

/* A parametric coefficient's Wald test: z against the normal when the
 * scale is known, t on the residual df otherwise (as summary.gam and
 * summary.glm do). */
typedef struct {
  double est, se, stat, p;
} wald;

static wald wald_test(const pm_gam_fit *fit, size_t j)
{
  wald w;
  w.est = fit->beta[j];
  w.se = sqrt(fit->Vp[j * fit->p + j]);
  w.stat = w.est / w.se;
  w.p = 2 * (fit->scale_estimated
                 ? gsl_cdf_tdist_Q(fabs(w.stat), fit->residual_df)
                 : gsl_cdf_ugaussian_Q(fabs(w.stat)));
  return w;
}

static const char *stars(double p)
{
  return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*"
                           : p < 0.1  ? "."  : " ";
}

/* R's format.pval with eps = 2e-16. */
static void format_p(double p, char buf[16])
{
  if (p < 2e-16)
    snprintf(buf, 16, "<2e-16");
  else
    snprintf(buf, 16, "%.3g", p);
}

static int label_width(const pm_design *d, int smooths)
{
  size_t b, j;
  int w = 0;
  for (b = 0; b < d->nblocks; b++)
    if (smooths && d->blocks[b].smooth)
      w = (int)fmax(w, strlen(d->blocks[b].label));
  for (j = 0; !smooths && j < d->nparametric; j++)
    w = (int)fmax(w, strlen(d->colnames[j]));
  return w;
}

static void print_coefficients(const pm_model *m)
{
  const pm_gam_fit *fit = m->fit;
  int w = label_width(m->design, 0), t = fit->scale_estimated;
  size_t j;
  char p[16];

  printf("%-*s %10s %10s %8s %8s\n", w, "", "Estimate", "Std. Error",
         t ? "t value" : "z value", t ? "Pr(>|t|)" : "Pr(>|z|)");
  for (j = 0; j < m->design->nparametric; j++) {
    wald x = wald_test(fit, j);
    format_p(x.p, p);
    printf("%-*s %10.4g %10.4g %8.3f %8s %s\n", w, m->design->colnames[j],
           x.est, x.se, x.stat, p, stars(x.p));
  }
  printf("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' "
         "1\n");
}

static void print_smooths(const pm_model *m)
{
  const pm_gam_fit *fit = m->fit;
  int w = label_width(m->design, 1);
  size_t b;
  char p[16];

  printf("\nApproximate significance of smooth terms:\n%-*s %7s %7s %9s "
         "%8s\n",
         w, "", "edf", "Ref.df", fit->scale_estimated ? "F" : "Chi.sq",
         "p-value");
  for (b = 0; b < m->design->nblocks; b++) {
    const pm_gam_term_summary *s = &fit->terms[b];
    if (!m->design->blocks[b].smooth) continue;
    format_p(s->p_value, p);
    printf("%-*s %7.3f %7.3f %9.5g %8s %s\n", w, m->design->blocks[b].label,
           s->edf, s->ref_df, s->stat, p, stars(s->p_value));
  }
}

static void print_gam(const pm_model *m)
{
  const pm_gam_fit *fit = m->fit;
  const char *crit = fit->method == PM_METHOD_REML ? "-REML"
                     : fit->scale_estimated        ? "GCV"
                                                   : "UBRE";

  printf("\nParametric coefficients:\n");
  print_coefficients(m);
  print_smooths(m);
  printf("\nDeviance explained = %.3g%%\n",
         100 * (fit->null_deviance - fit->deviance) / fit->null_deviance);
  printf("%s = %.5g  Scale est. = %-9.5g  n = %zu\n", crit, fit->criterion,
         fit->scale, fit->n);
}

static void print_glm(const pm_model *m)
{
  const pm_gam_fit *fit = m->fit;
  double null_df = (double)fit->n - (m->formula->intercept ? 1 : 0);
  char family[128];

  printf("\nCoefficients:\n");
  print_coefficients(m);
  pm_family_describe(&fit->family, family, sizeof family);
  printf("\n(Dispersion parameter for %s family taken to be %.7g)\n\n",
         family, fit->scale);
  printf("    Null deviance: %.5g  on %.0f  degrees of freedom\n",
         fit->null_deviance, null_df);
  printf("Residual deviance: %.5g  on %.0f  degrees of freedom\n",
         fit->deviance, fit->residual_df);
  printf("AIC: %.5g\n\nNumber of iterations: %d\n", fit->aic,
         fit->iterations);
  if (fit->family.kind == PM_FAMILY_NEGBIN)
    printf("\n              Theta:  %.5g\n          Std. Err.:  %.5g\n",
           fit->family.theta, fit->theta_se);
}

static void print_text(const pm_model *m)
{
  char family[128];

  pm_family_describe(&m->fit->family, family, sizeof family);
  printf("\nFamily: %s\nLink function: %s\n", family,
         pm_link_name(m->fit->family.link));
  if (m->expected_counts)
    printf("Response: expected counts (fractional, as corrected for "
           "misclassification)\n");
  printf("\nFormula:\n%s\n", m->formula->text);
  if (m->fit->is_gam)
    print_gam(m);
  else
    print_glm(m);
  if (!m->fit->converged)
    printf("\nWARNING: the fit did not converge; the numbers above are not "
           "reliable.\n");
}

/* JSON values: numbers with 17 digits, null when not finite. */
static void json_number(double x)
{
  if (isfinite(x))
    printf("%.17g", x);
  else
    printf("null");
}

static void json_string(const char *s)
{
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      printf("\\%c", *s);
    else if ((unsigned char)*s < 0x20)
      printf("\\u%04x", (unsigned)*s);
    else
      putchar(*s);
  }
  putchar('"');
}

static void json_key(const char *key, int *first)
{
  printf("%s\n  ", *first ? "" : ",");
  json_string(key);
  printf(": ");
  *first = 0;
}

/* An object keyed by parametric coefficient name: estimate or standard
 * error. */
static void json_coefficients(const pm_model *m, int se)
{
  size_t j;
  printf("{");
  for (j = 0; j < m->design->nparametric; j++) {
    wald w = wald_test(m->fit, j);
    printf("%s", j ? ", " : "");
    json_string(m->design->colnames[j]);
    printf(": ");
    json_number(se ? w.se : w.est);
  }
  printf("}");
}

/* An object keyed by smooth label: one field of the term summary. */
static void json_smooths(const pm_model *m, size_t offset)
{
  size_t b;
  int first = 1;
  printf("{");
  for (b = 0; b < m->design->nblocks; b++) {
    if (!m->design->blocks[b].smooth) continue;
    printf("%s", first ? "" : ", ");
    json_string(m->design->blocks[b].label);
    printf(": ");
    json_number(*(const double *)((const char *)&m->fit->terms[b] + offset));
    first = 0;
  }
  printf("}");
}

static void print_json(const pm_model *m)
{
  const pm_gam_fit *fit = m->fit;
  int first = 1;

  printf("{");
  json_key("deviance", &first), json_number(fit->deviance);
  json_key("null_deviance", &first), json_number(fit->null_deviance);
  json_key("deviance_explained", &first);
  json_number((fit->null_deviance - fit->deviance) / fit->null_deviance);
  json_key("edf_total", &first), json_number(fit->edf_total);
  json_key("edf_smooth", &first);
  json_smooths(m, offsetof(pm_gam_term_summary, edf));
  json_key("scale", &first), json_number(fit->scale);
  json_key("criterion", &first), json_number(fit->criterion);
  json_key("expected_counts", &first);
  printf("%d", m->expected_counts ? 1 : 0);
  if (fit->family.kind == PM_FAMILY_NEGBIN)
    json_key("theta", &first), json_number(fit->family.theta);
  if (fit->family.kind == PM_FAMILY_TWEEDIE)
    json_key("tweedie_p", &first), json_number(fit->family.p);
  if (fit->family.kind == PM_FAMILY_ZIP) {
    json_key("zip_theta", &first), printf("[");
    json_number(fit->family.zip[0]), printf(", ");
    json_number(fit->family.zip[1]), printf("]");
  }
  json_key("coefficients", &first), json_coefficients(m, 0);
  json_key("std_errors", &first), json_coefficients(m, 1);
  json_key("smooth_ref_df", &first);
  json_smooths(m, offsetof(pm_gam_term_summary, ref_df));
  json_key("smooth_test_stat", &first);
  json_smooths(m, offsetof(pm_gam_term_summary, stat));
  json_key("smooth_p_value", &first);
  json_smooths(m, offsetof(pm_gam_term_summary, p_value));
  json_key("aic", &first), json_number(fit->aic);
  json_key("converged", &first), printf("%d", fit->converged ? 1 : 0);
  json_key("n", &first), printf("%zu", fit->n);
  printf("\n}\n");
}

/* A tree ensemble (pm_engine_xgb_print); *done 0 for a GAM,
 * which the rest of this command prints. */
static int print_xgboost(const char *path, int json, int *done)
{
  pm_engine *e = NULL;
  int status;

  *done = 0;
  if ((status = pm_engine_read(&e, path))) return status;
  if (pm_engine_type_of(e) != &pm_engine_gam) {
    *done = 1;
    status = json ? pm_error(PM_EUSAGE, "--json is for GAMs; %s is a "
                             "tree-ensemble model", path)
                  : pm_engine_xgb_print(e, stdout);
  }
  pm_engine_free(e);
  return status;
}

int pm_cli_summary(int argc, char **argv)
{
  pm_cli_common opt;
  pm_model *m = NULL;
  char **args = malloc(((size_t)argc + 1) * sizeof *args);
  int first, status, json = 0, n = 0, i, done = 0;

  if (!args) return pm_cli_fail("summary", pm_error_nomem());
  /* --json is a flag, allowed before or after the operand */
  for (i = 0; i < argc; i++)
    if (i > 0 && strcmp(argv[i], "--json") == 0)
      json = 1;
    else
      args[n++] = argv[i];
  args[n] = NULL;
  status = pm_cli_parse(n, args, usage, NULL, 1, &opt, &first);
  if (!status && !opt.help) {
    if ((status = print_xgboost(args[first], json, &done)) || done) {
      if (status) pm_cli_fail("summary", status);
    } else if ((status = pm_model_read(&m, args[first])))
      pm_cli_fail("summary", status);
    else if (json)
      print_json(m);
    else
      print_text(m);
  }
  pm_model_free(m);
  free(args);
  return status;
}
