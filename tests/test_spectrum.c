/* test_spectrum.c: the size-spectrum parameters of a sample (log of the
 * biovolume in a window, slope of the number spectrum) against a hand
 * computation on a real BATS cast, and the closed-form flux of a power-law
 * spectrum rebuilt from the two against the class-sum estimators on a
 * finely discretised spectrum.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux.h"
#include "pm_read.h"
#include "pm_test.h"

#include <stdlib.h>

#define BATS "data/ecopart_detailed/BATSOFP/export_detailed_20240422_11_04_"
#define NFINE 20000

/* A power law n(d) = n0 d^s cut into NFINE classes over [d1, d2]: class
 * concentrations (m-3) the exact integrals of n over each class. */
static void fine_spectrum(double n0, double s, double d1, double d2,
                          double *lo, double *hi, double *conc)
{
  size_t i;
  double h = (d2 - d1) / NFINE;
  for (i = 0; i < NFINE; i++) {
    lo[i] = d1 + h * (double)i;
    hi[i] = i + 1 == NFINE ? d2 : d1 + h * (double)(i + 1);
    conc[i] = s == -1 ? n0 * log(hi[i] / lo[i])
                      : n0 * (pow(hi[i], s + 1) - pow(lo[i], s + 1)) / (s + 1);
  }
}

/* For slope s: N0 from the biovolume of the fine classes, and the closed
 * form flux against pm_flux_estimate of the fine classes, to 1e-4. */
static void check_powerlaw(pm_flux_estimator *e, double s, const char *what)
{
  double *lo = malloc(NFINE * sizeof *lo), *hi = malloc(NFINE * sizeof *hi);
  double *conc = malloc(NFINE * sizeof *conc);
  double *bv = malloc(NFINE * sizeof *bv);
  double V = 0, n0, F_sum = NAN, F_closed = NAN;
  pm_spectrum sp = {NFINE, lo, hi, conc};
  size_t i;

  fine_spectrum(2.5e3, s, 0.1, 2.0, lo, hi, conc);
  pm_spectrum_biovolume(&sp, bv);
  for (i = 0; i < NFINE; i++) V += bv[i];
  n0 = pm_spectrum_powerlaw_n0(V, s, 0.1, 2.0);
  pm_test_rel(n0, 2.5e3, 1e-4, "%s: N0 from the biovolume (%g)", what, n0);
  e->min_mm = 0.1;
  e->max_mm = 2.0;
  pm_test_ok(pm_flux_estimate(e, &sp, &F_sum) == 0 &&
                 pm_flux_powerlaw(e, n0, s, &F_closed) == 0,
             "%s: class sum and closed form", what);
  pm_test_rel(F_closed, F_sum, 1e-4, "%s: closed form %g = class sum %g",
              what, F_closed, F_sum);
  free(lo);
  free(hi);
  free(conc);
  free(bv);
}

static void test_powerlaw(void)
{
  pm_flux_estimator e;
  double F;

  pm_flux_estimator_default(&e);
  check_powerlaw(&e, -3.5, "Guidi, slope -3.5");
  check_powerlaw(&e, -4, "Guidi, slope -4 (the log limit of V)");
  check_powerlaw(&e, -4.81, "Guidi, slope -4.81 (the log limit of F)");
  check_powerlaw(&e, -2.2, "Guidi, slope -2.2");
  e.kind = PM_FLUX_MASS_SPEED;
  e.alpha = 0.3;
  e.zeta = 2.1;
  e.beta = 40;
  e.eta = 0.6;
  check_powerlaw(&e, -3.9, "mass-speed, slope -3.9");
  /* By hand: s = -4, V = 1 mm3 m-3 over [1, e] mm: V = N0 pi/6 ln e, so
   * N0 = 6 / pi = 1.909859; Guidi flux over [1, 2] mm, b = 3,
   * 1e-3 A N0 (2^0 - 1^0) / 0 -> 1e-3 A N0 ln 2 = 0.0165476 (A = 12.5). */
  pm_test_rel(pm_spectrum_powerlaw_n0(1, -4, 1, exp(1)), 6 / M_PI, 1e-12,
              "N0 at slope -4 by hand");
  pm_flux_estimator_default(&e);
  e.b = 3;
  e.min_mm = 1;
  e.max_mm = 2;
  pm_test_ok(pm_flux_powerlaw(&e, 6 / M_PI, -4, &F) == 0, "flux at s+b+1 = 0");
  pm_test_rel(F, 1e-3 * 12.5 * 6 / M_PI * log(2), 1e-12,
              "flux at s+b+1 = 0 by hand (%g)", F);
  pm_test_ok(isnan(pm_spectrum_powerlaw_n0(1, -3, 0, 1)),
             "N0: a window starting at 0 has none");
  e.min_mm = 0;
  pm_test_error(pm_flux_powerlaw(&e, 1, -3, &F), PM_EINPUT,
                pm_error_message(), "minimum above 0",
                "flux: a window starting at 0 is an error");
}

/* The first bin (2.5 m, 28.6 L) of BATS 361 cast 12, read from the file
 * by hand: the classes inside 100-2000 um with their concentrations
 * (# L-1); the classes above 1.02 mm have no particle, 1.63-2.05 mm
 * straddles the window's edge. */
static const double bats_lo[] = {0.102, 0.128, 0.161, 0.203, 0.256,
                                 0.323, 0.406, 0.512, 0.645, 0.813};
static const double bats_hi[] = {0.128, 0.161, 0.203, 0.256, 0.323,
                                 0.406, 0.512, 0.645, 0.813, 1.02};
static const double bats_c[] = {8.076923076923077,   8.321678321678322,
                                2.937062937062937,   1.7132867132867131,
                                0.4895104895104895,  0.3846153846153846,
                                0.17482517482517482, 0.13986013986013984,
                                0.1048951048951049,  0.06993006993006992};

/* ln V and the OLS slope of ln n on ln d, by their textbook formulas. */
static void bats_by_hand(double *log_v, double *slope)
{
  double V = 0, mx = 0, my = 0, sxy = 0, sxx = 0, x[10], y[10];
  size_t i, n = 10;
  for (i = 0; i < n; i++) {
    double d = 0.5 * (bats_lo[i] + bats_hi[i]), c = 1000 * bats_c[i];
    V += c * M_PI / 6 * d * d * d;
    x[i] = log(d);
    y[i] = log(c / (bats_hi[i] - bats_lo[i]));
    mx += x[i] / (double)n;
    my += y[i] / (double)n;
  }
  for (i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  *log_v = log(V);
  *slope = sxy / sxx;
}

static void test_bats_sample(void)
{
  char *files[] = {(char *)pm_test_path(BATS "PAR_bats361_ctd12.tsv")};
  pm_obs_source src = {0};
  pm_obs *obs = pm_obs_alloc();
  double *lv = NULL, log_v, slope;
  pm_slope *fit = NULL;

  src.name = "bats";
  src.format = PM_FORMAT_ECOPART_DETAILED;
  src.files = files;
  src.n_files = 1;
  src.metadata = (char *)pm_test_path(BATS "Export_metadata_summary.tsv");
  if (!pm_test_ok(pm_obs_read(obs, &src, NULL, NULL, NULL, NULL) == 0 &&
                      obs->n_samples > 10 && obs->depth_top[0] < 2.5 &&
                      obs->depth_bottom[0] > 2.5,
                  "BATS 361 cast 12 read, its first bin at 2.5 m")) {
    printf("# %s\n", pm_error_message());
    goto cleanup;
  }
  lv = malloc(obs->n_samples * sizeof *lv);
  fit = malloc(obs->n_samples * sizeof *fit);
  bats_by_hand(&log_v, &slope);
  /* the same formulas in double precision: ln V = 4.853280, slope =
   * -3.511854 */
  pm_test_rel(log_v, 4.853280, 1e-6, "BATS by hand: ln V = %.6f", log_v);
  pm_test_rel(slope, -3.511854, 1e-6, "BATS by hand: slope = %.6f", slope);
  pm_test_ok(pm_spectrum_samples_log_biovolume(obs, 0.1, 2.0, lv) == 0 &&
                 pm_spectrum_samples_slope(obs, 0.1, 2.0, fit) == 0,
             "BATS: log biovolume and slope of every bin");
  pm_test_rel(lv[0], log_v, 1e-9, "BATS 2.5 m: log_biovolume %.6f", lv[0]);
  pm_test_rel(fit[0].slope, slope, 1e-9, "BATS 2.5 m: slope %.6f",
              fit[0].slope);
  pm_test_ok(fit[0].n == 10, "BATS 2.5 m: 10 classes with particles");
  pm_test_error(pm_spectrum_samples_log_biovolume(obs, 2.0, 0.1, lv),
                PM_EINPUT, pm_error_message(), "minimum < maximum",
                "log biovolume: a window with min above max");
  /* a window with no particle: no biovolume, NAN */
  pm_test_ok(pm_spectrum_samples_log_biovolume(obs, 20, 26, lv) == 0 &&
                 isnan(lv[0]),
             "log biovolume: NAN where the window holds no particle");
cleanup:
  free(lv);
  free(fit);
  pm_obs_free(obs);
}

int main(void)
{
  test_powerlaw();
  test_bats_sample();
  return pm_test_done();
}
