/* test_table_long.c: generic tables with one row per sample and class (the
 * long layout) against the same table with one row per sample, and the rows
 * both layouts reject: a sample or a class of a sample given twice, a
 * profile at two positions or date-times, counts that are not whole
 * non-negative numbers.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_obs_frame.h"
#include "pm_read.h"
#include "pm_test.h"
#include "pm_test_scenario.h"
#include "pm_test_table.h"

#include <unistd.h>

#define WIDE_HEAD                                                              \
  "profile,project,datetime,lat,lon,depth_top,depth_bottom,volume_L,"         \
  "Copepoda,Rhizaria,detritus\n"
#define LONG_HEAD                                                              \
  "profile,project,datetime,lat,lon,depth_top,depth_bottom,volume_L,taxon,n\n"
#define CARBON_HEAD \
  "profile,project,datetime,lat,lon,depth_top,depth_bottom,volume_L,taxon,n,c\n"
#define GRID "grid = { resolution = 1; depth_edges = [ 0, 100 ]; };\n"

static char tmpdir[256];
static char *class_names[] = {"Copepoda", "Rhizaria", "detritus"};
static char *files[2];

/* The mapping of tests/data/table/small_*.csv; `long_layout` maps the
 * class and count columns instead of one column per class. */
static void mapping(pm_obs_source *src, int long_layout, const char *path)
{
  pm_test_table_mapping(src, files, "counts", path);
  if (long_layout) {
    src->table.class_column = "taxon";
    src->table.count_column = "n";
  } else {
    src->table.classes = class_names;
    src->table.n_classes = 3;
  }
}

/* The sample of `obs` with the profile, date-time and depth range of sample
 * s of `other`, or SIZE_MAX. */
static size_t same_sample(const pm_obs *obs, const pm_obs *other, size_t s)
{
  const pm_obs_profile *p = &other->profiles[other->profile[s]];
  size_t i;
  for (i = 0; i < obs->n_samples; i++) {
    const pm_obs_profile *q = &obs->profiles[obs->profile[i]];
    if (strcmp(p->name, q->name) == 0 && strcmp(p->project, q->project) == 0 &&
        obs->time[i] == other->time[s] && obs->lat[i] == other->lat[s] &&
        obs->lon[i] == other->lon[s] &&
        obs->depth_top[i] == other->depth_top[s] &&
        obs->depth_bottom[i] == other->depth_bottom[s])
      return i;
  }
  return SIZE_MAX;
}

/* Sample s of `a` and its match in `b` have the same volume and the same
 * count of every class of `a`. */
static int same_counts(const pm_obs *a, const pm_obs *b, size_t s)
{
  size_t t = same_sample(b, a, s), c, k;
  if (t == SIZE_MAX || a->volume_m3[s] != b->volume_m3[t]) return 0;
  for (c = 0; c < a->n_classes; c++) {
    k = pm_obs_find_class(b, a->classes[c].name);
    if (k == SIZE_MAX || a->count[c][s] != b->count[k][t]) return 0;
  }
  return 1;
}

/* Every sample of `a` is in `b`, with the same volume and counts, and both
 * have as many samples, profiles and classes. */
static int same_observations(const pm_obs *a, const pm_obs *b)
{
  size_t s;
  if (a->n_samples != b->n_samples || a->n_profiles != b->n_profiles ||
      a->n_classes != b->n_classes)
    return 0;
  for (s = 0; s < a->n_samples; s++)
    if (!same_counts(a, b, s)) return 0;
  return 1;
}

/* The count of class `name` in the sample of profile `profile` at `top` m. */
static double count_of(const pm_obs *obs, const char *name,
                       const char *profile, double top)
{
  size_t c = pm_obs_find_class(obs, name), s;
  for (s = 0; c != SIZE_MAX && s < obs->n_samples; s++)
    if (obs->depth_top[s] == top &&
        strcmp(obs->profiles[obs->profile[s]].name, profile) == 0)
      return obs->count[c][s];
  return -1;
}

static void test_same_table(void)
{
  pm_obs_source wide_src, long_src;
  pm_obs_report wide_rep, long_rep;
  pm_obs *wide = NULL, *tidy = NULL;
  int status;

  mapping(&wide_src, 0, pm_test_path("tests/data/table/small_wide.csv"));
  status = pm_test_table_read(&wide_src, NULL, NULL, &wide_rep, &wide);
  pm_test_ok(status == PM_SUCCESS && wide->n_samples == 3,
             "wide table: 3 samples (%s)", pm_error_message());
  mapping(&long_src, 1, pm_test_path("tests/data/table/small_long.csv"));
  status = pm_test_table_read(&long_src, NULL, NULL, &long_rep, &tidy);
  pm_test_ok(status == PM_SUCCESS && tidy->n_samples == 3 &&
                 tidy->n_profiles == 2 && tidy->n_classes == 3 &&
                 long_rep.rows_kept == 8,
             "long table: 8 rows into 3 samples of 2 profiles, 3 classes (%s)",
             pm_error_message());
  if (!status) {
    pm_test_ok(same_observations(wide, tidy) && same_observations(tidy, wide),
               "both layouts give the same samples, volumes and counts");
    pm_test_rel(count_of(tidy, "detritus", "st1", 0), 40, 0,
                "st1 0-50 m: detritus 40, from the fifth data row");
    pm_test_rel(count_of(tidy, "detritus", "st2", 0), 0, 0,
                "st2 0-50 m: detritus absent from the long table, 0");
    pm_test_rel(tidy->volume_m3[same_sample(tidy, wide, 0)], 1.2, 1e-12,
                "st1 0-50 m: 1200 L counted once, 1.2 m3");
    pm_test_rel(tidy->time[0], 1619863200, 0, "date-time of st1");
  }
  pm_obs_free(wide);
  pm_obs_free(tidy);
}

/* The class filter keeps the same classes and matches the same patterns in
 * both layouts; a depth filter leaves out every row of a sample. */
static void test_filters(void)
{
  pm_obs_source src;
  pm_obs_report rep;
  pm_obs *obs = NULL;
  pm_filter f;
  pm_filter_pattern keep = {"Copepoda", "test"};
  pm_filter_counts counts;
  int status;

  pm_filter_init(&f);
  f.keep = &keep;
  f.n_keep = 1;
  f.depth_max_m = 50;
  if (pm_filter_counts_alloc(&counts, &f)) {
    pm_test_ok(0, "filter counts allocated");
    return;
  }
  mapping(&src, 1, pm_test_path("tests/data/table/small_long.csv"));
  status = pm_test_table_read(&src, &f, &counts, &rep, &obs);
  pm_test_ok(status == PM_SUCCESS && obs->n_classes == 1 &&
                 obs->n_samples == 2 && counts.matched[0] == 1,
             "long table filtered: Copepoda kept, 2 samples above 50 m");
  pm_test_ok(rep.rows_kept == 2 && rep.rows_dropped[PM_DROP_CLASS] == 3 &&
                 rep.rows_dropped[PM_DROP_DEPTH] == 3,
             "rows kept 2, class left out 3, too deep 3 (got %llu, %llu, "
             "%llu)",
             (unsigned long long)rep.rows_kept,
             (unsigned long long)rep.rows_dropped[PM_DROP_CLASS],
             (unsigned long long)rep.rows_dropped[PM_DROP_DEPTH]);
  if (!status)
    pm_test_rel(count_of(obs, "Copepoda", "st2", 0), 7, 0,
                "st2 0-50 m: Copepoda 7");
  pm_obs_free(obs);
  pm_filter_counts_free(&counts);
}

static const char *make_file(const char *name, const char *text)
{
  return pm_test_write_file(tmpdir, name, text);
}

/* Reading `text` as a table of the layout fails with PM_EINPUT and a
 * message holding both fragments. */
static void rejected(int long_layout, const char *name, const char *text,
                     const char *fragment, const char *also, const char *what)
{
  pm_obs_source src;
  pm_obs_report rep;
  int status;
  mapping(&src, long_layout, make_file(name, text));
  status = pm_test_table_read(&src, NULL, NULL, &rep, NULL);
  if (pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s",
                    what))
    pm_test_ok(strstr(pm_error_message(), also) != NULL,
               "... and names %s: %s", also, pm_error_message());
}

static void test_rejected(void)
{
  rejected(0, "twice.csv",
           WIDE_HEAD "s,x,2021-05-01,43,7,0,50,5,1,2,3\n"
                     "s,x,2021-05-01,43,7,50,100,5,1,2,3\n"
                     "s,x,2021-05-01,43,7,0,50,5,1,2,3\n",
           "twice.csv:4: the sample of profile 's' of project 'x' at 0-50 m "
           "is given twice", "twice.csv:2", "wide: a sample given twice");
  rejected(1, "pair.csv",
           LONG_HEAD "s,x,2021-05-01,43,7,0,50,5,Copepoda,1\n"
                     "s,x,2021-05-01,43,7,0,50,5,detritus,2\n"
                     "s,x,2021-05-01,43,7,0,50,5,Copepoda,3\n",
           "pair.csv:4: column 9 'taxon': class 'Copepoda' of this sample is "
           "given twice", "pair.csv:2", "long: a class of a sample twice");
  rejected(1, "volume.csv",
           LONG_HEAD "s,x,2021-05-01,43,7,0,50,5,Copepoda,1\n"
                     "s,x,2021-05-01,43,7,0,50,6,detritus,2\n",
           "volume.csv:3: column 8 'volume_L': volume 6 differs from the "
           "volume 5", "volume.csv:2", "long: two volumes of one sample");
  rejected(0, "position.csv",
           WIDE_HEAD "s,x,2021-05-01,43,7,0,50,5,1,2,3\n"
                     "s,x,2021-05-01,43,7.5,50,100,5,1,2,3\n",
           "position.csv:3: profile 's' of project 'x' is at 43, 7.5",
           "position.csv:2", "wide: a profile at two positions");
  rejected(1, "time.csv",
           LONG_HEAD "s,x,2021-05-01 10:00,43,7,0,50,5,Copepoda,1\n"
                     "s,x,2021-05-02 10:00,43,7,50,100,5,Copepoda,1\n",
           "time.csv:3: profile 's' of project 'x' is at 43, 7 on "
           "2021-05-02 10:00:00 here but at 43, 7 on 2021-05-01 10:00:00",
           "time.csv:2", "long: a profile at two date-times");
  rejected(0, "fraction.csv", WIDE_HEAD "s,x,2021-05-01,43,7,0,50,5,1,2.5,3\n",
           "fraction.csv:2: column 10 'Rhizaria': count 2.5 is not a whole "
           "number", "fraction.csv", "wide: a count 2.5");
  rejected(1, "long_fraction.csv",
           LONG_HEAD "s,x,2021-05-01,43,7,0,50,5,Copepoda,0.5\n",
           "long_fraction.csv:2: column 10 'n': count 0.5 is not a whole "
           "number", "long_fraction.csv", "long: a count 0.5");
  rejected(1, "long_negative.csv",
           LONG_HEAD "s,x,2021-05-01,43,7,0,50,5,Copepoda,-2\n",
           "long_negative.csv:2: column 10 'n': count -2 is negative",
           "long_negative.csv", "long: a negative count");
  rejected(1, "no_class.csv", LONG_HEAD "s,x,2021-05-01,43,7,0,50,5,,2\n",
           "no_class.csv:2: column 9 'taxon': the class is missing",
           "no_class.csv", "long: an empty class");
}

/* A table of one row whose carbon is `carbon` is refused with `fragment`. */
static void carbon_refused(const char *name, const char *carbon,
                           const char *fragment, const char *what)
{
  pm_obs_source src;
  pm_obs_report rep;
  char text[256];
  int status;

  snprintf(text, sizeof text,
           CARBON_HEAD "s,x,2021-05-01,43,7,0,50,5,Copepoda,3,%s\n", carbon);
  mapping(&src, 1, make_file(name, text));
  src.table.carbon_column = "c";
  status = pm_test_table_read(&src, NULL, NULL, &rep, NULL);
  pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s", what);
}

/* The carbon column of the long layout: each class's carbon (mg C) in its
 * sample, summed over classes into the biomass of samples counted as
 * weighed; a sample without a row has none (0 mg C); a negative carbon
 * and a missing one are refused. */
static void test_carbon(void)
{
  pm_obs_source src;
  pm_obs_report rep;
  pm_obs *obs = NULL;
  double y[2] = {NAN, NAN};
  int status;

  mapping(&src, 1, make_file("carbon.csv",
                             CARBON_HEAD
                             "s,x,2021-05-01,43,7,0,50,5,Copepoda,3,0.25\n"
                             "s,x,2021-05-01,43,7,0,50,5,Rhizaria,2,1.5\n"
                             "s,x,2021-05-01,43,7,50,100,5,Copepoda,0,0\n"));
  src.table.carbon_column = "c";
  status = pm_test_table_read(&src, NULL, NULL, &rep, &obs);
  if (!status) status = pm_obs_biomass(obs, y);
  pm_test_ok(!status && obs->n_samples == 2 && obs->sized && obs->sized[0] &&
                 obs->sized[1],
             "carbon: 2 samples, both weighed (%s)", pm_error_message());
  pm_test_rel(y[0], 1.75, 1e-15, "carbon: 0.25 + 1.5 mg C in 0-50 m");
  pm_test_rel(y[1], 0, 0, "carbon: 0 mg C in 50-100 m");
  pm_test_rel(count_of(obs, "Rhizaria", "s", 0), 2, 0,
              "carbon: the counts are read as before");
  pm_obs_free(obs);
  carbon_refused("carbon_negative.csv", "-1",
                 "carbon_negative.csv:2: column 11 'c': carbon -1 is negative",
                 "carbon: a negative carbon");
  carbon_refused("carbon_missing.csv", "",
                 "carbon_missing.csv:2: column 11 'c'",
                 "carbon: a missing carbon");
}

/* A sample in two files of one source: the message names both files. */
static void test_two_files(void)
{
  pm_obs_source src;
  pm_obs_report rep;
  char first[512];

  snprintf(first, sizeof first, "%s",
           make_file("a.csv", WIDE_HEAD "s,x,2021-05-01,43,7,0,50,5,1,2,3\n"));
  mapping(&src, 0, first);
  files[1] = (char *)make_file(
      "b.csv", WIDE_HEAD "t,x,2021-05-01,43,7,0,50,5,1,2,3\n"
                         "s,x,2021-05-01,43,7,0,50,5,1,2,3\n");
  src.n_files = 2;
  if (pm_test_error(pm_test_table_read(&src, NULL, NULL, &rep, NULL), PM_EINPUT,
                    pm_error_message(), "b.csv:3: the sample of profile 's'",
                    "a sample in two files"))
    pm_test_ok(strstr(pm_error_message(), "a.csv:2") != NULL,
               "... and names the first file's line: %s", pm_error_message());
}

/* The config names the class and count columns; the reader then reads the
 * long table as the test above does. */
static void test_config(void)
{
  char text[2048];
  pm_scenario *sc;
  pm_obs_report rep;
  pm_obs *obs = NULL;

  snprintf(text, sizeof text,
           "output_dir = \"out\";\n"
           "observations = ( { name = \"counts\"; format = \"table\";\n"
           "  files = [ \"%s\" ]; volume_units = \"L\";\n"
           "  columns = { profile = \"profile\"; project = \"project\";\n"
           "    datetime = \"datetime\"; lat = \"lat\"; lon = \"lon\";\n"
           "    depth_top = \"depth_top\"; depth_bottom = \"depth_bottom\";\n"
           "    volume = \"volume_L\"; class = \"taxon\"; count = \"n\"; }; "
           "} );\n" GRID,
           pm_test_path("tests/data/table/small_long.csv"));
  sc = pm_test_load(tmpdir, "long.cfg", text);
  if (!pm_test_ok(sc != NULL, "a config of the long layout loads")) return;
  pm_test_ok(strcmp(sc->sources[0].table.class_column, "taxon") == 0 &&
                 strcmp(sc->sources[0].table.count_column, "n") == 0 &&
                 sc->sources[0].table.n_classes == 0,
             "class and count columns read");
  pm_error_clear();
  pm_test_ok(pm_scenario_check_inputs(sc) == PM_SUCCESS,
             "check_inputs finds the class and count columns (%s)",
             pm_error_message());
  pm_test_ok(pm_test_table_read(&sc->sources[0], NULL, NULL, &rep, &obs) == PM_SUCCESS &&
                 obs->n_samples == 3 && rep.rows_kept == 8,
             "the configured source reads 3 samples (%s)", pm_error_message());
  pm_obs_free(obs);
  pm_scenario_free(sc);
}

#define COLUMNS                                                                \
  "output_dir = \"out\";\n"                                                    \
  "observations = ( { name = \"a\"; format = \"table\"; files = [ "           \
  "\"p.csv\" ];\n"                                                             \
  "  volume_units = \"L\";\n"                                                  \
  "  columns = { profile = \"p\"; datetime = \"t\"; lat = \"y\"; lon = "      \
  "\"x\";\n"                                                                   \
  "    depth_top = \"z0\"; depth_bottom = \"z1\"; volume = \"v\";\n"

static void test_config_rejected(void)
{
  pm_test_load_fails(tmpdir, "both.cfg",
                     COLUMNS "    classes = [ \"c\" ]; class = \"k\"; "
                             "count = \"n\"; }; } );\n" GRID,
                     "'observations[0].columns' must name the count columns "
                     "with 'classes'");
  pm_test_load_fails(tmpdir, "neither.cfg", COLUMNS "  }; } );\n" GRID,
                     "not both or neither");
  pm_test_load_fails(tmpdir, "no_count.cfg",
                     COLUMNS "    class = \"k\"; }; } );\n" GRID,
                     "names a 'class' column without a 'count' column");
  pm_test_load_fails(tmpdir, "wide_carbon.cfg",
                     COLUMNS "    classes = [ \"c\" ]; carbon = \"m\"; }; } );\n"
                             GRID,
                     "names a 'carbon' column without the 'class' and "
                     "'count' columns");
}

int main(void)
{
  const char *base = getenv("TMPDIR");
  snprintf(tmpdir, sizeof tmpdir, "%s/test_table_long.XXXXXX",
           base ? base : "/tmp");
  if (!mkdtemp(tmpdir)) return 99;
  test_same_table();
  test_filters();
  test_rejected();
  test_carbon();
  test_two_files();
  test_config();
  test_config_rejected();
  pm_test_ok(pm_test_remove_dir(tmpdir) == 0, "temporary folder removed");
  return pm_test_done();
}
