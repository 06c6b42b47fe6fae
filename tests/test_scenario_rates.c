/* test_scenario_rates.c: the `rates` section of the scenario file: the
 * values it states, its defaults, its depth layers, and every kind of
 * mistake as an error naming file, line and setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_scenario.h"
#include "pm_test.h"
#include "pm_test_scenario.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/pm-test-scenario-rates.XXXXXX";

/* Lines 1-4 of every test config. */
#define BASE                                                                   \
  "output_dir = \"out\";\n"                                                    \
  "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"          \
  "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n"                      \
  "grid = { resolution = 1; depth_edges = [ 0, 100, 500 ]; };\n"
/* Lines 5-6: two covariates, the second transformed. */
#define COVARIATES                                                             \
  "covariates = ( { name = \"temp\"; file = \"t.nc\"; variable = \"T\"; },\n"  \
  "  { name = \"ltemp\"; file = \"t.nc\"; variable = \"T\"; transform = \"log\"; } );\n"
/* Lines 7-10: a biomass model, a count model and a flux model. */
#define MODELS                                                                 \
  "models = ( { name = \"bio\"; family = \"tweedie\"; response = { biomass = true; };\n" \
  "  formula = \"biomass ~ s(logdepth)\"; },\n"                                \
  "  { name = \"n\"; family = \"negbin\"; response = { class = \"Copepoda\"; };\n" \
  "  formula = \"count ~ s(logdepth)\"; } );\n"
#define HEAD BASE COVARIATES MODELS
/* The settings every Ikeda rate set needs (a0 and a1 have no checked
 * default in the library). */
#define IKEDA                                                                  \
  "respiration = \"ikeda\"; a0 = 0.5; a1 = 0.8; rq = 0.9;\n"                   \
  "  assimilation_efficiency = 0.7; net_growth_efficiency = 0.3;"

/* The config `text` as <dir>/<name>, loaded (NULL when it does not). */
static pm_scenario *load(const char *name, const char *text)
{
  return pm_test_load(dir, name, text);
}

static void test_full(void)
{
  pm_scenario *sc = load(
      "full.cfg", HEAD
      "rates = ( { name = \"cop\"; biomass_model = \"bio\";\n"
      "  abundance_model = \"n\"; temperature = \"temp\";\n"
      "  " IKEDA "\n"
      "  layers = ( [0.0, 50.0], [50, 500] );\n"
      "  silica = { si_per_individual_mol = 2e-9; rate_per_d = 0.1; }; },\n"
      "  { name = \"rhiz\"; biomass_model = \"bio\"; individual_mass_mgC = 0.02;\n"
      "  temperature = \"temp\"; respiration = \"q10\"; q10 = 2.5;\n"
      "  r_ref_per_d = 0.05; t_ref = 15; assimilation_efficiency = 1;\n"
      "  net_growth_efficiency = 0;\n"
      "  silica = { si_per_mgC_mol = 1e-6; rate_per_d = 0.2; }; } );\n");
  const pm_rates_spec *a, *b;

  if (!pm_test_ok(sc != NULL && sc->n_rates == 2, "full.cfg loads 2 rate sets"))
    goto cleanup;
  a = &sc->rates[0].spec;
  b = &sc->rates[1].spec;
  pm_test_ok(!strcmp(sc->rates[0].name, "cop") &&
                 !strcmp(sc->rates[0].biomass_model, "bio") &&
                 !strcmp(sc->rates[0].abundance_model, "n") &&
                 !strcmp(sc->rates[0].temperature, "temp"),
             "names, models and temperature as stated");
  pm_test_ok(strstr(sc->rates[0].where, "full.cfg:11: rates[0]") != NULL,
             "where names file, line and setting (%s)", sc->rates[0].where);
  pm_test_ok(a->form == PM_RESPIRATION_IKEDA && a->ikeda.a0 == 0.5 &&
                 a->ikeda.a1 == 0.8 && a->ikeda.rq == 0.9,
             "Ikeda's coefficients as stated");
  pm_test_ok(a->ikeda.a2 == 0.0601, "a2 defaults to Ikeda 1985's 0.0601");
  pm_test_ok(a->ae == 0.7 && a->k2 == 0.3, "efficiencies as stated");
  pm_test_ok(isnan(a->individual_mass_mgC),
             "no individual mass with an abundance model");
  pm_test_ok(a->silica && !a->silica_per_mgC &&
                 a->si.si_per_cell_mol == 2e-9 && a->si.rate_per_d == 0.1,
             "silica per individual");
  pm_test_ok(sc->rates[1].abundance_model == NULL &&
                 b->individual_mass_mgC == 0.02,
             "an individual mass instead of an abundance model");
  pm_test_ok(b->form == PM_RESPIRATION_Q10 && b->q10 == 2.5 &&
                 b->r_ref_per_d == 0.05 && b->t_ref == 15,
             "the Q10 form as stated");
  pm_test_ok(sc->rates[0].n_layers == 2 && sc->rates[0].layers[0] == 0 &&
                 sc->rates[0].layers[1] == 50 &&
                 sc->rates[0].layers[2] == 50 && sc->rates[0].layers[3] == 500,
             "layers as stated, whole numbers allowed, down to the deepest "
             "prediction edge");
  pm_test_ok(sc->rates[0].layers_where &&
                 strstr(sc->rates[0].layers_where,
                        "full.cfg:15: rates[0].layers") != NULL,
             "the layers' where names file, line and setting");
  pm_test_ok(sc->rates[1].n_layers == 0 && sc->rates[1].layers == NULL,
             "no layers: none");
  pm_test_ok(b->ae == 1 && b->k2 == 0, "the bounds of ae and k2 allowed");
  pm_test_ok(b->silica && b->silica_per_mgC && b->si.si_per_cell_mol == 1e-6 &&
                 b->si.rate_per_d == 0.2,
             "silica per mg C");
cleanup:
  pm_scenario_free(sc);
}

static void test_none(void)
{
  pm_scenario *sc = load("none.cfg", HEAD);
  pm_test_ok(sc && sc->n_rates == 0 && sc->rates == NULL,
             "no rates section: no rate set");
  pm_scenario_free(sc);
}

/* One rate set at line 11 with `body`. */
static void fails(const char *name, const char *body, const char *fragment)
{
  char text[4096];
  snprintf(text, sizeof text, "%srates = ( { name = \"r\"; %s } );\n", HEAD,
           body);
  pm_test_load_fails(dir, name, text, fragment);
}

/* A rate set with `layers` (line 14) over the prediction edges 0-500 m. */
static void bad_layers(const char *name, const char *layers,
                       const char *fragment)
{
  char body[512];
  snprintf(body, sizeof body,
           "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
           "  temperature = \"temp\"; " IKEDA "\n  layers = %s;", layers);
  fails(name, body, fragment);
}

static void test_bad_layers(void)
{
  bad_layers("layer_order.cfg", "( [0.0, 100.0], [200.0, 100.0] )",
             "layer_order.cfg:14: setting 'rates[0].layers[1]' must be a list "
             "of two numbers at least 0, min < max (element [1] = 100 is not "
             "greater than element [0])");
  bad_layers("layer_empty.cfg", "( [100.0, 100.0] )",
             "setting 'rates[0].layers[0]' must be a list of two numbers at "
             "least 0, min < max (element [1] = 100 is not greater");
  bad_layers("layer_negative.cfg", "( [-10.0, 100.0] )",
             "layer_negative.cfg:14: setting 'rates[0].layers[0]' must be a "
             "list of two numbers at least 0, min < max (element [0] is -10)");
  bad_layers("layer_three.cfg", "( [0.0, 100.0, 200.0] )",
             "setting 'rates[0].layers[0]' must be a list of two numbers at "
             "least 0, min < max (it has 3 elements)");
  bad_layers("layer_one.cfg", "( 100.0 )",
             "setting 'rates[0].layers[0]' must be a list of two numbers at "
             "least 0, min < max (it is a float)");
  bad_layers("layer_not_list.cfg", "[0.0, 100.0]",
             "layer_not_list.cfg:14: setting 'rates[0].layers' must be a "
             "non-empty list of pairs [min, max] of numbers at least 0, "
             "min < max (it is an array)");
  bad_layers("layer_none.cfg", "( )",
             "setting 'rates[0].layers' must be a non-empty list of pairs "
             "[min, max] of numbers at least 0, min < max (it is empty)");
  bad_layers("layer_string.cfg", "( [\"top\", \"bottom\"] )",
             "setting 'rates[0].layers[0]' must be a list of two numbers at "
             "least 0, min < max (element [0] is a string)");
  bad_layers("layer_deep.cfg", "( [0.0, 100.0], [100.0, 1000.0] )",
             "layer_deep.cfg:14: rates[0].layers[1]: layer [100, 1000] m "
             "reaches below the prediction's depth range [0, 500] m, where "
             "its total would be underestimated; extend "
             "prediction.depth_edges to 1000 m");
  pm_test_load_fails(
      dir, "layer_above.cfg",
      HEAD "prediction = { depth_edges = [ 10.0, 100.0, 500.0 ]; };\n"
           "rates = ( { name = \"r\"; biomass_model = \"bio\";\n"
           "  individual_mass_mgC = 0.01; temperature = \"temp\"; " IKEDA
           "\n  layers = ( [0.0, 100.0] ); } );\n",
      "layer_above.cfg:15: rates[0].layers[0]: layer [0, 100] m reaches "
      "above the prediction's depth range [10, 500] m, where its total would "
      "be underestimated; extend prediction.depth_edges to 0 m");
  /* points 100 and 500 m stand for the layers 0-300 and 300-700 m */
  pm_test_load_fails(
      dir, "layer_points.cfg",
      HEAD "prediction = { depths = [ 100.0, 500.0 ]; };\n"
           "rates = ( { name = \"r\"; biomass_model = \"bio\";\n"
           "  individual_mass_mgC = 0.01; temperature = \"temp\"; " IKEDA
           "\n  layers = ( [0.0, 800.0] ); } );\n",
      "layer_points.cfg:15: rates[0].layers[0]: layer [0, 800] m reaches "
      "below the prediction's depth range [0, 700] m, where its total would "
      "be underestimated; extend prediction.depths to 800 m");
}

static void test_bad(void)
{
  fails("unknown_model.cfg",
        "biomass_model = \"bi\"; temperature = \"temp\";\n"
        "  individual_mass_mgC = 0.01; " IKEDA,
        "unknown_model.cfg:11: setting 'rates[0].biomass_model': no model "
        "named 'bi'");
  fails("not_biomass.cfg",
        "biomass_model = \"n\"; temperature = \"temp\";\n"
        "  individual_mass_mgC = 0.01; " IKEDA,
        "not_biomass.cfg:11: setting 'rates[0].biomass_model': model 'n' is "
        "not a biomass model");
  fails("unknown_abundance.cfg",
        "biomass_model = \"bio\"; abundance_model = \"x\";\n"
        "  temperature = \"temp\"; " IKEDA,
        "unknown_abundance.cfg:11: setting 'rates[0].abundance_model': no "
        "model named 'x'");
  fails("abundance_biomass.cfg",
        "biomass_model = \"bio\"; abundance_model = \"bio\";\n"
        "  temperature = \"temp\"; " IKEDA,
        "abundance_biomass.cfg:11: setting 'rates[0].abundance_model': model "
        "'bio' models biomass, not counts");
  fails("no_mass.cfg",
        "biomass_model = \"bio\"; temperature = \"temp\";\n  " IKEDA,
        "no_mass.cfg:11: 'rates[0]' needs exactly one of 'abundance_model' "
        "and 'individual_mass_mgC' (it has neither)");
  fails("both_mass.cfg",
        "biomass_model = \"bio\"; abundance_model = \"n\";\n"
        "  individual_mass_mgC = 0.01; temperature = \"temp\"; " IKEDA,
        "both_mass.cfg:11: 'rates[0]' needs exactly one of 'abundance_model' "
        "and 'individual_mass_mgC' (it has both)");
  fails("no_covariate.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"sst\"; " IKEDA,
        "no_covariate.cfg:12: setting 'rates[0].temperature': no covariate "
        "named 'sst'");
  fails("transformed.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"ltemp\"; " IKEDA,
        "transformed.cfg:12: setting 'rates[0].temperature': covariate "
        "'ltemp' is transformed (log)");
  fails("negative_ae.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; respiration = \"ikeda\"; a0 = 0.5; a1 = 0.8;\n"
        "  rq = 0.9; assimilation_efficiency = -0.2; net_growth_efficiency = 0.3;",
        "negative_ae.cfg:13: setting 'rates[0].assimilation_efficiency'");
  fails("ae_above_1.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; respiration = \"ikeda\"; a0 = 0.5; a1 = 0.8;\n"
        "  rq = 0.9; assimilation_efficiency = 1.2; net_growth_efficiency = 0.3;",
        "ae_above_1.cfg:13: setting 'rates[0].assimilation_efficiency'");
  fails("k2_one.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; respiration = \"ikeda\"; a0 = 0.5; a1 = 0.8;\n"
        "  rq = 0.9; assimilation_efficiency = 0.7; net_growth_efficiency = 1;",
        "k2_one.cfg:13: setting 'rates[0].net_growth_efficiency'");
  fails("negative_mass.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = -0.01;\n"
        "  temperature = \"temp\"; " IKEDA,
        "negative_mass.cfg:11: setting 'rates[0].individual_mass_mgC'");
  fails("no_ae.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; respiration = \"ikeda\"; a0 = 0.5; a1 = 0.8;\n"
        "  rq = 0.9; net_growth_efficiency = 0.3;",
        "no_ae.cfg:11: 'rates[0]' (respiration ikeda) lacks the required "
        "setting 'assimilation_efficiency'");
  fails("no_a0.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; respiration = \"ikeda\"; a1 = 0.8; rq = 0.9;\n"
        "  assimilation_efficiency = 0.7; net_growth_efficiency = 0.3;",
        "no_a0.cfg:11: rates[0]: respiration \"ikeda\" needs 'a0'");
  fails("q10_missing.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; respiration = \"q10\"; q10 = 2;\n"
        "  assimilation_efficiency = 0.7; net_growth_efficiency = 0.3;",
        "q10_missing.cfg:11: 'rates[0]' (respiration q10) lacks the required "
        "setting 'r_ref_per_d'");
  fails("q10_with_a0.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; respiration = \"q10\"; q10 = 2; a0 = 1;\n"
        "  r_ref_per_d = 0.1; t_ref = 10;\n"
        "  assimilation_efficiency = 0.7; net_growth_efficiency = 0.3;",
        "q10_with_a0.cfg:12: setting 'rates[0].a0' does not apply to "
        "respiration 'q10'");
  fails("bad_form.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; respiration = \"arrhenius\";\n"
        "  assimilation_efficiency = 0.7; net_growth_efficiency = 0.3;",
        "bad_form.cfg:12: setting 'rates[0].respiration'");
  fails("silica_both.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; " IKEDA "\n"
        "  silica = { si_per_individual_mol = 1e-9; si_per_mgC_mol = 1e-6;\n"
        "    rate_per_d = 0.1; };",
        "silica_both.cfg:14: 'rates[0].silica' needs exactly one of "
        "'si_per_individual_mol' and 'si_per_mgC_mol' (it has both)");
  fails("silica_no_rate.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; " IKEDA "\n"
        "  silica = { si_per_individual_mol = 1e-9; };",
        "silica_no_rate.cfg:14: 'rates[0].silica' lacks the required setting "
        "'rate_per_d'");
  fails("silica_negative.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; " IKEDA "\n"
        "  silica = { si_per_individual_mol = -1e-9; rate_per_d = 0.1; };",
        "silica_negative.cfg:14: setting "
        "'rates[0].silica.si_per_individual_mol'");
  fails("unknown_setting.cfg",
        "biomass_model = \"bio\"; individual_mass_mgC = 0.01;\n"
        "  temperature = \"temp\"; " IKEDA " ae = 0.5;",
        "unknown_setting.cfg:13: ");
  test_bad_layers();
  pm_test_load_fails(
      dir, "same_name.cfg",
      HEAD "rates = ( { name = \"r\"; biomass_model = \"bio\";\n"
           "  individual_mass_mgC = 0.01; temperature = \"temp\"; " IKEDA
           " },\n"
           "  { name = \"r\"; biomass_model = \"bio\";\n"
           "  individual_mass_mgC = 0.01; temperature = \"temp\"; " IKEDA
           " } );\n",
      "same_name.cfg:");
}

int main(void)
{
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot create %s\n", dir);
    return 1;
  }
  test_full();
  test_none();
  test_bad();
  pm_test_remove_dir(dir);
  return pm_test_done();
}
