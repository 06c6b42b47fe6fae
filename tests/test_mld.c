/* test_mld.c: EOS-80 surface density against the check values of Fofonoff
 * & Millard 1983, and the mixed-layer depth of hand-made profiles.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_mld.h"
#include "pm_test.h"

#include <math.h>

/* UNESCO Tech. Pap. Mar. Sci. 44 (Fofonoff & Millard 1983), the check
 * values of the equation of state at p = 0 (kg m-3; t IPTS-68). */
static void test_density(void)
{
  static const double check[4][3] = {{0, 5, 999.96675},
                                     {35, 5, 1027.67547},
                                     {0, 25, 997.04796},
                                     {35, 25, 1023.34306}};
  int i;
  for (i = 0; i < 4; i++)
    pm_test_rel(pm_eos80_density0(check[i][0], check[i][1]), check[i][2],
                1e-8, "rho(S=%g, t=%g, p=0) = %.5f", check[i][0], check[i][1],
                check[i][2]);
  pm_test_ok(isnan(pm_eos80_density0(NAN, 5)) &&
                 isnan(pm_eos80_density0(35, INFINITY)) &&
                 isnan(pm_eos80_density0(-1, 5)),
             "missing or impossible temperature and salinity give NAN");
}

/* A mixed layer at 25 C over 5 C water, S = 35: the densities are the
 * check values 1023.34306 and 1027.67547, so that the threshold
 * 1023.34306 + 0.03 is crossed at 20 + 0.03 / 4.33241 x 80 m. */
static void test_profiles(void)
{
  const double z[] = {0, 10, 20, 100, 200};
  const double t[] = {25, 25, 25, 5, 4};
  const double s[] = {35, 35, 35, 35, 35};
  const double z2[] = {0, 20, 100};
  const double zdeep[] = {15, 30, 100};
  const double tmix[] = {25, 25, 25, 25, 25};
  const double tmiss[] = {25, 25, 25, NAN, 4};
  const double zbad[] = {0, 10, 10};
  const double two_t[] = {25, 25, 25, 25, 5, 25}; /* [level][column] */
  const double two_s[] = {35, 35, 35, 35, 35, 35};
  double hand = 20 + 0.03 / (1027.67547 - 1023.34306) * 80, mld, cols[2];
  size_t nmiss = 9;

  pm_test_ok(pm_mld_profile(z, t, s, 5, &mld) == PM_SUCCESS, "profile");
  pm_test_rel(mld, hand, 1e-6, "MLD %.6f m: the threshold crossed between "
              "20 and 100 m (by hand %.6f)", mld, hand);
  pm_mld_profile(z2, t + 1, s, 3, &mld);
  pm_test_rel(mld, hand, 1e-6, "the 10 m reference interpolated between 0 "
              "and 20 m: MLD %.6f m", mld);
  pm_mld_profile(zdeep, t, s, 3, &mld);
  pm_test_ok(isnan(mld), "a profile starting below 10 m has no MLD");
  pm_mld_profile(z, tmix, s, 5, &mld);
  pm_test_ok(isnan(mld), "a profile mixed to its last level has no MLD");
  pm_mld_profile(z, tmiss, s, 5, &mld);
  pm_test_ok(isnan(mld), "a profile ends at its first missing level");
  pm_test_error(pm_mld_profile(zbad, t, s, 3, &mld), PM_EINPUT,
                pm_error_message(), "level 2 (10 m) is not deeper",
                "levels that do not increase");
  pm_test_ok(pm_mld_columns(z2, 3, 2, two_t, two_s, cols, &nmiss) ==
                     PM_SUCCESS &&
                 isnan(cols[1]) && nmiss == 1,
             "columns: the second (25 C to the bottom) has none, 1 counted");
  pm_test_rel(cols[0], hand, 1e-6, "columns: the first's MLD %.6f m",
              cols[0]);
}

int main(void)
{
  test_density();
  test_profiles();
  return pm_test_done();
}
