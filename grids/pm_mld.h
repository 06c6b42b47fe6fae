/* pm_mld.h: the density of seawater at the sea surface and the mixed-layer
 * depth of temperature and salinity profiles.
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
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_MLD_H
#define PM_MLD_H

#include <stddef.h>

/* de Boyer Montegut et al. 2004: reference depth (m) and threshold
 * (kg m-3). */
#define PM_MLD_REF_DEPTH 10.0
#define PM_MLD_THRESHOLD 0.03

/* Density at p = 0 (kg m-3) of salinity s and temperature t; NAN when
 * either is not finite.  No status: a pure formula. */
double pm_eos80_density0(double s, double t);

/* The mixed-layer depth (m) of one profile: levels z[0..n) (m, positive
 * down, strictly increasing) with temperature t and salinity s (NAN where
 * missing: the profile ends at the first level missing either).  *mld is
 * NAN when the profile does not reach the reference depth, or when the
 * threshold is not crossed above its last level (the mixed layer may reach
 * the bottom).  Levels that do not increase: PM_EINPUT. */
int pm_mld_profile(const double *z, const double *t, const double *s,
                   size_t n, double *mld);

/* The mixed-layer depth of ncol profiles on the same levels z[0..n):
 * t and s hold n * ncol values, [level][column]; mld holds ncol values
 * (NAN as in pm_mld_profile); *n_missing (NULL: not counted) counts the
 * NANs. */
int pm_mld_columns(const double *z, size_t n, size_t ncol, const double *t,
                   const double *s, double *mld, size_t *n_missing);

#endif
