/* cmd_fit.c: `plankmap fit`: a GLM or GAM fitted to a table and written as
 * a model file.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_engine.h"
#include "pm_error.h"
#include "pm_sha256.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "Usage: plankmap fit [--quiet] --data TABLE.csv --formula FORMULA\n"
    "                    --family FAMILY [--theta T] [--tweedie-p P]\n"
    "                    [--method REML|GCV] [--knots VAR=a,b,...]\n"
    "                    [--discrete auto|yes|no] [--discrete-values N]\n"
    "                    [--expected-counts] --out MODEL.nc\n"
    "Fit a generalized linear or additive model to the CSV table TABLE.csv\n"
    "(a header line, then one row per observation; only the formula's\n"
    "columns are read, rows with a missing value in one of them are left\n"
    "out) and write the fitted model to MODEL.nc (NetCDF-4): formula,\n"
    "family, basis definitions, coefficients, their covariance, smoothing\n"
    "parameters and the summary.  The formula is written as for R's mgcv:\n"
    "  count ~ temp + I(temp^2) + factor(site) + s(oxy, bs='cr', k=10)\n"
    "        + te(temp, logdepth, bs='cr', k=c(6,6)) + offset(log(volume_m3))\n"
    "with smooths s() of basis tp (the default; also s(lon, lat, k=30)), ts,\n"
    "cr, cs, ps, cc or re, the spline on the sphere s(lat, lon, bs='sos')\n"
    "of latitude and longitude in degrees, and tensor products te().\n\n"
    "  --data TABLE.csv   the table to fit (comma-separated)\n"
    "  --formula TEXT     the model formula (quote it for the shell)\n"
    "  --family NAME      poisson, negbin, tweedie, gamma, gaussian or\n"
    "                     binomial (log link; identity for gaussian, logit\n"
    "                     for binomial), or as R and mgcv write them: nb(),\n"
    "                     nb(theta=3), tw(), Tweedie(p=1.5),\n"
    "                     Gamma(link=\"log\"), poisson(), ...; or ziP(),\n"
    "                     mgcv's zero-inflated Poisson (its two parameters\n"
    "                     estimated; predict's mu is the expected count)\n"
    "  --theta T          negbin: fix theta at T > 0 (default: estimated)\n"
    "  --tweedie-p P      tweedie: fix the power at P in (1,2) (default:\n"
    "                     estimated)\n"
    "  --method M         REML (default) or GCV (UBRE when the scale is\n"
    "                     known: poisson, negbin, binomial) for the smoothing\n"
    "                     parameters\n"
    "  --knots SPEC       knots of a covariate's smooths, VAR=a,b,...; for\n"
    "                     cc the two ends of the cycle (month=0.5,12.5);\n"
    "                     several separated by ';'\n"
    "  --discrete WHEN    discretise the covariates (as mgcv's bam(discrete =\n"
    "                     TRUE)): yes, no, or auto (the default: from 200000\n"
    "                     rows on); each numeric covariate is rounded onto at\n"
    "                     most --discrete-values values and the model matrix\n"
    "                     is held at its distinct rows only: far less memory\n"
    "                     and time, the deviance within about 1e-4 of the\n"
    "                     exact fit\n"
    "  --discrete-values N values per covariate (2 to 100000, default 1000)\n"
    "  --expected-counts  poisson, negbin: the counts are expected\n"
    "                     counts (such as counts corrected for\n"
    "                     misclassification) and may be fractional; without\n"
    "                     it a count that is not a whole number is an error\n"
    "  --out MODEL.nc     the model file to write\n"
    "  --quiet            print nothing but errors\n"
    "  --help             print this help\n\n"
    "Prints the number of rows used, the deviance and whether the fit\n"
    "converged.  See `plankmap summary` and `plankmap predict`.\n\n"
    "Exit status: 0 success, 1 bad input, 2 usage error, 3 numerical\n"
    "failure (no convergence), 4 input/output error.\n";

typedef struct {
  const char *data, *formula, *family, *theta, *p, *method, *knots, *out;
  const char *discrete, *values;
  int expected_counts; /* --expected-counts given */
} fit_args;

/* The families whose counts --expected-counts lets be fractional (not
 * ziP: pm_family_check_y). */
static int count_family(const pm_family *fam)
{
  return fam->kind == PM_FAMILY_POISSON || fam->kind == PM_FAMILY_NEGBIN;
}

/* A number in (lo, hi) from option `name`. */
static int number_option(const char *name, const char *text, double lo,
                         double hi, double *x)
{
  char *end;
  errno = 0;
  *x = strtod(text, &end);
  if (end == text || *end || errno || !(*x > lo && *x < hi))
    return isinf(hi)
               ? pm_cli_usage("fit", "%s '%s' must be a number above %g", name,
                              text, lo)
               : pm_cli_usage("fit", "%s '%s' must be a number between %g "
                              "and %g (exclusive)", name, text, lo, hi);
  return PM_SUCCESS;
}

/* --discrete and --discrete-values. */
static int discrete_options(const fit_args *a, pm_discrete *d)
{
  double x;
  char *end;

  if (!a->discrete || strcmp(a->discrete, "auto") == 0)
    d->mode = PM_DISCRETE_AUTO;
  else if (strcmp(a->discrete, "yes") == 0)
    d->mode = PM_DISCRETE_YES;
  else if (strcmp(a->discrete, "no") == 0)
    d->mode = PM_DISCRETE_NO;
  else
    return pm_cli_usage("fit", "--discrete '%s' must be auto, yes or no",
                        a->discrete);
  if (!a->values) return PM_SUCCESS;
  errno = 0;
  x = strtod(a->values, &end);
  if (end == a->values || *end || errno || x != floor(x) || x < 2 ||
      x > PM_DISCRETE_VALUES_MAX)
    return pm_cli_usage("fit", "--discrete-values '%s' must be a whole "
                        "number from 2 to %d", a->values,
                        PM_DISCRETE_VALUES_MAX);
  d->values = (size_t)x;
  return PM_SUCCESS;
}

/* The options checked and turned into fitting options. */
static int check_options(const fit_args *a, pm_engine_spec *o)
{
  pm_family fam;
  double x;
  int status, fixed;

  memset(o, 0, sizeof *o);
  if (!a->data) return pm_cli_usage("fit", "missing option %s", "--data");
  if (!a->formula) return pm_cli_usage("fit", "missing option %s", "--formula");
  if (!a->family) return pm_cli_usage("fit", "missing option %s", "--family");
  if (!a->out) return pm_cli_usage("fit", "missing option %s", "--out");
  if (pm_family_parse(&fam, &fixed, a->family))
    return pm_cli_usage("fit", "--family: %s", pm_error_message());
  if (a->theta && fam.kind != PM_FAMILY_NEGBIN)
    return pm_cli_usage("fit", "--theta is for --family negbin, not %s",
                        a->family);
  if (a->p && fam.kind != PM_FAMILY_TWEEDIE)
    return pm_cli_usage("fit", "--tweedie-p is for --family tweedie, not %s",
                        a->family);
  if (a->expected_counts && !count_family(&fam))
    return pm_cli_usage("fit", "--expected-counts is for --family poisson "
                        "or negbin, not %s", a->family);
  if ((a->theta || a->p) && fixed)
    return pm_cli_usage("fit", "--family '%s' fixes the parameter already; "
                        "give it there or in --theta/--tweedie-p, not both",
                        a->family);
  if (a->theta && (status = number_option("--theta", a->theta, 0, INFINITY, &x)))
    return status;
  if (a->theta) fam.theta = x;
  if (a->p && (status = number_option("--tweedie-p", a->p, 1, 2, &x)))
    return status;
  if (a->p) fam.p = x;
  o->formula = a->formula;
  o->knots = a->knots;
  o->family = fam;
  o->estimate_theta = (fam.kind == PM_FAMILY_NEGBIN && !a->theta && !fixed) ||
                      fam.kind == PM_FAMILY_ZIP;
  o->estimate_p = fam.kind == PM_FAMILY_TWEEDIE && !a->p && !fixed;
  o->expected_counts = a->expected_counts;
  if (!a->method || strcmp(a->method, "REML") == 0)
    o->method = PM_METHOD_REML;
  else if (strcmp(a->method, "GCV") == 0)
    o->method = PM_METHOD_GCV;
  else
    return pm_cli_usage("fit", "--method '%s' must be REML or GCV", a->method);
  return discrete_options(a, &o->discrete);
}

/* The checksum of the table, taken on the second core while the first
 * reads and fits (it reads the whole file once more). */
typedef struct {
  const char *path;
  char hex[PM_SHA256_HEX];
  int status;
} checksum_job;

static void *checksum(void *arg)
{
  checksum_job *job = arg;
  job->status = pm_sha256_file(job->path, job->hex);
  return NULL;
}

/* Read the table, fit, write. */
static int fit_and_write(const fit_args *a, const pm_engine_spec *spec,
                         const char *command, const pm_cli_common *opt)
{
  pm_engine *e = NULL;
  pm_frame *frame = NULL;
  pm_engine_fit_info info;
  pm_model_provenance prov = {a->data, command, NULL};
  const char *const *names;
  size_t ncols;
  int status;
  checksum_job job = {a->data, "", PM_EIO};
  pthread_t thread;
  int threaded = pthread_create(&thread, NULL, checksum, &job) == 0;

  if ((status = pm_engine_alloc(&e, &pm_engine_gam, spec)) ||
      (status = pm_engine_columns(e, &names, &ncols)) ||
      (status = pm_frame_read_csv(&frame, a->data, names, ncols)) ||
      (status = pm_engine_fit_release(e, &frame, &info)))
    goto cleanup;
  if (threaded && pthread_join(thread, NULL) == 0) {
    threaded = 0;
    if (job.status == PM_SUCCESS) prov.data_sha256 = job.hex;
  }
  /* without a digest from the thread, the writer takes it (or says why not) */
  if ((status = pm_engine_write(e, a->out, &prov))) goto cleanup;
  pm_cli_note(opt, "fitted %zu rows (%zu left out for a missing value): "
              "deviance %.10g, %s; wrote %s\n",
              info.n, info.dropped, info.deviance,
              info.converged ? "converged" : "NOT converged", a->out);
cleanup:
  if (threaded) pthread_join(thread, NULL);
  pm_engine_free(e);
  pm_frame_free(frame);
  return status;
}

int pm_cli_fit(int argc, char **argv)
{
  fit_args a = {0};
  pm_cli_option options[] = {
      {"--data", &a.data},     {"--formula", &a.formula},
      {"--family", &a.family}, {"--theta", &a.theta},
      {"--tweedie-p", &a.p},   {"--method", &a.method},
      {"--knots", &a.knots},   {"--out", &a.out},
      {"--discrete", &a.discrete}, {"--discrete-values", &a.values},
      {NULL, NULL}};
  pm_cli_common opt;
  pm_engine_spec o;
  char *command;
  int first, status;

  a.expected_counts =
      pm_cli_take_flag(&argc, argv, "--expected-counts", options);
  status = pm_cli_parse(argc, argv, usage, options, 0, &opt, &first);
  if (status || opt.help) return status;
  if ((status = check_options(&a, &o))) return status;
  if (!(command = pm_cli_command_text(argc, argv)))
    return pm_cli_fail("fit", pm_error_nomem());
  status = fit_and_write(&a, &o, command, &opt);
  free(command);
  return status ? pm_cli_fail("fit", status) : PM_SUCCESS;
}
