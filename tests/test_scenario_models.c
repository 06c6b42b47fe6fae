/* test_scenario_models.c: the covariates, relief, models, prediction and
 * scenarios sections of the scenario file: each loads with the values it
 * states or its defaults, the NetCDF fields are checked, and every kind of
 * mistake is an error naming file, line and setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_scenario.h"
#include "pm_test.h"
#include "pm_test_scenario.h"

#include <netcdf.h>
#include <unistd.h>

static char dir[] = "/tmp/pm-test-scenario-models.XXXXXX";

#define LEVITUS "/usr/share/ferret-vis/data/levitus_climatology.cdf"
#define ETOPO "/usr/share/ferret-vis/data/etopo20.cdf"

static const char *write_cfg(const char *name, const char *text)
{
  return pm_test_write_file(dir, name, text);
}

static void load_fails(const char *name, const char *text, const char *fragment)
{
  pm_test_load_fails(dir, name, text, fragment);
}

/* Lines 1-4 of every test config. */
#define BASE                                                                   \
  "output_dir = \"out\";\n"                                                    \
  "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"          \
  "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n"                      \
  "grid = { resolution = 1; depth_edges = [ 0, 100, 500 ]; };\n"
/* Line 5: two covariates. */
#define COVS                                                                   \
  "covariates = ( { name = \"temp\"; file = \"t.nc\"; variable = \"T\"; },\n"  \
  "  { name = \"salt\"; file = \"s.nc\"; variable = \"S\"; } );\n"
/* Lines 7-8 open a model; the test adds its settings and " } );\n". */
#define MODEL                                                                  \
  "models = ( { name = \"m\"; family = \"negbin\";\n"                          \
  "  response = { size = [ 100, 500 ]; };\n"
#define FORMULA "  formula = \"count ~ s(temp) + offset(log(volume_m3))\";\n"

static void test_full(void)
{
  pm_scenario *sc = NULL;
  const pm_scenario_model *m;
  const pm_scenario_change *c;
  int status;
  status = pm_scenario_load(
      &sc,
      write_cfg(
          "full.cfg", BASE
          "covariates = ( { name = \"temp\"; file = \"t.nc\"; variable = "
          "\"T\"; },\n"
          "  { name = \"chl\"; file = \"/data/chl.nc\"; variable = \"C\";\n"
          "    transform = \"log10\"; max_distance_km = 50; } );\n"
          "relief = { file = \"relief.nc\"; variable = \"ROSE\"; };\n"
          "models = (\n"
          "  { name = \"particles\"; response = { size = [ 100.0, 500.5 ]; };\n"
          "    family = \"negbin\"; theta = 2.5; method = \"GCV\";\n"
          "    formula = \"count ~ s(temp) + s(chl) + s(logdepth) + "
          "offset(log(volume_m3))\";\n"
          "    frame = \"cells\"; discrete = \"yes\"; discrete_values = 300;\n"
          "    uncertainty = { draws = 50; seed = 7; bootstrap = 3; };\n"
          "    cv = { folds = 4; by = \"block\"; block_deg = 5; }; },\n"
          "  { name = \"cop\"; response = { classes = [ \"Copepoda\", "
          "\"Calanoida\" ]; };\n"
          "    family = \"poisson\"; formula = \"count ~ lat + month\"; },\n"
          "  { name = \"mass\"; response = { biomass = true; };\n"
          "    family = \"tweedie\"; tweedie_p = 1.4;\n"
          "    formula = \"biomass ~ s(temp, k=5)\"; } );\n"
          "prediction = { depths = [ 0.0, 5.0, 10.0 ]; months = [ 1, 2, 12 ];\n"
          "  regions = { file = \"regions.nc\"; variable = \"basin\"; }; };\n"
          "scenarios = (\n"
          "  { name = \"warm\"; changes = ( { covariate = \"temp\"; add = 2; "
          "},\n"
          "      { covariate = \"chl\"; multiply = 1.1; } ); },\n"
          "  { name = \"cmip\"; changes = (\n"
          "      { covariate = \"temp\"; delta_file = \"dt.nc\"; "
          "delta_variable = \"dT\"; },\n"
          "      { covariate = \"chl\"; file = \"chl2100.nc\"; variable = "
          "\"C\"; } ); } );\n"));
  if (!pm_test_ok(status == PM_SUCCESS, "full.cfg loads")) {
    printf("# %s\n", pm_error_message());
    return;
  }
  pm_test_ok(sc->n_covariates == 2, "2 covariates");
  pm_test_ok(strcmp(sc->covariates[0].name, "temp") == 0 &&
                 sc->covariates[0].transform == PM_TRANSFORM_NONE &&
                 sc->covariates[0].max_distance_km == 100,
             "temp: no transform, search radius 100 km by default");
  pm_test_ok(strstr(sc->covariates[0].field.file, "/t.nc") != NULL &&
                 strncmp(sc->covariates[0].field.file, dir, strlen(dir)) == 0,
             "a covariate file is taken from the config's folder: %s",
             sc->covariates[0].field.file);
  pm_test_ok(strstr(sc->covariates[0].field.where,
                    "full.cfg:5: covariates[0].file") != NULL,
             "where a covariate file was named: %s",
             sc->covariates[0].field.where);
  pm_test_ok(strcmp(sc->covariates[1].field.file, "/data/chl.nc") == 0 &&
                 strcmp(sc->covariates[1].field.variable, "C") == 0 &&
                 sc->covariates[1].transform == PM_TRANSFORM_LOG10 &&
                 sc->covariates[1].max_distance_km == 50,
             "chl: absolute path kept, log10, 50 km");
  pm_test_ok(sc->relief.file && strstr(sc->relief.file, "/relief.nc") &&
                 strcmp(sc->relief.variable, "ROSE") == 0,
             "relief");
  pm_test_ok(sc->n_models == 3, "3 models");
  m = &sc->models[0];
  pm_test_ok(strcmp(m->name, "particles") == 0 &&
                 m->response.kind == PM_RESPONSE_SIZE &&
                 m->response.size_min_um == 100 &&
                 m->response.size_max_um == 500.5,
             "particles: size window 100 .. 500.5 um");
  pm_test_ok(m->family.kind == PM_FAMILY_NEGBIN && m->theta_fixed &&
                 m->family.theta == 2.5 && !m->p_fixed,
             "negbin with theta fixed at 2.5");
  pm_test_ok(m->method == PM_METHOD_GCV && m->frame == PM_FRAME_CELLS,
             "GCV, cells");
  pm_test_ok(m->discrete.mode == PM_DISCRETE_YES &&
                 m->discrete.values == 300,
             "discretised onto 300 values per covariate");
  pm_test_ok(m->draws == 50 && m->seed == 7 && m->bootstrap == 3,
             "draws 50, seed 7, bootstrap 3");
  pm_test_ok(m->cv_folds == 4 && m->cv_by == PM_CV_BLOCK &&
                 m->cv_block_deg == 5,
             "cv: 4 folds by 5-degree blocks");
  pm_test_ok(strstr(m->formula, "s(chl)") != NULL, "the formula is kept");
  pm_test_ok(strstr(m->where, "full.cfg:10: models[0]") != NULL,
             "where the model was named: %s", m->where);
  pm_test_ok(strcmp(pm_scenario_response_name(&m->response), "count") == 0,
             "a size response is 'count' in formulas");
  m = &sc->models[1];
  pm_test_ok(m->response.kind == PM_RESPONSE_CLASSES &&
                 m->response.n_classes == 2 &&
                 strcmp(m->response.classes[1], "Calanoida") == 0,
             "cop: two classes summed");
  pm_test_ok(m->family.kind == PM_FAMILY_POISSON &&
                 m->method == PM_METHOD_REML && m->frame == PM_FRAME_SAMPLES &&
                 m->draws == 200 && m->seed == 1 && m->bootstrap == 0 &&
                 m->cv_folds == 5 && m->cv_by == PM_CV_PROFILE &&
                 m->cv_block_deg == 10 &&
                 m->discrete.mode == PM_DISCRETE_AUTO &&
                 m->discrete.values == 0,
             "cop: the defaults (REML, samples, 200 draws, seed 1, 5 folds "
             "by profile, discretised from %d rows on)", PM_DISCRETE_ROWS);
  m = &sc->models[2];
  pm_test_ok(m->response.kind == PM_RESPONSE_BIOMASS && m->p_fixed &&
                 m->family.p == 1.4 &&
                 strcmp(pm_scenario_response_name(&m->response), "biomass") ==
                     0,
             "mass: biomass, Tweedie p fixed at 1.4");
  pm_test_ok(sc->prediction.n_depths == 3 && sc->prediction.depths[1] == 5 &&
                 sc->prediction.depth_edges == NULL,
             "prediction at 3 depths");
  pm_test_ok(sc->prediction.n_months == 3 && sc->prediction.months[2] == 12,
             "months 1, 2, 12");
  pm_test_ok(sc->prediction.regions.file &&
                 strstr(sc->prediction.regions.file, "/regions.nc") &&
                 strcmp(sc->prediction.regions.variable, "basin") == 0,
             "region mask");
  pm_test_ok(sc->n_cases == 2 && strcmp(sc->cases[1].name, "cmip") == 0 &&
                 sc->cases[0].n_changes == 2 && sc->cases[1].n_changes == 2,
             "2 scenarios of 2 changes");
  c = sc->cases[0].changes;
  pm_test_ok(c[0].kind == PM_CHANGE_ADD && c[0].value == 2 &&
                 strcmp(c[0].covariate, "temp") == 0 &&
                 c[1].kind == PM_CHANGE_MULTIPLY && c[1].value == 1.1,
             "warm: temp + 2, chl * 1.1");
  c = sc->cases[1].changes;
  pm_test_ok(c[0].kind == PM_CHANGE_DELTA &&
                 strstr(c[0].field.file, "/dt.nc") &&
                 strcmp(c[0].field.variable, "dT") == 0 &&
                 c[1].kind == PM_CHANGE_REPLACE &&
                 strstr(c[1].field.file, "/chl2100.nc") &&
                 strcmp(c[1].field.variable, "C") == 0,
             "cmip: a delta field and a replacing field");
  pm_test_ok(strstr(c[1].where, "full.cfg:28: scenarios[1].changes[1]") != NULL,
             "where a change was named: %s", c[1].where);
  pm_scenario_free(sc);
}

/* A file with none of the new sections: their defaults. */
static void test_defaults(void)
{
  pm_scenario *sc = NULL;
  int status =
      pm_scenario_load(&sc, write_cfg("defaults.cfg", BASE
                                      "prediction = { months = \"annual\";\n"
                                      "  regions = \"latitude_bands\"; };\n"));
  if (!pm_test_ok(status == PM_SUCCESS, "defaults.cfg loads")) {
    printf("# %s\n", pm_error_message());
    return;
  }
  pm_test_ok(sc->n_covariates == 0 && sc->n_models == 0 && sc->n_cases == 0 &&
                 sc->relief.file == NULL,
             "no covariates, models, scenarios or relief");
  pm_test_ok(sc->prediction.n_depth_edges == 3 &&
                 sc->prediction.depth_edges[2] == 500 &&
                 sc->prediction.depths == NULL,
             "prediction on the grid's layers");
  pm_test_ok(sc->prediction.n_months == 0 &&
                 sc->prediction.regions.file == NULL,
             "annual, latitude bands");
  pm_scenario_free(sc);
}

/* A table of classes A and B (with `classifier` a classifier's setting)
 * and models of class A, of A and B, and of a size window. */
#define CLASSIFIED(classifier)                                                 \
  "output_dir = \"out\";\n"                                                    \
  "observations = ( { name = \"t\"; format = \"table\";\n"                     \
  "  files = [ \"t.csv\" ]; volume_units = \"L\";\n"                           \
  "  columns = { profile = \"p\"; datetime = \"d\"; lat = \"lat\";\n"          \
  "    lon = \"lon\"; depth_top = \"z0\"; depth_bottom = \"z1\";\n"            \
  "    volume = \"v\"; classes = [ \"A\", \"B\" ]; };\n"                       \
  classifier " } );\n"                                                         \
  "grid = { resolution = 1; depth_edges = [ 0, 100 ]; };\n"                   \
  "models = ( { name = \"a\"; family = \"negbin\";\n"                          \
  "  response = { class = \"A\"; }; formula = \"count ~ lat\"; },\n"           \
  "  { name = \"ab\"; family = \"poisson\";\n"                                 \
  "  response = { classes = [ \"A\", \"B\" ]; }; formula = \"count ~ lat\"; },\n" \
  "  { name = \"s\"; family = \"negbin\";\n"                                   \
  "  response = { size = [ 100, 500 ]; }; formula = \"count ~ lat\"; } );\n"

/* The counts of classes are expected counts when a source has a
 * classifier; the counts of a size window, or without a classifier, are
 * whole. */
static void test_expected_counts(void)
{
  pm_scenario *with = pm_test_load(
      dir, "classified.cfg",
      CLASSIFIED("  classifier = { confusion = \"c.tsv\"; };"));
  pm_scenario *without = pm_test_load(dir, "unclassified.cfg", CLASSIFIED(""));

  if (pm_test_ok(with && with->n_models == 3,
                 "a scenario with a classifier loads")) {
    pm_test_ok(pm_scenario_has_classifier(with), "... it has a classifier");
    pm_test_ok(pm_scenario_expected_counts(with, &with->models[0]) &&
                   pm_scenario_expected_counts(with, &with->models[1]),
               "... a model of a class, or of classes, fits expected counts");
    pm_test_ok(!pm_scenario_expected_counts(with, &with->models[2]),
               "... a model of a size window fits whole counts");
  }
  if (pm_test_ok(without && without->n_models == 3,
                 "the scenario without a classifier loads"))
    pm_test_ok(!pm_scenario_has_classifier(without) &&
                   !pm_scenario_expected_counts(without, &without->models[0]),
               "... its model of a class fits whole counts");
  pm_scenario_free(with);
  pm_scenario_free(without);
}

/* A family as R writes it: nb(theta = 3) is negbin with theta fixed. */
static void test_family_spelling(void)
{
  pm_scenario *sc = NULL;
  int status = pm_scenario_load(
      &sc, write_cfg("spelling.cfg",
                     BASE COVS "models = ( { name = \"m\";\n"
                               "  family = \"nb(theta = 3)\";\n"
                               "  response = { class = \"A\"; };\n" FORMULA
                               " } );\n"));
  if (!pm_test_ok(status == PM_SUCCESS, "spelling.cfg loads")) {
    printf("# %s\n", pm_error_message());
    return;
  }
  pm_test_ok(sc->models[0].family.kind == PM_FAMILY_NEGBIN &&
                 sc->models[0].theta_fixed && sc->models[0].family.theta == 3,
             "family nb(theta = 3): negbin with theta fixed at 3");
  pm_scenario_free(sc);
  load_fails("spelling_theta.cfg",
             BASE COVS "models = ( { name = \"m\"; family = \"nb(3)\";\n"
                       "  response = { class = \"A\"; };\n" FORMULA
                       "  theta = 2; } );\n",
             "spelling_theta.cfg:10: setting 'models[0].theta' and the family "
             "'nb(3)' both fix it");
  load_fails("spelling_link.cfg",
             BASE COVS "models = ( { name = \"m\";\n"
                       "  family = \"Gamma(link = 'inverse')\";\n"
                       "  response = { class = \"A\"; }; " FORMULA " } );\n",
             "link 'inverse' is not supported; plankmap fits gamma with the "
             "log link only");
}

static void test_example(void)
{
  pm_scenario *sc = NULL;
  int status = pm_scenario_load(&sc, pm_test_path("configs/example_full.cfg"));
  if (!pm_test_ok(status == PM_SUCCESS, "example_full.cfg loads")) {
    printf("# %s\n", pm_error_message());
    return;
  }
  pm_test_ok(sc->n_covariates == 2 &&
                 strcmp(sc->covariates[1].field.file, LEVITUS) == 0 &&
                 strcmp(sc->covariates[1].field.variable, "SALT") == 0,
             "Levitus temperature and salinity");
  pm_test_ok(strcmp(sc->relief.file, ETOPO) == 0, "ETOPO20 relief");
  pm_test_ok(sc->n_models == 2 &&
                 sc->models[0].family.kind == PM_FAMILY_NEGBIN &&
                 sc->models[0].response.kind == PM_RESPONSE_SIZE &&
                 sc->models[1].family.kind == PM_FAMILY_TWEEDIE &&
                 sc->models[1].response.kind == PM_RESPONSE_FLUX,
             "a negbin model of a size window and a Tweedie flux model");
  pm_test_ok(sc->flux.given && !sc->flux.mass_speed && sc->flux.A == 12.5 &&
                 sc->flux.size_max_mm == 1.5 && sc->flux.n_depths == 7,
             "the flux section: Guidi et al. 2008 over 0.25-1.5 mm");
  pm_test_ok(sc->n_cases == 1 && strcmp(sc->cases[0].name, "warming") == 0 &&
                 sc->cases[0].changes[0].kind == PM_CHANGE_ADD &&
                 sc->cases[0].changes[0].value == 2,
             "warming: temp + 2");
  if (access(LEVITUS, R_OK) == 0 && access(ETOPO, R_OK) == 0) {
    status = pm_scenario_check_inputs(sc);
    if (!pm_test_ok(status == PM_SUCCESS, "every input of the example is "
                                          "there"))
      printf("# %s\n", pm_error_message());
  } else
    pm_test_ok(1, "# SKIP ferret-datasets is not installed");
  pm_scenario_free(sc);
}

/* A NetCDF file of one variable `name` at <dir>/<file>. */
static void write_nc(const char *file, const char *name)
{
  char path[4200];
  int nc, dim, var;
  snprintf(path, sizeof path, "%s/%s", dir, file);
  if (nc_create(path, NC_CLOBBER, &nc) || nc_def_dim(nc, "x", 2, &dim) ||
      nc_def_var(nc, name, NC_FLOAT, 1, &dim, &var) || nc_close(nc)) {
    printf("Bail out! cannot write %s\n", path);
    exit(1);
  }
}

/* A scenario on the embedded PAPSO data whose covariate is `cov` (file,
 * variable) and relief `relief`; check_inputs gives `expected` and a
 * message holding `fragment`. */
static void check_fields(const char *name, const char *cov_file,
                         const char *cov_var, const char *relief_file,
                         int expected, const char *fragment)
{
  char text[8192];
  const char *papso = pm_test_path("data/ecopart_detailed/PAPSO");
  pm_scenario *sc = NULL;
  int status;
  snprintf(text, sizeof text,
           "output_dir = \"out\";\n"
           "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"
           "  metadata = \"%s/export_detailed_20240422_11_01_Export_metadata_"
           "summary.tsv\";\n"
           "  files = [ \"%s/export_detailed_20240422_11_01_PAR_*.tsv\" ]; } "
           ");\n"
           "grid = { resolution = 1; depth_edges = [ 0, 100 ]; };\n"
           "covariates = (\n"
           "  { name = \"temp\"; file = \"%s\"; variable = \"%s\"; } );\n"
           "relief = { file = \"%s\"; variable = \"ROSE\"; };\n",
           papso, papso, cov_file, cov_var, relief_file);
  status = pm_scenario_load(&sc, write_cfg(name, text));
  if (!pm_test_ok(status == PM_SUCCESS, "%s loads", name)) {
    printf("# %s\n", pm_error_message());
    return;
  }
  status = pm_scenario_check_inputs(sc);
  if (expected == PM_SUCCESS) {
    if (!pm_test_ok(status == PM_SUCCESS, "%s: the fields are there", name))
      printf("# %s\n", pm_error_message());
  } else
    pm_test_error(status, expected, pm_error_message(), fragment, "%s: check",
                  name);
  pm_scenario_free(sc);
}

static void test_check(void)
{
  write_nc("temp.nc", "TEMP");
  write_nc("relief.nc", "ROSE");
  write_cfg("notnc.nc", "this is text, not NetCDF\n");
  check_fields("fields.cfg", "temp.nc", "TEMP", "relief.nc", PM_SUCCESS, "");
  check_fields("novar.cfg", "temp.nc", "TEMPX", "relief.nc", PM_EINPUT,
               "novar.cfg:7: covariates[0].file: the file '");
  check_fields("novar2.cfg", "temp.nc", "TEMPX", "relief.nc", PM_EINPUT,
               "has no variable 'TEMPX'; its variables are TEMP");
  check_fields("notnc.cfg", "notnc.nc", "TEMP", "relief.nc", PM_EINPUT,
               "does not open as NetCDF");
  check_fields("norelief.cfg", "temp.nc", "TEMP", "none.nc", PM_EIO,
               "norelief.cfg:8: relief.file: the file '");
  check_fields("nocov.cfg", "nothere.nc", "TEMP", "relief.nc", PM_EIO,
               "nothere.nc' does not exist");
}

static void test_bad(void)
{
  load_fails("family.cfg",
             BASE COVS "models = ( { name = \"m\";\n"
                       "  family = \"negbinomial\";\n"
                       "  response = { class = \"A\"; }; " FORMULA " } );\n",
             "family.cfg:8: setting 'models[0].family': unknown family "
             "'negbinomial'");
  load_fails("formula.cfg",
             BASE COVS MODEL "  formula = \"count ~ s(temp\"; } );\n",
             "formula.cfg:9: setting 'models[0].formula': formula 'count ~ "
             "s(temp'");
  load_fails("duplicate_model.cfg",
             BASE COVS MODEL FORMULA
             " },\n"
             "  { name = \"m\"; family = \"poisson\";\n"
             "  response = { class = \"A\"; };\n" FORMULA " } );\n",
             "duplicate_model.cfg:11: setting 'models[1].name': the name 'm' "
             "is already used by models[0] (line 7); model names must be "
             "unique");
  load_fails("unknown_cov.cfg",
             BASE COVS MODEL "  formula = \"count ~ s(temp) + s(oxy)\"; } );\n",
             "unknown_cov.cfg:9: setting 'models[0].formula': 'oxy' is neither "
             "the response, a covariate nor a built-in; the known names are "
             "count, temp, salt, depth, logdepth, lat, lon, month, volume_m3");
  load_fails("unknown_by.cfg",
             BASE COVS MODEL "  formula = \"count ~ s(temp, by=oxy)\"; } );\n",
             "unknown_by.cfg:9: setting 'models[0].formula': 'oxy' is neither "
             "the response, a covariate nor a built-in");
  load_fails("response_name.cfg",
             BASE COVS MODEL "  formula = \"biomass ~ s(temp)\"; } );\n",
             "response_name.cfg:9: setting 'models[0].formula': 'biomass' is "
             "neither the response");
  load_fails("reserved.cfg",
             BASE "covariates = ( { name = \"temp\"; file = \"t.nc\"; "
                  "variable = \"T\"; },\n"
                  "  { name = \"depth\"; file = \"d.nc\"; variable = \"D\"; } "
                  ");\n",
             "reserved.cfg:6: setting 'covariates[1].name': 'depth' is a "
             "built-in covariate");
  load_fails("reserved_count.cfg",
             BASE "covariates = ( { name = \"count\"; file = \"t.nc\"; "
                  "variable = \"T\"; } );\n",
             "reserved_count.cfg:5: setting 'covariates[0].name': 'count' is "
             "the name of the response");
  load_fails("duplicate_cov.cfg",
             BASE "covariates = ( { name = \"t\"; file = \"t.nc\"; variable = "
                  "\"T\"; },\n"
                  "  { name = \"t\"; file = \"d.nc\"; variable = \"D\"; } );\n",
             "duplicate_cov.cfg:6: setting 'covariates[1].name': the name 't' "
             "is already used by covariates[0] (line 5); covariate names must "
             "be unique");
  load_fails("scenario_cov.cfg",
             BASE COVS "scenarios = ( { name = \"warm\";\n"
                       "  changes = ( { covariate = \"tmp\"; add = 2; } ); } "
                       ");\n",
             "scenario_cov.cfg:8: setting 'scenarios[0].changes[0].covariate': "
             "'tmp' is neither a covariate nor a built-in; the known names are "
             "temp, salt, depth, logdepth, lat, lon, month, volume_m3; did you "
             "mean 'temp'?");
  load_fails("draws.cfg",
             BASE COVS MODEL FORMULA "  uncertainty = { draws = 0; }; } );\n",
             "draws.cfg:10: setting 'models[0].uncertainty.draws' must be a "
             "whole number within [1, 1e+06] (it is 0)");
  load_fails("draws_frac.cfg",
             BASE COVS MODEL FORMULA "  uncertainty = { draws = 2.5; }; } );\n",
             "draws_frac.cfg:10: setting 'models[0].uncertainty.draws' must be "
             "a whole number");
  load_fails("folds.cfg",
             BASE COVS MODEL FORMULA "  cv = { folds = 1; }; } );\n",
             "folds.cfg:10: setting 'models[0].cv.folds' must be a whole "
             "number within [2, 1000] (it is 1)");
  load_fails("block.cfg",
             BASE COVS MODEL FORMULA
             "  cv = { by = \"profile\"; block_deg = 5; }; } );\n",
             "block.cfg:10: setting 'models[0].cv.block_deg' does not apply to "
             "by 'profile' (only to block)");
  load_fails("response_kind.cfg",
             BASE COVS "models = ( { name = \"m\"; family = \"negbin\";\n"
                       "  response = { taxon = \"Copepoda\"; };\n" FORMULA
                       " } );\n",
             "response_kind.cfg:8: unknown setting 'models[0].response.taxon'; "
             "the settings known here are class, classes, size, biomass");
  load_fails("response_two.cfg",
             BASE COVS
             "models = ( { name = \"m\"; family = \"negbin\";\n"
             "  response = { class = \"A\"; size = [ 1, 2 ]; };\n" FORMULA
             " } );\n",
             "response_two.cfg:8: 'models[0].response' must hold exactly one "
             "of class, classes, size, biomass or flux");
  load_fails("response_none.cfg",
             BASE COVS "models = ( { name = \"m\"; family = \"negbin\";\n"
                       "  response = { };\n" FORMULA " } );\n",
             "'models[0].response' must hold exactly one of class");
  load_fails("biomass_false.cfg",
             BASE COVS "models = ( { name = \"m\"; family = \"gamma\";\n"
                       "  response = { biomass = false; };\n"
                       "  formula = \"biomass ~ s(temp)\"; } );\n",
             "biomass_false.cfg:8: setting 'models[0].response.biomass' is "
             "false");
  load_fails("biomass_type.cfg",
             BASE COVS "models = ( { name = \"m\"; family = \"gamma\";\n"
                       "  response = { biomass = 1; };\n"
                       "  formula = \"biomass ~ s(temp)\"; } );\n",
             "biomass_type.cfg:8: setting 'models[0].response.biomass' must be "
             "true or false (it is an integer)");
  load_fails("no_response.cfg",
             BASE COVS
             "models = ( { name = \"m\"; family = \"negbin\";\n" FORMULA
             " } );\n",
             "no_response.cfg:7: 'models[0]' lacks the required setting "
             "'response'");
  load_fails("theta.cfg",
             BASE COVS "models = ( { name = \"m\"; family = \"poisson\";\n"
                       "  response = { class = \"A\"; };\n" FORMULA
                       "  theta = 2; } );\n",
             "theta.cfg:10: setting 'models[0].theta' applies only to family "
             "'negbin' (this model's family is 'poisson')");
  load_fails("tweedie_p.cfg",
             BASE COVS "models = ( { name = \"m\"; family = \"tweedie\";\n"
                       "  response = { class = \"A\"; };\n" FORMULA
                       "  tweedie_p = 2; } );\n",
             "tweedie_p.cfg:10: setting 'models[0].tweedie_p' must be a number "
             "within (1, 2) (it is 2)");
  load_fails("discrete.cfg",
             BASE COVS MODEL FORMULA "  discrete = true; } );\n",
             "discrete.cfg:10: setting 'models[0].discrete' must be");
  load_fails("discrete_values.cfg",
             BASE COVS MODEL FORMULA "  discrete_values = 1; } );\n",
             "discrete_values.cfg:10: setting 'models[0].discrete_values' "
             "must be");
  load_fails("method.cfg", BASE COVS MODEL FORMULA "  method = \"ML\"; } );\n",
             "method.cfg:10: setting 'models[0].method' is 'ML'; expected one "
             "of REML, GCV");
  load_fails("model_typo.cfg",
             BASE COVS MODEL "  formule = \"count ~ s(temp)\"; } );\n",
             "model_typo.cfg:9: unknown setting 'models[0].formule'; did you "
             "mean 'formula'?");
  load_fails("model_name.cfg",
             BASE COVS "models = ( { name = \"2m\"; family = \"negbin\";\n"
                       "  response = { class = \"A\"; };\n" FORMULA " } );\n",
             "model_name.cfg:7: setting 'models[0].name' must be a name that "
             "starts with a letter");
  load_fails("transform.cfg",
             BASE "covariates = ( { name = \"t\"; file = \"t.nc\"; variable = "
                  "\"T\";\n  transform = \"ln\"; } );\n",
             "transform.cfg:6: setting 'covariates[0].transform' is 'ln'; "
             "expected one of none, log, log10, sqrt");
  load_fails("relief.cfg", BASE "relief = { file = \"r.nc\"; };\n",
             "relief.cfg:5: 'relief' lacks the required setting 'variable'");
  load_fails("baseline.cfg",
             BASE COVS "scenarios = ( { name = \"baseline\";\n"
                       "  changes = ( { covariate = \"temp\"; add = 0; } ); } "
                       ");\n",
             "baseline.cfg:7: setting 'scenarios[0].name': 'baseline' is the "
             "scenario of the covariates as they are");
  load_fails("duplicate_scenario.cfg",
             BASE COVS
             "scenarios = ( { name = \"w\";\n"
             "  changes = ( { covariate = \"temp\"; add = 1; } ); },\n"
             "  { name = \"w\"; changes = ( { covariate = \"temp\"; "
             "add = 2; } ); } );\n",
             "duplicate_scenario.cfg:9: setting 'scenarios[1].name': the name "
             "'w' is already used by scenarios[0] (line 7)");
  load_fails("change_two.cfg",
             BASE COVS
             "scenarios = ( { name = \"w\"; changes = (\n"
             "  { covariate = \"temp\"; add = 1; multiply = 2; } ); } "
             ");\n",
             "change_two.cfg:8: 'scenarios[0].changes[0]' must make exactly "
             "one change: add, multiply, delta_file (with delta_variable) or "
             "file (with variable)");
  load_fails("change_none.cfg",
             BASE COVS "scenarios = ( { name = \"w\"; changes = (\n"
                       "  { covariate = \"temp\"; } ); } );\n",
             "change_none.cfg:8: 'scenarios[0].changes[0]' must make exactly "
             "one change");
  load_fails("delta.cfg",
             BASE COVS "scenarios = ( { name = \"w\"; changes = (\n"
                       "  { covariate = \"temp\";\n"
                       "    delta_file = \"dt.nc\"; } ); } );\n",
             "delta.cfg:9: 'scenarios[0].changes[0]' gives 'delta_file' "
             "without 'delta_variable'");
  load_fails(
      "months.cfg", BASE "prediction = { months = [ 0, 1 ]; };\n",
      "months.cfg:5: setting 'prediction.months' must be a list of one "
      "or more whole numbers within [1, 12], strictly increasing, or one "
      "of annual (element [0] is 0)");
  load_fails("months_word.cfg", BASE "prediction = { months = \"yearly\"; };\n",
             "months_word.cfg:5: setting 'prediction.months' is 'yearly'; it "
             "must be a list of one or more whole numbers");
  load_fails("regions.cfg", BASE "prediction = { regions = \"countries\"; };\n",
             "regions.cfg:5: setting 'prediction.regions' is 'countries'; it "
             "must be a group { ... }, or one of latitude_bands");
  load_fails("depths.cfg",
             BASE "prediction = {\n  depths = [ 0, 5 ]; depth_edges = [ 0, "
                  "5 ]; };\n",
             "depths.cfg:5: 'prediction' gives both 'depths' and "
             "'depth_edges'");
  load_fails("depths_order.cfg", BASE "prediction = { depths = [ 5, 5 ]; };\n",
             "depths_order.cfg:5: setting 'prediction.depths' must be a list "
             "of one or more numbers at least 0, strictly increasing (element "
             "[1] = 5 is not greater than element [0])");
}

int main(void)
{
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot create %s\n", dir);
    return 1;
  }
  test_full();
  test_defaults();
  test_family_spelling();
  test_expected_counts();
  test_example();
  test_check();
  test_bad();
  pm_test_remove_dir(dir);
  return pm_test_done();
}
