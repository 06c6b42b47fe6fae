/* test_sos.c: the spline on the sphere, s(lat, lon, bs='sos'): its kernels
 * against mgcv 1.8-41's makeR, the recovery of a known surface from
 * simulated Poisson counts (no seam at the dateline, one value at the
 * poles) with the knots of the data, given or drawn and with a
 * pseudo-spline, a model-file round trip, and its errors.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "pm_error.h"
#include "pm_model_file.h"
#include "pm_test.h"
#include "pm_test_fit.h"
#include "smooth_internal.h"

#define NSIM 1500
#define SIM_FORMULA "y ~ s(lat, lon, bs='sos', k=40)"
#define NKNOTS 42

/* mgcv:::makeR(la, lo, lak = c(12.5, 40), lok = c(-170, 25), m) for the
 * points below, row by row (two knots per point), m = 0..4; then each
 * kernel at a knot itself. */
static const double pts[6][2] = {{10, 20},  {-35.5, 170}, {89, -179},
                                 {-89.9, 3}, {0, 180},     {45, -60}};
static const double knots[2][2] = {{12.5, -170}, {40, 25}};
static const double makeR[5][12] = {
    {-0.047670512299409412, 0.058909342695584142, 0.035921037181144533,
     -0.046643420834617207, 0.0086148919625818644, 0.036682322573666132,
     -0.016487517630823408, -0.036364071127287484, 0.071922133147738002,
     -0.038658216979283372, -0.0094893976496393789, 0.026669185993702219},
    {-0.017254766908645774, 0.030582626062557655, 0.012987174110575843,
     -0.017013658052846974, -0.00020398435345576348, 0.013441275060923409,
     -0.0089409849616802536, -0.014489836472676329, 0.048301240955538401,
     -0.015071315202417142, -0.0067316509196471558, 0.0079120347094661595},
    {-0.0045808126198765026, 0.0074351905492108152, 0.0035912088009022922,
     -0.0045085847188305215, 0.0002538703089825661, 0.0036994279425895515,
     -0.002153223170476296, -0.0037590137837206876, 0.010504780553149856,
     -0.0039306593727104098, -0.0015303160566764245, 0.0023509884567440064},
    {-0.0009547395060957993, 0.0014424009595675746, 0.00075655072902151518,
     -0.00093840782381111431, 9.34910735472447e-05, 0.00077709299638268595,
     -0.00041661212079225501, -0.00077005691899876552, 0.0019081719924064077,
     -0.00080842325837783254, -0.00028226392081636054,
     0.00051664543635918147},
    {-0.00016400367332217533, 0.00023402746914141505, 0.00012990723749250802,
     -0.00016102653366710149, 2.0805144035868693e-05, 0.00013316946075899147,
     -6.7463505702360996e-05, -0.00013050491174213162,
     0.00029717012443946386, -0.00013743347396422562,
     -4.3890449718580953e-05, 9.1253400643631771e-05}};
static const double at_knot[5] = {0.079577471545947673, 0.079577471512408279,
                                  0.013262911924324614, 0.0022104853207207684,
                                  0.00033157279810811522};

static double kernel(const double *a, const double *b, int m)
{
  return pm_sos_kernel_scale(m) * pm_sos_kernel(pm_sos_cos_angle(a, b), m);
}

static void kernels(void)
{
  for (int m = 0; m <= 4; m++) {
    double worst = 0;
    for (size_t i = 0; i < 6; i++)
      for (size_t j = 0; j < 2; j++) {
        double want = makeR[m][2 * i + j];
        worst = fmax(worst, fabs(kernel(pts[i], knots[j], m) - want) /
                                fabs(want));
      }
    pm_test_ok(worst < 1e-9, "kernel m = %d: mgcv's makeR within 1e-9 "
               "relative (worst %.2g)", m, worst);
    pm_test_rel(kernel(knots[0], knots[0], m), at_knot[m], 1e-9,
                "kernel m = %d at a knot itself", m);
  }
}

/* The true surface: a combination of the spherical harmonics of degree 1
 * and 2 in the Cartesian coordinates of the point, smooth everywhere on
 * the sphere, across the dateline and the poles included. */
static double truth(double lat, double lon)
{
  double r = M_PI / 180, x = cos(lat * r) * cos(lon * r);
  double y = cos(lat * r) * sin(lon * r), z = sin(lat * r);
  return 2.5 + 0.7 * z + 0.5 * x + 0.6 * (3 * z * z - 1) / 2 + 0.8 * x * y -
         0.4 * y * z;
}

/* NSIM points uniform on the sphere, Poisson counts of mean
 * exp(truth). */
static void simulate(const char *path)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  FILE *out = fopen(path, "w");
  gsl_rng_set(r, 20261206);
  fprintf(out, "y,lat,lon\n");
  for (size_t i = 0; i < NSIM; i++) {
    double lat = asin(2 * gsl_rng_uniform(r) - 1) * 180 / M_PI;
    double lon = 360 * gsl_rng_uniform(r) - 180;
    fprintf(out, "%u,%.6f,%.6f\n", gsl_ran_poisson(r, exp(truth(lat, lon))),
            lat, lon);
  }
  fclose(out);
  gsl_rng_free(r);
}

/* Fit `formula` to the table at `path`, with nk knots (lat, lon) of kn
 * given (nk = 0: none); the status. */
static int fit_knots(const char *path, const char *formula,
                     const double (*kn)[2], size_t nk, fitted *f)
{
  const char *const *cols;
  size_t ncols;
  pm_gam_options o;
  pm_family fam;
  double k[2][NKNOTS];
  int status;
  memset(f, 0, sizeof *f);
  for (size_t i = 0; i < nk; i++) k[0][i] = kn[i][0], k[1][i] = kn[i][1];
  if ((status = pm_formula_parse(&f->formula, formula)) ||
      (nk && (status = pm_formula_set_knots(f->formula, "lat", k[0], nk))) ||
      (nk && (status = pm_formula_set_knots(f->formula, "lon", k[1], nk))) ||
      (status = pm_formula_columns(f->formula, &cols, &ncols)) ||
      (status = pm_frame_read_csv(&f->frame, path, cols, ncols)) ||
      (status = pm_design_alloc(&f->design, f->formula, f->frame)) ||
      (status = pm_design_matrix(f->design, f->frame, 1, &f->m)) ||
      (status = pm_family_from_name(&fam, "poisson")))
    return status;
  pm_gam_options_default(&o, &fam);
  return pm_gam_fit_model(&f->fit, f->design, &f->m, &o);
}

static int fit_file(const char *path, const char *formula, fitted *f)
{
  return fit_knots(path, formula, NULL, 0, f);
}

/* eta of the model (design d, fit) at the n points (lat, lon) of p,
 * written to `path` first; the status. */
static int predict_at(const pm_design *d, const pm_gam_fit *fit,
                      const char *path, const double (*p)[2], size_t n,
                      double *eta)
{
  static const char *const cols[2] = {"lat", "lon"};
  FILE *out = fopen(path, "w");
  pm_frame *nf = NULL;
  pm_model_matrix m;
  int status;
  memset(&m, 0, sizeof m);
  fprintf(out, "lat,lon\n");
  for (size_t i = 0; i < n; i++)
    fprintf(out, "%.17g,%.17g\n", p[i][0], p[i][1]);
  fclose(out);
  if (!(status = pm_frame_read_csv(&nf, path, cols, 2)) &&
      !(status = pm_design_matrix(d, nf, 0, &m)))
    status = pm_gam_predict(fit, &m, eta, NULL, NULL);
  pm_model_matrix_free(&m);
  pm_frame_free(nf);
  unlink(path);
  return status;
}

/* The fitted linear predictor against the truth: correlation and RMSE. */
static void check_recovery(const fitted *f)
{
  const pm_column *la, *lo;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, se = 0, n = NSIM;
  pm_frame_column(f->frame, "lat", &la);
  pm_frame_column(f->frame, "lon", &lo);
  for (size_t i = 0; i < NSIM; i++) {
    double t = truth(la->x[i], lo->x[i]), e = f->fit->eta[i];
    sx += t, sy += e, sxx += t * t, syy += e * e, sxy += t * e;
    se += (e - t) * (e - t);
  }
  double cor = (sxy - sx * sy / n) /
               sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
  pm_test_ok(cor > 0.99, "recovery: correlation of fitted and true eta "
             "%.4f > 0.99", cor);
  pm_test_ok(sqrt(se / n) < 0.08, "recovery: RMSE of eta %.4f < 0.08",
             sqrt(se / n));
}

/* No seam at the dateline, one value at each pole, the truth near both. */
static void check_seam_poles(const fitted *f, const char *dir)
{
  char path[4096];
  double p[24][2], eta[24], seam = 0, pole = 0, off = 0;
  snprintf(path, sizeof path, "%s/new.csv", dir);
  for (size_t i = 0; i < 6; i++) { /* lat -75 .. 75 at lon -180 and 180 */
    p[2 * i][0] = p[2 * i + 1][0] = -75 + 30.0 * (double)i;
    p[2 * i][1] = -180;
    p[2 * i + 1][1] = 180;
  }
  for (size_t i = 0; i < 12; i++) { /* lat 90 and -90, lon every 60 */
    p[12 + i][0] = i < 6 ? 90 : -90;
    p[12 + i][1] = -180 + 60.0 * (double)(i % 6);
  }
  if (!pm_test_ok(predict_at(f->design, f->fit, path, p, 24, eta) ==
                      PM_SUCCESS, "predicted at the dateline and the poles"))
    return;
  for (size_t i = 0; i < 6; i++)
    seam = fmax(seam, fabs(eta[2 * i] - eta[2 * i + 1]));
  for (size_t i = 0; i < 12; i++) {
    pole = fmax(pole, fabs(eta[12 + i] - eta[i < 6 ? 12 : 18]));
    off = fmax(off, fabs(eta[12 + i] - truth(p[12 + i][0], 0)));
  }
  pm_test_ok(seam < 1e-9, "no seam: lon -180 and 180 agree (worst %.2g)", seam);
  pm_test_ok(pole < 1e-9, "each pole has one value over longitudes (worst "
             "%.2g)", pole);
  pm_test_ok(off < 0.15, "the poles within 0.15 of the truth (worst %.3f)",
             off);
}

/* A map grid repeats each place over its depths: the rows of a place
 * (copied from the row before, model/smooth.c) predict what the place
 * alone does, to rounding (the product X beta is formed in blocks). */
static void check_repeated_rows(const fitted *f, const char *dir)
{
  static const double p[5][2] = {
      {10, 20}, {10, 20}, {10, 20.000001}, {-35.5, 170}, {10, 20}};
  char path[4096];
  double eta[5], one, worst = 0;
  int status;
  snprintf(path, sizeof path, "%s/repeat.csv", dir);
  if (!pm_test_ok(predict_at(f->design, f->fit, path, p, 5, eta) ==
                      PM_SUCCESS, "predicted at repeated places"))
    return;
  for (size_t i = 0; i < 5; i++) {
    if ((status = predict_at(f->design, f->fit, path, p + i, 1, &one)))
      worst = INFINITY;
    worst = fmax(worst, fabs(one - eta[i]));
  }
  pm_test_ok(worst < 1e-12, "repeated places predict as each alone (worst "
             "%.2g)", worst);
  pm_test_ok(fabs(eta[2] - eta[1]) > 1e-9, "a place 1e-6 degrees away from "
             "the one before is computed anew (%.3g)", eta[2] - eta[1]);
}

/* Written and read back, the model predicts the same. */
static void round_trip(const fitted *f, const char *dir)
{
  char path[4096], csv[4096];
  pm_model *m = NULL;
  pm_gam_options o;
  pm_family fam;
  double p[3][2] = {{0, 0}, {-60.5, 179.9}, {33, -45}}, a[3], b[3], worst = 0;
  snprintf(path, sizeof path, "%s/sos.nc", dir);
  snprintf(csv, sizeof csv, "%s/rt.csv", dir);
  pm_family_from_name(&fam, "poisson");
  pm_gam_options_default(&o, &fam);
  int status = pm_model_write(path, f->design, f->fit, &o, NULL);
  if (!status) status = pm_model_read(&m, path);
  if (!status) status = predict_at(f->design, f->fit, csv, p, 3, a);
  if (!status) status = predict_at(m->design, m->fit, csv, p, 3, b);
  for (size_t i = 0; !status && i < 3; i++)
    worst = fmax(worst, fabs(a[i] - b[i]));
  pm_test_ok(!status && worst < 1e-12, "model file: read back, the same "
             "predictions (worst %.2g)%s%s", worst, status ? ": " : "",
             status ? pm_error_message() : "");
  pm_model_free(m);
  unlink(path);
}

/* The other ways to the knots and the pseudo-splines recover the surface
 * too: 42 knots given on a grid, 300 drawn by xt=list(max.knots=300), and
 * m = 2; a knot's latitude outside [-90, 90] is an error. */
static void variants(const char *path)
{
  static const char *const formulas[3] = {
      "y ~ s(lat, lon, bs='sos', k=40)",
      "y ~ s(lat, lon, bs='sos', k=40, xt=list(max.knots=300))",
      "y ~ s(lat, lon, bs='sos', k=40, m=2)"};
  double kn[NKNOTS][2] = {{-90, 0}, {90, 0}};
  fitted f;
  for (size_t i = 2; i < NKNOTS; i++) { /* the poles, 5 x 8 between */
    kn[i][0] = -72 + 36.0 * (double)((i - 2) / 8);
    kn[i][1] = -180 + 45.0 * (double)((i - 2) % 8);
  }
  for (size_t v = 0; v < 3; v++) {
    int status = fit_knots(path, formulas[v], kn, v == 0 ? NKNOTS : 0, &f);
    if (pm_test_ok(status == PM_SUCCESS, "%s%s: fitted%s%s", formulas[v],
                   v == 0 ? " (42 knots given)" : "", status ? ": " : "",
                   status ? pm_error_message() : ""))
      check_recovery(&f);
    fitted_free(&f);
  }
  kn[3][0] = 100;
  pm_test_error(fit_knots(path, formulas[0], kn, NKNOTS, &f), PM_EINPUT,
                pm_error_message(), "latitude 100 in knot 4 is outside",
                "a knot's latitude above 90");
  fitted_free(&f);
}

/* A latitude outside [-90, 90] at prediction. */
static void predict_error(const fitted *f, const char *dir)
{
  char path[4096];
  double p[2][2] = {{10, 10}, {-91, 10}}, eta[2];
  snprintf(path, sizeof path, "%s/bad_new.csv", dir);
  pm_test_error(predict_at(f->design, f->fit, path, p, 2, eta), PM_EINPUT,
                pm_error_message(), "latitude -91 in row 2 is outside",
                "a latitude below -90 at prediction");
}

static void recovery(const char *dir)
{
  char path[4096];
  fitted f;
  snprintf(path, sizeof path, "%s/sphere.csv", dir);
  simulate(path);
  int status = fit_file(path, SIM_FORMULA, &f);
  if (pm_test_ok(status == PM_SUCCESS, "simulated counts on the sphere: "
                 "fitted%s%s", status ? ": " : "",
                 status ? pm_error_message() : "")) {
    check_recovery(&f);
    check_seam_poles(&f, dir);
    check_repeated_rows(&f, dir);
    round_trip(&f, dir);
    predict_error(&f, dir);
  }
  fitted_free(&f);
  variants(path);
  unlink(path);
}

/* A latitude outside [-90, 90], in the data or at prediction. */
static void errors(const char *dir)
{
  char path[4096];
  fitted f;
  FILE *out;
  snprintf(path, sizeof path, "%s/bad.csv", dir);
  out = fopen(path, "w");
  fprintf(out, "y,lat,lon\n");
  for (int i = 0; i < 60; i++)
    fprintf(out, "%d,%g,%g\n", i % 5, i == 7 ? 95.0 : -80 + 2.5 * i,
            -170 + 5.5 * i);
  fclose(out);
  pm_test_error(fit_file(path, "y ~ s(lat, lon, bs='sos', k=10)", &f),
                PM_EINPUT, pm_error_message(),
                "s(lat,lon): latitude 95 in data row 8 is outside [-90, 90]",
                "a latitude above 90 in the data");
  fitted_free(&f);
  pm_test_error(fit_file(path, "y ~ s(lon, lat, bs='sos', k=10)", &f),
                PM_EINPUT, pm_error_message(), "is outside [-90, 90]; "
                "bs='sos' takes s(latitude, longitude)",
                "longitude first");
  fitted_free(&f);
  unlink(path);
}

int main(void)
{
  char dir[] = "/tmp/pm-test-sos-XXXXXX";
  gsl_set_error_handler_off();
  if (!mkdtemp(dir)) return 99;
  kernels();
  recovery(dir);
  errors(dir);
  rmdir(dir);
  return pm_test_done();
}
