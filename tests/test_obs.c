/* test_obs.c: the observation table and its checks of impossible values.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_filter.h"
#include "pm_obs.h"
#include "pm_read.h"
#include "pm_test.h"

static pm_obs_profile profile(const char *name, double lat, double lon)
{
  pm_obs_profile p = {"src", (char *)name, "proj", 1.5e9, lat, lon,
                      NULL, NULL, 0};
  return p;
}

static void test_table(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = profile("ctd1", 31.7, -64.2);
  size_t ip, s, c1, c2, i;
  int status;

  pm_test_ok(pm_obs_add_profile(obs, &p, &ip) == 0 && ip == 0, "add profile");
  pm_test_error(pm_obs_add_profile(obs, &p, &ip), PM_EINPUT,
                pm_error_message(), "duplicate profile key: profile 'ctd1'",
                "duplicate profile key is an error");
  p.time += 60;
  pm_test_ok(pm_obs_add_profile(obs, &p, &ip) == 0 && ip == 1,
             "same name at another time is another profile");
  pm_obs_class_index(obs, "Copepoda", "living>Copepoda", NAN, NAN, &c1);
  /* 3000 samples force the count columns to grow past their first size. */
  for (i = 0, status = 0; i < 3000 && !status; i++) {
    status = pm_obs_add_sample(obs, i % 2, 5.0 * i, 5.0 * i + 5, 1e-3, "t", &s);
    obs->count[c1][s] = (double)(i % 7);
  }
  pm_obs_class_index(obs, "LPM (1-1.26 mm)", NULL, 1.0, 1.26, &c2);
  pm_test_ok(status == 0 && obs->n_samples == 3000, "3000 samples added");
  pm_test_ok(c2 == 1 && obs->count[c2][2999] == 0,
             "a class added late has zero counts");
  /* sum over i < 3000 of i mod 7: 428 full cycles of 21, then 0..3 = 6 */
  pm_test_rel(pm_obs_class_total(obs, c1), 428 * 21 + 6, 0,
              "class total is the sum of its counts");
  pm_test_ok(pm_obs_find_class(obs, "Rhizaria") == SIZE_MAX,
             "unknown class not found");
  pm_obs_free(obs);
}

static void test_impossible(double lat, double top, double bottom, double vol,
                            const char *fragment)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = profile("x", lat, 10);
  size_t ip, s;
  pm_obs_add_profile(obs, &p, &ip);
  pm_test_error(pm_obs_add_sample(obs, ip, top, bottom, vol, "f.tsv:7", &s),
                PM_EINPUT, pm_error_message(), fragment, "rejects: %s",
                fragment);
  pm_obs_free(obs);
}

static void test_filter(void)
{
  pm_filter f;
  const char *name;
  pm_filter_pattern keep = {"living>Rhizaria", "c.cfg:3: keep[0]"};
  pm_filter_pattern from = {"Acantharea", "c.cfg:4: from[0]"};
  pm_filter_merge merge = {"Radiolaria", &from, 1};

  pm_filter_init(&f);
  f.keep = &keep, f.n_keep = 1;
  f.merge = &merge, f.n_merge = 1;
  f.size_min_mm = 0.1, f.size_max_mm = 2;
  pm_test_ok(pm_filter_class(&f, NULL, "Phaeodaria",
                             "living>Rhizaria>Phaeodaria", NAN, NAN,
                             &name) < 0,
             "path prefix keeps a class");
  pm_test_ok(pm_filter_class(&f, NULL, "X", "living>Rhizariax", NAN, NAN,
                             &name) == PM_DROP_CLASS,
             "prefix matches whole path components only");
  pm_test_ok(pm_filter_class(&f, NULL, "Acantharea", "other>Acantharea", NAN,
                             NAN, &name) == PM_DROP_CLASS,
             "merged class not in the keep list is dropped");
  f.n_keep = 0;
  pm_test_ok(pm_filter_class(&f, NULL, "Acantharea", NULL, NAN, NAN,
                             &name) < 0 &&
                 strcmp(name, "Radiolaria") == 0,
             "merge renames the class");
  pm_test_ok(pm_filter_class(&f, NULL, "LPM", NULL, 1.63, 2.05, &name) ==
                 PM_DROP_SIZE,
             "size class reaching past the window is dropped");
  pm_test_ok(pm_filter_class(&f, NULL, "LPM", NULL, 1.29, 1.63, &name) < 0,
             "size class inside the window is kept");
  f.depth_max_m = 100;
  pm_test_ok(pm_filter_sample(&f, 0, 95, 105) == PM_DROP_DEPTH &&
                 pm_filter_sample(&f, 0, 90, 95) < 0,
             "depth range applies to the mid-depth");
}

/* The classes each pattern matched, counted apart from the filter, and the
 * check that every pattern matched one. */
static void test_filter_counts(void)
{
  pm_filter f;
  pm_filter_counts c;
  pm_obs *obs = pm_obs_alloc();
  const char *name;
  pm_filter_pattern keep[2] = {{"living>Rhizaria", "c.cfg:3: keep[0]"},
                               {"Copepoda", "c.cfg:3: keep[1]"}};
  pm_filter_pattern from = {"Acantharea", "c.cfg:4: from[0]"};
  pm_filter_merge merge = {"Radiolaria", &from, 1};

  pm_filter_init(&f);
  f.keep = keep, f.n_keep = 2;
  f.merge = &merge, f.n_merge = 1;
  pm_test_ok(pm_filter_counts_alloc(&c, &f) == PM_SUCCESS && c.n == 3,
             "one count per keep and merge pattern");
  pm_filter_class(&f, &c, "Phaeodaria", "living>Rhizaria>Phaeodaria", NAN,
                  NAN, &name);
  pm_filter_class(&f, &c, "Acantharea", NULL, NAN, NAN, &name);
  pm_test_ok(c.matched[0] == 1 && c.matched[1] == 0 && c.matched[2] == 1,
             "each pattern counts the classes it matched");
  pm_test_error(pm_filter_check_matched(&f, &c, obs), PM_EINPUT,
                pm_error_message(),
                "c.cfg:3: keep[1]: class 'Copepoda' matches no class",
                "a pattern that matched nothing is an error naming it");
  pm_filter_counts_free(&c);
  pm_obs_free(obs);
}

static void test_datetime(void)
{
  double t = 0;
  pm_test_ok(pm_parse_datetime("2019-07-15 21:20:26", &t) == 0 &&
                 t == 1563225626.0,
             "EcoPart date-time (date -u -d ... +%%s = 1563225626)");
  pm_test_ok(pm_parse_datetime("2000-02-29T00:00Z", &t) == 0 &&
                 t == 951782400.0,
             "ISO 8601 with T and Z on a leap day");
  pm_test_ok(pm_parse_date_time("20190715", "212026", &t) == 0 &&
                 t == 1563225626.0,
             "EcoTaxa compact date and time");
  pm_test_ok(pm_parse_datetime("2019-02-29", &t) == -1,
             "29 February of a common year is rejected");
  pm_test_ok(pm_parse_datetime("2019-07-15 25:00", &t) == -1,
             "hour 25 is rejected");
}

/* The biomass sums: absent until an object is added, then kept in step
 * (zero) as samples and classes are added; NAN carbon stays NAN. */
static void test_biomass(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = profile("ctd1", 31.7, -64.2);
  size_t ip, s, c1, c2, c3, i, bad = 0;
  int status = 0;

  pm_obs_add_profile(obs, &p, &ip);
  pm_obs_class_index(obs, "Copepoda", NULL, NAN, NAN, &c1);
  pm_obs_add_sample(obs, ip, 0, 5, 1e-3, "t", &s);
  pm_test_ok(!obs->sized && !obs->biovolume_mm3 && !obs->carbon_mg,
             "biomass: no sums before an object is measured");
  pm_test_ok(pm_obs_add_biomass(obs, c1, 0, 0.5, 0.02) == 0 &&
                 pm_obs_add_biomass(obs, c1, 0, 0.25, 0.01) == 0,
             "biomass: two objects added");
  pm_test_rel(obs->biovolume_mm3[c1][0], 0.75, 1e-15,
              "biomass: biovolume summed (0.5 + 0.25 mm3)");
  pm_test_rel(obs->carbon_mg[c1][0], 0.03, 1e-15,
              "biomass: carbon summed (0.02 + 0.01 mg C)");
  pm_test_ok(obs->sized[0] == 1 && obs->count[c1][0] == 0,
             "biomass: the sample is measured, the count unchanged");
  /* 40 classes and 2500 samples make every column grow */
  for (i = 0; i < 40 && !status; i++) {
    char name[32];
    snprintf(name, sizeof name, "class %zu", i);
    status = pm_obs_class_index(obs, name, NULL, NAN, NAN, &c2);
  }
  for (i = 1; i < 2500 && !status; i++)
    status = pm_obs_add_sample(obs, ip, 5.0 * i, 5.0 * i + 5, 1e-3, "t", &s);
  c3 = pm_obs_find_class(obs, "class 39");
  status |= pm_obs_add_biomass(obs, c3, 2499, 1, NAN);
  pm_obs_mark_sized(obs, 1200);
  for (i = 1; i < 2500; i++)
    if (obs->biovolume_mm3[c1][i] != 0 || obs->carbon_mg[c1][i] != 0 ||
        obs->sized[i] != (i == 1200 || i == 2499))
      bad++;
  c2 = pm_obs_find_class(obs, "class 0");
  pm_test_ok(status == 0 && bad == 0 && obs->biovolume_mm3[c1][0] == 0.75 &&
                 !obs->biovolume_mm3[c2] &&
                 obs->biovolume_mm3[c3][2499] == 1 &&
                 isnan(obs->carbon_mg[c3][2499]),
             "biomass: columns grow with zeros; a class without objects has "
             "none; NAN carbon kept");
  pm_obs_free(obs);
}

int main(void)
{
  test_biomass();
  test_table();
  test_impossible(95, 0, 5, 1e-3, "f.tsv:7: latitude 95 is outside [-90, 90]");
  test_impossible(10, 5, 5, 1e-3, "top depth 5 m is not above the bottom");
  test_impossible(10, 0, 5, -3.2e-3, "sampled volume -0.0032 m3 is not positive");
  test_impossible(10, 0, 5, 0, "sampled volume 0 m3 is not positive");
  test_filter();
  test_filter_counts();
  test_datetime();
  return pm_test_done();
}
