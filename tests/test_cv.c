/* test_cv.c: tests of blocked k-fold cross-validation (model/pm_cv.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cv.h"
#include "pm_error.h"
#include "pm_test.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <unistd.h>

#define NPROFILES 40
#define NDEPTHS 30

typedef struct {
  pm_formula *formula;
  pm_frame *frame;
  pm_design *design;
  pm_model_matrix m;
  pm_gam_options o;
} model;

static void model_free(model *f)
{
  pm_model_matrix_free(&f->m);
  pm_design_free(f->design);
  pm_frame_free(f->frame);
  pm_formula_free(f->formula);
}

/* The formula's columns and the grouping columns profile, lat, lon. */
static int model_read(model *f, const char *path, const char *formula,
                      const char *family, int max_iter)
{
  const char *const *cols;
  const char *names[16];
  size_t ncols, i;
  pm_family fam;
  int status;

  memset(f, 0, sizeof *f);
  status = pm_formula_parse(&f->formula, formula);
  if (status == PM_SUCCESS)
    status = pm_formula_columns(f->formula, &cols, &ncols);
  if (status == PM_SUCCESS) {
    for (i = 0; i < ncols && i < 13; i++) names[i] = cols[i];
    names[i++] = "profile";
    names[i++] = "lat";
    names[i++] = "lon";
    status = pm_frame_read_csv(&f->frame, path, names, i);
  }
  if (status == PM_SUCCESS)
    status = pm_design_alloc(&f->design, f->formula, f->frame);
  if (status == PM_SUCCESS)
    status = pm_design_matrix(f->design, f->frame, 1, &f->m);
  if (status == PM_SUCCESS) status = pm_family_from_name(&fam, family);
  if (status == PM_SUCCESS) {
    pm_gam_options_default(&f->o, &fam);
    if (max_iter > 0) f->o.max_iter = max_iter;
  }
  return status;
}

/* 40 profiles of 30 samples: Poisson counts in volumes vol (offset
 * log(vol)) with log concentration 1 + sin(2 pi x) + a profile effect
 * N(0, 0.2^2); `noise` is unrelated to the counts; `site` is "a" except
 * "b" in the last profile.  Profiles sit on a 10 x 4 grid of 15 degree
 * spacing in longitude and 10 in latitude. */
static void simulate(const char *path)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  FILE *out = fopen(path, "w");
  size_t p, j;

  gsl_rng_set(r, 4242);
  fprintf(out, "y,x,noise,vol,site,profile,lat,lon\n");
  for (p = 0; p < NPROFILES; p++) {
    double effect = gsl_ran_gaussian(r, 0.2);
    double lat = -20.0 + 10.0 * (double)(p / 10),
           lon = -180.0 + 15.0 * (double)(p % 10);
    for (j = 0; j < NDEPTHS; j++) {
      double x = gsl_rng_uniform(r), vol = 0.5 + gsl_rng_uniform(r);
      double mu = vol * exp(1 + sin(2 * M_PI * x) + effect);
      fprintf(out, "%u,%.6f,%.6f,%.4f,%s,p%02zu,%.2f,%.2f\n",
              gsl_ran_poisson(r, mu), x, gsl_rng_uniform(r), vol,
              p == NPROFILES - 1 ? "b" : "a", p, lat + 0.5, lon + 0.5);
    }
  }
  fclose(out);
  gsl_rng_free(r);
}

/* Folds of profiles: whole groups, reproducible, balanced. */
static void folds(const model *f)
{
  size_t n = f->m.n, i, ng = 0, k, count[5][NPROFILES] = {{0}};
  int *group = malloc(n * sizeof *group), *fold = malloc(n * sizeof *fold);
  int *again = malloc(n * sizeof *again), *other = malloc(n * sizeof *other);
  size_t groups_in[5] = {0}, split = 0, differ = 0, g;
  int status = pm_cv_groups_column(&f->m, "profile", group, &ng);

  pm_test_ok(status == PM_SUCCESS && ng == NPROFILES,
             "profile groups: %zu groups (expected %d)", ng, NPROFILES);
  pm_test_ok(group[0] == 0 && group[n - 1] == NPROFILES - 1,
             "profile groups numbered in level order");
  pm_cv_folds(group, n, 5, 7, fold);
  pm_cv_folds(group, n, 5, 7, again);
  pm_cv_folds(group, n, 5, 8, other);
  for (i = 0; i < n; i++) {
    count[fold[i]][group[i]]++;
    differ += fold[i] != other[i];
  }
  pm_test_ok(memcmp(fold, again, n * sizeof *fold) == 0,
             "folds: the same seed gives the same folds");
  pm_test_ok(differ > 0, "folds: another seed gives other folds");
  for (g = 0; g < NPROFILES; g++) {
    size_t in = 0;
    for (k = 0; k < 5; k++) {
      in += count[k][g] > 0;
      groups_in[k] += count[k][g] > 0;
    }
    split += in != 1;
  }
  pm_test_ok(split == 0,
             "folds: every profile in exactly one fold "
             "(%zu split)",
             split);
  pm_test_ok(groups_in[0] == 8 && groups_in[1] == 8 && groups_in[2] == 8 &&
                 groups_in[3] == 8 && groups_in[4] == 8,
             "folds: 8 profiles in each of 5 folds (%zu %zu %zu %zu %zu)",
             groups_in[0], groups_in[1], groups_in[2], groups_in[3],
             groups_in[4]);
  /* 3 folds of 40 groups: 14, 13, 13 */
  pm_cv_folds(group, n, 3, 7, fold);
  memset(groups_in, 0, sizeof groups_in);
  memset(count, 0, sizeof count);
  for (i = 0; i < n; i++) count[fold[i]][group[i]]++;
  for (g = 0; g < NPROFILES; g++)
    for (k = 0; k < 3; k++) groups_in[k] += count[k][g] > 0;
  pm_test_ok(groups_in[0] + groups_in[1] + groups_in[2] == NPROFILES &&
                 groups_in[0] >= 13 && groups_in[0] <= 14 &&
                 groups_in[1] >= 13 && groups_in[1] <= 14 &&
                 groups_in[2] >= 13 && groups_in[2] <= 14,
             "folds: 3 folds of 40 profiles hold 13 or 14 each (%zu %zu %zu)",
             groups_in[0], groups_in[1], groups_in[2]);
  free(group);
  free(fold);
  free(again);
  free(other);
}

/* Spatial blocks: the profiles lie at latitudes -19.5, -9.5, 0.5, 10.5 and
 * longitudes -179.5 + 15 j: 10-degree blocks give 4 x 10 groups, 30-degree
 * blocks 2 latitude bands (-30..0, 0..30) x 5 longitude bands of two
 * profiles. */
static void blocks(const model *f)
{
  size_t n = f->m.n, ng = 0;
  int *group = malloc(n * sizeof *group);

  int status = pm_cv_groups_blocks(&f->m, "lat", "lon", 10, group, &ng);

  pm_test_ok(status == PM_SUCCESS && ng == 40,
             "10-degree blocks: 40 groups (got %zu)", ng);
  status = pm_cv_groups_blocks(&f->m, "lat", "lon", 30, group, &ng);
  pm_test_ok(status == PM_SUCCESS && ng == 10,
             "30-degree blocks: 10 groups (got %zu)", ng);
  pm_test_ok(group[0] == group[NDEPTHS] && group[0] == group[10 * NDEPTHS] &&
                 group[0] != group[2 * NDEPTHS] &&
                 group[0] != group[20 * NDEPTHS],
             "30-degree blocks: profile 0 shares a block with 1 and 10, not "
             "with 2 or 20");
  pm_test_error(pm_cv_groups_blocks(&f->m, "lat", "lon", 0, group, &ng),
                PM_EINPUT, pm_error_message(), "block size 0 degrees",
                "bad block size is an error");
  pm_test_error(pm_cv_groups_blocks(&f->m, "lat", "profile", 10, group, &ng),
                PM_EINPUT, pm_error_message(), "'profile' holds text",
                "text longitude column is an error");
  pm_test_error(pm_cv_groups_column(&f->m, "depth", group, &ng), PM_EINPUT,
                pm_error_message(), "depth",
                "missing group column is an error");
  free(group);
}

/* A hand-made table: longitudes -180 and 180 share a 10-degree block with
 * -179.9 (180.1 E), not with 179.9; a missing profile names its line. */
static void dateline(const char *dir)
{
  char path[4096];
  const char *names[] = {"lat", "lon", "profile"};
  FILE *out;
  pm_frame *frame = NULL;
  pm_model_matrix m = {0};
  int group[4];
  size_t ng = 0;

  snprintf(path, sizeof path, "%s/dateline.csv", dir);
  out = fopen(path, "w");
  fprintf(out, "lat,lon,profile\n0,-180,a\n0,180,b\n0,179.9,\n1,-179.9,c\n");
  fclose(out);
  if (pm_test_ok(pm_frame_read_csv(&frame, path, names, 3) == PM_SUCCESS,
                 "dateline table read")) {
    int status;
    m.n = 4;
    m.frame = frame;
    status = pm_cv_groups_blocks(&m, "lat", "lon", 10, group, &ng);
    pm_test_ok(status == PM_SUCCESS && ng == 2 && group[0] == group[1] &&
                   group[0] == group[3] && group[0] != group[2],
               "dateline: -180, 180 and -179.9 share a block (%zu groups)", ng);
    pm_test_error(pm_cv_groups_column(&m, "profile", group, &ng), PM_EINPUT,
                  pm_error_message(),
                  "dateline.csv:4: column 'profile' is missing",
                  "missing group value names the line");
  }
  pm_frame_free(frame);
  unlink(path);
}

/* Spearman's rho with ties, by hand: x = 1 2 2 3 5 has ranks 1 2.5 2.5 4 5,
 * y = 2 1 4 4 6 ranks 2 1 3.5 3.5 5; centred on 3 the cross products sum to
 * 7.25 and each sum of squares is 9.5: rho = 7.25 / 9.5. */
static void spearman(void)
{
  const double x[] = {1, 2, 2, 3, 5}, y[] = {2, 1, 4, 4, 6},
               c[] = {3, 3, 3, 3, 3};
  double rho;

  pm_test_ok(pm_cv_spearman(x, y, 5, &rho) == PM_SUCCESS, "spearman: computed");
  pm_test_rel(rho, 7.25 / 9.5, 1e-14, "spearman with ties: %.15f = 7.25/9.5",
              rho);
  pm_cv_spearman(x, c, 5, &rho);
  pm_test_ok(isnan(rho), "spearman against a constant is NaN");
}

static void errors(const model *f)
{
  size_t n = f->m.n, i;
  int *group = malloc(n * sizeof *group), *fold = malloc(n * sizeof *fold);
  pm_cv_result *res = NULL;

  for (i = 0; i < n; i++) group[i] = (int)(i % 3) * 5;
  pm_test_error(pm_cv_folds(group, n, 5, 1, fold), PM_EINPUT,
                pm_error_message(), "3 groups for 5 folds",
                "fewer groups than folds is an error naming both");
  pm_test_error(pm_cv_folds(group, n, 1, 1, fold), PM_EINPUT,
                pm_error_message(), "1 folds", "one fold is an error");
  group[4] = -1;
  pm_test_error(pm_cv_folds(group, n, 2, 1, fold), PM_EINPUT,
                pm_error_message(), "row 5 has group -1",
                "negative group is an error");
  for (i = 0; i < n; i++) fold[i] = (int)(i % 2) * 2;
  pm_test_error(pm_cv_run(&res, f->design, &f->m, &f->o, fold, 3), PM_EINPUT,
                pm_error_message(), "fold 1 (of 0 to 2) holds no rows",
                "an empty fold is an error");
  fold[7] = 3;
  pm_test_error(pm_cv_run(&res, f->design, &f->m, &f->o, fold, 3), PM_EINPUT,
                pm_error_message(), "row 8 is in fold 3",
                "a fold out of range is an error");
  pm_test_ok(res == NULL, "no result on error");
  free(group);
  free(fold);
}

/* The model recovers the sine: CV deviance explained positive and below the
 * in-sample value; the noise covariate explains nothing out of sample. */
static pm_cv_result *cross_validate(const char *path, const char *formula,
                                    int max_iter, double *in_sample)
{
  model f;
  pm_gam_fit *fit = NULL;
  pm_cv_result *res = NULL;
  int *group = NULL, *fold = NULL;
  size_t ng;

  if (!pm_test_ok(model_read(&f, path, formula, "poisson", max_iter) ==
                      PM_SUCCESS,
                  "%s: model read (%s)", formula, pm_error_message()))
    goto cleanup;
  group = malloc(f.m.n * sizeof *group);
  fold = malloc(f.m.n * sizeof *fold);
  pm_cv_groups_column(&f.m, "profile", group, &ng);
  pm_cv_folds(group, f.m.n, 5, 20261, fold);
  if (in_sample && pm_gam_fit_model(&fit, f.design, &f.m, &f.o) == PM_SUCCESS)
    *in_sample = 1 - fit->deviance / fit->null_deviance;
  pm_test_ok(pm_cv_run(&res, f.design, &f.m, &f.o, fold, 5) == PM_SUCCESS,
             "%s: cross-validated (%s)", formula, pm_error_message());
cleanup:
  pm_gam_fit_free(fit);
  free(group);
  free(fold);
  model_free(&f);
  return res;
}

/* Poisson deviance (McCullagh & Nelder 1989, table 2.1). */
static double poisson_dev(double y, double mu)
{
  return 2 * ((y > 0 ? y * log(y / mu) : 0) - (y - mu));
}

/* The scores by hand from the held-out means: the Poisson null model with
 * offset log(vol) has the closed form mu0 = vol sum(y) / sum(vol) over the
 * training rows. */
static void hand_scores(const char *path, const pm_cv_result *r)
{
  model f;
  int *group = NULL, *fold = NULL;
  size_t i, ng, k;
  double dev = 0, dev0 = 0, ss = 0;

  if (model_read(&f, path, "y ~ s(x) + offset(log(vol))", "poisson", 0))
    goto cleanup;
  group = malloc(f.m.n * sizeof *group);
  fold = malloc(f.m.n * sizeof *fold);
  pm_cv_groups_column(&f.m, "profile", group, &ng);
  pm_cv_folds(group, f.m.n, 5, 20261, fold);
  for (k = 0; k < 5; k++) {
    double sy = 0, sv = 0;
    for (i = 0; i < f.m.n; i++)
      if ((size_t)fold[i] != k) {
        sy += f.m.y[i];
        sv += exp(f.m.offset[i]);
      }
    for (i = 0; i < f.m.n; i++)
      if ((size_t)fold[i] == k) {
        double vol = exp(f.m.offset[i]);
        dev += poisson_dev(f.m.y[i], r->mu[i]);
        dev0 += poisson_dev(f.m.y[i], vol * sy / sv);
        ss += pow(log1p(f.m.y[i] / vol) - log1p(r->mu[i] / vol), 2);
      }
  }
  pm_test_rel(r->deviance_explained, 1 - dev / dev0, 1e-9,
              "sine model: deviance explained by hand");
  pm_test_rel(r->rmse_log1p, sqrt(ss / (double)f.m.n), 1e-12,
              "sine model: RMSE of log(1 + c) by hand");
cleanup:
  free(group);
  free(fold);
  model_free(&f);
}

static void scores(const char *path)
{
  double in_sample = NAN;
  pm_cv_result *r =
      cross_validate(path, "y ~ s(x) + offset(log(vol))", 0, &in_sample);
  size_t f, total = 0;

  if (r) {
    pm_test_ok(r->deviance_explained > 0.3 && r->deviance_explained < in_sample,
               "sine model: CV deviance explained %.4f in (0.3, in-sample "
               "%.4f)",
               r->deviance_explained, in_sample);
    pm_test_ok(r->n == NPROFILES * NDEPTHS && r->nfailed == 0,
               "sine model: all %zu rows scored", r->n);
    for (f = 0; f < r->k; f++) total += r->fold_n[f];
    pm_test_ok(total == r->n && r->fold_n[0] == 8 * NDEPTHS,
               "sine model: fold sizes %zu rows each, %zu in all", r->fold_n[0],
               total);
    pm_test_ok(r->fold_deviance_explained[2] > 0 && !r->fold_error[2],
               "sine model: fold 2 deviance explained %.4f",
               r->fold_deviance_explained[2]);
    pm_test_ok(r->spearman > 0.5 && r->spearman < 1,
               "sine model: Spearman %.4f", r->spearman);
    pm_test_ok(r->rmse_log1p > 0 && r->rmse_log1p < 1,
               "sine model: RMSE of log(1 + c) %.4f", r->rmse_log1p);
    hand_scores(path, r);
  }
  pm_cv_result_free(r);
  r = cross_validate(path, "y ~ s(noise) + offset(log(vol))", 0, NULL);
  if (r)
    pm_test_ok(r->deviance_explained < 0.01,
               "noise model: CV deviance explained %.4f is near 0 or below",
               r->deviance_explained);
  pm_cv_result_free(r);
}

/* Site "b" is only in the last profile: the fold that holds it cannot fit
 * factor(site) on the other folds; it is reported and left out.  An
 * iteration limit of 1 fails every fold: the metrics are then NaN. */
static void failures(const char *path)
{
  pm_cv_result *r = cross_validate(
      path, "y ~ s(x) + factor(site) + offset(log(vol))", 0, NULL);
  size_t f, bad = 0;

  if (r) {
    for (f = 0; f < r->k; f++) bad += r->fold_error[f] != NULL;
    for (f = 0; f < r->k && !r->fold_error[f]; f++) continue;
    pm_test_ok(r->nfailed == 1 && bad == 1 && r->n == (r->k - 1) * 8 * NDEPTHS,
               "factor fold: one fold failed, %zu rows scored", r->n);
    pm_test_ok(f < r->k && strstr(r->fold_error[f], "factor(site)") &&
                   isnan(r->fold_deviance_explained[f]),
               "factor fold: fold %zu reports: %s", f,
               f < r->k ? r->fold_error[f] : "");
    pm_test_ok(r->deviance_explained > 0.3 && isfinite(r->spearman),
               "factor fold: metrics from the other folds (%.4f)",
               r->deviance_explained);
  }
  pm_cv_result_free(r);
  r = cross_validate(path, "y ~ x + offset(log(vol))", 1, NULL);
  if (r) {
    pm_test_ok(r->nfailed == r->k && r->n == 0 &&
                   isnan(r->deviance_explained) && isnan(r->spearman) &&
                   isnan(r->mu[0]),
               "iteration limit: every fold failed, metrics NaN");
    pm_test_ok(strstr(r->fold_error[0], "did not converge") != NULL,
               "iteration limit: fold 0 reports: %s", r->fold_error[0]);
  }
  pm_cv_result_free(r);
}

int main(void)
{
  char dir[] = "/tmp/pm-test-cv-XXXXXX", path[4096];
  model f;

  gsl_set_error_handler_off();
  if (!mkdtemp(dir)) return 99;
  snprintf(path, sizeof path, "%s/profiles.csv", dir);
  simulate(path);
  spearman();
  dateline(dir);
  if (pm_test_ok(model_read(&f, path, "y ~ s(x) + offset(log(vol))", "poisson",
                            0) == PM_SUCCESS,
                 "simulated profiles read")) {
    folds(&f);
    blocks(&f);
    errors(&f);
  }
  model_free(&f);
  scores(path);
  failures(path);
  unlink(path);
  rmdir(dir);
  return pm_test_done();
}
