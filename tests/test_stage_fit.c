/* test_stage_fit.c: the fit stage of `plankmap run` on the embedded UVP5
 * data with the Levitus temperature as covariate.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _XOPEN_SOURCE 700
#include "config.h"
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_obs_frame.h"
#include "pm_test.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LEVITUS PM_FERRET_DATA_DIR "/levitus_climatology.cdf"

static char tmpdir[] = "/tmp/pm-stage-fit-XXXXXX";
static char data[PATH_MAX];

/* A scenario of the PAPSO and BATS 361 casts with the model group `model`
 * and the covariate file `covariate`. */
static int load(pm_scenario **sc, const char *name, const char *model,
                const char *covariate)
{
  char path[PATH_MAX];
  FILE *out;

  snprintf(path, sizeof path, "%s/%s.cfg", tmpdir, name);
  if (!(out = fopen(path, "w"))) return PM_EIO;
  fprintf(out,
          "output_dir = \"%s/out\";\n"
          "observations = (\n"
          "  { name = \"hot\"; format = \"ecopart-detailed\";\n"
          "    metadata = \"%s/ecopart_detailed/HOTALOHA/"
          "export_detailed_20240422_11_14_Export_metadata_summary.tsv\";\n"
          "    files = [ \"%s/ecopart_detailed/HOTALOHA/"
          "export_detailed_20240422_11_14_PAR_*.tsv\" ]; },\n"
          "  { name = \"papso\"; format = \"ecopart-detailed\";\n"
          "    metadata = \"%s/ecopart_detailed/PAPSO/"
          "export_detailed_20240422_11_01_Export_metadata_summary.tsv\";\n"
          "    files = [ \"%s/ecopart_detailed/PAPSO/"
          "export_detailed_20240422_11_01_PAR_*.tsv\" ]; });\n"
          "filters = { size_mm = [ 0.1, 26.0 ]; };\n"
          "grid = { resolution = 1.0; time = \"month\";\n"
          "  depth_edges = [ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 ]; };\n"
          "covariates = ( { name = \"temp\"; file = \"%s\";\n"
          "  variable = \"TEMP\"; } );\n"
          "models = ( { name = \"%s\"; %s } );\n",
          tmpdir, data, data, data, data, covariate, name, model);
  fclose(out);
  return pm_scenario_load(sc, path);
}

static const char size_model[] =
    "response = { size = [ 100.0, 500.0 ]; }; family = \"negbin\";\n"
    "  formula = \"count ~ s(temp, k=5) + s(logdepth, k=5) + "
    "offset(log(volume_m3))\";\n"
    "  cv = { folds = 3; by = \"profile\"; }; uncertainty = { seed = 7; };";

static void test_fit(const pm_pipeline_gridded *g, const pm_pipeline_opts *opt)
{
  pm_scenario *sc = NULL;
  pm_pipeline_fitted *fitted = NULL, *back = NULL;
  const pm_model *m0;
  size_t n = 0, nback = 0, i, p;
  char dir[PATH_MAX], expected[PATH_MAX + 32];
  int status, same = 1;

  snprintf(dir, sizeof dir, "%s/out", tmpdir);
  status = load(&sc, "particles", size_model, LEVITUS);
  if (!pm_test_ok(status == 0, "scenario with a size-window model loads")) {
    printf("# %s\n", pm_error_message());
    return;
  }
  status = pm_pipeline_stage_fit(sc, g, opt, dir, &fitted, &n);
  if (!pm_test_ok(status == 0 && n == 1, "fit stage runs")) {
    printf("# %s\n", pm_error_message());
    pm_scenario_free(sc);
    return;
  }
  m0 = pm_engine_gam_model(fitted[0].engine);
  snprintf(expected, sizeof expected, "%s/model_particles.nc", dir);
  pm_test_ok(strcmp(fitted[0].path, expected) == 0 &&
                 access(expected, R_OK) == 0,
             "model file %s written", expected);
  pm_test_ok(fitted[0].n_rows > 100 && fitted[0].n_rows < g->obs->n_samples,
             "rows fitted: %zu of %zu samples", fitted[0].n_rows,
             g->obs->n_samples);
  pm_test_ok(fitted[0].n_rows + fitted[0].n_dropped == pm_bin_n_binned(g->bin),
             "fitted + left out = samples on the grid (%zu + %zu = %zu)",
             fitted[0].n_rows, fitted[0].n_dropped, pm_bin_n_binned(g->bin));
  pm_test_ok(isfinite(m0->fit->deviance) && m0->fit->deviance > 0 &&
                 m0->fit->deviance < m0->fit->null_deviance,
             "deviance finite and below the null deviance");
  pm_test_ok(m0->fit->family.kind == PM_FAMILY_NEGBIN && m0->estimate_theta,
             "negative binomial with theta estimated");
  pm_test_ok(fitted[0].cv && fitted[0].cv->k == 3 &&
                 fitted[0].cv->n + 0 > 0 &&
                 isfinite(fitted[0].cv->spearman),
             "3-fold cross-validation result present (Spearman %g)",
             fitted[0].cv ? fitted[0].cv->spearman : NAN);
  pm_test_ok(m0->ncovariates == 2 &&
                 strcmp(m0->covariate_names[0], "temp") == 0 &&
                 strcmp(m0->covariate_names[1], "logdepth") == 0,
             "covariate ranges of temp and logdepth kept");
  pm_test_ok(m0->ncovariates == 2 && m0->covariate_min[0] > -2 &&
                 m0->covariate_max[0] < 32 &&
                 m0->covariate_min[0] < m0->covariate_max[0] &&
                 m0->covariate_max[1] <= log(1000.0),
             "temperature range %g..%g degC, logdepth at most log(1000)",
             m0->ncovariates ? m0->covariate_min[0] : NAN,
             m0->ncovariates ? m0->covariate_max[0] : NAN);
  pm_test_ok(strstr(m0->history, "run ") != NULL &&
                 strstr(m0->data_path, "particles.cfg") != NULL,
             "provenance: the config file and `run CONFIG`");

  status = pm_pipeline_fitted_read(sc, dir, &back, &nback);
  pm_test_ok(status == 0 && nback == 1 && back[0].cv == NULL,
             "model read back from its file");
  if (status == 0) {
    const pm_model *m1 = pm_engine_gam_model(back[0].engine);
    p = m1->fit->p;
    same = p == m0->fit->p;
    for (i = 0; same && i < p; i++)
      same = m1->fit->beta[i] == m0->fit->beta[i];
    pm_test_ok(same && back[0].n_rows == fitted[0].n_rows,
               "same %zu coefficients and rows read back", p);
  }
  pm_pipeline_fitted_free(back, nback);
  pm_pipeline_fitted_free(fitted, n);

  status = pm_pipeline_fitted_read(sc, tmpdir, &back, &nback);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "run `plankmap run", "a missing model file says to run first");
  pm_test_ok(back == NULL && nback == 0, "nothing returned on error");
  pm_scenario_free(sc);
}

/* A model that cannot be fitted: the status and a message fragment. */
static void test_bad(const pm_pipeline_gridded *g, const pm_pipeline_opts *opt,
                     const char *name, int expected, const char *model,
                     const char *covariate, int remove_covariate,
                     const char *fragment, const char *what)
{
  pm_scenario *sc = NULL;
  pm_pipeline_fitted *fitted = NULL;
  size_t n = 99;
  char dir[PATH_MAX], copy[PATH_MAX];
  int status;

  snprintf(dir, sizeof dir, "%s/bad", tmpdir);
  snprintf(copy, sizeof copy, "%s/gone.cdf", tmpdir);
  if (remove_covariate) {
    FILE *out = fopen(copy, "w");
    if (out) fclose(out);
  }
  status = load(&sc, name, model, remove_covariate ? copy : covariate);
  if (!pm_test_ok(status == 0, "%s: scenario loads", what)) {
    printf("# %s\n", pm_error_message());
    return;
  }
  if (remove_covariate) unlink(copy);
  status = pm_pipeline_stage_fit(sc, g, opt, dir, &fitted, &n);
  pm_test_error(status, expected, pm_error_message(), fragment, "%s", what);
  pm_test_ok(strstr(pm_error_message(), sc->models[0].where) != NULL,
             "%s: the message names the model's place in the config", what);
  pm_test_ok(fitted == NULL && n == 0, "%s: nothing returned", what);
  pm_scenario_free(sc);
}

/* Counts and volumes summed per grid cell, folds by spatial block. */
static void test_cells(const pm_pipeline_gridded *g, const pm_pipeline_opts *opt)
{
  pm_scenario *sc = NULL;
  pm_pipeline_fitted *fitted = NULL;
  size_t n = 0;
  char dir[PATH_MAX];
  int status;

  snprintf(dir, sizeof dir, "%s/cells", tmpdir);
  status = load(&sc, "cells",
                "response = { size = [ 100.0, 500.0 ]; }; family = "
                "\"poisson\"; frame = \"cells\";\n"
                "  formula = \"count ~ s(temp, k=4) + s(logdepth, k=4) + "
                "offset(log(volume_m3))\";\n"
                "  cv = { folds = 2; by = \"block\"; block_deg = 5.0; };",
                LEVITUS);
  if (status == 0) status = pm_pipeline_stage_fit(sc, g, opt, dir, &fitted, &n);
  if (!pm_test_ok(status == 0 && n == 1, "fit stage on grid cells runs"))
    printf("# %s\n", pm_error_message());
  else {
    pm_test_ok(fitted[0].n_rows + fitted[0].n_dropped ==
                   pm_bin_n_cells(g->bin),
               "one row per occupied cell (%zu + %zu = %zu)",
               fitted[0].n_rows, fitted[0].n_dropped, pm_bin_n_cells(g->bin));
    pm_test_ok(fitted[0].cv && fitted[0].cv->k == 2 &&
                   isfinite(pm_engine_summary_of(fitted[0].engine)->deviance),
               "deviance finite, 2-fold block cross-validation present");
  }
  pm_pipeline_fitted_free(fitted, n);
  pm_scenario_free(sc);
}

static void test_errors(const pm_pipeline_gridded *g, const pm_pipeline_opts *opt)
{
  char gone[PATH_MAX];

  test_bad(g, opt, "noclass", PM_EINPUT,
           "response = { class = \"Nonexistentia\"; }; family = \"poisson\";\n"
           "  formula = \"count ~ s(logdepth, k=5) + offset(log(volume_m3))\";",
           LEVITUS, 0,
           "response class 'Nonexistentia' is not in the observations",
           "a class not in the data");
  test_bad(g, opt, "biomass", PM_EINPUT,
           "response = { biomass = true; }; family = \"gamma\";\n"
           "  formula = \"biomass ~ s(logdepth, k=5)\";",
           LEVITUS, 0, "a biomass response needs the sizes of the objects",
           "a biomass response without measured objects");
  snprintf(gone, sizeof gone, "%s/gone.cdf", tmpdir);
  test_bad(g, opt, "gone", PM_EIO, size_model, NULL, 1, gone,
           "a covariate file missing at fit time");
}

/* The BATS 361 casts of the raw export (objects with sizes) and the Tara
 * cast at BATS in February 2012 of the detailed export (size classes only,
 * other grid cells), crustaceans kept. */
static int load_biomass(pm_scenario **sc, const char *model)
{
  char path[PATH_MAX];
  FILE *out;

  snprintf(path, sizeof path, "%s/biomass.cfg", tmpdir);
  if (!(out = fopen(path, "w"))) return PM_EIO;
  fprintf(out,
          "output_dir = \"%s/out\";\n"
          "observations = (\n"
          "  { name = \"raw\"; format = \"ecopart-raw\"; depth_step = 5.0;\n"
          "    metadata = \"%s/ecopart_raw_bats361/"
          "export_raw_20220810_16_31_Export_metadata_summary.tsv\";\n"
          "    files = [ \"%s/ecopart_raw_bats361/*_PAR_raw_*.tsv\" ]; },\n"
          "  { name = \"det\"; format = \"ecopart-detailed\";\n"
          "    metadata = \"%s/ecopart_detailed/BATSOFP/"
          "export_detailed_20240422_11_04_Export_metadata_summary.tsv\";\n"
          "    files = [ \"%s/ecopart_detailed/BATSOFP/"
          "export_detailed_20240422_11_04_PAR_tara_148_00_a.tsv\" ]; });\n"
          "filters = { classes = { keep = [ \"living>Eukaryota>Opisthokonta>"
          "Holozoa>Metazoa>Arthropoda>Crustacea>\" ]; }; };\n"
          "grid = { resolution = 0.25; time = \"month\";\n"
          "  depth_edges = [ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 ]; };\n"
          "models = ( { name = \"biomass\"; %s } );\n",
          tmpdir, data, data, data, data, model);
  fclose(out);
  return pm_scenario_load(sc, path);
}

/* A biomass model on the raw casts: the carbon of each raw bin is known,
 * that of a detailed bin missing. */
static void test_biomass(const pm_pipeline_opts *opt, const char *frame,
                         const char *cv)
{
  pm_scenario *sc = NULL;
  pm_pipeline_gridded g = {0};
  pm_pipeline_fitted *fitted = NULL;
  size_t n = 0, s, raw = 0, raw_finite = 0, det = 0, det_nan = 0;
  double *y = NULL;
  char dir[PATH_MAX], model[512];
  int status;

  snprintf(dir, sizeof dir, "%s/biomass_%s", tmpdir, frame);
  snprintf(model, sizeof model,
           "response = { biomass = true; }; family = \"tweedie\"; "
           "frame = \"%s\";\n"
           "  formula = \"biomass ~ s(logdepth, k=4) + "
           "offset(log(volume_m3))\";\n"
           "  cv = { folds = 2; %s };",
           frame, cv);
  status = load_biomass(&sc, model);
  if (!status) status = pm_pipeline_stage_grid(sc, opt, &g);
  if (!pm_test_ok(status == 0, "biomass (%s): grid stage on raw and detailed "
                  "BATS casts", frame)) {
    printf("# %s\n", pm_error_message());
    goto cleanup;
  }
  y = malloc(g.obs->n_samples * sizeof *y);
  status = pm_obs_biomass(g.obs, y);
  for (s = 0; s < g.obs->n_samples && !status; s++) {
    int is_raw = strcmp(g.obs->profiles[g.obs->profile[s]].source, "raw") == 0;
    raw += is_raw;
    raw_finite += is_raw && isfinite(y[s]) && y[s] >= 0;
    det += !is_raw;
    det_nan += !is_raw && isnan(y[s]);
  }
  pm_test_ok(status == 0 && raw > 0 && raw == raw_finite && det > 0 &&
                 det == det_nan,
             "biomass (%s): finite for the %zu raw bins, missing for the %zu "
             "detailed ones", frame, raw, det);
  status = pm_pipeline_stage_fit(sc, &g, opt, dir, &fitted, &n);
  if (!pm_test_ok(status == 0 && n == 1 &&
                      isfinite(pm_engine_summary_of(fitted[0].engine)->deviance),
                  "biomass (%s): a tweedie model of mg C fits", frame))
    printf("# %s\n", pm_error_message());
cleanup:
  free(y);
  pm_pipeline_fitted_free(fitted, n);
  pm_pipeline_gridded_free(&g);
  pm_scenario_free(sc);
}

/* The run's messages on stderr when PM_TEST_VERBOSE is set. */
static void note_stderr(void *ctx, const char *text)
{
  (void)ctx;
  fputs(text, stderr);
}

int main(void)
{
  pm_scenario *sc = NULL;
  pm_pipeline_gridded g = {0};
  pm_pipeline_opts opt = {0};
  int status;

  if (!mkdtemp(tmpdir) || !realpath(pm_test_path("data"), data)) {
    printf("Bail out! no temporary folder or no data folder\n");
    return 99;
  }
  status = load(&sc, "grid", size_model, LEVITUS);
  if (getenv("PM_TEST_VERBOSE")) opt.note = note_stderr;
  if (status == 0) status = pm_pipeline_stage_grid(sc, &opt, &g);
  if (!pm_test_ok(status == 0, "grid stage on the demo casts")) {
    printf("# %s\n", pm_error_message());
  } else {
    test_fit(&g, &opt);
    test_cells(&g, &opt);
    test_errors(&g, &opt);
    test_biomass(&opt, "samples", "by = \"profile\";");
    test_biomass(&opt, "cells", "by = \"block\"; block_deg = 0.25;");
  }
  pm_pipeline_gridded_free(&g);
  pm_scenario_free(sc);
  pm_test_remove_dir(tmpdir);
  return pm_test_done();
}
