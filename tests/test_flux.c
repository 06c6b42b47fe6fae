/* test_flux.c: size spectra, flux estimators and attenuation fits against
 * hand computations, synthetic profiles and the real UVP5 exports.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux.h"
#include "pm_read.h"
#include "pm_test.h"

#define PAPSO "data/ecopart_detailed/PAPSO/export_detailed_20240422_11_01_"

/* Three classes inside the default window 0.25-1.5 mm. */
static const double lo3[] = {0.4, 0.6, 0.8}, up3[] = {0.6, 0.8, 1.0},
                    c3[] = {1000, 500, 200};

static void test_guidi(void)
{
  pm_spectrum s = {3, lo3, up3, c3};
  pm_flux_estimator e;
  double F;

  pm_flux_estimator_default(&e);
  pm_test_ok(e.A == 12.5 && e.b == 3.81 && e.min_mm == 0.25 && e.max_mm == 1.5,
             "default: Guidi et al. 2008, 0.25-1.5 mm");
  /* By hand: d = 0.5, 0.7, 0.9 mm; conc 1, 0.5, 0.2 particles per litre;
   * 0.5^3.81 = 0.0712977, 0.7^3.81 = 0.2569352, 0.9^3.81 = 0.6693665;
   * F = 12.5 (1 x 0.0712977 + 0.5 x 0.2569352 + 0.2 x 0.6693665)
   *   = 12.5 x 0.3336386 = 4.170483 mg C m-2 d-1. */
  pm_test_ok(pm_flux_estimate(&e, &s, &F) == 0, "Guidi flux of 3 classes");
  pm_test_rel(F, 4.170483, 1e-6, "Guidi flux = 4.170483 (hand computed)");
}

static void test_window(void)
{
  /* the 3 classes, one straddling 0.25 mm and one straddling 1.5 mm */
  const double lo[] = {0.2, 0.4, 0.6, 0.8, 1.29},
               up[] = {0.3, 0.6, 0.8, 1.0, 1.63},
               c[] = {1e6, 1000, 500, 200, 1e6};
  pm_spectrum s = {5, lo, up, c};
  pm_flux_estimator e;
  unsigned char in[5];
  size_t n;
  double F;

  pm_flux_estimator_default(&e);
  pm_test_ok(pm_flux_window_select(&s, 0.25, 1.5, in, &n) == 0 && n == 3 &&
                 !in[0] && in[1] && in[2] && in[3] && !in[4],
             "window: classes straddling an edge are left out");
  pm_test_ok(pm_flux_window_select(&s, 0.2, 1.63, in, &n) == 0 && n == 5,
             "window: classes on the edges are inside");
  pm_flux_estimate(&e, &s, &F);
  pm_test_rel(F, 4.170483, 1e-6, "window: straddling classes add nothing");
  e.min_mm = 2;
  e.max_mm = 3;
  pm_test_error(pm_flux_estimate(&e, &s, &F), PM_EINPUT, pm_error_message(),
                "no size class lies entirely inside", "window: empty window");
  pm_test_ok(isnan(F), "window: empty window gives NAN");
  pm_test_error(pm_flux_window_select(&s, 1.0, 0.5, in, &n), PM_EINPUT,
                pm_error_message(), "minimum < maximum", "window: min > max");
}

static void test_mass_speed(void)
{
  pm_spectrum s = {3, lo3, up3, c3};
  pm_flux_estimator g, m;
  double Fg, Fm;

  pm_flux_estimator_default(&g);
  m = g;
  m.kind = PM_FLUX_MASS_SPEED;
  /* alpha beta = 1e-3 A (n per m3 against Guidi's per litre), zeta + eta = b */
  m.alpha = 2.5e-3;
  m.beta = 5.0;
  m.zeta = 2.0;
  m.eta = 1.81;
  pm_flux_estimate(&g, &s, &Fg);
  pm_test_ok(pm_flux_estimate(&m, &s, &Fm) == 0, "mass-speed flux");
  pm_test_rel(Fm, Fg, 1e-12, "mass-speed with alpha beta = A/1000, "
              "zeta + eta = b equals Guidi");
}

static void test_spectrum(void)
{
  pm_spectrum s = {3, lo3, up3, c3};
  const double lo[] = {0.4, 26.0}, up[] = {0.6, INFINITY}, c[] = {1000, 1};
  pm_spectrum open = {2, lo, up, c};
  double n[3], bv[3];

  pm_test_ok(pm_spectrum_number(&s, n) == 0, "number spectrum");
  pm_test_rel(n[0], 5000, 1e-12, "n = 1000 m-3 / 0.2 mm = 5000 m-3 mm-1");
  pm_test_rel(n[2], 1000, 1e-12, "n = 200 m-3 / 0.2 mm = 1000 m-3 mm-1");
  pm_test_ok(pm_spectrum_biovolume(&s, bv) == 0, "biovolume");
  /* 1000 m-3 x pi/6 x 0.5^3 mm3 = 65.449847 mm3 m-3 */
  pm_test_rel(bv[0], 65.449847, 1e-7, "biovolume of 0.4-0.6 mm = 65.4498");
  pm_spectrum_number(&open, n);
  pm_test_ok(fabs(n[0] - 5000) < 1e-9 && isnan(n[1]),
             "an open class has no n(d)");
}

static void test_slope(void)
{
  double lo[12], up[12], c[12];
  pm_spectrum s = {12, lo, up, c};
  pm_slope fit;
  int i;

  /* n(d) = 1e4 d^-3.5 on EcoPart-like classes 2^(k/3) mm */
  for (i = 0; i < 12; i++) {
    lo[i] = pow(2.0, (i - 6) / 3.0);
    up[i] = pow(2.0, (i - 5) / 3.0);
    c[i] = 1e4 * pow(0.5 * (lo[i] + up[i]), -3.5) * (up[i] - lo[i]);
  }
  c[3] = 0; /* a class with no particle is skipped */
  pm_test_ok(pm_spectrum_slope(&s, 0.0, 10.0, &fit) == 0 && fit.n == 11,
             "slope: 11 classes with particles");
  pm_test_rel(fit.slope, -3.5, 1e-10, "slope -3.5 recovered");
  pm_test_rel(fit.intercept, log(1e4), 1e-10, "intercept ln 1e4 recovered");
  pm_test_ok(fit.se_slope < 1e-8 && fit.se_intercept < 1e-8,
             "slope: SE ~ 0 for an exact power law");
  pm_test_error(pm_spectrum_slope(&s, 0.0, 0.3, &fit), PM_EINPUT,
                pm_error_message(), "a slope needs at least 3",
                "slope: fewer than 3 classes");
  c[0] = -1;
  pm_test_error(pm_spectrum_slope(&s, 0.0, 10.0, &fit), PM_EINPUT,
                pm_error_message(), "must be finite and not negative",
                "spectrum: negative concentration");
  lo[0] = 1.0;
  pm_test_error(pm_spectrum_check(&s), PM_EINPUT, pm_error_message(),
                "size class 1: bounds 1-", "spectrum: upper < lower");
}

static void test_estimator_check(void)
{
  pm_flux_estimator e;
  double F;
  pm_spectrum s = {3, lo3, up3, c3};

  pm_flux_estimator_default(&e);
  e.A = -1;
  pm_test_error(pm_flux_estimator_check(&e), PM_EINPUT, pm_error_message(),
                "A = -1", "estimator: negative A");
  pm_flux_estimator_default(&e);
  e.b = NAN;
  pm_test_error(pm_flux_estimate(&e, &s, &F), PM_EINPUT, pm_error_message(),
                "b = nan", "estimator: b not a number");
  pm_flux_estimator_default(&e);
  e.kind = PM_FLUX_MASS_SPEED;
  pm_test_error(pm_flux_estimator_check(&e), PM_EINPUT, pm_error_message(),
                "alpha = nan", "estimator: mass-speed without alpha");
  e.alpha = 1;
  e.zeta = 2;
  e.beta = 0;
  pm_test_error(pm_flux_estimator_check(&e), PM_EINPUT, pm_error_message(),
                "beta = 0", "estimator: beta = 0");
  pm_flux_estimator_default(&e);
  e.max_mm = INFINITY;
  pm_test_error(pm_flux_estimator_check(&e), PM_EINPUT, pm_error_message(),
                "both finite", "estimator: infinite window");
  pm_flux_estimator_default(&e);
  e.kind = (pm_flux_kind)7;
  pm_test_error(pm_flux_estimator_check(&e), PM_EINPUT, pm_error_message(),
                "unknown kind 7", "estimator: unknown kind");
}

#define NZ 19

static void test_martin(void)
{
  double z[NZ], F[NZ], Fe[NZ];
  pm_martin m, nl;
  int i;

  for (i = 0; i < NZ; i++) {
    z[i] = 100 + 50.0 * i; /* 100 .. 1000 m */
    F[i] = 50 * pow(z[i] / 100, -0.858);
    Fe[i] = 40 * exp(-(z[i] - 100) / 250);
  }
  pm_test_ok(pm_flux_martin_fit(z, F, NZ, 100, 1000, PM_FLUX_FIT_LOG_LINEAR,
                                &m) == 0 && m.n == NZ && !m.reason[0],
             "Martin: log-linear fit of 19 depths");
  pm_test_rel(m.b, 0.858, 1e-10, "Martin: b = 0.858 recovered");
  pm_test_rel(m.F_ref, 50, 1e-10, "Martin: F_ref = 50 recovered");
  pm_test_ok(m.se_b < 1e-8, "Martin: se_b ~ 0 on exact data");
  /* T100 = (200/100)^-0.858 = 2^-0.858 = 0.5517169 */
  pm_test_rel(m.teff_100, 0.5517169, 1e-6, "Martin: T100 = 2^-0.858");
  pm_flux_martin_fit(z, Fe, NZ, 100, 1000, PM_FLUX_FIT_LOG_LINEAR, &m);
  pm_test_rel(m.z_star, 250, 1e-10, "exponential: z* = 250 m recovered");
  pm_flux_martin_fit(z, F, NZ, 100, 500, PM_FLUX_FIT_LOG_LINEAR, &m);
  pm_test_ok(m.n == 9, "Martin: only z_ref <= z <= z_max used (9 depths)");
  pm_test_ok(pm_flux_martin_fit(z, F, NZ, 100, 1000, PM_FLUX_FIT_NONLINEAR,
                                &nl) == 0, "nonlinear fit");
  pm_test_rel(nl.b, 0.858, 1e-8, "nonlinear: b = 0.858 from noiseless data");
  pm_test_rel(nl.F_ref, 50, 1e-8, "nonlinear: F_ref = 50");
  /* +-5% alternating error: the two fits weigh depths differently but
   * agree closely */
  for (i = 0; i < NZ; i++) F[i] *= 1 + 0.05 * (i % 2 ? 1 : -1);
  pm_flux_martin_fit(z, F, NZ, 100, 1000, PM_FLUX_FIT_LOG_LINEAR, &m);
  pm_flux_martin_fit(z, F, NZ, 100, 1000, PM_FLUX_FIT_NONLINEAR, &nl);
  pm_test_ok(fabs(nl.b - m.b) < 0.05 && nl.se_b > 0 && m.se_b > 0,
             "nonlinear and log-linear agree on noisy data (b %g, %g)", nl.b,
             m.b);
}

static void test_martin_bad(void)
{
  double z[] = {100, 200, 300, 300, 1100}, F[] = {10, NAN, 6, 0, 5};
  double zs[] = {150, 150, 150}, Fs[] = {3, 2, 1};
  pm_martin m;

  pm_test_error(pm_flux_martin_fit(z, F, 5, 100, 1000, PM_FLUX_FIT_LOG_LINEAR,
                                   &m), PM_EINPUT, m.reason,
                "2 samples with positive flux between 100 and 1000 m",
                "Martin: NAN, zero and too deep fluxes are skipped");
  pm_test_ok(m.n == 2 && isnan(m.b), "Martin: no fit keeps NAN values");
  pm_test_error(pm_flux_martin_fit(z, F, 2, 100, 1000, PM_FLUX_FIT_LOG_LINEAR,
                                   &m), PM_EINPUT, pm_error_message(),
                "a Martin fit needs at least 3", "Martin: 2 points");
  pm_test_error(pm_flux_martin_fit(z, F, 5, 0, 1000, PM_FLUX_FIT_LOG_LINEAR,
                                   &m), PM_EINPUT, m.reason,
                "reference depth 0 m", "Martin: z_ref = 0");
  pm_test_error(pm_flux_martin_fit(z, F, 5, -5, 1000, PM_FLUX_FIT_LOG_LINEAR,
                                   &m), PM_EINPUT, pm_error_message(),
                "must be a positive depth", "Martin: z_ref < 0");
  pm_test_error(pm_flux_martin_fit(z, F, 5, 100, 100, PM_FLUX_FIT_LOG_LINEAR,
                                   &m), PM_EINPUT, pm_error_message(),
                "deeper than the reference depth", "Martin: z_max = z_ref");
  pm_test_error(pm_flux_martin_fit(zs, Fs, 3, 100, 1000,
                                   PM_FLUX_FIT_NONLINEAR, &m), PM_EINPUT,
                m.reason, "all at 150 m: no depth range",
                "Martin: no depth range");
}

/* Draw d of 4 is the exact Martin profile 50 (z/100)^-b_d: the closed
 * form and the nonlinear fits recover every b_d; a draw with a zero flux
 * at one depth is fitted without it, as pm_flux_martin_fit would. */
static void test_martin_draws(void)
{
  enum { D = 4, NDEPTH = 8 };
  const double bd[D] = {0.5, 0.858, 1.0, 1.3};
  double z[NDEPTH], F[NDEPTH * D], b[D], col[NDEPTH], worst = 0, worst_nl = 0;
  pm_martin one;
  size_t i, d;

  for (i = 0; i < NDEPTH; i++) {
    z[i] = 50 + 150.0 * (double)i; /* 50 .. 1100 m: two outside 100..1000 */
    for (d = 0; d < D; d++) F[i * D + d] = 50 * pow(z[i] / 100, -bd[d]);
  }
  pm_test_ok(pm_flux_martin_draws(z, F, NDEPTH, D, 100, 1000,
                                  PM_FLUX_FIT_LOG_LINEAR, b) == 0,
             "Martin draws: log-linear fit of 4 draws");
  for (d = 0; d < D; d++) worst = fmax(worst, fabs(b[d] - bd[d]));
  pm_test_ok(worst < 1e-12, "Martin draws: every b_d recovered (worst %g)",
             worst);
  pm_flux_martin_draws(z, F, NDEPTH, D, 100, 1000, PM_FLUX_FIT_NONLINEAR, b);
  for (d = 0; d < D; d++) worst_nl = fmax(worst_nl, fabs(b[d] - bd[d]));
  pm_test_ok(worst_nl < 1e-8, "Martin draws: nonlinear fits recover every "
             "b_d (worst %g)", worst_nl);
  F[3 * D + 2] = 0; /* draw 2 loses its flux at 500 m */
  F[5 * D + 2] *= 1.1;
  F[4 * D + 1] *= 1.2; /* draw 1 is noisy: the closed form is still OLS */
  pm_flux_martin_draws(z, F, NDEPTH, D, 100, 1000, PM_FLUX_FIT_LOG_LINEAR, b);
  for (i = 0; i < NDEPTH; i++) col[i] = F[i * D + 2];
  pm_flux_martin_fit(z, col, NDEPTH, 100, 1000, PM_FLUX_FIT_LOG_LINEAR, &one);
  pm_test_ok(b[2] == one.b && one.n == 5,
             "Martin draws: a draw with a zero flux is fitted without it "
             "(b %.10g, single fit of 5 depths %.10g)", b[2], one.b);
  for (i = 0; i < NDEPTH; i++) col[i] = F[i * D + 1];
  pm_flux_martin_fit(z, col, NDEPTH, 100, 1000, PM_FLUX_FIT_LOG_LINEAR, &one);
  pm_test_rel(b[1], one.b, 1e-12, "Martin draws: the closed form of a noisy "
              "draw equals the least-squares fit (b %.10g)", one.b);
  pm_flux_martin_draws(z, F, NDEPTH, D, 100, 300, PM_FLUX_FIT_LOG_LINEAR, b);
  pm_test_ok(isnan(b[0]) && isnan(b[3]),
             "Martin draws: 1 depth between 100 and 300 m gives no fit");
  pm_test_error(pm_flux_martin_draws(z, F, NDEPTH, D, 0, 1000,
                                     PM_FLUX_FIT_LOG_LINEAR, b),
                PM_EINPUT, pm_error_message(), "reference depth 0 m",
                "Martin draws: z_ref = 0");
}

static void test_remineralisation(void)
{
  double z[] = {100, 200, 400}, F[] = {50, 30, 20}, r[2], zm[2];
  double zb[] = {100, 100};

  /* -(30 - 50) / 100 = 0.2 at 150 m; -(20 - 30) / 200 = 0.05 at 300 m */
  pm_test_ok(pm_flux_remineralisation(z, F, 3, r, zm) == 0 && r[0] == 0.2 &&
                 r[1] == 0.05 && zm[0] == 150 && zm[1] == 300,
             "remineralisation rates 0.2 and 0.05 mg C m-3 d-1");
  pm_test_error(pm_flux_remineralisation(zb, F, 2, r, NULL), PM_EINPUT,
                pm_error_message(), "are not increasing",
                "remineralisation: depths not increasing");
  pm_test_error(pm_flux_remineralisation(z, F, 1, r, NULL), PM_EINPUT,
                pm_error_message(), "at least 2 depths",
                "remineralisation: one depth");
}

/* Two samples, a size class in the window, one straddling it, a taxon. */
static void test_samples_synthetic(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = {"src", "cast", "proj", 1.5e9, 30, -60, NULL, NULL, 0};
  pm_flux_estimator e;
  size_t ip, s0, s1, c0, c1, c2;
  double F[2];

  pm_flux_estimator_default(&e);
  pm_obs_add_profile(obs, &p, &ip);
  pm_obs_add_sample(obs, ip, 95, 100, 2e-3, "t", &s0);
  pm_obs_add_sample(obs, ip, 100, 105, 4e-3, "t", &s1);
  pm_obs_class_index(obs, "LPM (0.4-0.6 mm)", NULL, 0.4, 0.6, &c0);
  pm_obs_class_index(obs, "LPM (1.29-1.63 mm)", NULL, 1.29, 1.63, &c1);
  pm_obs_class_index(obs, "Copepoda", "living>Copepoda", NAN, NAN, &c2);
  obs->count[c0][s0] = 20; /* 20 / 2 L = 10 per litre */
  obs->count[c0][s1] = 0;
  obs->count[c1][s0] = obs->count[c1][s1] = 50;
  obs->count[c2][s0] = obs->count[c2][s1] = 7;
  /* 12.5 x 10 x 0.5^3.81 = 12.5 x 10 x 0.0712977 = 8.912216 */
  pm_test_ok(pm_flux_samples(obs, &e, F) == 0, "samples: flux of 2 samples");
  pm_test_rel(F[0], 8.912216, 1e-6, "samples: 10 L-1 at 0.5 mm = 8.912216");
  pm_test_ok(F[1] == 0, "samples: no particle in the window gives 0");
  e.min_mm = 2;
  e.max_mm = 3;
  pm_flux_samples(obs, &e, F);
  pm_test_ok(isnan(F[0]) && isnan(F[1]), "samples: no class in window: NAN");
  pm_obs_free(obs);
}

/* Martin fits with a reference depth per profile: two casts of the exact
 * curve F = 50 (z/100)^-0.858 in 10 m bins from 20 to 1000 m; cast 0 from
 * its own z_ref = 60 m recovers b exactly, with F_ref = 50 (0.6)^-0.858 and
 * T100 = (1 + 100/60)^-0.858; cast 1 has no reference depth (NAN). */
static void test_profile_fits_at(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p0 = {"src", "cast0", "proj", 1.5e9, 30, -60, NULL, NULL, 0};
  pm_obs_profile p1 = {"src", "cast1", "proj", 1.5e9, 31, -60, NULL, NULL, 0};
  pm_martin fits[2];
  double F[200], zr[2] = {60, NAN};
  size_t ip[2], s, k;

  pm_obs_add_profile(obs, &p0, &ip[0]);
  pm_obs_add_profile(obs, &p1, &ip[1]);
  for (k = 0; k < 2; k++)
    for (s = 0; s < 99; s++) {
      size_t is;
      double top = 15 + 10 * (double)s; /* mid-depths 20 ... 1000 m */
      pm_obs_add_sample(obs, ip[k], top, top + 10, 1, "t", &is);
      F[is] = 50 * pow((top + 5) / 100, -0.858);
    }
  pm_test_ok(pm_flux_profile_fits_at(obs, F, zr, 1000, PM_FLUX_FIT_LOG_LINEAR,
                                     fits) == PM_SUCCESS,
             "per-profile z_ref: fits of 2 casts");
  pm_test_rel(fits[0].b, 0.858, 1e-12, "per-profile z_ref 60 m: b = 0.858");
  pm_test_rel(fits[0].F_ref, 50 * pow(0.6, -0.858), 1e-12,
              "per-profile z_ref 60 m: F_ref = 50 x 0.6^-0.858");
  pm_test_rel(fits[0].teff_100, pow(1 + 100.0 / 60, -0.858), 1e-12,
              "per-profile z_ref 60 m: T100 = (1 + 100/60)^-0.858");
  pm_test_ok(fits[0].z_ref == 60 && fits[0].n == 95,
             "per-profile z_ref: 95 bins from 60 to 1000 m (%zu)", fits[0].n);
  pm_test_ok(isnan(fits[1].b) && strstr(fits[1].reason, "reference depth"),
             "no z_ref: no fit, and why (%s)", fits[1].reason);
  pm_test_ok(pm_flux_profile_fits_at(obs, F, zr, NAN, PM_FLUX_FIT_LOG_LINEAR,
                                     fits) == PM_EINPUT &&
                 strstr(pm_error_message(), "maximum depth nan m"),
             "per-profile z_ref: a bad maximum depth is an error (%s)",
             pm_error_message());
  pm_obs_free(obs);
}

/* Add a sample of profile p, 10 m thick around mid-depth z, with flux f. */
static void add_bin(pm_obs *obs, size_t p, double z, double f, double *F)
{
  size_t s;
  pm_obs_add_sample(obs, p, z - 5, z + 5, 1, "t", &s);
  F[s] = f;
}

/* Remineralisation per layer of 5 casts, samples added out of order:
 * cast 0 (100-400 m): 50 at 100 m, 28 and 32 at 200 m (a repeated bin:
 * their mean 30), 20 at 300 m; left out: NAN at 150 m, 80 at 50 m, 5 at
 * 500 m.  Layers 100-200 m: -(30 - 50) / 100 = 0.2 at 150 m, 200-300 m:
 * -(20 - 30) / 100 = 0.1 at 250 m.  Cast 1: one depth in range, no layer.
 * Cast 2: no z_min (NAN), no layer.  Cast 3 (250-400 m): 8 at 300 m and 5
 * at 400 m: 0.03 at 350 m (200 m is above its z_min).  Cast 4: two bins at
 * the same depth only, no layer (and no division by 0). */
static void test_profile_remineralisation(void)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile pr = {"src", "cast", "proj", 1.5e9, 30, -60, NULL, NULL, 0};
  pm_flux_remin_row rows[20];
  double F[20], zmin[5] = {100, 0, NAN, 250, 0};
  size_t p[5], k, n = 99;
  int st;

  for (k = 0; k < 5; k++) {
    pr.time = 1.5e9 + (double)k; /* 5 distinct casts */
    if (pm_obs_add_profile(obs, &pr, &p[k])) {
      pm_test_ok(0, "profile remineralisation: cast %zu: %s", k,
                 pm_error_message());
      goto cleanup;
    }
  }
  add_bin(obs, p[0], 300, 20, F);
  add_bin(obs, p[1], 120, 40, F);
  add_bin(obs, p[0], 200, 28, F);
  add_bin(obs, p[3], 400, 5, F);
  add_bin(obs, p[0], 100, 50, F);
  add_bin(obs, p[2], 100, 40, F);
  add_bin(obs, p[0], 150, NAN, F);
  add_bin(obs, p[0], 50, 80, F);
  add_bin(obs, p[3], 200, 10, F);
  add_bin(obs, p[0], 500, 5, F);
  add_bin(obs, p[1], 600, 10, F);
  add_bin(obs, p[2], 200, 20, F);
  add_bin(obs, p[0], 200, 32, F);
  add_bin(obs, p[3], 300, 8, F);
  add_bin(obs, p[4], 100, 10, F);
  add_bin(obs, p[4], 100, 12, F);
  st = pm_flux_profile_remineralisation(obs, F, zmin, 400, rows, &n);
  pm_test_ok(st == PM_SUCCESS && n == 3,
             "profile remineralisation: 3 layers of 5 casts (%zu)", n);
  pm_test_ok(rows[0].profile == 0 && rows[0].z_top == 100 &&
                 rows[0].z_bottom == 200 && rows[0].z_mid == 150,
             "profile remineralisation: cast 0, 100-200 m, mid 150 m");
  pm_test_rel(rows[0].rate, 0.2, 1e-15,
              "profile remineralisation: -(30 - 50) / 100 = 0.2 (the mean of "
              "the repeated bins)");
  pm_test_ok(rows[1].profile == 0 && rows[1].z_top == 200 &&
                 rows[1].z_bottom == 300 && rows[1].z_mid == 250,
             "profile remineralisation: cast 0, 200-300 m, mid 250 m");
  pm_test_rel(rows[1].rate, 0.1, 1e-15,
              "profile remineralisation: -(20 - 30) / 100 = 0.1");
  pm_test_ok(rows[2].profile == 3 && rows[2].z_top == 300 &&
                 rows[2].z_bottom == 400 && rows[2].z_mid == 350,
             "profile remineralisation: cast 3 from its own z_min 250 m");
  pm_test_rel(rows[2].rate, 0.03, 1e-15,
              "profile remineralisation: -(5 - 8) / 100 = 0.03");
  pm_test_error(pm_flux_profile_remineralisation(obs, F, zmin, NAN, rows, &n),
                PM_EINPUT, pm_error_message(), "maximum depth nan m",
                "profile remineralisation: z_max NAN");
  pm_test_ok(n == 0, "profile remineralisation: no rows after an error");
  pm_test_error(pm_flux_profile_remineralisation(obs, F, zmin, 0, rows, &n),
                PM_EINPUT, pm_error_message(), "must be a positive depth",
                "profile remineralisation: z_max 0");
cleanup:
  pm_obs_free(obs);
}

/* The slope of every sample: an exact power law n(d) = 1e4 d^-4 in one
 * sample, no particle in the other. */
static void test_samples_slope(void)
{
  static const double lo[] = {0.2, 0.4, 0.8, 1.6}, hi[] = {0.4, 0.8, 1.6, 3.2};
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = {"src", "cast", "proj", 1.5e9, 30, -60, NULL, NULL, 0};
  pm_slope out[2];
  size_t ip, s0, s1, c, k, tax;
  char name[64];

  pm_obs_add_profile(obs, &p, &ip);
  pm_obs_add_sample(obs, ip, 95, 100, 0.5, "t", &s0);
  pm_obs_add_sample(obs, ip, 100, 105, 0.5, "t", &s1);
  pm_obs_class_index(obs, "Copepoda", "living>Copepoda", NAN, NAN, &tax);
  obs->count[tax][s0] = 99; /* a taxon: not a size class, left out */
  for (k = 0; k < 4; k++) {
    double d = 0.5 * (lo[k] + hi[k]);
    snprintf(name, sizeof name, "LPM (%g-%g mm)", lo[k], hi[k]);
    pm_obs_class_index(obs, name, NULL, lo[k], hi[k], &c);
    /* count = n(d) x width x volume */
    obs->count[c][s0] = 1e4 * pow(d, -4) * (hi[k] - lo[k]) * 0.5;
    obs->count[c][s1] = 0;
  }
  pm_test_ok(pm_spectrum_samples_slope(obs, 0.1, 4, out) == PM_SUCCESS,
             "samples slope: 2 samples");
  pm_test_rel(out[0].slope, -4, 1e-12, "samples slope: -4 recovered");
  pm_test_rel(out[0].intercept, log(1e4), 1e-12,
              "samples slope: ln N0 = ln 1e4 recovered");
  pm_test_ok(out[0].n == 4 && out[0].se_slope < 1e-9,
             "samples slope: 4 classes, SE ~0 (%g)", out[0].se_slope);
  pm_test_ok(isnan(out[1].slope) && out[1].n == 0,
             "samples slope: an empty sample has no slope");
  pm_test_error(pm_spectrum_samples_slope(obs, 2, 1, out), PM_EINPUT,
                pm_error_message(), "2", "samples slope: min above max");
  pm_obs_free(obs);
}

/* The real PAP-SO cast station_001 (June 2015). */
static void test_samples_real(void)
{
  char *files[] = {(char *)pm_test_path(PAPSO "PAR_station_001.tsv")};
  pm_obs_source src = {0};
  pm_obs *obs = pm_obs_alloc();
  pm_flux_estimator e;
  pm_martin fit;
  double *F = NULL, best = INFINITY, F100 = NAN;
  size_t s, n_bad = 0;

  src.name = "papso";
  src.format = PM_FORMAT_ECOPART_DETAILED;
  src.files = files;
  src.n_files = 1;
  src.metadata = (char *)pm_test_path(PAPSO "Export_metadata_summary.tsv");
  pm_flux_estimator_default(&e);
  if (!pm_test_ok(pm_obs_read(obs, &src, NULL, NULL, NULL, NULL) == 0 &&
                      obs->n_samples > 100,
                  "real: PAP-SO station_001 read")) {
    printf("# %s\n", pm_error_message());
    goto cleanup;
  }
  F = malloc(obs->n_samples * sizeof *F);
  pm_test_ok(pm_flux_samples(obs, &e, F) == 0, "real: flux of every bin");
  for (s = 0; s < obs->n_samples; s++) {
    double z = 0.5 * (obs->depth_top[s] + obs->depth_bottom[s]);
    n_bad += !(isfinite(F[s]) && F[s] >= 0);
    if (fabs(z - 100) < best) {
      best = fabs(z - 100);
      F100 = F[s];
    }
  }
  pm_test_ok(n_bad == 0, "real: every flux finite and not negative");
  /* Sediment-trap and thorium POC fluxes at ~100 m in the open ocean are
   * of order 1-100 mg C m-2 d-1 (Martin et al. 1987, VERTEX; Guidi et al.
   * 2008 for UVP-derived fluxes). */
  pm_test_ok(F100 > 1 && F100 < 100, "real: flux at 100 m = %g, within "
             "1-100 mg C m-2 d-1", F100);
  pm_test_ok(pm_flux_profile_fits(obs, F, 100, 1000, PM_FLUX_FIT_LOG_LINEAR,
                                  &fit) == 0 && obs->n_profiles == 1,
             "real: Martin fit of the cast");
  pm_test_ok(fit.b > 0.2 && fit.b < 2 && fit.n > 50,
             "real: Martin b = %g from %zu bins, within 0.2-2", fit.b, fit.n);
cleanup:
  free(F);
  pm_obs_free(obs);
}

int main(void)
{
  test_guidi();
  test_window();
  test_mass_speed();
  test_spectrum();
  test_slope();
  test_estimator_check();
  test_martin();
  test_martin_bad();
  test_martin_draws();
  test_remineralisation();
  test_samples_synthetic();
  test_profile_fits_at();
  test_profile_remineralisation();
  test_samples_slope();
  test_samples_real();
  return pm_test_done();
}
