/* test_scenario_simulate.c: the `simulate` and `recovery` groups and the
 * `input_dir` setting of the scenario file: the values they state, their
 * defaults, where relative paths are taken from, and each kind of mistake
 * as an error naming file, line and setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_scenario.h"
#include "pm_test.h"
#include "pm_test_scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/pm-test-scenario-simulate.XXXXXX";

/* Lines 1-4 of every test config. */
#define BASE                                                                   \
  "output_dir = \"out\";\n"                                                    \
  "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"          \
  "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n"                      \
  "grid = { resolution = 1; depth_edges = [ 0, 100, 500 ]; };\n"
/* Lines 5-8: a count model `cop` and a flux model `f`; the simulate group
 * starts on line 9. */
#define HEAD                                                                   \
  BASE                                                                         \
  "models = ( { name = \"cop\"; family = \"poisson\";\n"                       \
  "  response = { class = \"Copepoda\"; }; formula = \"count ~ s(logdepth)\"; "\
  "},\n"                                                                       \
  "  { name = \"f\"; family = \"tweedie\"; response = { flux = true; }; "      \
  "formula = \"flux ~ s(logdepth)\"; } );\n"                                   \
  "flux = { estimator = \"guidi\"; };\n"

#define TRUTH "exp(2 + 0.8*exp(-((lat-20)/5)^2) - 0.7*log1p(depth/150))"

/* The config `text` as <dir>/<name>, loaded (NULL when it does not). */
static pm_scenario *load(const char *name, const char *text)
{
  return pm_test_load(dir, name, text);
}

/* `path` is <dir>/<tail>. */
static int in_dir(const char *path, const char *tail)
{
  char want[512];
  snprintf(want, sizeof want, "%s/%s", dir, tail);
  return path && strcmp(path, want) == 0;
}

static void test_negbin_sites(void)
{
  pm_scenario *sc = load(
      "given.cfg", HEAD
      "simulate = { truth = \"" TRUTH "\";\n"
      "  family = \"negbin\"; theta = 2.5; seed = 7; models = [ \"cop\" ];\n"
      "  sites = { file = \"sites.tsv\"; delimiter = \",\";\n"
      "    columns = { profile = \"station\"; lat = \"latitude\"; };\n"
      "    depth_edges = [ 0, 50, 200 ]; volume_m3 = 1.5; }; };\n"
      "recovery = { truth_map = \"truth.nc\";\n"
      "  truth_totals = \"/data/truth_totals.tsv\"; };\n");
  const pm_scenario_simulate *s = sc ? &sc->simulate : NULL;
  const pm_scenario_recovery *r = sc ? &sc->recovery : NULL;

  if (!pm_test_ok(s && s->given, "a simulate group is read")) return;
  pm_test_ok(s->truth && strcmp(s->truth, TRUTH) == 0 && !s->truth_model,
             "the truth expression as written, no model");
  pm_test_ok(s->family.kind == PM_FAMILY_NEGBIN && s->family.theta == 2.5 &&
                 s->family.link == PM_LINK_LOG,
             "family negbin, theta 2.5, log link");
  pm_test_ok(s->seed == 7, "seed 7 (got %lu)", s->seed);
  pm_test_ok(s->class_name && strcmp(s->class_name, "virtual") == 0,
             "default class \"virtual\"");
  pm_test_ok(s->n_models == 1 && strcmp(s->models[0], "cop") == 0,
             "models: cop");
  pm_test_ok(in_dir(s->sites_file, "sites.tsv"),
             "the sites table taken from the config's folder (got %s)",
             s->sites_file);
  pm_test_ok(s->sites_delimiter == ',', "delimiter ','");
  pm_test_ok(strcmp(s->sites_profile, "station") == 0 &&
                 strcmp(s->sites_datetime, "datetime") == 0 &&
                 strcmp(s->sites_lat, "latitude") == 0 &&
                 strcmp(s->sites_lon, "lon") == 0,
             "columns station, datetime (default), latitude, lon (default)");
  pm_test_ok(s->n_sites_depth_edges == 3 && s->sites_depth_edges[0] == 0 &&
                 s->sites_depth_edges[1] == 50 &&
                 s->sites_depth_edges[2] == 200,
             "depth edges 0, 50, 200 m");
  pm_test_ok(s->sites_volume_m3 == 1.5, "1.5 m3 a layer");
  pm_test_ok(s->where && strstr(s->where, "given.cfg:9: simulate"),
             "where names file and line (got %s)", s->where);
  pm_test_ok(s->sites_where &&
                 strstr(s->sites_where, "given.cfg:11: simulate.sites"),
             "sites_where names file and line (got %s)", s->sites_where);
  pm_test_ok(r->given && in_dir(r->truth_map, "truth.nc") &&
                 strcmp(r->truth_totals, "/data/truth_totals.tsv") == 0,
             "recovery: truth.nc from the config's folder, an absolute "
             "totals path as it is");
  pm_test_ok(r->where && strstr(r->where, "given.cfg:14: recovery"),
             "recovery's where names file and line (got %s)", r->where);
  pm_scenario_free(sc);
}

static void test_tweedie_model(void)
{
  pm_scenario *sc = load("tweedie.cfg", HEAD
                         "simulate = { model = \"fit/cop.pmm\";\n"
                         "  family = \"tweedie\"; power = 1.4; phi = 2;\n"
                         "  class = \"cop-virt.1\"; };\n");
  const pm_scenario_simulate *s = sc ? &sc->simulate : NULL;

  if (!pm_test_ok(s && s->given, "a simulate group with a model")) return;
  pm_test_ok(!s->truth && in_dir(s->truth_model, "fit/cop.pmm"),
             "the model file taken from the config's folder (got %s)",
             s->truth_model);
  pm_test_ok(s->family.kind == PM_FAMILY_TWEEDIE && s->family.p == 1.4 &&
                 s->phi == 2,
             "family tweedie, power 1.4, phi 2");
  pm_test_ok(strcmp(s->class_name, "cop-virt.1") == 0, "class cop-virt.1");
  pm_test_ok(s->seed == 1, "default seed 1");
  pm_test_ok(!s->models && s->n_models == 0, "no models: every count model");
  pm_test_ok(!s->sites_file && !s->sites_where,
             "no sites: the observations' samples");
  pm_test_ok(!sc->recovery.given && !sc->recovery.truth_map,
             "no recovery group");
  pm_scenario_free(sc);
}

static void test_defaults(void)
{
  pm_scenario *sc = load("poisson.cfg", HEAD "simulate = { truth = \"3\"; "
                                             "};\n");
  pm_scenario *none = load("none.cfg", HEAD);

  pm_test_ok(sc && sc->simulate.given &&
                 sc->simulate.family.kind == PM_FAMILY_POISSON &&
                 sc->simulate.phi == 0 && sc->simulate.seed == 1,
             "family poisson and seed 1 by default");
  pm_test_ok(none && !none->simulate.given && !none->simulate.truth &&
                 !none->simulate.class_name,
             "no simulate group: nothing simulated");
  pm_scenario_free(sc);
  pm_scenario_free(none);
}

static void test_classifier(void)
{
  pm_scenario *sc = load(
      "classifier.cfg", HEAD
      "simulate = { truth = \"2\"; family = \"negbin\"; theta = 1;\n"
      "  class = \"rare\";\n"
      "  classifier = { confusion = \"m/confusion.tsv\";\n"
      "    classes = ( { name = \"common\"; truth = \"exp(lat / 10)\"; },\n"
      "      { name = \"detritus\"; truth = \"30\"; } ); }; };\n");
  pm_scenario *none = load("no_classifier.cfg", HEAD "simulate = { truth = "
                                                    "\"3\"; };\n");
  const pm_scenario_simulate *s = sc ? &sc->simulate : NULL;

  if (!pm_test_ok(s && s->confusion, "a simulate group with a classifier"))
    return;
  pm_test_ok(in_dir(s->confusion, "m/confusion.tsv"),
             "its matrix taken from the config's folder (got %s)",
             s->confusion);
  pm_test_ok(s->classifier_where &&
                 strstr(s->classifier_where,
                        "classifier.cfg:11: simulate.classifier"),
             "its where names file and line (got %s)", s->classifier_where);
  pm_test_ok(s->n_classes == 2 && strcmp(s->classes[0].name, "common") == 0 &&
                 strcmp(s->classes[0].truth, "exp(lat / 10)") == 0 &&
                 strcmp(s->classes[1].name, "detritus") == 0 &&
                 strcmp(s->classes[1].truth, "30") == 0,
             "its other classes and their truths in order");
  pm_test_ok(strstr(s->classes[1].where,
                    "classifier.cfg:13: simulate.classifier.classes[1]") !=
                 NULL,
             "each class's where (got %s)", s->classes[1].where);
  pm_test_ok(none && !none->simulate.confusion &&
                 none->simulate.n_classes == 0 && !none->simulate.classes,
             "no classifier: no matrix, no other class");
  pm_scenario_free(sc);
  pm_scenario_free(none);
}

static void fails(const char *name, const char *group, const char *fragment)
{
  char text[2048];
  snprintf(text, sizeof text, "%s%s", HEAD, group);
  pm_test_load_fails(dir, name, text, fragment);
}

static void test_truth_errors(void)
{
  fails("both.cfg",
        "simulate = { truth = \"2\";\n  model = \"m.pmm\"; };\n",
        "both.cfg:10: 'simulate' gives both 'truth' and 'model'");
  fails("neither.cfg", "simulate = { seed = 3; };\n",
        "neither.cfg:9: 'simulate' needs the truth");
  fails("parse.cfg", "simulate = {\n  truth = \"exp(2 + \"; };\n",
        "parse.cfg:10: simulate.truth: formula 'exp(2 + ': ");
  fails("paren.cfg", "simulate = { truth = \"exp(2))\"; };\n",
        "paren.cfg:9: simulate.truth: formula 'exp(2))': unbalanced "
        "parentheses");
  fails("tilde.cfg", "simulate = { truth = \"count ~ lat\"; };\n",
        "tilde.cfg:9: simulate.truth: 'count ~ lat' is a formula");
  fails("empty_truth.cfg", "simulate = { truth = \"\"; };\n",
        "empty_truth.cfg:9: setting 'simulate.truth' must be a non-empty "
        "string");
}

static void test_family_errors(void)
{
  fails("theta.cfg", "simulate = { truth = \"2\"; family = \"negbin\"; };\n",
        "theta.cfg:9: 'simulate' with family 'negbin' lacks the required "
        "setting 'theta'");
  fails("theta0.cfg",
        "simulate = { truth = \"2\"; family = \"negbin\"; theta = 0; };\n",
        "theta0.cfg:9: setting 'simulate.theta' must be a number greater "
        "than 0");
  fails("power.cfg",
        "simulate = { truth = \"2\"; family = \"tweedie\";\n"
        "  power = 2.5; phi = 1; };\n",
        "power.cfg:10: setting 'simulate.power' must be a number within "
        "(1, 2) (it is 2.5)");
  fails("phi.cfg",
        "simulate = { truth = \"2\"; family = \"tweedie\"; power = 1.5; };\n",
        "phi.cfg:9: 'simulate' with family 'tweedie' lacks the required "
        "setting 'phi'");
  fails("poisson_theta.cfg", "simulate = { truth = \"2\";\n  theta = 3; };\n",
        "poisson_theta.cfg:10: setting 'simulate.theta' applies only to "
        "family 'negbin' (the family here is 'poisson')");
  fails("negbin_phi.cfg",
        "simulate = { truth = \"2\"; family = \"negbin\"; theta = 1;\n"
        "  phi = 3; };\n",
        "negbin_phi.cfg:10: setting 'simulate.phi' applies only to family "
        "'tweedie'");
  fails("family.cfg", "simulate = { truth = \"2\"; family = \"gamma\"; };\n",
        "family.cfg:9: setting 'simulate.family' is 'gamma'; expected one of "
        "poisson, negbin, tweedie");
}

static void test_other_errors(void)
{
  fails("nomodel.cfg",
        "simulate = { truth = \"2\";\n  models = [ \"cop\", \"cops\" ]; };\n",
        "nomodel.cfg:10: setting 'simulate.models[1]': no model named "
        "'cops'");
  fails("flux.cfg", "simulate = { truth = \"2\"; models = [ \"f\" ]; };\n",
        "flux.cfg:9: setting 'simulate.models[0]': model 'f' models flux, "
        "not counts");
  fails("class.cfg", "simulate = { truth = \"2\"; class = \"a b\"; };\n",
        "class.cfg:9: setting 'simulate.class' must be a name of letters, "
        "digits, '_', '-' or '.' (it is 'a b')");
  fails("seed.cfg", "simulate = { truth = \"2\"; seed = 1.5; };\n",
        "seed.cfg:9: setting 'simulate.seed' must be a whole number");
  fails("edges.cfg",
        "simulate = { truth = \"2\";\n"
        "  sites = { file = \"s.tsv\"; depth_edges = [ 0, 50, 50 ];\n"
        "    volume_m3 = 1; }; };\n",
        "edges.cfg:10: setting 'simulate.sites.depth_edges' must be a list "
        "of two or more numbers at least 0, strictly increasing (element "
        "[2] = 50 is not greater than element [1])");
  fails("volume.cfg",
        "simulate = { truth = \"2\";\n"
        "  sites = { file = \"s.tsv\"; depth_edges = [ 0, 50 ];\n"
        "    volume_m3 = 0; }; };\n",
        "volume.cfg:11: setting 'simulate.sites.volume_m3' must be a number "
        "greater than 0 (it is 0)");
  fails("sites_file.cfg",
        "simulate = { truth = \"2\";\n"
        "  sites = { depth_edges = [ 0, 50 ]; volume_m3 = 1; }; };\n",
        "sites_file.cfg:10: 'simulate.sites' lacks the required setting "
        "'file'");
  fails("delimiter.cfg",
        "simulate = { truth = \"2\"; sites = { file = \"s.tsv\";\n"
        "  delimiter = \";;\"; depth_edges = [ 0, 50 ]; volume_m3 = 1; }; };\n",
        "delimiter.cfg:10: setting 'simulate.sites.delimiter' must be a "
        "single character");
  fails("column.cfg",
        "simulate = { truth = \"2\"; sites = { file = \"s.tsv\";\n"
        "  columns = { depth = \"z\"; }; depth_edges = [ 0, 50 ];\n"
        "  volume_m3 = 1; }; };\n",
        "column.cfg:10: unknown setting 'simulate.sites.columns.depth'");
  fails("unknown.cfg", "simulate = { truth = \"2\"; familly = \"poisson\"; };\n",
        "unknown.cfg:9: unknown setting 'simulate.familly'; did you mean "
        "'family'?");
  fails("cls_tilde.cfg",
        "simulate = { truth = \"2\"; classifier = { confusion = \"c.tsv\";\n"
        "  classes = ( { name = \"b\"; truth = \"count ~ lat\"; } ); }; };\n",
        "cls_tilde.cfg:10: simulate.classifier.classes[0].truth: "
        "'count ~ lat' is a formula");
  fails("cls_truth.cfg",
        "simulate = { truth = \"2\"; classifier = { confusion = \"c.tsv\";\n"
        "  classes = ( { name = \"b\"; } ); }; };\n",
        "cls_truth.cfg:10: 'simulate.classifier.classes[0]' lacks the "
        "required setting 'truth'");
  fails("cls_empty.cfg",
        "simulate = { truth = \"2\"; classifier = { confusion = \"c.tsv\";\n"
        "  classes = ( ); }; };\n",
        "cls_empty.cfg:10: setting 'simulate.classifier.classes' must be a "
        "non-empty list of groups");
  fails("cls_twice.cfg",
        "simulate = { truth = \"2\"; classifier = { confusion = \"c.tsv\";\n"
        "  classes = ( { name = \"b\"; truth = \"1\"; },\n"
        "    { name = \"b\"; truth = \"3\"; } ); }; };\n",
        "cls_twice.cfg:11: setting 'simulate.classifier.classes[1].name': "
        "class 'b' is already given by classes[0]");
  fails("cls_target.cfg",
        "simulate = { truth = \"2\"; classifier = { confusion = \"c.tsv\";\n"
        "  classes = ( { name = \"virtual\"; truth = \"1\"; } ); }; };\n",
        "cls_target.cfg:10: setting 'simulate.classifier.classes[0].name': "
        "'virtual' is the simulated class ('simulate.class')");
  fails("cls_tweedie.cfg",
        "simulate = { truth = \"2\"; family = \"tweedie\"; power = 1.5;\n"
        "  phi = 1; classifier = { confusion = \"c.tsv\";\n"
        "  classes = ( { name = \"b\"; truth = \"1\"; } ); }; };\n",
        "cls_tweedie.cfg:10: 'simulate.classifier' relabels objects, and "
        "family 'tweedie' draws biomass");
  fails("cls_confusion.cfg",
        "simulate = { truth = \"2\"; classifier = {\n"
        "  classes = ( { name = \"b\"; truth = \"1\"; } ); }; };\n",
        "cls_confusion.cfg:9: 'simulate.classifier' lacks the required "
        "setting 'confusion'");
  fails("recovery.cfg", "recovery = { truth_map = \"t.nc\"; };\n",
        "recovery.cfg:9: 'recovery' lacks the required setting "
        "'truth_totals'");
}

/* input_dir moves the inputs' folder; @include stays relative to the file;
 * the config file itself is read from where it is. */
static void test_input_dir(void)
{
  pm_scenario *rel, *abs_dir, *none;
  char text[2048];

  pm_test_write_file(dir, "inc.cfg", "output_dir = \"out\";\n");
  rel = load("rel.cfg",
             "@include \"inc.cfg\"\n"
             "input_dir = \"data/2024\";\n"
             "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"
             "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n"
             "grid = { resolution = 1; depth_edges = [ 0, 100, 500 ]; };\n"
             "relief = { file = \"relief.nc\"; variable = \"z\"; };\n"
             "simulate = { model = \"cop.pmm\"; };\n"
             "recovery = { truth_map = \"/t/truth.nc\"; "
             "truth_totals = \"totals.tsv\"; };\n");
  if (pm_test_ok(rel != NULL, "a file with input_dir and @include loads")) {
    pm_test_ok(in_dir(rel->sources[0].files[0], "data/2024/p.tsv") &&
                   in_dir(rel->sources[0].metadata, "data/2024/m.tsv"),
               "the observation files from input_dir (got %s)",
               rel->sources[0].files[0]);
    pm_test_ok(in_dir(rel->relief.file, "data/2024/relief.nc"),
               "the relief from input_dir (got %s)", rel->relief.file);
    pm_test_ok(in_dir(rel->simulate.truth_model, "data/2024/cop.pmm") &&
                   in_dir(rel->recovery.truth_totals, "data/2024/totals.tsv"),
               "the truth model and totals from input_dir");
    pm_test_ok(strcmp(rel->recovery.truth_map, "/t/truth.nc") == 0,
               "an absolute path as it is");
    pm_test_ok(strcmp(rel->output_dir, "out") == 0,
               "@include read from the config file's folder");
  }
  snprintf(text, sizeof text,
           "input_dir = \"/srv/obs\";\n" BASE
           "relief = { file = \"relief.nc\"; variable = \"z\"; };\n");
  abs_dir = load("abs.cfg", text);
  pm_test_ok(abs_dir && strcmp(abs_dir->relief.file,
                               "/srv/obs/relief.nc") == 0 &&
                 strcmp(abs_dir->sources[0].metadata, "/srv/obs/m.tsv") == 0,
             "an absolute input_dir");
  none = load("no_input_dir.cfg",
              BASE "relief = { file = \"relief.nc\"; variable = \"z\"; };\n");
  pm_test_ok(none && in_dir(none->relief.file, "relief.nc"),
             "no input_dir: the config file's folder");
  pm_test_load_fails(dir, "empty_input_dir.cfg",
                     "input_dir = \"\";\n" BASE,
                     "empty_input_dir.cfg:1: setting 'input_dir' must be a "
                     "non-empty string");
  pm_scenario_free(rel);
  pm_scenario_free(abs_dir);
  pm_scenario_free(none);
}

int main(void)
{
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot create %s\n", dir);
    return 1;
  }
  test_negbin_sites();
  test_tweedie_model();
  test_defaults();
  test_truth_errors();
  test_family_errors();
  test_other_errors();
  test_classifier();
  test_input_dir();
  pm_test_remove_dir(dir);
  return pm_test_done();
}
