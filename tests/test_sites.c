/* test_sites.c: virtual casts at the sites of a table (pm_obs_add_sites):
 * the profiles, positions, date-times, samples, depths, volumes and zero
 * counts of a small table; the errors, each naming the file, the line and
 * the column; and the index of the global UVP5 data set in data/.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_sites.h"
#include "pm_test.h"

#include <stdint.h>
#include <unistd.h>

static char tmpdir[256];
static const double edges[] = {0, 5, 20, 50};

#define HEAD "profile_name\tlat\tlon\tdatetime\tcomment\n"

static pm_obs_sites spec_of(const char *path)
{
  pm_obs_sites s;
  memset(&s, 0, sizeof s);
  s.path = path;
  s.source = "virtual";
  s.delimiter = '\t';
  s.profile = "profile_name";
  s.datetime = "datetime";
  s.lat = "lat";
  s.lon = "lon";
  s.depth_edges = edges;
  s.n_edges = 4;
  s.volume_m3 = 0.5;
  s.class_name = "truth";
  return s;
}

/* Three sites, one name twice at two date-times (as in the UVP5 index,
 * where 065 and 077 each name two profiles).  Seconds since 1970 by hand:
 * 2013-02-13 is day 43 * 365 + 11 leap days + 31 + 12 = 15749, so
 * 14:10:42 is 15749 * 86400 + 51042 = 1360764642; 2013-02-14T06:00 is
 * 15750 * 86400 + 21600 = 1360821600; 2000-01-01 is 10957 days =
 * 946684800. */
static void test_small(void)
{
  static const double time[3] = {1360764642, 946684800, 1360821600};
  static const double lat[3] = {41.25, -10.5, 41.5};
  static const double lon[3] = {7.25, 200, -7.75};
  const char *path;
  char origin[4300];
  pm_obs_sites spec;
  pm_obs *obs = pm_obs_alloc();
  size_t p, s, c, k;
  int ok_prof = 1, ok_samp = 1, status;

  path = pm_test_write_file(tmpdir, "sites.tsv",
                            HEAD "a1\t41.25\t7.25\t2013-02-13T14:10:42Z\tx\n"
                                 "b2\t-10.5\t200\t2000-01-01\ty\n"
                                 "\n"
                                 "a1\t41.5\t-7.75\t2013-02-14T06:00:00Z\tz\n");
  spec = spec_of(path);
  status = pm_obs_add_sites(obs, &spec);
  pm_test_ok(status == 0, "small table read (%s)", pm_error_message());
  pm_test_ok(obs->n_profiles == 3 && obs->n_samples == 9,
             "3 profiles of 3 samples (%zu, %zu)", obs->n_profiles,
             obs->n_samples);
  c = pm_obs_find_class(obs, "truth");
  pm_test_ok(obs->n_classes == 1 && c == 0, "the class 'truth' is added");
  for (p = 0; p < 3 && p < obs->n_profiles; p++) {
    const pm_obs_profile *q = &obs->profiles[p];
    snprintf(origin, sizeof origin, "%s:%d", path, p < 2 ? (int)p + 2 : 5);
    ok_prof &= q->time == time[p] && q->lat == lat[p] && q->lon == lon[p] &&
               strcmp(q->name, p == 1 ? "b2" : "a1") == 0 &&
               strcmp(q->source, "virtual") == 0 && *q->project == '\0' &&
               q->origin && strcmp(q->origin, origin) == 0;
  }
  pm_test_ok(ok_prof, "names, positions, date-times, source, project and "
             "origins (file:line) of the profiles");
  for (s = 0; s < obs->n_samples && c == 0; s++) {
    k = s % 3;
    ok_samp &= obs->profile[s] == s / 3 && obs->depth_top[s] == edges[k] &&
               obs->depth_bottom[s] == edges[k + 1] &&
               obs->volume_m3[s] == 0.5 && obs->count[c][s] == 0 &&
               obs->time[s] == time[s / 3] && obs->lat[s] == lat[s / 3] &&
               obs->lon[s] == lon[s / 3];
  }
  pm_test_ok(ok_samp && c == 0, "samples [0,5), [5,20), [20,50) m of 0.5 m3 "
             "with count 0, at their profile's place and time");

  /* a second table adds to the same class */
  path = pm_test_write_file(tmpdir, "more.csv",
                            "lat,profile_name,datetime,lon\n"
                            "-60,c3,2020-06-30 12:00,359\n");
  spec = spec_of(path);
  spec.delimiter = ',';
  status = pm_obs_add_sites(obs, &spec);
  pm_test_ok(status == 0 && obs->n_profiles == 4 && obs->n_samples == 12 &&
                 obs->n_classes == 1 && obs->lon[9] == 359 &&
                 obs->count[0][11] == 0,
             "a CSV with its columns in another order adds one profile and "
             "keeps one class (%s)", pm_error_message());
  pm_obs_free(obs);
}

/* Reading `text` as table `name` fails with a message holding `fragment`. */
static void bad(const char *name, const char *text, const char *fragment,
                const char *what)
{
  pm_obs_sites spec = spec_of(pm_test_write_file(tmpdir, name, text));
  pm_obs *obs = pm_obs_alloc();
  pm_test_error(pm_obs_add_sites(obs, &spec), PM_EINPUT, pm_error_message(),
                fragment, "%s", what);
  pm_obs_free(obs);
}

static void test_bad(void)
{
  pm_obs_sites spec;
  pm_obs *obs;

  bad("nocol.tsv", "profile_name\tlatitude\tlon\tdatetime\nx\t1\t2\t2000-01-01\n",
      "nocol.tsv:1: no column 'lat' in the header", "missing column");
  bad("nan.tsv", HEAD "a\t41\t7\t2013-02-13\t\nb\tnorth\t7\t2013-02-13\t\n",
      "nan.tsv:3: column 2 'lat': 'north' is not a number", "bad number");
  bad("empty_lon.tsv", HEAD "a\t41\t\t2013-02-13\t\n",
      "empty_lon.tsv:2: column 3 'lon': the value is missing", "missing number");
  bad("lat.tsv", HEAD "a\t95\t7\t2013-02-13\t\n",
      "lat.tsv:2: column 2 'lat': latitude 95 is outside [-90, 90]",
      "latitude 95");
  bad("lon.tsv", HEAD "a\t45\t-181\t2013-02-13\t\n",
      "lon.tsv:2: column 3 'lon': longitude -181 is outside [-180, 360]",
      "longitude -181");
  bad("time.tsv", HEAD "a\t45\t7\t2013-02-30T10:00:00Z\t\n",
      "time.tsv:2: column 4 'datetime': '2013-02-30T10:00:00Z' is not an ISO "
      "8601 date-time", "30 February");
  bad("dup.tsv",
      HEAD "a\t45\t7\t2013-02-13\t\nb\t46\t7\t2013-02-13\t\n"
           "a\t47\t8\t2013-02-13\t\n",
      "dup.tsv:4: duplicate profile key: profile 'a' of source 'virtual'",
      "a profile given twice at one date-time");
  bad("dup.tsv", HEAD "a\t45\t7\t2013-02-13\t\na\t47\t8\t2013-02-13\t\n",
      "(first on ", "the duplicate names the first row");
  bad("short.tsv", HEAD "a\t45\t7\n",
      "short.tsv:2: the row has 3 fields but the header has 5",
      "truncated row");
  bad("head.tsv", HEAD, "head.tsv: the table has a header but no row",
      "a table with no row");
  bad("blank.tsv", "", "blank.tsv: the file is empty", "an empty file");

  spec = spec_of(pm_test_write_file(tmpdir, "ok.tsv",
                                    HEAD "a\t45\t7\t2013-02-13\t\n"));
  obs = pm_obs_alloc();
  spec.n_edges = 1;
  pm_test_error(pm_obs_add_sites(obs, &spec), PM_EINPUT, pm_error_message(),
                "ok.tsv: virtual casts need at least one depth layer",
                "one depth edge");
  spec.n_edges = 4;
  spec.volume_m3 = 0;
  pm_test_error(pm_obs_add_sites(obs, &spec), PM_EINPUT, pm_error_message(),
                "ok.tsv:2: sampled volume 0 m3 is not positive",
                "a volume of 0");
  pm_obs_free(obs);
  obs = pm_obs_alloc();
  spec.volume_m3 = 1;
  spec.path = "/nonexistent/sites.tsv";
  pm_test_error(pm_obs_add_sites(obs, &spec), PM_EIO, pm_error_message(),
                "cannot open", "an unreadable file");
  pm_obs_free(obs);
}

/* The index of the global UVP5 data set: 3,185 profiles (its rows:
 * `tail -n +2 UVP5_samples_selected.tsv | wc -l`), each with 40 layers of
 * 25 m to 1000 m: 127,400 samples.  Its first row is dewex_leg1_34 at
 * 41.25017 N 7.23283 E on 2013-02-13T14:10:42Z (1360764642 s, above). */
static void test_uvp5_index(void)
{
  double e[41];
  pm_obs_sites spec;
  pm_obs *obs = pm_obs_alloc();
  size_t k;
  int status;

  for (k = 0; k <= 40; k++) e[k] = 25.0 * k;
  spec = spec_of(pm_test_path("data/uvp5_global_index/UVP5_samples_selected.tsv"));
  spec.depth_edges = e;
  spec.n_edges = 41;
  spec.volume_m3 = 1;
  status = pm_obs_add_sites(obs, &spec);
  pm_test_ok(status == 0, "the UVP5 index read (%s)", pm_error_message());
  pm_test_ok(obs->n_profiles == 3185 && obs->n_samples == 127400,
             "3185 profiles and 127400 samples (%zu, %zu)", obs->n_profiles,
             obs->n_samples);
  pm_test_ok(obs->n_profiles > 0 &&
                 strcmp(obs->profiles[0].name, "dewex_leg1_34") == 0 &&
                 obs->profiles[0].lat == 41.25017 &&
                 obs->profiles[0].lon == 7.23283 &&
                 obs->profiles[0].time == 1360764642,
             "its first profile: dewex_leg1_34, 41.25017 N 7.23283 E, "
             "2013-02-13T14:10:42Z");
  pm_test_ok(obs->n_samples == 127400 && obs->depth_top[39] == 975 &&
                 obs->depth_bottom[39] == 1000 && obs->depth_top[40] == 0 &&
                 obs->profile[127399] == 3184,
             "40 layers per profile, the last one [975, 1000) m");
  pm_obs_free(obs);
}

int main(void)
{
  const char *base = getenv("TMPDIR");
  snprintf(tmpdir, sizeof tmpdir, "%s/test_sites.XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(tmpdir)) return 99;
  test_small();
  test_bad();
  test_uvp5_index();
  pm_test_ok(pm_test_remove_dir(tmpdir) == 0, "temporary folder removed");
  return pm_test_done();
}
