/* test_scenario_flux.c: the `flux` section of the scenario file and flux
 * models: the values it states or its defaults, the estimator the run
 * builds from it, and every kind of mistake as an error naming file, line
 * and setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_scenario.h"
#include "pm_test.h"
#include "pm_test_scenario.h"

#include <math.h>
#include <unistd.h>

static char dir[] = "/tmp/pm-test-scenario-flux.XXXXXX";

/* Lines 1-4 of every test config. */
#define BASE                                                                   \
  "output_dir = \"out\";\n"                                                    \
  "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"          \
  "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n"                      \
  "grid = { resolution = 1; depth_edges = [ 0, 100, 500 ]; };\n"
/* Lines 5-7: a flux model. */
#define FLUX_MODEL                                                             \
  "models = ( { name = \"f\"; family = \"tweedie\";\n"                         \
  "  response = { flux = true; };\n"                                           \
  "  formula = \"flux ~ s(logdepth)\"; } );\n"

/* The config `text` as <dir>/<name>, loaded (NULL when it does not). */
static pm_scenario *load(const char *name, const char *text)
{
  return pm_test_load(dir, name, text);
}

static void test_full(void)
{
  pm_flux_estimator e;
  pm_scenario *sc = load(
      "full.cfg", BASE FLUX_MODEL
      "flux = { estimator = \"mass-speed\"; alpha = 0.1; zeta = 2.5;\n"
      "  beta = 50; eta = 0.5; size_mm = [ 0.2, 2.0 ];\n"
      "  spectrum_size_mm = [ 0.1, 3.0 ];\n"
      "  depths = [ 50, 100, 400 ]; export_depths = [ 100 ];\n"
      "  attenuation = { ref_depth = 50; max_depth = 400; fit = "
      "\"nonlinear\"; }; };\n");
  if (!pm_test_ok(sc != NULL, "full.cfg loads")) return;
  pm_test_ok(sc->models[0].response.kind == PM_RESPONSE_FLUX &&
                 !strcmp(pm_scenario_response_name(&sc->models[0].response),
                         "flux"),
             "a flux model, its response named flux");
  pm_test_ok(sc->flux.given && sc->flux.mass_speed && sc->flux.n_depths == 3 &&
                 sc->flux.depths[2] == 400 && sc->flux.n_export_depths == 1 &&
                 sc->flux.export_depths[0] == 100,
             "estimator, depths and horizons as stated");
  pm_test_ok(sc->flux.ref_depth == 50 && sc->flux.max_depth == 400 &&
                 sc->flux.nonlinear,
             "attenuation as stated");
  pm_test_ok(sc->flux.slope_min_mm == 0.1 && sc->flux.slope_max_mm == 3,
             "the spectrum slope window as stated");
  if (pm_test_ok(pm_pipeline_flux_estimator(sc, &e) == PM_SUCCESS,
                 "the estimator is built"))
    pm_test_ok(e.kind == PM_FLUX_MASS_SPEED && e.alpha == 0.1 &&
                   e.zeta == 2.5 && e.beta == 50 && e.eta == 0.5 &&
                   e.min_mm == 0.2 && e.max_mm == 2,
               "mass-speed coefficients and window from the file");
  pm_scenario_free(sc);
}

/* Settings left out take the flux library's defaults (Guidi et al. 2008)
 * and the section's own. */
static void test_defaults(void)
{
  pm_flux_estimator e, d;
  pm_scenario *sc =
      load("defaults.cfg", BASE FLUX_MODEL "flux = { estimator = \"guidi\"; };\n");
  if (!pm_test_ok(sc != NULL, "defaults.cfg loads")) return;
  pm_test_ok(sc->flux.n_depths == 7 && sc->flux.depths[0] == 100 &&
                 sc->flux.depths[6] == 1000 && sc->flux.n_export_depths == 2 &&
                 sc->flux.export_depths[1] == 1000,
             "default depths 100..1000 m, horizons 100 and 1000 m");
  pm_test_ok(sc->flux.ref_depth == 100 && sc->flux.max_depth == 1000 &&
                 !sc->flux.nonlinear && isnan(sc->flux.A),
             "default attenuation; A left to the library");
  pm_test_ok(isnan(sc->flux.slope_min_mm) && isnan(sc->flux.slope_max_mm),
             "the slope window left to the flux window");
  pm_flux_estimator_default(&d);
  if (pm_test_ok(pm_pipeline_flux_estimator(sc, &e) == PM_SUCCESS,
                 "the default estimator is built"))
    pm_test_ok(e.kind == PM_FLUX_GUIDI && e.A == d.A && e.b == d.b &&
                   e.A == 12.5 && e.b == 3.81 && e.min_mm == d.min_mm &&
                   e.max_mm == d.max_mm,
               "Guidi et al. 2008: A = 12.5, b = 3.81, the default window");
  pm_scenario_free(sc);
  sc = load("none.cfg", BASE);
  if (pm_test_ok(sc != NULL, "a file without a flux section loads"))
    pm_test_ok(!sc->flux.given && sc->flux.depths == NULL,
               "no flux section");
  pm_scenario_free(sc);
}

static void test_bad(void)
{
  pm_test_load_fails(dir, "no_section.cfg", BASE FLUX_MODEL,
                     "no_section.cfg:6: setting 'models[0].response' models "
                     "the flux, and the file has no `flux` section");
  pm_test_load_fails(dir, "cells.cfg",
                     BASE "models = ( { name = \"f\"; family = \"tweedie\";\n"
                          "  response = { flux = true; }; frame = \"cells\";\n"
                          "  formula = \"flux ~ s(logdepth)\"; } );\n"
                          "flux = { estimator = \"guidi\"; };\n",
                     "cells.cfg:6: setting 'models[0].frame': a flux model is "
                     "fitted to samples");
  pm_test_load_fails(dir, "false.cfg",
                     BASE "models = ( { name = \"f\"; family = \"tweedie\";\n"
                          "  response = { flux = false; };\n"
                          "  formula = \"flux ~ s(logdepth)\"; } );\n"
                          "flux = { estimator = \"guidi\"; };\n",
                     "false.cfg:6: setting 'models[0].response.flux' is "
                     "false");
  pm_test_load_fails(dir, "estimator.cfg",
                     BASE "flux = { estimator = \"martin\"; };\n",
                     "estimator.cfg:5: setting 'flux.estimator'");
  pm_test_load_fails(dir, "mass_speed.cfg",
                     BASE "flux = { estimator = \"mass-speed\"; alpha = 1;\n"
                          "  zeta = 2; beta = 1; };\n",
                     "mass_speed.cfg:5: 'flux' (estimator mass-speed) lacks "
                     "the required setting 'eta'");
  pm_test_load_fails(dir, "guidi_alpha.cfg",
                     BASE "flux = { estimator = \"guidi\"; alpha = 1; };\n",
                     "guidi_alpha.cfg:5: setting 'flux.alpha'");
  pm_test_load_fails(dir, "negative_A.cfg",
                     BASE "flux = { estimator = \"guidi\"; A = -1; };\n",
                     "negative_A.cfg:5: setting 'flux.A'");
  pm_test_load_fails(dir, "horizon.cfg",
                     BASE "flux = { estimator = \"guidi\";\n"
                          "  depths = [ 100, 200 ]; export_depths = [ 150 ]; "
                          "};\n",
                     "horizon.cfg:6: setting 'flux.export_depths': the export "
                     "horizon 150 m is not one of the depths of the flux maps");
  pm_test_load_fails(dir, "default_horizon.cfg",
                     BASE "flux = { estimator = \"guidi\";\n"
                          "  depths = [ 100, 200 ]; };\n",
                     "default_horizon.cfg:6: setting 'flux.export_depths': "
                     "the export horizon 1000 m is not one of the depths of "
                     "the flux maps ('flux.depths'); add it there or give "
                     "'export_depths'");
  pm_test_load_fails(dir, "max_depth.cfg",
                     BASE "flux = { estimator = \"guidi\";\n"
                          "  attenuation = { ref_depth = 200; max_depth = "
                          "150; }; };\n",
                     "max_depth.cfg:6: setting 'flux.attenuation.max_depth' "
                     "(150 m) is not below the reference depth (200 m)");
  pm_test_load_fails(dir, "reserved.cfg",
                     BASE "covariates = ( { name = \"flux\"; file = \"t.nc\"; "
                          "variable = \"T\"; } );\n",
                     "reserved.cfg:5: setting 'covariates[0].name': 'flux' is "
                     "the name of the response");
}

/* Lines 5-7: temperature and salinity fields and the mixed-layer depth
 * derived from them (the files are not opened by the loader). */
#define COVARIATES                                                             \
  "covariates = ( { name = \"temp\"; file = \"t.nc\"; variable = \"T\"; },\n" \
  "  { name = \"salt\"; file = \"t.nc\"; variable = \"S\"; },\n"            \
  "  { name = \"mld\"; derived = \"mld\"; temperature = \"temp\"; salinity = \"salt\"; } );\n"

/* Lines 5-8: a monthly temperature field, the MLD of it alone (the
 * temperature criterion) and its annual maximum; the list left open. */
#define COVARIATES_MAX                                                         \
  "covariates = ( { name = \"tm\"; file = \"woa.nc\"; variable = \"T\"; },\n" \
  "  { name = \"salt\"; file = \"t.nc\"; variable = \"S\"; },\n"            \
  "  { name = \"mt\"; derived = \"mld\"; temperature = \"tm\"; },\n"         \
  "  { name = \"mx\"; derived = \"mld_max\"; temperature = \"tm\"; },\n"

/* The temperature criterion and the annual maximum load with their
 * inputs; the fields are checked when the run opens them. */
static void test_mld_max(void)
{
  pm_scenario *sc = load(
      "mld_max.cfg", BASE COVARIATES_MAX
      "  { name = \"ms\"; derived = \"mld_max\"; temperature = \"tm\"; "
      "salinity = \"salt\"; } );\n"
      "flux = { estimator = \"guidi\";\n"
      "  export_horizons = ( { name = \"mld_max\"; covariate = \"mx\"; } "
      "); };\n");
  if (!pm_test_ok(sc != NULL, "mld_max.cfg loads")) return;
  pm_test_ok(sc->n_covariates == 5 &&
                 sc->covariates[2].derived == PM_DERIVED_MLD &&
                 sc->covariates[2].salinity == NULL &&
                 sc->covariates[3].derived == PM_DERIVED_MLD_MAX &&
                 !strcmp(sc->covariates[3].temperature, "tm") &&
                 sc->covariates[3].salinity == NULL &&
                 sc->covariates[3].field.file == NULL,
             "an MLD of temperature alone, and its annual maximum");
  pm_test_ok(sc->covariates[4].derived == PM_DERIVED_MLD_MAX &&
                 !strcmp(sc->covariates[4].salinity, "salt"),
             "an annual maximum of the density criterion");
  pm_test_ok(sc->flux.n_horizons == 1 &&
                 !strcmp(sc->flux.horizons[0].covariate, "mx"),
             "a horizon through the annual maximum MLD");
  pm_scenario_free(sc);
}

static void test_horizons(void)
{
  pm_scenario *sc = load(
      "horizons.cfg", BASE COVARIATES
      "flux = { estimator = \"guidi\";\n"
      "  export_horizons = ( { name = \"mixed\"; covariate = \"mld\"; },\n"
      "    { name = \"euphotic\"; covariate = \"temp\"; } );\n"
      "  attenuation = { ref_depth = \"mixed\"; }; };\n");
  if (!pm_test_ok(sc != NULL, "horizons.cfg loads")) return;
  pm_test_ok(sc->n_covariates == 3 &&
                 sc->covariates[2].derived == PM_DERIVED_MLD &&
                 !strcmp(sc->covariates[2].temperature, "temp") &&
                 !strcmp(sc->covariates[2].salinity, "salt") &&
                 sc->covariates[2].field.file == NULL &&
                 sc->covariates[0].derived == PM_DERIVED_NONE,
             "a derived mixed-layer depth of temp and salt, no file");
  pm_test_ok(sc->flux.n_horizons == 2 &&
                 !strcmp(sc->flux.horizons[0].name, "mixed") &&
                 !strcmp(sc->flux.horizons[1].covariate, "temp") &&
                 strstr(sc->flux.horizons[1].where,
                        "horizons.cfg:10: flux.export_horizons[1]") != NULL,
             "two horizons, named where they were given (%s)",
             sc->flux.horizons[1].where);
  pm_test_ok(sc->flux.ref_horizon == 0, "ref_depth names the first horizon");
  pm_scenario_free(sc);
  sc = load("fixed_ref.cfg", BASE "flux = { estimator = \"guidi\"; };\n");
  pm_test_ok(sc && sc->flux.ref_horizon == -1 && sc->flux.n_horizons == 0,
             "without horizons the reference depth is fixed");
  pm_scenario_free(sc);
}

static void test_bad_horizons(void)
{
  pm_test_load_fails(dir, "unknown_cov.cfg",
                     BASE COVARIATES "flux = { estimator = \"guidi\";\n"
                     "  export_horizons = ( { name = \"eu\"; covariate = "
                     "\"zeu\"; } ); };\n",
                     "unknown_cov.cfg:9: setting "
                     "'flux.export_horizons[0].covariate': 'zeu' is not a "
                     "covariate of the file");
  pm_test_load_fails(dir, "twice.cfg",
                     BASE COVARIATES "flux = { estimator = \"guidi\";\n"
                     "  export_horizons = ( { name = \"m\"; covariate = "
                     "\"mld\"; },\n  { name = \"m\"; covariate = "
                     "\"temp\"; } ); };\n",
                     "twice.cfg:10: setting 'flux.export_horizons[1].name': "
                     "the horizon 'm' is named twice");
  pm_test_load_fails(dir, "ref_name.cfg",
                     BASE COVARIATES "flux = { estimator = \"guidi\";\n"
                     "  attenuation = { ref_depth = \"mld\"; }; };\n",
                     "ref_name.cfg:9: setting 'flux.attenuation.ref_depth': "
                     "'mld' is not the name of an export horizon");
  pm_test_load_fails(dir, "ref_negative.cfg",
                     BASE "flux = { estimator = \"guidi\";\n"
                     "  attenuation = { ref_depth = -5; }; };\n",
                     "ref_negative.cfg:6: setting 'flux.attenuation.ref_depth'");
  pm_test_load_fails(dir, "derived_file.cfg",
                     BASE "covariates = ( { name = \"m\"; derived = \"mld\";\n"
                     "  file = \"t.nc\"; variable = \"T\"; } );\n",
                     "derived_file.cfg:5: 'covariates[0]' has both 'file' "
                     "and 'derived'");
  pm_test_load_fails(dir, "derived_temp.cfg",
                     BASE "covariates = ( { name = \"s\"; file = \"t.nc\"; "
                     "variable = \"S\"; },\n  { name = \"m\"; derived = "
                     "\"mld\"; salinity = \"s\"; } );\n",
                     "derived_temp.cfg:6: 'covariates[1]' has no "
                     "'temperature'; a derived mixed-layer depth needs the "
                     "name of a temperature covariate");
  pm_test_load_fails(dir, "max_temp.cfg",
                     BASE "covariates = ( { name = \"m\"; derived = "
                     "\"mld_max\"; } );\n",
                     "max_temp.cfg:5: 'covariates[0]' has no 'temperature'");
  pm_test_load_fails(dir, "max_salt.cfg",
                     BASE "covariates = ( { name = \"t\"; file = \"t.nc\"; "
                     "variable = \"T\"; },\n  { name = \"m\"; derived = "
                     "\"mld_max\"; temperature = \"t\"; salinity = "
                     "\"salt\"; } );\n",
                     "max_salt.cfg:6: setting 'covariates[1].salinity': "
                     "'salt' is not a covariate read from a file");
  pm_test_load_fails(dir, "max_of_derived.cfg",
                     BASE COVARIATES_MAX
                     "  { name = \"m2\"; derived = \"mld_max\"; "
                     "temperature = \"mx\"; } );\n",
                     "max_of_derived.cfg:9: setting "
                     "'covariates[4].temperature': 'mx' is not a covariate "
                     "read from a file");
  pm_test_load_fails(dir, "max_file.cfg",
                     BASE "covariates = ( { name = \"m\"; derived = "
                     "\"mld_max\";\n  file = \"t.nc\"; variable = "
                     "\"T\"; } );\n",
                     "max_file.cfg:5: 'covariates[0]' has both 'file' and "
                     "'derived'");
  pm_test_load_fails(dir, "derived_kind.cfg",
                     BASE "covariates = ( { name = \"t\"; file = \"t.nc\"; "
                     "variable = \"T\"; },\n  { name = \"m\"; derived = "
                     "\"mld_min\"; temperature = \"t\"; } );\n",
                     "derived_kind.cfg:6: setting 'covariates[1].derived'");
  pm_test_load_fails(dir, "derived_input.cfg",
                     BASE "covariates = ( { name = \"t\"; file = \"t.nc\"; "
                     "variable = \"T\"; },\n  { name = \"m\"; derived = "
                     "\"mld\"; temperature = \"t\"; salinity = \"s\"; } "
                     ");\n",
                     "derived_input.cfg:6: setting 'covariates[1].salinity': "
                     "'s' is not a covariate read from a file");
  pm_test_load_fails(dir, "no_file.cfg",
                     BASE "covariates = ( { name = \"t\"; variable = \"T\"; "
                     "} );\n",
                     "no_file.cfg:5: 'covariates[0]' has no 'file'");
  pm_test_load_fails(dir, "derived_formula.cfg",
                     BASE COVARIATES
                     "models = ( { name = \"f\"; family = \"tweedie\";\n"
                     "  response = { flux = true; };\n"
                     "  formula = \"flux ~ s(mld)\"; } );\n"
                     "flux = { estimator = \"guidi\"; };\n",
                     "derived_formula.cfg:10: setting 'models[0].formula': "
                     "'mld' is a derived covariate");
}

int main(void)
{
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot create %s\n", dir);
    return 1;
  }
  test_full();
  test_defaults();
  test_bad();
  test_horizons();
  test_mld_max();
  test_bad_horizons();
  pm_test_remove_dir(dir);
  return pm_test_done();
}
