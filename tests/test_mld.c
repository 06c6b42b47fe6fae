/* test_mld.c: EOS-80 surface density against the check values of Fofonoff
 * & Millard 1983, the mixed-layer depth of hand-made profiles by the
 * density and the temperature criterion, and its annual maximum.
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

/* The temperature criterion (salinity NULL): 0.2 deg C either way from
 * the 10 m value, linear between levels. */
static void test_temperature(void)
{
  const double z[] = {0, 10, 20, 50, 100};
  const double cool[] = {20, 20, 19.9, 18, 15};
  const double warm[] = {10, 10, 10.1, 11, 12}; /* an inversion */
  const double small[] = {20, 20, 19.85, 19.81, 19.82};
  const double z2[] = {0, 20, 50};
  const double t2[] = {20, 19.9, 18};
  const double tmiss[] = {20, 20, 19.9, NAN, 15};
  const double two[] = {20, 10, 20, 10, 19.9, 10.1, 18, 11, 15, 12};
  double mld, cols[2];
  size_t nmiss = 9;

  pm_test_ok(pm_mld_profile(z, cool, NULL, 5, &mld) == PM_SUCCESS,
             "a temperature profile without salinity");
  /* 19.8 deg C between 19.9 at 20 m and 18 at 50 m */
  pm_test_rel(mld, 20 + 0.1 / 1.9 * 30, 1e-12, "cooling: MLD %.6f m = 20 + "
              "0.1 / 1.9 x 30", mld);
  pm_mld_profile(z, warm, NULL, 5, &mld);
  pm_test_rel(mld, 20 + 0.1 / 0.9 * 30, 1e-12, "warming below (inversion) "
              "crosses too: MLD %.6f m = 20 + 0.1 / 0.9 x 30", mld);
  pm_mld_profile(z, small, NULL, 5, &mld);
  pm_test_ok(isnan(mld), "never 0.2 deg C from the 10 m value: no MLD");
  /* T(10 m) = 19.95 between 0 and 20 m; 19.75 between 20 and 50 m */
  pm_mld_profile(z2, t2, NULL, 3, &mld);
  pm_test_rel(mld, 20 + 0.15 / 1.9 * 30, 1e-12, "the 10 m reference "
              "interpolated: MLD %.6f m = 20 + 0.15 / 1.9 x 30", mld);
  pm_mld_profile(z, tmiss, NULL, 5, &mld);
  pm_test_ok(isnan(mld), "the temperature profile ends at a missing level");
  pm_mld_profile(z + 2, cool + 2, NULL, 3, &mld);
  pm_test_ok(isnan(mld), "a temperature profile starting below 10 m has "
             "no MLD");
  pm_test_ok(pm_mld_columns(z, 5, 2, two, NULL, cols, &nmiss) ==
                     PM_SUCCESS && nmiss == 0,
             "two temperature columns, none missing");
  pm_test_rel(cols[0], 20 + 0.1 / 1.9 * 30, 1e-12, "column 0: %.6f m",
              cols[0]);
  pm_test_rel(cols[1], 20 + 0.1 / 0.9 * 30, 1e-12, "column 1: %.6f m",
              cols[1]);
}

/* Twelve monthly temperature profiles: 20 deg C down to the level
 * deep[m], 15 deg C below, so that the MLD of month m is z[deep[m]] +
 * 0.2 / 5 x (z[deep[m] + 1] - z[deep[m]]); the deepest is March's (level
 * 4, 100 m): 100 + 0.04 x 100 = 104 m.  A second column is mixed to its
 * last level in February: its maximum is unknown. */
static void test_max(void)
{
  enum { NZ = 6, NCOL = 2 };
  static const double z[NZ] = {0, 10, 20, 50, 100, 200};
  static const int deep[12] = {3, 3, 4, 2, 1, 1, 1, 1, 1, 2, 2, 3};
  double t[NZ * NCOL], monthly[12 * NCOL], max[NCOL];
  size_t m, k, nmiss = 9;
  int status = PM_SUCCESS;

  for (m = 0; m < 12 && !status; m++) {
    for (k = 0; k < NZ; k++) {
      t[k * NCOL] = k <= (size_t)deep[m] ? 20 : 15;
      t[k * NCOL + 1] = m == 1 || k <= 1 ? 20 : 15;
    }
    status = pm_mld_columns(z, NZ, NCOL, t, NULL, monthly + m * NCOL, NULL);
  }
  pm_test_rel(monthly[5 * NCOL], 10 + 0.04 * 10, 1e-12,
              "June's MLD %.6f m = 10 + 0.04 x 10", monthly[5 * NCOL]);
  pm_test_ok(status == PM_SUCCESS &&
                 pm_mld_max_months(12, NCOL, monthly, max, &nmiss) ==
                     PM_SUCCESS,
             "the annual maximum of 12 months");
  pm_test_rel(max[0], 104, 1e-12, "column 0: March's %.6f m = 100 + 0.04 x "
              "100", max[0]);
  pm_test_ok(isnan(max[1]) && nmiss == 1, "column 1: a month without MLD "
             "leaves the maximum unknown (NAN, 1 counted)");
  pm_mld_max_months(2, NCOL, monthly, max, NULL);
  pm_test_rel(max[0], 50 + 0.04 * 50, 1e-12, "January and February only: "
              "%.6f m = 50 + 0.04 x 50", max[0]);
  pm_test_error(pm_mld_max_months(0, NCOL, monthly, max, &nmiss), PM_EINPUT,
                pm_error_message(), "no month given", "no month");
}

int main(void)
{
  test_density();
  test_profiles();
  test_temperature();
  test_max();
  return pm_test_done();
}
