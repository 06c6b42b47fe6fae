/* pm_mld.h: the density of seawater at the sea surface and the mixed-layer
 * depth of temperature (and salinity) profiles, and its annual maximum.
 *
 * Density: the one-atmosphere international equation of state of seawater
 * (EOS-80; Millero & Poisson 1981, Deep-Sea Res. 28A:625, their eq. 6),
 * in the form of Fofonoff & Millard 1983 (Algorithms for computation of
 * fundamental properties of seawater, UNESCO Tech. Pap. Mar. Sci. 44,
 * eqs. 13 and 14): rho(S, t, 0) in kg m-3 from practical salinity S and
 * temperature t (deg C, IPTS-68).  At p = 0 with the potential temperature
 * it is the potential density, sigma_theta = rho - 1000.
 *
 * Mixed-layer depth: the density-threshold criterion of de Boyer Montegut,
 * Madec, Fischer, Lazar & Iudicone 2004 (J. Geophys. Res. 109:C12003):
 * the depth at which sigma_theta first exceeds its value at the reference
 * depth of 10 m by 0.03 kg m-3, interpolated linearly between levels.
 * Without salinity, their temperature-threshold criterion: the depth at
 * which the temperature first differs from its value at 10 m by more than
 * 0.2 deg C (either way), interpolated the same way.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_MLD_H
#define PM_MLD_H

#include <stddef.h>

/* de Boyer Montegut et al. 2004 (abstract): reference depth (m), density
 * threshold (kg m-3) and temperature threshold (deg C). */
#define PM_MLD_REF_DEPTH 10.0
#define PM_MLD_THRESHOLD 0.03
#define PM_MLD_THRESHOLD_T 0.2

/* Density at p = 0 (kg m-3) of salinity s and temperature t; NAN when
 * either is not finite.  No status: a pure formula. */
double pm_eos80_density0(double s, double t);

/* The mixed-layer depth (m) of one profile: levels z[0..n) (m, positive
 * down, strictly increasing) with temperature t and salinity s (NAN where
 * missing: the profile ends at the first level missing either); s NULL:
 * the temperature criterion.  *mld is
 * NAN when the profile does not reach the reference depth, or when the
 * threshold is not crossed above its last level (the mixed layer may reach
 * the bottom).  Levels that do not increase: PM_EINPUT. */
int pm_mld_profile(const double *z, const double *t, const double *s,
                   size_t n, double *mld);

/* The mixed-layer depth of ncol profiles on the same levels z[0..n):
 * t and s hold n * ncol values, [level][column]; mld holds ncol values
 * (NAN as in pm_mld_profile); s NULL: the temperature criterion;
 * *n_missing (NULL: not counted) counts the NANs. */
int pm_mld_columns(const double *z, size_t n, size_t ncol, const double *t,
                   const double *s, double *mld, size_t *n_missing);

/* The annual maximum of monthly mixed-layer depths: mld holds nmonth *
 * ncol values, [month][column]; max[c] is the deepest of column c's
 * months, NAN when any month is NAN (a month whose mixed layer reaches
 * below its profile leaves the maximum unknown); *n_missing (NULL: not
 * counted) counts the NANs.  No month: PM_EINPUT. */
int pm_mld_max_months(size_t nmonth, size_t ncol, const double *mld,
                      double *max, size_t *n_missing);

#endif
