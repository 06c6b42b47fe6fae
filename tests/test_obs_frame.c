/* test_obs_frame.c: responses and built-in covariates from an observation
 * table built by hand.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_obs.h"
#include "pm_obs_frame.h"
#include "pm_test.h"

#include <math.h>

/* Two samples of one profile on 2020-07-15: counts of Copepoda 3 and 5,
 * of size classes 0.1-0.2 mm (10, 20), 0.2-0.5 mm (1, 2) and > 0.5 mm (7, 8). */
static pm_obs *table(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = {"src", "P1", "", 1594771200.0 + 3600, 31.5, -64.2,
                      NULL, NULL, 0};
  size_t ip, s0, s1, c;
  const double counts[4][2] = {{3, 5}, {10, 20}, {1, 2}, {7, 8}};
  const char *names[4] = {"Copepoda", "S1", "S2", "S3"};
  const double lo[4] = {NAN, 0.1, 0.2, 0.5}, hi[4] = {NAN, 0.2, 0.5, INFINITY};
  size_t k;

  pm_obs_add_profile(obs, &p, &ip);
  pm_obs_add_sample(obs, ip, 0, 5, 0.5, "test", &s0);
  pm_obs_add_sample(obs, ip, 100, 120, 0.8, "test", &s1);
  for (k = 0; k < 4; k++) {
    pm_obs_class_index(obs, names[k], NULL, lo[k], hi[k], &c);
    obs->count[c][s0] = counts[k][0];
    obs->count[c][s1] = counts[k][1];
  }
  return obs;
}

/* A second source whose one sample reports no size class (objects only):
 * for a size window its response is missing; for a named class, zero. */
static void unmeasured_source(pm_obs *obs)
{
  pm_obs_profile p = {"objects", "Z1", "", 1594771200.0, 10.0, 20.0,
                      NULL, NULL, 0};
  const char *cop[1] = {"Copepoda"};
  pm_response_spec size = {NULL, 0, 0.1, 0.5}, named = {cop, 1, NAN, NAN};
  size_t ip, s;
  double y[3];

  pm_obs_add_profile(obs, &p, &ip);
  pm_obs_add_sample(obs, ip, 0, 5, 0.5, "test", &s);
  pm_test_ok(pm_obs_response(obs, &size, y) == PM_SUCCESS && y[0] == 11 &&
                 isnan(y[2]),
             "size window: a source without size classes is missing");
  pm_test_ok(pm_obs_response(obs, &named, y) == PM_SUCCESS && y[2] == 0,
             "named class: a source without it counts zero");
}

/* Biomass: the carbon of the measured objects; the table of `table()`
 * has no measured sample, then sample 1 gets Copepoda objects (2 and 0.5 mg
 * C) and S1 objects of unknown carbon. */
static void biomass(pm_obs *obs)
{
  double y[3];
  int status = pm_obs_biomass(obs, y);

  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "a biomass response needs the sizes of the objects",
                "biomass: no measured sample is an error");
  pm_obs_mark_sized(obs, 0);
  pm_obs_add_biomass(obs, 0, 1, 3.0, 2.0);
  pm_obs_add_biomass(obs, 0, 1, 1.0, 0.5);
  status = pm_obs_biomass(obs, y);
  pm_test_ok(status == 0 && y[0] == 0 && y[1] == 2.5 && isnan(y[2]),
             "biomass: 0 and 2.5 mg C measured, the third sample missing");
  pm_obs_add_biomass(obs, 1, 1, 1.0, NAN);
  status = pm_obs_biomass(obs, y);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "class 'S1' (path '') has no carbon conversion; add a row",
                "biomass: a class without carbon conversion is named");
}

int main(void)
{
  pm_obs *obs = table();
  double y[2], depth[2], logdepth[2], month[2];
  const char *cop[1] = {"Copepoda"}, *two[2] = {"Copepoda", "S3"};
  const char *missing[1] = {"Foraminifera"};
  pm_response_spec r = {cop, 1, NAN, NAN};
  int status;

  pm_test_ok(pm_obs_response(obs, &r, y) == PM_SUCCESS && y[0] == 3 &&
                 y[1] == 5,
             "one class: its counts");
  r.classes = two;
  r.nclasses = 2;
  pm_test_ok(pm_obs_response(obs, &r, y) == PM_SUCCESS && y[0] == 10 &&
                 y[1] == 13,
             "two classes: summed counts");
  r.nclasses = 0;
  r.size_min_mm = 0.1;
  r.size_max_mm = 0.5;
  pm_test_ok(pm_obs_response(obs, &r, y) == PM_SUCCESS && y[0] == 11 &&
                 y[1] == 22,
             "size window 0.1-0.5 mm: the two size classes inside");
  r.size_max_mm = INFINITY;
  pm_test_ok(pm_obs_response(obs, &r, y) == PM_SUCCESS && y[0] == 18 &&
                 y[1] == 30,
             "open size window: the open class too");
  r.size_min_mm = 5;
  status = pm_obs_response(obs, &r, y);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "holds no size class",
                "empty size window: an error");
  r.size_min_mm = r.size_max_mm = NAN;
  r.classes = missing;
  r.nclasses = 1;
  status = pm_obs_response(obs, &r, y);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "'Foraminifera'",
                "unknown class: an error naming it");
  r.nclasses = 0;
  status = pm_obs_response(obs, &r, y);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "no class",
                "empty response: an error");
  pm_obs_builtins(obs, depth, logdepth, month);
  unmeasured_source(obs);
  biomass(obs);
  pm_test_ok(depth[0] == 2.5 && depth[1] == 110, "depth: middle of the bin");
  pm_test_rel(logdepth[1], log(110.0), 1e-15, "logdepth: log of the middle");
  pm_test_ok(month[0] == 7 && month[1] == 7, "month of 2020-07-15: 7");
  pm_obs_free(obs);
  return pm_test_done();
}
