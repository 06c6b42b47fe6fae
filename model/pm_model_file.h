/* pm_model_file.h: a fitted model as a self-contained NetCDF-4 file, and
 * the model read back from it.
 *
 * The file holds everything prediction and summaries need: the formula
 * text, the family with its link and theta or Tweedie power (and whether
 * they were estimated), the method, user knots, the fitted table's path and
 * SHA-256, the command line (history), the fit's scalars (deviance, scale,
 * criterion, AIC, EDF ...) as global attributes; and as variables the
 * coefficients with their R names, Vp, Ve and the factor R, the EDF per
 * coefficient, the smoothing parameters, each design block (label, kind,
 * columns, factor levels), the numbers that define each smooth (knots,
 * constraint, penalty scale) and the summary of each term.  A model read
 * back predicts exactly as the fit it was written from.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_MODEL_FILE_H
#define PM_MODEL_FILE_H

#include "pm_design.h"
#include "pm_formula.h"
#include "pm_gam.h"

/* Where a fit came from, for the file's provenance attributes. */
typedef struct {
  const char *data_path; /* the fitted table (its SHA-256 is recorded); or NULL */
  const char *command;   /* the command after "plankmap", for `history` */
  const char *data_sha256; /* its hex digest when already known, or NULL */
} pm_model_provenance;

/* Write `path` (through a temporary file renamed into place: on error no
 * file is left and an existing one is untouched).  `o` says whether theta or
 * the Tweedie power was estimated. */
int pm_model_write(const char *path, const pm_design *d, const pm_gam_fit *fit,
                   const pm_gam_options *o, const pm_model_provenance *prov);

/* The range of each covariate over the fitted rows, kept for the
 * extrapolation flags of prediction (pm_map_extrapolation). */
typedef struct {
  size_t n;
  const char *const *names;
  const double *min, *max;
  /* the covariates of some fitted rows (nsample x n, row-major; NAN where
   * missing), for the rugs of partial-effect plots; 0 and NULL: none */
  size_t nsample;
  const double *sample;
} pm_model_ranges;

/* pm_model_write with the covariate ranges as the variables covariate_name,
 * covariate_min and covariate_max (dimension `covariate`), and the sampled
 * rows as covariate_sample (sample, covariate); NULL or n = 0 writes
 * none. */
int pm_model_write_ranges(const char *path, const pm_design *d,
                          const pm_gam_fit *fit, const pm_gam_options *o,
                          const pm_model_provenance *prov,
                          const pm_model_ranges *ranges);

/* Coefficients of a cluster bootstrap (pm_draws_bootstrap): p x n,
 * row-major, column b the coefficients of refit b (the layout of
 * pm_draws.B), made with generator seed `seed`. */
typedef struct {
  size_t n;
  const double *coef;
  unsigned long seed;
} pm_model_bootstrap;

/* pm_model_write_ranges with the bootstrap coefficients as the variable
 * bootstrap_coefficients (bootstrap, coef) and its attribute seed; NULL or
 * n = 0 writes none. */
int pm_model_write_bootstrap(const char *path, const pm_design *d,
                             const pm_gam_fit *fit, const pm_gam_options *o,
                             const pm_model_provenance *prov,
                             const pm_model_ranges *ranges,
                             const pm_model_bootstrap *boot);

/* A model read from a file.  Everything belongs to the model; the fit has
 * no per-row arrays (eta and mu are NULL, n is the fitted row count). */
typedef struct {
  pm_formula *formula;
  pm_design *design;
  pm_gam_fit *fit;
  int estimate_theta, estimate_p;
  int expected_counts;           /* the counts were expected counts, which
                                    may be fractional (pm_gam_options); 0
                                    for files that do not say */
  char *data_path, *data_sha256; /* "" when not recorded */
  char *history, *version;
  /* the covariate ranges seen in fitting; 0 and NULL when the file has
   * none (written by pm_model_write) */
  size_t ncovariates;
  char **covariate_names;
  double *covariate_min, *covariate_max;
  /* covariates of up to a few thousand fitted rows (nsample x ncovariates,
   * row-major, NAN where missing); 0 and NULL when the file has none */
  size_t nsample;
  double *covariate_sample;
  /* the cluster bootstrap's coefficients (p x nbootstrap, as
   * pm_model_bootstrap) and their seed; 0 and NULL when the file has none */
  size_t nbootstrap;
  double *bootstrap;
  unsigned long bootstrap_seed;
} pm_model;

/* Read `path`.  A file that is not a plankmap model, or whose contents do
 * not agree with its formula, is an error naming the file. */
int pm_model_read(pm_model **m, const char *path);
void pm_model_free(pm_model *m);

/* Apply user knots "VAR=a,b,...[;VAR2=c,d,...]" to the smooths of `f`
 * (pm_formula_set_knots); an error quotes the bad part of the text. */
int pm_model_set_knots(pm_formula *f, const char *spec);

/* The user knots of `f` in the form pm_model_set_knots reads (numbers with
 * 17 significant digits), "" when none; *text is allocated. */
int pm_model_knots_text(const pm_formula *f, char **text);

#endif
