/* test_partial.c: partial effects of a fitted GAM against mgcv's
 * predict.gam(type = "terms", se.fit = TRUE) (tests/data/model/partial/
 * make_oracle.R), the rug kept in the model file, and bad requests.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_partial.h"
#include "pm_test.h"
#include "pm_test_fit.h"

#include <math.h>
#include <stddef.h>
#include <unistd.h>

#define FORMULA                                                                \
  "count_copepoda ~ oxy + factor(basin) + s(temp, bs='cr', k=8) + "           \
  "te(logdepth, lat, bs='cr', k=c(5,5)) + s(profile_id, bs='re') + "          \
  "offset(log(volume_m3))"
#define NCOV 4

static char dir[] = "/tmp/pm-partial-XXXXXX";
static const char *const covariates[NCOV] = {"oxy", "temp", "logdepth", "lat"};

static int fit_model(fitted *s)
{
  const char *const *names;
  size_t n;
  pm_family fam;
  pm_gam_options o;
  int status;

  memset(s, 0, sizeof *s);
  if ((status = pm_formula_parse(&s->formula, FORMULA)) ||
      (status = pm_formula_columns(s->formula, &names, &n)) ||
      (status = pm_frame_read_csv(
           &s->frame, pm_test_path("tests/data/model/partial/partial.csv"),
           names, n)) ||
      (status = pm_design_alloc(&s->design, s->formula, s->frame)) ||
      (status = pm_design_matrix(s->design, s->frame, 1, &s->m)) ||
      (status = pm_family_from_name(&fam, "poisson")))
    return status;
  pm_gam_options_default(&o, &fam);
  return pm_gam_fit_model(&s->fit, s->design, &s->m, &o);
}

/* Write the fit with `nsample` rug rows (0: none; ranges 0: no ranges
 * either) and read it back. */
static int write_read(const fitted *s, int ranges, size_t nsample,
                      const char *name, pm_model **m)
{
  double lo[NCOV], hi[NCOV], *sample = NULL;
  pm_model_ranges r = {NCOV, covariates, lo, hi, 0, NULL};
  pm_family fam;
  pm_gam_options o;
  char path[512];
  int status;

  *m = NULL;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  pm_family_from_name(&fam, "poisson");
  pm_gam_options_default(&o, &fam);
  if ((status = pm_map_ranges(s->frame, covariates, NCOV, lo, hi))) return status;
  if (nsample && (status = pm_partial_sample_rows(s->frame, covariates, NCOV,
                                                  nsample, &sample,
                                                  &r.nsample)))
    return status;
  r.sample = sample;
  status = pm_model_write_ranges(path, s->design, s->fit, &o, NULL,
                                 ranges ? &r : NULL);
  free(sample);
  if (!status) status = pm_model_read(m, path);
  unlink(path);
  return status;
}

/* Largest deviations of the effects from mgcv's, term by term, in the
 * order of partial.expected.csv. */
static void compare_oracle(const pm_partial *p)
{
  static const char *const cols[] = {"term", "x", "y", "fit", "se"};
  pm_frame *ex = NULL;
  const pm_column *c[5];
  size_t i, n, t, k, next[8] = {0}, bad_x = 0;
  double dfit[8] = {0}, dse[8] = {0};
  int status = pm_frame_read_csv(
      &ex, pm_test_path("tests/data/model/partial/partial.expected.csv"), cols,
      5);

  for (k = 0; !status && k < 5; k++) status = pm_frame_column(ex, cols[k], &c[k]);
  if (!pm_test_ok(!status, "oracle read %s", pm_error_message())) goto cleanup;
  n = pm_frame_nrows(ex);
  for (i = 0; i < n && p->nterms <= 8; i++) {
    const pm_partial_term *e;
    double x, y, f, se;
    char label[64], *semi;
    snprintf(label, sizeof label, "%s", c[0]->levels[c[0]->level[i]]);
    if ((semi = strchr(label, ';'))) *semi = ','; /* see make_oracle.R */
    if (pm_partial_find(p, label, &t)) break;
    e = &p->terms[t];
    k = next[t]++;
    x = e->kind == PM_PARTIAL_SURFACE ? e->x[k / e->ny] : e->x[k];
    y = e->kind == PM_PARTIAL_SURFACE ? e->y[k % e->ny] : NAN;
    if (fabs(x - c[1]->x[i]) > 1e-9 * (1 + fabs(x)) ||
        (!isnan(y) && fabs(y - c[2]->x[i]) > 1e-9 * (1 + fabs(y))))
      bad_x++;
    f = c[3]->x[i];
    se = c[4]->x[i];
    dfit[t] = fmax(dfit[t], fabs(e->fit[k] - f));
    /* a baseline level has se 0 in both */
    dse[t] = fmax(dse[t], se > 0 ? fabs(e->se[k] / se - 1) : fabs(e->se[k]));
  }
  pm_test_ok(i == n && bad_x == 0, "all %zu oracle points on plankmap's grid",
             n);
  for (t = 0; t < p->nterms; t++) {
    const pm_partial_term *e = &p->terms[t];
    /* the same fit as mgcv (reference README: eta within 1e-3); the effects
     * here agree to 1e-7: allow 1e-5 absolute and 0.01% for the se */
    pm_test_ok(next[t] == e->nx * e->ny && dfit[t] < 1e-5 && dse[t] < 1e-4,
               "%s: %zu points, effect within %.2g of mgcv's, se within "
               "%.2g%%",
               e->label, next[t], dfit[t], 100 * dse[t]);
  }
cleanup:
  pm_frame_free(ex);
}

static void check_terms(const pm_partial *p)
{
  static const char *const labels[] = {"oxy", "factor(basin)", "s(temp)",
                                       "te(logdepth,lat)", "s(profile_id)"};
  static const pm_partial_kind kinds[] = {PM_PARTIAL_LINE, PM_PARTIAL_LEVELS,
                                          PM_PARTIAL_LINE, PM_PARTIAL_SURFACE,
                                          PM_PARTIAL_LEVELS};
  static const size_t nx[] = {100, 2, 100, 50, 40};
  size_t t, ok = p->nterms == 5;

  for (t = 0; ok && t < 5; t++)
    ok = !strcmp(p->terms[t].label, labels[t]) && p->terms[t].kind == kinds[t] &&
         p->terms[t].nx == nx[t];
  pm_test_ok(ok, "five terms: oxy line, basin levels, s(temp) line of 100, "
                 "te 50 x 50, 40 profiles");
  if (!ok) return;
  /* mgcv: summary(fit)$edf of s(temp) is 5.3566 (make_oracle.R) */
  pm_test_ok(fabs(p->terms[2].edf - 5.3566) < 0.05 && p->terms[0].edf == 1,
             "EDF of s(temp) %.4f (mgcv 5.3566), of oxy 1", p->terms[2].edf);
  pm_test_ok(p->terms[2].x[0] == 2.385 && p->terms[2].x[99] == 29.571 &&
                 !strcmp(p->terms[1].levels[1], "south") &&
                 !strcmp(p->terms[4].levels[0], "P00001") &&
                 !strcmp(p->terms[3].yname, "lat"),
             "temp from 2.385 to 29.571, levels named, te's y is lat");
  /* 1600 rows sampled to 500: rows i * 3.2, so row 3 (temp 19.59) and row
   * 6 (temp 16.608) of partial.csv */
  pm_test_ok(p->terms[2].nrug == 500 && p->terms[2].rug_x[1] == 19.59 &&
                 p->terms[2].rug_x[2] == 16.608 && p->terms[3].rug_y &&
                 p->terms[3].rug_y[0] == 19.1729 && p->terms[1].nrug == 0,
             "rug: 500 rows, every 3.2th (temp 19.59, 16.608)");
}

static void bad_requests(const fitted *s, const pm_partial *p)
{
  pm_model *m = NULL;
  pm_partial *q = NULL;
  double *sample = NULL;
  const char *bad[] = {"temp", "basin"};
  size_t t, ns;
  int status = pm_partial_find(p, "s(tmep)", &t);

  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "no term 's(tmep)'; its terms are oxy, factor(basin), s(temp)",
                "unknown term named, terms listed");
  status = write_read(s, 1, 0, "norug.nc", &m);
  if (!status) status = pm_partial_alloc(&q, m);
  pm_test_ok(!status && q->terms[2].nrug == 0 && q->terms[3].nrug == 0,
             "a model file without a sample has no rug");
  pm_partial_free(q);
  pm_model_free(m);
  q = NULL;
  status = write_read(s, 0, 0, "noranges.nc", &m);
  if (!status) status = pm_partial_alloc(&q, m);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "records no range of covariate 'oxy'",
                "a model file without ranges: error saying to refit");
  pm_test_ok(q == NULL, "nothing returned on error");
  pm_model_free(m);
  status = pm_partial_sample_rows(s->frame, bad, 2, 10, &sample, &ns);
  pm_test_ok(!status && ns == 10 && isnan(sample[1]) && sample[0] == 23.038,
             "a sample of 10 rows starts at row 0; a text column is NaN");
  free(sample);
  status = pm_partial_sample_rows(s->frame, covariates + 1, 1, 0, &sample, &ns);
  pm_test_ok(!status && ns == 0, "a sample of at most 0 rows is empty");
  free(sample);
}

int main(void)
{
  fitted s;
  pm_model *m = NULL;
  pm_partial *p = NULL;
  int status;

  if (!mkdtemp(dir)) {
    printf("Bail out! cannot create %s\n", dir);
    return 1;
  }
  status = fit_model(&s);
  if (!status) status = write_read(&s, 1, 500, "model.nc", &m);
  if (!status) status = pm_partial_alloc(&p, m);
  if (pm_test_ok(!status, "fit, model file, partial effects %s",
                 pm_error_message())) {
    check_terms(p);
    compare_oracle(p);
    bad_requests(&s, p);
  }
  pm_partial_free(p);
  pm_model_free(m);
  fitted_free(&s);
  rmdir(dir);
  return pm_test_done();
}
