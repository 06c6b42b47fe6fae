/* test_table.c: the reader of generic tables of aggregated counts.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_read.h"
#include "pm_test.h"
#include "pm_test_table.h"

#include <unistd.h>

static char tmpdir[256];
static char *class_names[] = {"Copepoda", "detritus", "badfocus<artefact"};

static void mapping(pm_obs_source *src, const char *path)
{
  static char *files[1];
  pm_test_table_mapping(src, files, "table", path);
  src->table.classes = class_names;
  src->table.n_classes = 3;
}

/* tests/data/table/bats361_ctd12_bins.csv: counts of BATS 361 ctd12 per 200 m
 * bin (made by make_from_zoo_raw.sh there), e.g. the first bin:
 *   Z12=data/ecopart_raw_bats361/20190715212026_bats361_ctd12_ZOO_raw_20220810_16_31.tsv
 *   awk -F'\t' 'FNR>1 && $6<200 && $3=="detritus"' $Z12 | wc -l   -> 170
 * and the totals over the cast: Copepoda 16, detritus 220, badfocus 200. */
static void test_bats(void)
{
  pm_obs_source src;
  pm_obs_report rep;
  pm_obs *obs = NULL;
  pm_filter f;
  pm_filter_pattern keep = {"detritus", "test"};
  pm_filter_counts counts;
  size_t c;
  int status;

  mapping(&src, pm_test_path("tests/data/table/bats361_ctd12_bins.csv"));
  status = pm_test_table_read(&src, NULL, NULL, &rep, &obs);
  pm_test_ok(status == 0, "quoted CSV table read (%s)", pm_error_message());
  if (status) {
    pm_obs_free(obs);
    return;
  }
  pm_test_ok(obs->n_samples == 7 && obs->n_profiles == 1 && rep.rows_kept == 7,
             "7 depth bins of one profile");
  pm_test_ok(strcmp(obs->profiles[0].project, "BATS, AE1917") == 0,
             "a quoted field holding the delimiter");
  c = pm_obs_find_class(obs, "detritus");
  pm_test_rel(c == SIZE_MAX ? -1 : obs->count[c][0], 170, 0,
              "detritus in 0-200 m = awk");
  pm_test_rel(pm_obs_class_total(obs, pm_obs_find_class(obs, "Copepoda")), 16,
              0, "Copepoda over the cast = awk");
  pm_test_rel(pm_obs_class_total(obs, pm_obs_find_class(obs, "badfocus<artefact")),
              200, 0, "badfocus<artefact over the cast = awk");
  pm_test_rel(obs->volume_m3[0], 7.6912, 1e-12, "volume in litres to m3");
  pm_test_ok(obs->depth_top[1] == 200 && obs->depth_bottom[1] == 400,
             "depth range of the second bin");
  pm_test_rel(obs->time[0], 1563225626, 0, "ISO date-time");
  pm_obs_free(obs);

  pm_filter_init(&f);
  f.keep = &keep;
  f.n_keep = 1;
  f.depth_max_m = 600;
  pm_filter_counts_alloc(&counts, &f);
  status = pm_test_table_read(&src, &f, &counts, &rep, &obs);
  pm_test_ok(status == 0 && obs->n_classes == 1 && obs->n_samples == 3 &&
                 rep.rows_dropped[PM_DROP_DEPTH] == 4 &&
                 counts.matched[0] == 1,
             "filters: one class kept, bins below 600 m left out");
  pm_filter_counts_free(&counts);
  pm_obs_free(obs);
}

static const char *make_file(const char *name, const char *text)
{
  static char path[4][512];
  static int next;
  char *p = path[next++ % 4];
  FILE *fp;
  snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
  if ((fp = fopen(p, "wb"))) {
    fputs(text, fp);
    fclose(fp);
  }
  return p;
}

#define HEAD                                                                   \
  "profile,project,datetime,lat,lon,depth_top,depth_bottom,volume_L,"         \
  "Copepoda,detritus,badfocus<artefact\n"

static void bad(const char *name, const char *text, const char *fragment,
                const char *what)
{
  pm_obs_source src;
  pm_obs_report rep;
  mapping(&src, make_file(name, text));
  pm_test_error(pm_test_table_read(&src, NULL, NULL, &rep, NULL), PM_EINPUT,
                pm_error_message(), fragment, "%s", what);
}

static void test_bad(void)
{
  pm_obs_source src;
  pm_obs_report rep;
  pm_obs *obs = NULL;
  int status;

  bad("empty.csv", "", "the file is empty", "empty file");
  bad("trunc.csv", HEAD "p,x,2019-07-15 21:20:26,31,-64,0,200\n",
      "trunc.csv:2: the row has 7 fields but the header has 11: the row is "
      "truncated", "truncated row");
  bad("latin1.csv", HEAD "p\xe9,x,2019-07-15,31,-64,0,200,5,1,2,3\n",
      "not valid UTF-8", "Latin-1 bytes");
  bad("nocol.csv", "profile,lat\n", "no column 'project' (table.project",
      "missing column named with its setting");
  bad("nan.csv", HEAD "p,x,2019-07-15,31,-64,0,200,5,many,2,3\n",
      "nan.csv:2: column 9 'Copepoda': 'many' is not a number",
      "non-numeric count");
  bad("zero.csv", HEAD "p,x,2019-07-15,31,-64,0,200,0,1,2,3\n",
      "column 8 'volume_L': 0 is not positive", "zero volume");
  bad("lat.csv", HEAD "p,x,2019-07-15,95,-64,0,200,5,1,2,3\n",
      "latitude 95 is outside", "latitude 95");
  bad("neg.csv", HEAD "p,x,2019-07-15,31,-64,0,200,5,-1,2,3\n",
      "count -1 is negative", "negative count");
  bad("quote.csv", HEAD "\"p,x,2019-07-15,31,-64,0,200,5,1,2,3\n",
      "no closing quote", "unclosed quote");
  bad("depth.csv", HEAD "p,x,2019-07-15,31,-64,200,100,5,1,2,3\n",
      "is not above the bottom depth", "upside-down depth range");

  mapping(&src, make_file("missing.csv",
                          HEAD "p,x,2019-07-15,31,-64,0,200,99999,1,2,3\n"
                               "p,x,2019-07-15,31,-64,200,400,,1,2,3\n"));
  status = pm_test_table_read(&src, NULL, NULL, &rep, &obs);
  pm_test_ok(status == 0 && obs->n_samples == 0 &&
                 rep.rows_dropped[PM_DROP_NO_VOLUME] == 2,
             "volumes 99999 and empty are missing: rows left out");
  pm_obs_free(obs);

  mapping(&src, "/nonexistent/t.csv");
  pm_test_error(pm_test_table_read(&src, NULL, NULL, &rep, NULL), PM_EIO,
                pm_error_message(), "cannot open", "unreadable file");
  mapping(&src, make_file("ok.csv", HEAD));
  src.table.volume_to_m3 = 0;
  pm_test_error(pm_test_table_read(&src, NULL, NULL, &rep, NULL), PM_EINPUT,
                pm_error_message(), "table.volume_to_m3", "no volume factor");
}

int main(void)
{
  const char *base = getenv("TMPDIR");
  snprintf(tmpdir, sizeof tmpdir, "%s/test_table.XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(tmpdir)) return 99;
  test_bats();
  test_bad();
  pm_test_ok(pm_test_remove_dir(tmpdir) == 0, "temporary folder removed");
  return pm_test_done();
}
