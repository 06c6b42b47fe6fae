/* pm_cli.h: the commands of the plankmap program.
 *
 * Each command parses its own options, prints its --help, and returns an exit
 * status (pm_error.h: 0 success, 1 bad input or config, 2 usage, 3 numerical
 * failure, 4 I/O).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CLI_H
#define PM_CLI_H

#include "pm_bin.h"
#include "pm_cv.h"
#include "pm_flux.h"
#include "pm_grid.h"
#include "pm_model_file.h"
#include "pm_obs.h"
#include "pm_read.h"
#include "pm_scenario.h"

#include <stdio.h>

typedef struct {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
} pm_cli_command;

int pm_cli_grid(int argc, char **argv);
int pm_cli_check(int argc, char **argv);
int pm_cli_info(int argc, char **argv);
int pm_cli_run(int argc, char **argv);
int pm_cli_fit(int argc, char **argv);
int pm_cli_summary(int argc, char **argv);
int pm_cli_predict(int argc, char **argv);
int pm_cli_validate(int argc, char **argv);
int pm_cli_flux(int argc, char **argv);
int pm_cli_plot(int argc, char **argv);

/* `plankmap plot KIND`: one function per kind of figure, each a line of the
 * table in cmd_plot.c. */
int pm_cli_plot_map(int argc, char **argv);
int pm_cli_plot_section(int argc, char **argv);
int pm_cli_plot_partial(int argc, char **argv);
int pm_cli_plot_profile(int argc, char **argv);
int pm_cli_plot_validation(int argc, char **argv);
/* Remove every `flag` (an option without a value, "--log") from argv;
 * 1 when there was one. */
int pm_cli_take_flag(int *argc, char **argv, const char *flag);
/* The number `text` of `option` (NULL: *x untouched), or PM_EUSAGE. */
int pm_cli_number(const char *option, const char *text, double *x);

/* Options every command takes (--help, --quiet) and the values of a
 * command's own options ("--output-dir DIR"). */
typedef struct {
  const char *name;   /* "--output-dir" */
  const char **value; /* where its value goes */
} pm_cli_option;

typedef struct {
  int quiet;
  int help; /* --help was given and the usage printed: exit 0 */
} pm_cli_common;

/* The validate stage of `plankmap run`: the run's totals and flux maps
 * beside the installed published estimates and trap fluxes
 * (validation.md, validation.tsv, validation_traps.tsv in output_dir). */
int pm_cli_stage_validate(const pm_scenario *sc, const char *config,
                          const pm_cli_common *opt);

/* Parse argv[1..]: options first, then operands from argv[*first]; exactly
 * `n_operands` of them, or with PM_CLI_ONE_OR_MORE one or more operands,
 * options and operands in any order (the operands are moved to the end).
 * Prints the usage and returns PM_EUSAGE on a bad command line. */
#define PM_CLI_ONE_OR_MORE (-1)
int pm_cli_parse(int argc, char **argv, const char *usage,
                 const pm_cli_option *options, int n_operands,
                 pm_cli_common *opt, int *first);

/* Print "plankmap COMMAND: message" for the last library error and return
 * `status`. */
int pm_cli_fail(const char *command, int status);

/* Messages for the user on stderr, silenced by --quiet. */
void pm_cli_note(const pm_cli_common *opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A progress bar on stderr when it is a terminal and not --quiet; the
 * returned pm_progress is inert otherwise. */
pm_progress pm_cli_progress(const pm_cli_common *opt);
void pm_cli_progress_end(const pm_progress *p);

/* The grid stage: every source of the scenario read and filtered, the grid
 * built, the samples binned. */
typedef struct {
  pm_obs *obs;
  pm_grid *grid;
  pm_bin *bin;
  pm_obs_report report; /* rows read, kept and left out, all sources */
} pm_cli_gridded;

int pm_cli_stage_grid(pm_scenario *sc, const pm_cli_common *opt,
                      pm_cli_gridded *out);
void pm_cli_gridded_free(pm_cli_gridded *g);

/* Write `g` as DIR/observations.nc with the scenario and its inputs'
 * checksums as metadata; `command` goes into the history attribute. */
int pm_cli_write_observations(const pm_scenario *sc, const pm_cli_gridded *g,
                              const char *dir, const char *command,
                              char **written);

/* The flux estimator of the scenario's `flux` section: the library's
 * default (Guidi et al. 2008) with the settings the file gives, checked. */
int pm_cli_flux_estimator(const pm_scenario *sc, pm_flux_estimator *e);

/* "Guidi et al. 2008 with A = 12.5, b = 3.81 over the size classes inside
 * 0.25-1.5 mm ESD": the estimator and its window, for every output. */
void pm_cli_flux_describe(const pm_flux_estimator *e, char *buf, size_t size);

/* The flux (mg C m-2 d-1) of every sample of `obs` with that estimator
 * (pm_flux_samples). */
int pm_cli_flux_of_samples(const pm_scenario *sc, const pm_obs *obs,
                           double *flux);

/* The flux stage: the flux of every sample of `obs` and the Martin curve
 * of every profile (the scenario's flux section), written as
 * DIR/flux_samples.tsv, DIR/flux_profiles.tsv, DIR/flux_spectra.tsv and
 * DIR/flux_remineralisation.tsv (the columns of `plankmap flux --out`,
 * `--attenuation`, `--spectra` and `--remineralisation`, the layers over
 * each profile's [z_ref, max_depth]); a profile that cannot be
 * fitted is said on stderr unless quiet. */
int pm_cli_stage_flux(const pm_scenario *sc, const pm_obs *obs,
                      const pm_cli_common *opt, const char *dir);

/* The tables of `plankmap flux` and where they go: the flux of every
 * sample (profile, datetime, lat, lon, depth_m, volume_L, flux_mgC_m2_d),
 * the Martin fit of every profile (profile, datetime, lat, lon, ref_depth_m,
 * flux_ref_mgC_m2_d, martin_b, martin_b_se, z_star_m, teff_100, n_bins;
 * empty fields where there is no fit) and the power-law slope of every
 * sample's number spectrum (profile, datetime, lat, lon, depth_m,
 * size_min_mm, size_max_mm, n_classes, slope, slope_se, intercept,
 * intercept_se) and the remineralisation rate of every layer of every
 * profile (profile, datetime, lat, lon, depth_top_m, depth_bottom_m,
 * depth_mid_m, remineralisation_mgC_m3_d).  A NULL path leaves that table
 * out. */
typedef struct {
  const double *flux;
  const pm_martin *fits;
  const pm_slope *slope;
  double slope_min_mm, slope_max_mm;
  const char *flux_path, *att_path, *spectra_path;
  const pm_flux_remin_row *remin; /* n_remin rows */
  size_t n_remin;
  const char *remin_path;
} pm_cli_flux_out;

/* Write the tables; they are committed only when all are written. */
int pm_cli_flux_tables(const pm_obs *obs, const pm_cli_flux_out *out);

/* Write one table through a temporary file next to `path`
 * (pm_output_begin): put(f, obs, data) writes its lines.  *tmp stays set
 * for pm_output_commit (or pm_output_abort), also on error, so that
 * several tables can be committed together. */
typedef void (*pm_cli_table_put)(FILE *f, const pm_obs *obs,
                                  const void *data);
int pm_cli_table_write(const char *path, char **tmp, pm_cli_table_put put,
                       const pm_obs *obs, const void *data);
/* "plankmap COMMAND: profile NAME: reason" on stderr for every profile
 * without a Martin fit, unless quiet. */
void pm_cli_flux_reasons(const char *command, const pm_cli_common *opt,
                         const pm_obs *obs, const pm_martin *fits);

/* Create a folder and its parents when missing. */
int pm_cli_mkdirs(const char *dir);

/* The fit stage: each model of the scenario fitted to the observations
 * (response from the observation table, built-in covariates, covariate
 * fields sampled at the samples), written as DIR/model_<name>.nc, with its
 * blocked cross-validation.  A fitted model can also be read back from its
 * file (pm_cli_fitted_read) for prediction without refitting. */
typedef struct {
  const pm_scenario_model *spec; /* the config's model */
  pm_model *model;               /* formula, design, fit (pm_model_file.h) */
  pm_cv_result *cv;              /* NULL when not run */
  size_t n_rows;                 /* rows fitted */
  size_t n_dropped;              /* samples left out: a covariate missing */
  char *path;                    /* the model file */
} pm_cli_fitted;

int pm_cli_stage_fit(const pm_scenario *sc, const pm_cli_gridded *g,
                     const pm_cli_common *opt, const char *dir,
                     pm_cli_fitted **models, size_t *n);
int pm_cli_fitted_read(const pm_scenario *sc, const char *dir,
                       pm_cli_fitted **models, size_t *n);
void pm_cli_fitted_free(pm_cli_fitted *models, size_t n);

/* One line of totals.tsv. */
typedef struct {
  char *scenario, *model, *region, *quantity, *units;
  double value, lower, upper;
} pm_cli_total;

/* The predict stage: for the baseline and each scenario (or only `only`
 * when not NULL), maps of every model on the prediction grid written as
 * DIR/maps_<scenario>.nc (flux models at the flux depths, with their
 * attenuation, as DIR/flux_<scenario>.nc), and the totals (with the paired
 * differences against the baseline; for flux models the export through
 * each horizon, quantity "export_<depth>m" in Pg C yr-1) returned for
 * totals.tsv. */
int pm_cli_stage_predict(const pm_scenario *sc, const pm_cli_fitted *models,
                         size_t n, const char *only,
                         const pm_cli_common *opt, const char *dir,
                         pm_cli_total **totals, size_t *ntotals);
void pm_cli_totals_free(pm_cli_total *totals, size_t n);
/* Write totals as DIR/FILE, a table with the columns scenario, model,
 * region, quantity, value, lower, upper, units. */
int pm_cli_write_totals(const char *dir, const char *file,
                        const pm_cli_total *totals, size_t n);

/* `plankmap run`: what each stage did. */
typedef struct {
  const char *name;
  int reused;       /* its inputs had not changed since the last run */
  int skipped;      /* the config does not ask for it */
  double seconds;   /* wall time */
  double peak_mib;  /* the process's peak resident memory at its end */
} pm_cli_stage_log;

/* 1 when DIR/.plankmap-run records `hex` for `stage`. */
int pm_cli_stamp_matches(const char *dir, const char *stage, const char *hex);
/* Record the digests of the stages (replacing the file). */
int pm_cli_stamps_write(const char *dir, const char *const *stages,
                        const char *const *digests, size_t n);
/* DIR/report.md: models with their cross-validation, totals, stages. */
int pm_cli_write_report(const char *dir, const pm_scenario *sc,
                        const pm_cli_fitted *models, size_t nmodels,
                        const pm_cli_total *totals, size_t ntotals,
                        const pm_cli_stage_log *stages, size_t nstages);

#endif
