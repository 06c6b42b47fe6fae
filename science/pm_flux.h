/* pm_flux.h: particle size spectra, carbon flux from size spectra, and the
 * attenuation of flux with depth.
 *
 * A spectrum is one sample's size classes (equivalent spherical diameter,
 * ESD, in mm) with the number of particles per m3 in each.  Flux estimators
 * turn the classes that lie entirely inside a size window into a carbon flux
 * (mg C m-2 d-1); attenuation fits turn a flux profile into the Martin
 * exponent b, the remineralisation length scale z* and the transfer
 * efficiency T100.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FLUX_H
#define PM_FLUX_H

#include <stddef.h>

#include "pm_obs.h"

/* ---- size spectra ------------------------------------------------------ */

/* One sample's size classes; upper_mm[i] may be INFINITY (an open class). */
typedef struct {
  size_t n;
  const double *lower_mm; /* class bounds, ESD in mm, 0 <= lower < upper */
  const double *upper_mm;
  const double *conc_m3;  /* particles per m3 in each class, >= 0 */
} pm_spectrum;

/* The classes are well formed (bounds ordered, concentrations finite and not
 * negative); an error naming the first bad class otherwise. */
int pm_spectrum_check(const pm_spectrum *s);

/* Number spectrum n_i = conc_i / (upper_i - lower_i), # m-3 mm-1; NAN for an
 * open class. */
int pm_spectrum_number(const pm_spectrum *s, double *n_m3_mm);

/* Biovolume per class: conc_i times the volume of a sphere of the class
 * mid-point ESD d_i = (lower_i + upper_i) / 2, pi/6 d_i^3, in mm3 m-3; NAN
 * for an open class. */
int pm_spectrum_biovolume(const pm_spectrum *s, double *mm3_m3);

/* inside[i] = 1 when class i lies entirely inside [min_mm, max_mm] (a class
 * straddling an edge does not count), 0 otherwise; *n_inside counts them. */
int pm_flux_window_select(const pm_spectrum *s, double min_mm, double max_mm,
                          unsigned char *inside, size_t *n_inside);

/* Power law n(d) = N0 d^slope fitted by ordinary least squares of ln n_i on
 * ln d_i (d_i the class mid-point) over the classes inside the window with
 * n_i > 0; classes with no particle are skipped, since ln 0 is undefined. */
typedef struct {
  double slope, intercept;       /* slope and ln N0 (N0 in # m-3 mm-1) */
  double se_slope, se_intercept; /* standard errors (0 with 3 exact points) */
  size_t n;                      /* classes used */
} pm_slope;

/* Fewer than 3 classes with particles in the window: PM_EINPUT and a message
 * the caller may print before skipping the sample. */
int pm_spectrum_slope(const pm_spectrum *s, double min_mm, double max_mm,
                      pm_slope *out);

/* The slope of every sample of `obs` (out has obs->n_samples entries) from
 * its size classes (concentration = count / volume_m3); a sample with fewer
 * than 3 classes with particles in the window keeps NAN values and its n.
 * Only a bad window or lack of memory is an error. */
int pm_spectrum_samples_slope(const pm_obs *obs, double min_mm, double max_mm,
                              pm_slope *out);

/* ln of the biovolume (mm3 m-3) of every sample of `obs` (out has
 * obs->n_samples entries) over its size classes inside the window, each
 * class's biovolume as pm_spectrum_biovolume gives it (concentration =
 * count / volume_m3); NAN for a sample with no biovolume there.  Only a bad
 * window or lack of memory is an error. */
int pm_spectrum_samples_log_biovolume(const pm_obs *obs, double min_mm,
                                      double max_mm, double *out);

/* ---- flux estimators --------------------------------------------------- */

typedef enum {
  PM_FLUX_GUIDI,     /* F = sum_i n_i A d_i^b dd_i, n_i in # L-1 mm-1 */
  PM_FLUX_MASS_SPEED /* F = sum_i n_i m(d_i) w(d_i) dd_i, n_i in # m-3 mm-1 */
} pm_flux_kind;

typedef struct {
  pm_flux_kind kind;
  double A, b;        /* GUIDI: mg C m-2 d-1 per (particle L-1), exponent */
  double alpha, zeta; /* MASS_SPEED: mass m = alpha d^zeta, mg C per particle */
  double beta, eta;   /* MASS_SPEED: sinking speed w = beta d^eta, m d-1 */
  double min_mm, max_mm; /* size window (ESD, mm) */
} pm_flux_estimator;

/* Guidi et al. 2008: A = 12.5, b = 3.81 over the 0.25-1.5 mm window. */
int pm_flux_estimator_default(pm_flux_estimator *e);

/* The parameters are usable: finite, A, alpha, beta > 0, 0 <= min < max,
 * max finite; an error naming the bad one otherwise. */
int pm_flux_estimator_check(const pm_flux_estimator *e);

/* Flux (mg C m-2 d-1) of one spectrum; no class inside the window is an
 * error. */
int pm_flux_estimate(const pm_flux_estimator *e, const pm_spectrum *s,
                     double *flux);

/* Flux of every sample of `obs` (flux has obs->n_samples entries) from its
 * size classes (size_min_mm, size_max_mm; other classes are ignored):
 * concentration = count / volume_m3.  NAN for every sample when no size
 * class lies inside the window. */
int pm_flux_samples(const pm_obs *obs, const pm_flux_estimator *e,
                    double *flux);

/* ---- power-law spectra ------------------------------------------------- */

/* The coefficient N0 (# m-3 mm-1) of the number spectrum n(d) = N0 d^slope
 * (d in mm) whose biovolume over [d1, d2] mm is V (mm3 m-3); NAN unless
 * 0 < d1 < d2 are finite and V >= 0. */
double pm_spectrum_powerlaw_n0(double V, double slope, double d1, double d2);

/* Flux (mg C m-2 d-1) of the spectrum n(d) = N0 d^slope over the
 * estimator's window: the integral of n(d) f(d) dd with f the estimator's
 * weight per particle m-3 (pm_flux_estimate's classes in the limit of thin
 * classes).  An error when the estimator is not usable or its window starts
 * at 0. */
int pm_flux_powerlaw(const pm_flux_estimator *e, double n0, double slope,
                     double *flux);

/* ---- attenuation ------------------------------------------------------- */

typedef enum {
  PM_FLUX_FIT_LOG_LINEAR, /* least squares of ln F on ln(z / z_ref) */
  PM_FLUX_FIT_NONLINEAR   /* least squares on F itself */
} pm_flux_fit_kind;

typedef struct {
  double z_ref;     /* m */
  double F_ref;     /* fitted flux at z_ref, mg C m-2 d-1 */
  double b, se_b;   /* Martin exponent and its standard error */
  double z_star;    /* m, of F = F_ref exp(-(z - z_ref) / z*); < 0 when
                       flux grows with depth, INFINITY when it is constant */
  double teff_100;  /* F(z_ref + 100) / F(z_ref) from the Martin curve */
  size_t n;         /* samples used (z_ref <= z <= z_max, F > 0) */
  char reason[200]; /* why there is no fit ("" after a fit) */
} pm_martin;

/* 0 < z_ref < z_max, both finite. */
int pm_flux_fit_check(double z_ref, double z_max);

/* The transfer efficiency to 100 m below the reference depth, T100 =
 * F(z_ref + 100) / F(z_ref) (Buesseler & Boyd 2009, Limnol. Oceanogr.
 * 54:1210), under the Martin curve of exponent b: (1 + 100 / z_ref)^-b. */
double pm_flux_teff_100(double z_ref, double b);

/* Fit the Martin curve F(z) = F_ref (z / z_ref)^-b to the samples (z_i, F_i)
 * with z_ref <= z <= z_max and F > 0 (NAN fluxes are skipped).  Fewer than 3
 * such samples or no depth range among them: PM_EINPUT, the message also in
 * out->reason and the fitted values NAN. */
int pm_flux_martin_fit(const double *z, const double *F, size_t n,
                       double z_ref, double z_max, pm_flux_fit_kind kind,
                       pm_martin *out);

/* The Martin exponent of a flux profile under each of D posterior draws:
 * F[i * D + d] is the flux at depth z[i] under draw d (the layout of
 * pm_map_values.mu_draws), i < n.  Draw d is fitted as pm_flux_martin_fit
 * would fit (z, F[. * D + d]) with the same z_ref, z_max and kind; b[d] is
 * NAN where that fit fails.  The log-linear fit of draws whose fluxes are
 * all positive at the selected depths is the closed form
 * b_d = -sum_i (x_i - xbar) ln F_id / sum_i (x_i - xbar)^2, x = ln(z / z_ref)
 * (one pass over the draws, no allocation per draw).  Only a bad z_ref or
 * z_max, or lack of memory, is an error. */
int pm_flux_martin_draws(const double *z, const double *F, size_t n,
                         size_t D, double z_ref, double z_max,
                         pm_flux_fit_kind kind, double *b);

/* Remineralisation rate of each layer between consecutive depths (z strictly
 * increasing, n >= 2): rate[k] = -(F[k+1] - F[k]) / (z[k+1] - z[k]) in
 * mg C m-3 d-1 at the mid-point z_mid[k] (z_mid may be NULL). */
int pm_flux_remineralisation(const double *z, const double *F, size_t n,
                             double *rate, double *z_mid);
/* The same under each of D draws: F[i * D + d] as in pm_flux_martin_draws,
 * rate[k * D + d] the rate of layer k under draw d. */
int pm_flux_remineralisation_draws(const double *z, const double *F,
                                   size_t n, size_t D, double *rate);

/* The Martin fit of every profile of `obs` (fits has obs->n_profiles
 * entries) to the flux of its samples at their mid-depths.  A profile that
 * cannot be fitted keeps NAN values and its reason; only a bad z_ref or
 * z_max, or lack of memory, is an error. */
int pm_flux_profile_fits(const pm_obs *obs, const double *flux, double z_ref,
                         double z_max, pm_flux_fit_kind kind,
                         pm_martin *fits);

/* The same with a reference depth per profile, z_ref[p] (m; obs->n_profiles
 * values), such as a mixed-layer or euphotic depth at the profile's
 * position: a profile whose z_ref is NAN, not positive or not above z_max
 * keeps NAN values and the reason.  Only a bad z_max (not finite and
 * positive) or lack of memory is an error. */
int pm_flux_profile_fits_at(const pm_obs *obs, const double *flux,
                            const double *z_ref, double z_max,
                            pm_flux_fit_kind kind, pm_martin *fits);

/* One layer of an observed profile: between two consecutive depths of its
 * samples, the remineralisation rate -dF/dz (pm_flux_remineralisation). */
typedef struct {
  size_t profile;                /* index into obs->profiles */
  double z_top, z_bottom, z_mid; /* m, z_mid = (z_top + z_bottom) / 2 */
  double rate;                   /* mg C m-3 d-1 */
} pm_flux_remin_row;

/* The remineralisation rate of every layer of every profile of `obs`, from
 * the flux of its samples at their mid-depths (as the Martin fits take
 * them): the samples with z_min[p] <= z <= z_max and a finite flux, sorted
 * by depth; samples at the same depth (repeated bins) count once, with the
 * mean of their fluxes, so that no layer is 0 m thick.  Consecutive depths
 * give one row each, profile by profile in the order of obs->profiles and
 * down each profile; a profile with fewer than 2 such depths (none when
 * z_min[p] is NAN) gives none.  z_min has
 * obs->n_profiles values (a fixed reference depth, or a horizon's depth at
 * each profile); rows has room for obs->n_samples rows (never more are
 * needed) and *n_rows is set to their number.  Only a bad z_max (not finite
 * and positive) or lack of memory is an error. */
int pm_flux_profile_remineralisation(const pm_obs *obs, const double *flux,
                                     const double *z_min, double z_max,
                                     pm_flux_remin_row *rows, size_t *n_rows);

#endif
