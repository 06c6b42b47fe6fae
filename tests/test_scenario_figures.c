/* test_scenario_figures.c: the `figures` group of the scenario file: the
 * values it states, its defaults, and each kind of mistake as an error
 * naming file, line and setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_scenario.h"
#include "pm_test.h"
#include "pm_test_scenario.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/pm-test-scenario-figures.XXXXXX";

/* Lines 1-4 of every test config; the figures group is line 5. */
#define HEAD                                                                   \
  "output_dir = \"out\";\n"                                                    \
  "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"          \
  "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n"                      \
  "grid = { resolution = 1; depth_edges = [ 0, 100, 500 ]; };\n"

/* The config `text` as <dir>/<name>, loaded (NULL when it does not). */
static pm_scenario *load(const char *name, const char *text)
{
  return pm_test_load(dir, name, text);
}

static void test_given(void)
{
  pm_scenario *sc = load("given.cfg", HEAD
                         "figures = { depths = [ 50, 300 ]; projection = "
                         "\"+proj=moll +lon_0=150\";\n"
                         "  format = \"svg\"; width_mm = 85; dpi = 600; };\n");
  const pm_scenario_figures *f = sc ? &sc->figures : NULL;

  pm_test_ok(f && f->given, "a figures group is read");
  if (!f) return;
  pm_test_ok(f->n_depths == 2 && f->depths[0] == 50 && f->depths[1] == 300,
             "depths 50 and 300 m");
  pm_test_ok(strcmp(f->projection, "+proj=moll +lon_0=150") == 0,
             "a PROJ string as the projection");
  pm_test_ok(strcmp(f->format, "svg") == 0 && f->width_mm == 85 &&
                 f->dpi == 600,
             "format svg, 85 mm, 600 dpi");
  pm_test_ok(f->where && strstr(f->where, "given.cfg:5: figures"),
             "where names file and line (got %s)", f->where);
  pm_scenario_free(sc);
}

static void test_defaults(void)
{
  pm_scenario *sc = load("empty.cfg", HEAD "figures = { };\n");
  pm_scenario *none = load("none.cfg", HEAD);

  pm_test_ok(sc && sc->figures.given && sc->figures.n_depths == 0 &&
                 strcmp(sc->figures.projection, "robin") == 0 &&
                 strcmp(sc->figures.format, "png") == 0 &&
                 sc->figures.width_mm == 180 && sc->figures.dpi == 300,
             "an empty group: the first level, robin, png, 180 mm, 300 dpi");
  pm_test_ok(none && !none->figures.given && !none->figures.projection,
             "no figures group: no figures");
  pm_scenario_free(sc);
  pm_scenario_free(none);
}

static void test_bad(void)
{
  pm_test_load_fails(dir, "proj.cfg",
                     HEAD "figures = { projection = \"mercury\"; };\n",
                     "proj.cfg:5: setting 'figures.projection': unknown "
                     "projection 'mercury'; use robin, eqearth");
  pm_test_load_fails(dir, "bad_proj_string.cfg",
                     HEAD "figures = { projection = \"+proj=nonsense\"; };\n",
                     "unknown projection '+proj=nonsense'");
  pm_test_load_fails(dir, "format.cfg",
                     HEAD "figures = { format = \"jpg\"; };\n",
                     "format.cfg:5:");
  pm_test_load_fails(dir, "format2.cfg",
                     HEAD "figures = { format = \"jpg\"; };\n", "expected one of png, pdf, svg");
  pm_test_load_fails(dir, "width.cfg", HEAD "figures = { width_mm = 5; };\n",
                     "width.cfg:5:");
  pm_test_load_fails(dir, "dpi.cfg", HEAD "figures = { dpi = 10; };\n",
                     "dpi.cfg:5:");
  pm_test_load_fails(dir, "depths.cfg",
                     HEAD "figures = { depths = [ 300, 50 ]; };\n",
                     "depths.cfg:5:");
  pm_test_load_fails(dir, "negative.cfg",
                     HEAD "figures = { depths = [ -10 ]; };\n",
                     "negative.cfg:5:");
  pm_test_load_fails(dir, "unknown.cfg",
                     HEAD "figures = { colour = \"red\"; };\n",
                     "unknown.cfg:5:");
}

int main(void)
{
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot create %s\n", dir);
    return 1;
  }
  test_given();
  test_defaults();
  test_bad();
  pm_test_remove_dir(dir);
  return pm_test_done();
}
