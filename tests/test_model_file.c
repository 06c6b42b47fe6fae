/* test_model_file.c: a design and a fit written as a model file and read
 * back field by field; files that are not models, or damaged ones; outputs
 * that cannot be written leave nothing.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_model_file.h"
#include "pm_sha256.h"
#include "pm_test.h"

#include <netcdf.h>
#include <stddef.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/pm-model-file-XXXXXX";

#define FORMULA                                                                \
  "y ~ x + factor(g) + s(z, bs='cr', k=5) + s(m, bs='cc', k=5) + "            \
  "te(x, z, bs='cr', k=c(3,3)) + s(z, bs='tp', k=4, by=x) + "                 \
  "s(x, bs='cr', k=4, by=g)"

/* The design of FORMULA on the test table, with cyclic knots for m. */
typedef struct {
  pm_formula *f;
  pm_frame *frame;
  pm_design *d;
  pm_model_matrix mm;
} setup;

static int make_setup(setup *s)
{
  const char *const *names;
  size_t n;
  int status;

  memset(s, 0, sizeof *s);
  if ((status = pm_formula_parse(&s->f, FORMULA)) ||
      (status = pm_model_set_knots(s->f, "m=0.5,12.5")) ||
      (status = pm_formula_columns(s->f, &names, &n)) ||
      (status = pm_frame_read_csv(&s->frame,
                                  pm_test_path("tests/data/model/model_file.csv"),
                                  names, n)) ||
      (status = pm_design_alloc(&s->d, s->f, s->frame)))
    return status;
  return pm_design_matrix(s->d, s->frame, 1, &s->mm);
}

static void free_setup(setup *s)
{
  pm_model_matrix_free(&s->mm);
  pm_design_free(s->d);
  pm_frame_free(s->frame);
  pm_formula_free(s->f);
}

/* A fit with made-up but distinct numbers in every field. */
static pm_gam_fit *made_up_fit(const pm_design *d)
{
  pm_gam_fit *fit = calloc(1, sizeof *fit);
  size_t p = d->p, i, j;

  fit->n = 30;
  fit->p = p;
  fit->npenalties = d->npenalties;
  fit->nblocks = d->nblocks;
  pm_family_from_name(&fit->family, "negbin");
  fit->family.theta = 2.75;
  fit->method = PM_METHOD_REML;
  fit->is_gam = 1;
  fit->beta = malloc(p * sizeof *fit->beta);
  fit->Vp = malloc(p * p * sizeof *fit->Vp);
  fit->Ve = malloc(p * p * sizeof *fit->Ve);
  fit->R = malloc(p * p * sizeof *fit->R);
  fit->edf = malloc(p * sizeof *fit->edf);
  fit->edf1 = malloc(p * sizeof *fit->edf1);
  fit->sp = malloc((d->npenalties + 1) * sizeof *fit->sp);
  fit->terms = calloc(d->nblocks, sizeof *fit->terms);
  for (i = 0; i < p; i++) {
    fit->beta[i] = 0.1 * (double)(i + 1) - 0.35;
    fit->edf[i] = 1.0 / (double)(i + 2);
    fit->edf1[i] = 1.0 / (double)(i + 3);
    for (j = 0; j < p; j++) {
      fit->Vp[i * p + j] = i == j ? 0.01 * (double)(i + 1) : 0.001 / (double)(i + j + 1);
      fit->Ve[i * p + j] = 0.9 * fit->Vp[i * p + j];
      fit->R[i * p + j] = j >= i ? 1.0 + (double)(i * p + j) / 7.0 : 0;
    }
  }
  for (i = 0; i < d->npenalties; i++) fit->sp[i] = 10.0 * (double)(i + 1) + 0.5;
  for (i = 0; i < d->nblocks; i++) {
    fit->terms[i].edf = 1.5 + (double)i;
    fit->terms[i].edf1 = 1.25 + (double)i;
    fit->terms[i].ref_df = 2.5 + (double)i;
    fit->terms[i].stat = 11.0 * (double)(i + 1);
    fit->terms[i].p_value = 1e-3 / (double)(i + 1);
  }
  fit->deviance = 31.25;
  fit->null_deviance = 80.5;
  fit->scale = 1;
  fit->criterion = 55.125;
  fit->aic = 140.0625;
  fit->loglik = -60.03125;
  fit->edf_total = 9.75;
  fit->residual_df = 20.25;
  fit->theta_se = 0.375;
  fit->scale_estimated = 0;
  fit->converged = 1;
  fit->iterations = 7;
  return fit;
}

static void free_made_up(pm_gam_fit *fit)
{
  free(fit->beta);
  free(fit->Vp);
  free(fit->Ve);
  free(fit->R);
  free(fit->edf);
  free(fit->edf1);
  free(fit->sp);
  free(fit->terms);
  free(fit);
}

static int same(const double *a, const double *b, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

static void check_fit(const pm_gam_fit *a, const pm_gam_fit *b)
{
  size_t p = a->p, i;
  int terms_same = 1;

  pm_test_ok(b->p == p && b->nblocks == a->nblocks &&
                 b->npenalties == a->npenalties && b->n == a->n,
             "read back: p, blocks, penalties, n");
  pm_test_ok(b->family.kind == PM_FAMILY_NEGBIN && b->family.theta == 2.75 &&
                 b->family.link == PM_LINK_LOG,
             "read back: family, link and theta");
  pm_test_ok(b->method == a->method && b->is_gam == 1 &&
                 b->converged == 1 && b->iterations == 7 &&
                 b->scale_estimated == 0,
             "read back: method and flags");
  pm_test_ok(b->deviance == a->deviance && b->null_deviance == a->null_deviance &&
                 b->scale == a->scale && b->criterion == a->criterion &&
                 b->aic == a->aic && b->loglik == a->loglik &&
                 b->edf_total == a->edf_total &&
                 b->residual_df == a->residual_df && b->theta_se == a->theta_se,
             "read back: every scalar exactly");
  pm_test_ok(same(a->beta, b->beta, p), "read back: coefficients");
  pm_test_ok(same(a->Vp, b->Vp, p * p) && same(a->Ve, b->Ve, p * p) &&
                 same(a->R, b->R, p * p),
             "read back: Vp, Ve and R");
  pm_test_ok(same(a->edf, b->edf, p) && same(a->edf1, b->edf1, p),
             "read back: edf and edf1");
  pm_test_ok(same(a->sp, b->sp, a->npenalties), "read back: smoothing parameters");
  for (i = 0; i < a->nblocks; i++)
    terms_same &= a->terms[i].edf == b->terms[i].edf &&
                  a->terms[i].edf1 == b->terms[i].edf1 &&
                  a->terms[i].ref_df == b->terms[i].ref_df &&
                  a->terms[i].stat == b->terms[i].stat &&
                  a->terms[i].p_value == b->terms[i].p_value;
  pm_test_ok(terms_same, "read back: the summary of every term");
  pm_test_ok(!b->eta && !b->mu, "read back: no per-row arrays");
}

static void check_design(const setup *s, const pm_model *m)
{
  const pm_design *a = s->d, *b = m->design;
  pm_model_matrix mm = {0};
  size_t i, j;
  int names = 1, blocks = 1, levels = 1;
  int status;

  pm_test_ok(strcmp(m->formula->text, FORMULA) == 0, "read back: formula text");
  pm_test_ok(b->p == a->p && b->nblocks == a->nblocks &&
                 b->npenalties == a->npenalties &&
                 b->nparametric == a->nparametric,
             "read back: design shape");
  for (j = 0; j < a->p && b->p == a->p; j++)
    names &= strcmp(a->colnames[j], b->colnames[j]) == 0;
  pm_test_ok(names, "read back: coefficient names");
  for (i = 0; i < a->nblocks && b->nblocks == a->nblocks; i++) {
    blocks &= strcmp(a->blocks[i].label, b->blocks[i].label) == 0 &&
              a->blocks[i].first == b->blocks[i].first &&
              a->blocks[i].ncoef == b->blocks[i].ncoef;
    levels &= a->blocks[i].nlevels == b->blocks[i].nlevels;
    for (j = 0; levels && j < a->blocks[i].nlevels; j++)
      levels &= strcmp(a->blocks[i].levels[j], b->blocks[i].levels[j]) == 0;
    levels &= a->blocks[i].nby_levels == b->blocks[i].nby_levels &&
              a->blocks[i].by_level == b->blocks[i].by_level;
    for (j = 0; levels && j < a->blocks[i].nby_levels; j++)
      levels &= strcmp(a->blocks[i].by_levels[j],
                       b->blocks[i].by_levels[j]) == 0;
  }
  pm_test_ok(blocks, "read back: blocks (label, first column, size)");
  pm_test_ok(levels, "read back: factor levels and by= levels");
  pm_test_ok(b->nblocks == 10 &&
                 strcmp(b->blocks[6].label, "s(z):x") == 0 &&
                 strcmp(b->blocks[7].label, "s(x):geast") == 0,
             "read back: the by= terms, one block per level of a factor by");
  status = pm_design_matrix(b, s->frame, 1, &mm);
  pm_test_ok(!status && mm.n == s->mm.n && mm.p == s->mm.p &&
                 same(mm.X, s->mm.X, mm.n * mm.p) &&
                 same(mm.offset, s->mm.offset, mm.n),
             "the read design makes the same model matrix");
  pm_model_matrix_free(&mm);
}

static void check_predict(const setup *s, const pm_gam_fit *fit,
                          const pm_model *m)
{
  size_t n = s->mm.n;
  double *e1 = malloc(6 * n * sizeof *e1), *s1 = e1 + n, *m1 = e1 + 2 * n,
         *e2 = e1 + 3 * n, *s2 = e1 + 4 * n, *m2 = e1 + 5 * n;
  int a = pm_gam_predict(fit, &s->mm, e1, s1, m1);
  int b = pm_gam_predict(m->fit, &s->mm, e2, s2, m2);

  pm_test_ok(!a && !b && same(e1, e2, n) && same(s1, s2, n) && same(m1, m2, n),
             "predictions of the read model equal those of the fit");
  free(e1);
}

static void round_trip(const char *path)
{
  setup s;
  pm_gam_fit *fit = NULL;
  pm_gam_options o;
  pm_model *m = NULL;
  pm_model_provenance prov = {
      pm_test_path("tests/data/model/model_file.csv"), "fit --test", NULL};
  char sha[PM_SHA256_HEX], *knots = NULL;
  int status = make_setup(&s);

  if (!pm_test_ok(!status, "design of the test formula: %s", pm_error_message())) {
    free_setup(&s);
    return;
  }
  fit = made_up_fit(s.d);
  pm_gam_options_default(&o, &fit->family);
  o.estimate_theta = 1;
  o.estimate_p = 0;
  status = pm_model_write(path, s.d, fit, &o, &prov);
  pm_test_ok(!status, "write a model file: %s", pm_error_message());
  status = pm_model_read(&m, path);
  pm_test_ok(!status, "read it back: %s", pm_error_message());
  if (!status) {
    check_fit(fit, m->fit);
    check_design(&s, m);
    check_predict(&s, fit, m);
    pm_test_ok(m->estimate_theta == 1 && m->estimate_p == 0,
               "read back: theta estimated, p not");
    pm_test_ok(pm_sha256_file(prov.data_path, sha) == PM_SUCCESS &&
                   strcmp(m->data_path, prov.data_path) == 0 &&
                   strcmp(m->data_sha256, sha) == 0,
               "read back: the data file and its SHA-256");
    pm_test_ok(strstr(m->history, "plankmap") && strstr(m->history, "fit --test"),
               "read back: history with the command line");
    pm_model_knots_text(m->formula, &knots);
    pm_test_ok(knots && strcmp(knots, "m=0.5,12.5") == 0,
               "read back: user knots (%s)", knots ? knots : "none");
    free(knots);
  }
  pm_model_free(m);
  free_made_up(fit);
  free_setup(&s);
}

/* A NetCDF file with one global text attribute. */
static void plain_netcdf(const char *path)
{
  int ncid;
  nc_create(path, NC_NETCDF4 | NC_CLOBBER, &ncid);
  nc_put_att_text(ncid, NC_GLOBAL, "title", 5, "other");
  nc_close(ncid);
}

/* Change a global attribute of an existing model file. */
static void edit_att(const char *path, const char *name, const char *text,
                     int number)
{
  int ncid;
  nc_open(path, NC_WRITE, &ncid);
  nc_redef(ncid);
  if (text)
    nc_put_att_text(ncid, NC_GLOBAL, name, strlen(text), text);
  else
    nc_put_att_int(ncid, NC_GLOBAL, name, NC_INT, 1, &number);
  nc_close(ncid);
}

static void copy_file(const char *from, const char *to, long bytes)
{
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  int c;
  while (in && out && bytes-- != 0 && (c = getc(in)) != EOF) putc(c, out);
  if (in) fclose(in);
  if (out) fclose(out);
}

static void bad_files(const char *good)
{
  char path[512], copy[512];
  pm_model *m = NULL;
  int status;

  snprintf(path, sizeof path, "%s/other.nc", dir);
  plain_netcdf(path);
  status = pm_model_read(&m, path);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "not a plankmap model file", "a NetCDF file that is no model");
  pm_test_ok(m == NULL, "no model is returned on error");
  status = pm_model_read(&m, pm_test_path("tests/data/model/model_file.csv"));
  pm_test_error(status, PM_EINPUT, pm_error_message(), "model_file.csv",
                "a CSV file is not a model file (names the file)");
  snprintf(copy, sizeof copy, "%s/truncated.nc", dir);
  copy_file(good, copy, 2000);
  status = pm_model_read(&m, copy);
  pm_test_ok(status != 0 && strstr(pm_error_message(), "truncated.nc"),
             "a truncated model file is an error naming it: %s",
             pm_error_message());
  snprintf(copy, sizeof copy, "%s/version.nc", dir);
  copy_file(good, copy, -1);
  edit_att(copy, "plankmap_model_format", NULL, 99);
  status = pm_model_read(&m, copy);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "layout version 99",
                "a model file of another layout version");
  snprintf(copy, sizeof copy, "%s/formula.nc", dir);
  copy_file(good, copy, -1);
  edit_att(copy, "formula", "y ~ x + s(z, bs='cr', k=5)", 0);
  status = pm_model_read(&m, copy);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "formula.nc",
                "a formula that does not match the stored terms");
  snprintf(copy, sizeof copy, "%s/family.nc", dir);
  copy_file(good, copy, -1);
  edit_att(copy, "family", "lognormal", 0);
  status = pm_model_read(&m, copy);
  pm_test_ok(status != 0 && strstr(pm_error_message(), "family.nc"),
             "an unknown family is an error naming the file: %s",
             pm_error_message());
}

static void bad_outputs(void)
{
  setup s;
  pm_gam_fit *fit;
  pm_gam_options o;
  char path[512];
  struct stat st;
  int status;

  if (make_setup(&s)) {
    free_setup(&s);
    return;
  }
  fit = made_up_fit(s.d);
  pm_gam_options_default(&o, &fit->family);
  status = pm_model_write("/nonexistent-plankmap-dir/m.nc", s.d, fit, &o, NULL);
  pm_test_error(status, PM_EIO, pm_error_message(), "/nonexistent-plankmap-dir/m.nc",
                "an output folder that does not exist");
  snprintf(path, sizeof path, "%s/mismatch.nc", dir);
  fit->p--;
  status = pm_model_write(path, s.d, fit, &o, NULL);
  fit->p++;
  pm_test_error(status, PM_EINPUT, pm_error_message(), "does not belong",
                "a fit of another design");
  pm_test_ok(stat(path, &st) != 0, "nothing written for it");
  snprintf(path, sizeof path, "%s/nodata.nc", dir);
  {
    pm_model_provenance prov = {"/nonexistent-plankmap-dir/t.csv", "fit", NULL};
    status = pm_model_write(path, s.d, fit, &o, &prov);
  }
  pm_test_ok(status != 0 && stat(path, &st) != 0,
             "a data file that cannot be hashed: error, nothing written");
  free_made_up(fit);
  free_setup(&s);
}

static void bad_knots(void)
{
  pm_formula *f = NULL;
  if (pm_formula_parse(&f, "y ~ s(m, bs='cc', k=5)")) return;
  pm_test_error(pm_model_set_knots(f, "m0.5,12.5"), PM_EUSAGE,
                pm_error_message(), "VAR=a,b", "knots without '='");
  pm_test_error(pm_model_set_knots(f, "m=0.5,x"), PM_EUSAGE,
                pm_error_message(), "not a list of numbers",
                "knots that are not numbers");
  pm_test_ok(pm_model_set_knots(f, "zz=1,2") != 0,
             "knots of a covariate no smooth uses");
  pm_formula_free(f);
}

int main(void)
{
  char path[512];

  if (!mkdtemp(dir)) return 99;
  snprintf(path, sizeof path, "%s/model.nc", dir);
  round_trip(path);
  bad_files(path);
  bad_outputs();
  bad_knots();
  if (pm_test_remove_dir(dir)) return 99;
  return pm_test_done();
}
