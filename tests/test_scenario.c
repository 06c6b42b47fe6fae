/* test_scenario.c: the scenario file: the demo loads with the values it
 * states, and every kind of mistake is an error naming file, line and setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_scenario.h"
#include "pm_test.h"
#include "pm_test_scenario.h"
#include "pm_suggest.h"

#include <unistd.h>

static char dir[] = "/tmp/pm-test-scenario.XXXXXX";

static const char *write_cfg(const char *name, const char *text)
{
  return pm_test_write_file(dir, name, text);
}

static void load_fails(const char *name, const char *text, const char *fragment)
{
  pm_test_load_fails(dir, name, text, fragment);
}

/* The settings every test config shares (4 lines). */
#define SOURCE                                                                 \
  "output_dir = \"out\";\n"                                                    \
  "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"          \
  "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; } );\n"
#define GRID "grid = { resolution = 1; depth_edges = [ 0, 100 ]; };\n"

static void test_suggest(void)
{
  static const char *const known[] = {"lon", "lat", "resolution", "depth_edges",
                                      "time"};
  pm_test_ok(pm_suggest_distance("resolutoin", "resolution") == 1,
             "a transposition is one edit");
  pm_test_ok(pm_suggest_distance("kitten", "sitting") == 3,
             "kitten -> sitting: 3 edits (Levenshtein's example)");
  pm_test_ok(pm_suggest_distance("", "abc") == 3, "from empty: 3 insertions");
  pm_test_ok(pm_suggest_distance("Grid", "grid") == 0, "case is ignored");
  pm_test_ok(pm_suggest_distance("ca", "abc") == 3,
             "optimal string alignment: ca -> abc is 3");
  pm_test_ok(
      strcmp(pm_suggest_nearest("depth_edge", known, 5), "depth_edges") == 0,
      "nearest to depth_edge is depth_edges");
  pm_test_ok(pm_suggest_nearest("colour", known, 5) == NULL,
             "no suggestion for a name far from all");
}

static void test_demo(void)
{
  pm_scenario *sc = NULL;
  const pm_obs_source *s;
  int status = pm_scenario_load(&sc, pm_test_path("configs/demo.cfg"));
  if (!pm_test_ok(status == PM_SUCCESS, "demo.cfg loads")) {
    printf("# %s\n", pm_error_message());
    return;
  }
  pm_test_ok(strcmp(sc->output_dir, "plankmap-demo") == 0, "output_dir");
  pm_test_ok(strncmp(sc->text, "# demo.cfg:", 11) == 0, "the text is kept");
  pm_test_ok(sc->n_sources == 6, "6 sources (got %zu)", sc->n_sources);
  s = &sc->sources[1];
  pm_test_ok(strcmp(s->name, "bats_raw") == 0 &&
                 s->format == PM_FORMAT_ECOPART_RAW,
             "source 1 is bats_raw, ecopart-raw");
  pm_test_ok(s->n_files == 4,
             "the PAR_raw pattern matches the 4 casts (got %zu)", s->n_files);
  pm_test_ok(strstr(s->files[0],
                    "configs/../data/ecopart_raw_bats361/"
                    "20190715212026_bats361_ctd12_PAR_raw_") != NULL,
             "glob matches sorted, path taken from the config's folder: %s",
             s->files[0]);
  pm_test_rel(s->depth_step_m, 5.0, 0, "depth_step");
  pm_test_ok(strstr(sc->where[1].files[3], "demo.cfg:") != NULL &&
                 strstr(sc->where[1].files[3], ": observations[1].files[0]") !=
                     NULL,
             "where a globbed file was named: %s", sc->where[1].files[3]);
  pm_test_ok(sc->sources[2].n_files == 3 && sc->sources[3].n_files == 2 &&
                 sc->sources[0].n_files == 1,
             "hot: 3 files, papso: 2, bats: 1");
  pm_test_ok(strstr(sc->sources[3].metadata,
                    "configs/../data/ecopart_detailed/PAPSO/export_detailed_"
                    "20240422_11_01_Export_metadata_summary.tsv") != NULL,
             "metadata path");
  pm_test_rel(sc->filter.size_min_mm, 0.1, 0, "size_mm min");
  pm_test_rel(sc->filter.size_max_mm, 26.0, 0, "size_mm max");
  pm_test_ok(sc->filter.depth_max_m == INFINITY && sc->filter.n_keep == 0 &&
                 sc->filter.time_min == -INFINITY,
             "filters left out keep their defaults");
  pm_test_ok(sc->grid.lon_min == -180 && sc->grid.lon_max == 180 &&
                 sc->grid.lat_min == -90 && sc->grid.lat_max == 90,
             "global grid");
  pm_test_ok(sc->grid.dlon == 1 && sc->grid.dlat == 1, "1 degree cells");
  pm_test_ok(sc->grid.n_depth_edges == 8 && sc->grid.depth_edges[7] == 6000 &&
                 sc->grid.depth_edges[1] == 50,
             "8 depth edges, 0 .. 6000 m");
  pm_test_ok(sc->grid.time_axis == PM_TIME_MONTH, "monthly climatology");
  status = pm_scenario_check_inputs(sc);
  if (!pm_test_ok(status == PM_SUCCESS, "every input of the demo is there"))
    printf("# %s\n", pm_error_message());
  pm_scenario_free(sc);
}

/* A valid small config: integers for floats, defaults, table columns, filters.
 */
static void test_small(void)
{
  pm_scenario *sc = NULL;
  int status = pm_scenario_load(
      &sc,
      write_cfg(
          "small.cfg", SOURCE
          "\n"
          "filters = { dates = [ \"2019-07-15\", \"2019-07-15\" ];\n"
          "  classes = { keep = [ \"A\",\n \"living>B\" ];\n"
          "    merge = ( { into = \"M\"; from = [ \"x\", \"y\" ]; } ); };\n"
          "  annotation_status = \"validated\"; depth_m = [ 0, 200 ]; };\n"
          "grid = { lon = [ 0, 360 ]; resolution_lon = 2; resolution_lat = "
          "0.5;\n"
          "  depth_edges = [ 0, 100 ]; };\n"));
  if (!pm_test_ok(status == PM_SUCCESS, "small.cfg loads")) {
    printf("# %s\n", pm_error_message());
    return;
  }
  pm_test_ok(strcmp(sc->sources[0].metadata, pm_test_file_path) != 0 &&
                 strncmp(sc->sources[0].metadata, dir, strlen(dir)) == 0 &&
                 strcmp(sc->sources[0].metadata + strlen(dir), "/m.tsv") == 0,
             "relative path taken from the config's folder: %s",
             sc->sources[0].metadata);
  pm_test_rel(sc->filter.time_min, 1563148800.0, 0,
              "dates: 2019-07-15 00:00 UTC");
  pm_test_rel(sc->filter.time_max, 1563148800.0 + 86400, 0,
              "dates: the last day is inclusive");
  pm_test_ok(sc->filter.validated_only == 1, "annotation_status validated");
  pm_test_ok(sc->filter.depth_min_m == 0 && sc->filter.depth_max_m == 200,
             "integer depths accepted as numbers");
  pm_test_ok(sc->filter.n_keep == 2 &&
                 strcmp(sc->filter.keep[1].pattern, "living>B") == 0,
             "keep patterns");
  pm_test_ok(strstr(sc->filter.keep[1].where,
                    "small.cfg:7: filters.classes.keep[1]") != NULL,
             "a pattern knows where it was written: %s",
             sc->filter.keep[1].where);
  pm_test_ok(sc->filter.n_merge == 1 &&
                 strcmp(sc->filter.merge[0].into, "M") == 0 &&
                 sc->filter.merge[0].n_from == 2 &&
                 strcmp(sc->filter.merge[0].from[1].pattern, "y") == 0,
             "merge");
  pm_test_ok(strstr(sc->filter.merge[0].from[0].where,
                    "filters.classes.merge[0].from[0]") != NULL,
             "merge pattern's where: %s", sc->filter.merge[0].from[0].where);
  pm_test_ok(sc->grid.lon_min == 0 && sc->grid.lon_max == 360 &&
                 sc->grid.dlon == 2 && sc->grid.dlat == 0.5,
             "resolution_lon and resolution_lat");
  pm_test_ok(sc->grid.time_axis == PM_TIME_NONE, "time defaults to none");
  pm_test_error(pm_scenario_check_inputs(sc), PM_EIO, pm_error_message(),
                "small.cfg:3: observations[0].metadata: the file ",
                "check_inputs: a metadata file that does not exist");
  pm_test_ok(strstr(pm_error_message(), "/m.tsv' does not exist") != NULL,
             "... the message names the path: %s", pm_error_message());
  pm_scenario_free(sc);
}

static void test_table(void)
{
  char text[4096];
  pm_scenario *sc = NULL;
  int status;
  snprintf(
      text, sizeof text,
      "output_dir = \"out\";\n"
      "observations = ( { name = \"counts\"; format = \"table\";\n"
      "  files = [ \"%s\" ]; delimiter = \";\"; volume_units = \"L\";\n"
      "  columns = { profile = \"station\"; date = \"day\"; lat = \"lat\";\n"
      "    lon = \"lon\"; depth_top = \"z0\"; depth_bottom = \"z1\";\n"
      "    volume = \"vol\"; classes = [ \"Copepoda\", \"Rhizaria\" ]; }; } "
      ");\n" GRID,
      pm_test_path("data/ecopart_raw_bats361/"
                   "20190715212026_bats361_ctd12_PAR_raw_20220810_16_31.tsv"));
  status = pm_scenario_load(&sc, write_cfg("table.cfg", text));
  if (!pm_test_ok(status == PM_SUCCESS, "table.cfg loads")) {
    printf("# %s\n", pm_error_message());
    return;
  }
  pm_test_ok(sc->sources[0].table.delimiter == ';' &&
                 sc->sources[0].table.volume_to_m3 == 1e-3 &&
                 strcmp(sc->sources[0].table.date, "day") == 0 &&
                 sc->sources[0].table.datetime == NULL &&
                 sc->sources[0].table.n_classes == 2 &&
                 strcmp(sc->sources[0].table.classes[1], "Rhizaria") == 0,
             "table columns, delimiter, litres");
  pm_test_ok(sc->sources[0].files[0][0] == '/', "absolute path kept");
  pm_test_error(pm_scenario_check_inputs(sc), PM_EINPUT, pm_error_message(),
                "table.cfg:3: observations[0].files[0]: ",
                "check_inputs: a table without the mapped columns");
  pm_test_ok(strstr(pm_error_message(),
                    ":1: no column 'station' in the header") != NULL,
             "... names the missing column: %s", pm_error_message());
  pm_scenario_free(sc);
}

/* A file with the wrong columns for its format. */
static void test_wrong_header(void)
{
  char text[4096];
  pm_scenario *sc = NULL;
  snprintf(text, sizeof text,
           "output_dir = \"out\";\n"
           "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"
           "  metadata = \"%s\";\n"
           "  files = [ \"%s\" ]; } );\n" GRID,
           pm_test_path("data/ecopart_detailed/EqPac/"
                        "export_detailed_20240510_08_40_PAR_p16n_031.tsv"),
           pm_test_path("data/ecopart_detailed/EqPac/"
                        "export_detailed_20240510_08_40_PAR_p16n_031.tsv"));
  if (pm_scenario_load(&sc, write_cfg("header.cfg", text)) != PM_SUCCESS) {
    pm_test_ok(0, "header.cfg loads: %s", pm_error_message());
    return;
  }
  pm_test_error(pm_scenario_check_inputs(sc), PM_EINPUT, pm_error_message(),
                "header.cfg:3: observations[0].metadata: ",
                "check_inputs: a PAR file given as metadata summary");
  pm_test_ok(strstr(pm_error_message(), "no column 'profile' in the header") !=
                 NULL,
             "... names the missing column: %s", pm_error_message());
  pm_scenario_free(sc);
}

/* Files: a pattern matching nothing, a file named twice, a missing file. */
static void test_files(void)
{
  char text[8192];
  const char *par =
      pm_test_path("data/ecopart_detailed/PAPSO/"
                   "export_detailed_20240422_11_01_PAR_station_001.tsv");
  const char *pattern = pm_test_path("data/ecopart_detailed/PAPSO/*_PAR_*.tsv");
  pm_scenario *sc = NULL;
  load_fails("glob.cfg",
             "output_dir = \"out\";\n"
             "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"
             "  metadata = \"m.tsv\";\n"
             "  files = [ \"p.tsv\", \"nothing*.tsv\" ]; } );\n" GRID,
             "glob.cfg:4: setting 'observations[0].files[1]': the pattern "
             "'nothing*.tsv' matches no file");
  snprintf(text, sizeof text,
           "output_dir = \"out\";\n"
           "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"
           "  metadata = \"m.tsv\";\n"
           "  files = [ \"%s\",\n \"%s\" ]; } );\n" GRID,
           pattern, par);
  load_fails("twice.cfg", text,
             "twice.cfg:4: observations[0].files[0]; name each file once");
  pm_test_ok(strstr(pm_error_message(),
                    "twice.cfg:5: observations[0].files[1]: the file") != NULL,
             "... and names both: %s", pm_error_message());
  if (pm_scenario_load(&sc, write_cfg("missing.cfg", SOURCE GRID)) !=
      PM_SUCCESS) {
    pm_test_ok(0, "missing.cfg loads: %s", pm_error_message());
    return;
  }
  snprintf(text, sizeof text, "%s/m.tsv", dir);
  write_cfg("m.tsv", "profile\tyyyy-mm-dd hh:mm\tLatitude\tLongitude\n");
  pm_test_error(pm_scenario_check_inputs(sc), PM_EIO, pm_error_message(),
                "missing.cfg:3: observations[0].files[0]: the file ",
                "check_inputs: a data file that does not exist");
  pm_test_ok(strstr(pm_error_message(), "/p.tsv' does not exist") != NULL,
             "... names the path: %s", pm_error_message());
  unlink(text);
  pm_scenario_free(sc);
}

/* threads: read when given, 0 (every core) when not, refused outside 1 to
 * 4096 or when not whole. */
static void test_threads(void)
{
  pm_scenario *sc = NULL;
  int status = pm_scenario_load(
      &sc, write_cfg("threads.cfg", SOURCE GRID "threads = 3;\n"));
  pm_test_ok(status == PM_SUCCESS && sc->threads == 3, "threads = 3 read");
  pm_scenario_free(sc);
  sc = NULL;
  status = pm_scenario_load(&sc, write_cfg("nothreads.cfg", SOURCE GRID));
  pm_test_ok(status == PM_SUCCESS && sc->threads == 0,
             "no threads setting: 0, every core");
  pm_scenario_free(sc);
  load_fails("threads0.cfg", SOURCE GRID "threads = 0;\n",
             "threads0.cfg:5: setting 'threads' must be");
  load_fails("threads_half.cfg", SOURCE GRID "threads = 1.5;\n",
             "threads_half.cfg:5: setting 'threads' must be");
}

static void test_bad_configs(void)
{
  load_fails("syntax.cfg",
             SOURCE "grid = { resolution = 1; depth_edges = [ 0, 100 ; };\n",
             "syntax.cfg:4: syntax error: ");
  load_fails("unknown.cfg",
             SOURCE "grid = { resolutoin = 1; depth_edges = [ 0, 100 ]; };\n",
             "unknown.cfg:4: unknown setting 'grid.resolutoin'; did you mean "
             "'resolution'?");
  load_fails(
      "unknown_far.cfg", SOURCE GRID "colour = \"red\";\n",
      "unknown_far.cfg:5: unknown setting 'colour'; the settings known here "
      "are output_dir, observations, filters, grid, covariates, relief, "
      "models, prediction, scenarios");
  load_fails("unknown_section.cfg",
             SOURCE GRID "filter = { depth_m = [ 0, 10 ]; };\n",
             "unknown_section.cfg:5: unknown setting 'filter'; did you mean "
             "'filters'?");
  load_fails(
      "type.cfg",
      SOURCE "grid = { resolution = \"1\"; depth_edges = [ 0, 100 ]; };\n",
      "type.cfg:4: setting 'grid.resolution' must be a number within (0, 180] "
      "(it is a string)");
  load_fails(
      "lat95.cfg",
      SOURCE "grid = { resolution = 1; depth_edges = [ 0, 100 ];\n"
             "  lat = [ -90, 95 ]; };\n",
      "lat95.cfg:5: setting 'grid.lat' must be a list of two numbers within "
      "[-90, 90], min < max (element [1] is 95)");
  load_fails(
      "latorder.cfg",
      SOURCE "grid = { resolution = 1; depth_edges = [ 0, 100 ];\n"
             "  lat = [ 10.0, -10.0 ]; };\n",
      "latorder.cfg:5: setting 'grid.lat' must be a list of two numbers within "
      "[-90, 90], min < max (element [1] = -10 is not greater than element "
      "[0])");
  load_fails(
      "resolution.cfg",
      SOURCE "grid = { resolution = -1.0; depth_edges = [ 0, 100 ]; };\n",
      "resolution.cfg:4: setting 'grid.resolution' must be a number within "
      "(0, 180] (it is -1)");
  load_fails(
      "divide.cfg",
      SOURCE "grid = { resolution = 0.7; depth_edges = [ 0, 100 ]; };\n",
      "divide.cfg:4: setting 'grid.resolution' = 0.7 does not divide the "
      "longitude range [-180, 180] into whole cells");
  load_fails(
      "both.cfg",
      SOURCE "grid = { resolution = 1; resolution_lat = 1;\n"
             "  depth_edges = [ 0, 100 ]; };\n",
      "both.cfg:4: 'grid' must give the cell size either as 'resolution'");
  load_fails(
      "edges.cfg",
      SOURCE "grid = { resolution = 1;\n  depth_edges = [ 0, 100, 50 ]; };\n",
      "edges.cfg:5: setting 'grid.depth_edges' must be a list of two or more "
      "numbers at least 0, strictly increasing (element [2] = 50 is not "
      "greater than element [1])");
  load_fails(
      "edges1.cfg",
      SOURCE "grid = { resolution = 1;\n  depth_edges = [ 10 ]; };\n",
      "edges1.cfg:5: setting 'grid.depth_edges' must be a list of two or more "
      "numbers at least 0, strictly increasing (it has 1 element)");
  load_fails(
      "time.cfg",
      SOURCE "grid = { resolution = 1; depth_edges = [ 0, 100 ];\n"
             "  time = \"week\"; };\n",
      "time.cfg:5: setting 'grid.time' is 'week'; expected one of none, month, "
      "season, year");
  load_fails(
      "format.cfg",
      "output_dir = \"out\";\n"
      "observations = ( { name = \"a\"; files = [ \"p.tsv\" ]; },\n"
      "  { name = \"b\";\n"
      "    format = \"ecopart\"; metadata = \"m.tsv\"; files = [ \"p.tsv\" ]; "
      "} );\n" GRID,
      "format.cfg:2: 'observations[0]' lacks the required setting 'format'");
  load_fails("format1.cfg",
             "output_dir = \"out\";\n"
             "observations = ( { name = \"a\"; format = \"ecotaxa\"; files = [ "
             "\"p.tsv\" ]; },\n"
             "  { name = \"b\";\n"
             "    format = \"ecopart\"; metadata = \"m.tsv\"; files = [ "
             "\"p.tsv\" ]; } );\n" GRID,
             "format1.cfg:4: setting 'observations[1].format' is 'ecopart'; "
             "expected one "
             "of ecopart-detailed, ecopart-raw, ecotaxa, table, uvp5-dataset");
  load_fails(
      "applies.cfg",
      "output_dir = \"out\";\n"
      "observations = ( { name = \"a\"; format = \"ecopart-detailed\";\n"
      "  metadata = \"m.tsv\"; files = [ \"p.tsv\" ];\n"
      "  depth_step = 5; } );\n" GRID,
      "applies.cfg:4: setting 'observations[0].depth_step' does not apply to "
      "format 'ecopart-detailed' (only to ecopart-raw, uvp5-dataset)");
  load_fails("required.cfg", SOURCE "\n",
             "required.cfg: the required setting 'grid' is missing");
  load_fails(
      "required_grid.cfg", SOURCE "grid = {\n  resolution = 1; };\n",
      "required_grid.cfg:4: 'grid' lacks the required setting 'depth_edges'");
  load_fails(
      "required_source.cfg",
      "output_dir = \"out\";\n"
      "observations = (\n  { name = \"a\"; format = \"ecopart-raw\";\n"
      "    files = [ \"p.tsv\" ]; } );\n" GRID,
      "required_source.cfg:3: 'observations[0]' (format ecopart-raw) lacks the "
      "required setting 'metadata'");
  load_fails("required_columns.cfg",
             "output_dir = \"out\";\n"
             "observations = ( { name = \"a\"; format = \"table\"; files = [ "
             "\"p.tsv\" ];\n"
             "  volume_units = \"m3\";\n"
             "  columns = { profile = \"p\"; lat = \"y\"; lon = \"x\"; "
             "depth_top = \"z0\";\n"
             "    depth_bottom = \"z1\"; volume = \"v\"; classes = [ \"c\" ]; "
             "}; } );\n" GRID,
             "required_columns.cfg:4: 'observations[0].columns' must name the "
             "date-time column");
  load_fails("units.cfg",
             "output_dir = \"out\";\n"
             "observations = ( { name = \"a\"; format = \"table\"; files = [ "
             "\"p.tsv\" ];\n"
             "  volume_units = \"ml\";\n"
             "  columns = { profile = \"p\"; datetime = \"t\"; lat = \"y\"; "
             "lon = \"x\";\n"
             "    depth_top = \"z0\"; depth_bottom = \"z1\"; volume = \"v\"; "
             "classes = [ \"c\" ]; }; } );\n" GRID,
             "units.cfg:3: setting 'observations[0].volume_units' is 'ml'; "
             "expected one of L, m3");
  load_fails("delimiter.cfg",
             "output_dir = \"out\";\n"
             "observations = ( { name = \"a\"; format = \"table\"; files = [ "
             "\"p.tsv\" ];\n"
             "  delimiter = \", \"; volume_units = \"L\";\n"
             "  columns = { profile = \"p\"; datetime = \"t\"; lat = \"y\"; "
             "lon = \"x\";\n"
             "    depth_top = \"z0\"; depth_bottom = \"z1\"; volume = \"v\"; "
             "classes = [ \"c\" ]; }; } );\n" GRID,
             "delimiter.cfg:3: setting 'observations[0].delimiter' must be a "
             "single character");
  load_fails("duplicate.cfg", SOURCE "observations = ();\n" GRID,
             "duplicate.cfg:4: syntax error: duplicate setting name");
  load_fails(
      "duplicate_name.cfg",
      "output_dir = \"out\";\n"
      "observations = ( { name = \"a\"; format = \"ecotaxa\"; files = [ "
      "\"p.tsv\" ]; },\n"
      "  { name = \"a\"; format = \"ecotaxa\"; files = [ \"q.tsv\" ]; } "
      ");\n" GRID,
      "duplicate_name.cfg:3: setting 'observations[1].name': the name 'a' is "
      "already used by observations[0] (line 2); source names must be unique");
  load_fails(
      "name.cfg",
      "output_dir = \"out\";\n"
      "observations = ( { name = \"a b\"; format = \"ecotaxa\"; files = [ "
      "\"p.tsv\" ]; } );\n" GRID,
      "name.cfg:2: setting 'observations[0].name' must be a name of letters, "
      "digits, '_', '-' or '.' (it is 'a b')");
  load_fails(
      "nofiles.cfg",
      "output_dir = \"out\";\n"
      "observations = ( { name = \"a\"; format = \"ecotaxa\"; files = [ ]; } "
      ");\n" GRID,
      "nofiles.cfg:2: setting 'observations[0].files' must be a non-empty list "
      "of non-empty strings (it is empty)");
  load_fails("nosources.cfg",
             "output_dir = \"out\";\nobservations = ( );\n" GRID,
             "nosources.cfg:2: setting 'observations' must be a non-empty list "
             "of groups");
  load_fails(
      "size.cfg", SOURCE GRID "filters = { size_mm = [ -0.1, 2.0 ]; };\n",
      "size.cfg:5: setting 'filters.size_mm' must be a list of two numbers at "
      "least 0, min < max (element [0] is -0.1)");
  load_fails("dates.cfg",
             SOURCE GRID
             "filters = { dates = [ \"2020-13-01\", \"2021-01-01\" ]; };\n",
             "dates.cfg:5: setting 'filters.dates' must be a list of two dates "
             "\"YYYY-MM-DD\", first <= last (element [0] is \"2020-13-01\")");
  load_fails(
      "dates_order.cfg",
      SOURCE GRID
      "filters = { dates = [ \"2021-01-01\", \"2020-01-01\" ]; };\n",
      "dates_order.cfg:5: setting 'filters.dates' must be a list of two dates "
      "\"YYYY-MM-DD\", first <= last (the last is before the first)");
  load_fails("status.cfg",
             SOURCE GRID "filters = { annotation_status = \"checked\"; };\n",
             "status.cfg:5: setting 'filters.annotation_status' is 'checked'; "
             "expected "
             "one of validated, all");
  load_fails("merge.cfg",
             SOURCE GRID "filters = { classes = { merge = ( { into = \"M\";\n  "
                         "form = [ \"x\" ]; } ); }; };\n",
             "merge.cfg:6: unknown setting 'filters.classes.merge[0].form'; "
             "did you mean 'from'?");
  load_fails("group.cfg", SOURCE GRID "filters = [ 1, 2 ];\n",
             "group.cfg:5: setting 'filters' must be a group { ... } (it is an "
             "array)");
}

/* The biomass section: the defaults, with a file's rows on top. */
static void test_biomass(void)
{
  pm_scenario *sc = NULL;
  const pm_carbon_row *row = NULL;
  int status;

  status = pm_scenario_load(&sc, write_cfg("nobio.cfg", SOURCE GRID));
  pm_test_ok(status == 0 && sc->biomass.carbon && !sc->biomass.carbon_table &&
                 pm_carbon_table_size(sc->biomass.carbon) == 3,
             "biomass: without the section, the 3 default rows (%s)",
             pm_error_message());
  pm_scenario_free(sc);

  write_cfg("carbon.tsv",
            "key\tform\ta\tb\tsource\n"
            "Chaetognatha\tpower\t0.002\t1.1\ttest row\n");
  status = pm_scenario_load(
      &sc, write_cfg("bio.cfg", SOURCE GRID
                     "biomass = { carbon_table = \"carbon.tsv\"; };\n"));
  if (pm_test_ok(status == 0, "biomass: bio.cfg loads (%s)",
                 pm_error_message())) {
    pm_test_ok(pm_carbon_table_size(sc->biomass.carbon) == 4 &&
                   pm_carbon_table_lookup(sc->biomass.carbon, "Chaetognatha",
                                          NULL, &row) == 0 &&
                   row->a == 0.002 && row->b == 1.1,
               "biomass: the file's row is added to the defaults");
    pm_test_ok(strstr(sc->biomass.where, "bio.cfg:5: biomass.carbon_table") &&
                   strcmp(sc->biomass.carbon_table + strlen(dir),
                          "/carbon.tsv") == 0,
               "biomass: the path is taken from the config's folder (%s)",
               sc->biomass.where);
  }
  pm_scenario_free(sc);

  /* a carbon table that is not there is an input/output error */
  pm_test_load_fails_with(dir, "bionofile.cfg",
                          SOURCE GRID
                          "biomass = { carbon_table = \"none.tsv\"; };\n",
                          PM_EIO, "bionofile.cfg:5: biomass.carbon_table: ");
  pm_test_ok(strstr(pm_error_message(), "/none.tsv: cannot open") != NULL,
             "biomass: ... naming the missing table");
  write_cfg("carbon_bad.tsv", "key\tform\ta\tb\tsource\n"
                              "Copepoda\tpower\t-1\t1\ttest row\n");
  load_fails("biobadrow.cfg",
             SOURCE GRID "biomass = { carbon_table = \"carbon_bad.tsv\"; };\n",
             "carbon_bad.tsv:2: carbon conversion 'Copepoda': a = -1; a must "
             "be a positive number");
  load_fails("biotypo.cfg",
             SOURCE GRID "biomass = { carbon_tabel = \"carbon.tsv\"; };\n",
             "carbon_table");
}

int main(void)
{
  pm_scenario *sc = NULL;
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot create %s\n", dir);
    return 1;
  }
  test_suggest();
  test_demo();
  test_small();
  test_table();
  test_wrong_header();
  test_files();
  test_bad_configs();
  test_threads();
  test_biomass();
  snprintf(pm_test_file_path, sizeof pm_test_file_path, "%s/none.cfg", dir);
  pm_test_error(pm_scenario_load(&sc, pm_test_file_path), PM_EIO, pm_error_message(),
                "cannot open the scenario file",
                "a config that does not exist");
  pm_scenario_free(sc);
  pm_test_remove_dir(dir);
  return pm_test_done();
}
