/* test_design.c: model matrices from formulas and tables: mgcv's column
 * order and names, treatment contrasts, offsets, na.omit, smooth blocks and
 * penalties, new data with unseen levels, and a design restored from its
 * saved state.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_design.h"
#include "pm_error.h"
#include "pm_test.h"

#include <unistd.h>

static char tmpdir[256];

static const char *write_file(const char *name, const char *text)
{
  return pm_test_write_file(tmpdir, name, text);
}

/* Parse `text` and read the columns it needs from `path`. */
static int load(const char *text, const char *path, pm_formula **f,
                pm_frame **frame)
{
  const char *const *names;
  size_t n;
  int status = pm_formula_parse(f, text);
  *frame = NULL;
  if (status) return status;
  pm_formula_columns(*f, &names, &n);
  return pm_frame_read_csv(frame, path, names, n);
}

static const char *profiles(void)
{
  return pm_test_path("tests/data/model/reference/profiles.csv");
}

static void glm_poisson(void)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL;
  pm_design *d = NULL;
  pm_model_matrix m = {0};
  int status = load("count_copepoda ~ temp + I(temp^2) + oxy + logdepth + "
                    "offset(log(volume_m3))",
                    profiles(), &f, &frame);

  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  if (status == PM_SUCCESS) status = pm_design_matrix(d, frame, 1, &m);
  if (!pm_test_ok(status == PM_SUCCESS, "glm_poisson design %s",
                  pm_error_message()))
    goto cleanup;
  pm_test_ok(m.n == 12000 && m.p == 5 && d->p == 5 && m.dropped == 0,
             "12000 x 5, nothing dropped");
  pm_test_ok(!strcmp(d->colnames[0], "(Intercept)") &&
                 !strcmp(d->colnames[1], "temp") &&
                 !strcmp(d->colnames[2], "I(temp^2)") &&
                 !strcmp(d->colnames[3], "oxy") &&
                 !strcmp(d->colnames[4], "logdepth"),
             "column names as R's");
  pm_test_ok(d->nparametric == 5 && d->npenalties == 0 && d->nblocks == 5,
             "all parametric, no penalty");
  pm_test_ok(m.X[0] == 1 && m.X[1] == 23.038, "row 1: 1, temp 23.038");
  pm_test_rel(m.X[2], 23.038 * 23.038, 1e-15, "X[0][2] = 23.038^2");
  pm_test_ok(m.X[3] == 224.16 && m.X[4] == 2.52572864430826,
             "row 1: oxy 224.16, logdepth");
  pm_test_rel(m.offset[0], log(0.8864), 1e-15, "offset[0] = log(0.8864)");
  pm_test_rel(m.offset[11999], log(0.1807), 1e-15,
              "offset of the last row = log(0.1807)");
  pm_test_ok(m.y[0] == 82 && m.y[1] == 66, "response: 82, 66");
  pm_test_ok(m.rows[11999] == 11999, "rows kept");
cleanup:
  pm_model_matrix_free(&m);
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
}

static const char small_csv[] =
    "site,x,depth,y,v\n"
    "BATS,1.5,10,3,0.5\n"
    "HOT,2,2.5,4,0.25\n"
    "ALOHA,NA,10,5,1\n"
    "BATS,-1,10,,1\n"
    "ALOHA,3,2.5,6,2\n";

static void factors(void)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL;
  pm_design *d = NULL;
  pm_model_matrix m = {0};
  const char *path = write_file("small.csv", small_csv);
  int status = load("y ~ factor(site) + x + factor(depth) + offset(log(v))",
                    path, &f, &frame);
  static const double X[3][5] = {{1, 1, 0, 1.5, 1},
                                 {1, 0, 1, 2, 0},
                                 {1, 0, 0, 3, 0}};
  size_t i, j, bad = 0;

  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  if (status == PM_SUCCESS) status = pm_design_matrix(d, frame, 1, &m);
  if (!pm_test_ok(status == PM_SUCCESS, "factor design %s",
                  pm_error_message()))
    goto cleanup;
  pm_test_ok(d->p == 5 && !strcmp(d->colnames[1], "factor(site)BATS") &&
                 !strcmp(d->colnames[2], "factor(site)HOT") &&
                 !strcmp(d->colnames[3], "x") &&
                 !strcmp(d->colnames[4], "factor(depth)10"),
             "treatment contrasts named as R's, numeric levels sorted "
             "(%s %s %s %s)",
             d->colnames[1], d->colnames[2], d->colnames[3], d->colnames[4]);
  pm_test_ok(d->blocks[3].nlevels == 2 &&
                 !strcmp(d->blocks[3].levels[0], "2.5"),
             "factor(depth) levels 2.5, 10");
  pm_test_ok(m.n == 3 && m.dropped == 2 && m.rows[0] == 0 && m.rows[1] == 1 &&
                 m.rows[2] == 4,
             "rows with a missing x or y dropped (na.omit)");
  for (i = 0; i < 3; i++)
    for (j = 0; j < 5; j++) bad += m.X[i * 5 + j] != X[i][j];
  pm_test_ok(bad == 0, "model matrix by hand (%zu cells differ)", bad);
  pm_test_rel(m.offset[1], log(0.25), 1e-15, "offset log(0.25)");
  pm_model_matrix_free(&m);

  status = pm_design_matrix(d, frame, 0, &m);
  pm_test_ok(status == PM_SUCCESS && m.n == 4 && m.dropped == 1 &&
                 m.y == NULL,
             "without the response, only the row with a missing x drops");
  pm_model_matrix_free(&m);
cleanup:
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
}

static void no_intercept(void)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL;
  pm_design *d = NULL;
  int status = load("y ~ factor(site) + factor(depth) - 1",
                    write_file("small.csv", small_csv), &f, &frame);

  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  pm_test_ok(status == PM_SUCCESS && d->p == 4 &&
                 !strcmp(d->colnames[0], "factor(site)ALOHA") &&
                 !strcmp(d->colnames[3], "factor(depth)10"),
             "no intercept: the first factor keeps every level");
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
}

/* Fit on small.csv, predict on `newdata`: the expected error. */
static void new_data_error(const char *formula, const char *newdata,
                           const char *fragment, const char *what)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL, *frame2 = NULL;
  pm_design *d = NULL;
  pm_model_matrix m = {0};
  const char *const *names;
  size_t n;
  int status = load(formula, write_file("small.csv", small_csv), &f, &frame);

  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  if (status == PM_SUCCESS) {
    pm_formula_columns(f, &names, &n);
    status = pm_frame_read_csv(&frame2, write_file("new.csv", newdata),
                               names + 1, n - 1);
  }
  if (status == PM_SUCCESS) status = pm_design_matrix(d, frame2, 0, &m);
  pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s", what);
  pm_model_matrix_free(&m);
  pm_design_free(d);
  pm_frame_free(frame2);
  pm_frame_free(frame);
  pm_formula_free(f);
}

static void errors(void)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL;
  pm_design *d = NULL;
  int status;

  new_data_error("y ~ factor(site) + x", "site,x\nBATS,1\nEXPORTS,2\n",
                 "new.csv:3: column 'site' has the level 'EXPORTS', which "
                 "the model did not see",
                 "an unseen level names the column, level and line");
  new_data_error("y ~ factor(depth) + x", "depth,x\n10,1\n2.5,2\n7,1\n",
                 "new.csv:4: column 'depth' has the level '7'",
                 "an unseen value of a numeric factor");
  new_data_error("y ~ x + offset(log(v))", "x,v\n1,1\n2,0.5\n3,0\n",
                 "offset(log(v)): log of 0 (the value must be positive) at ",
                 "log of 0 names the term");
  new_data_error("y ~ x + offset(log(v))", "x,v\n1,1\n2,0.5\n3,0\n",
                 "new.csv:4", "log of 0 names the line");
  new_data_error("y ~ I(1/x)", "x\n1\n0\n", "I(1/x): division of 1 by 0",
                 "division by zero");

  status = load("y ~ x + site", write_file("small.csv", small_csv), &f,
                &frame);
  if (status == PM_SUCCESS) {
    pm_model_matrix m = {0};
    status = pm_design_alloc(&d, f, frame);
    if (status == PM_SUCCESS) status = pm_design_matrix(d, frame, 1, &m);
    pm_model_matrix_free(&m);
  }
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "column 'site' of", "a text column used as a number");
  pm_test_ok(strstr(pm_error_message(), "factor(site)") != NULL,
             "the message suggests factor(site)");
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
  d = NULL;

  status = load("y ~ factor(site)",
                write_file("one.csv", "site,y\nBATS,1\nBATS,2\nHOT,NA\n"), &f,
                &frame);
  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "only 1 level in the rows used",
                "a factor with one level in the rows used");
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
}

/* by=: a factor by gives one block per level, zero on the other levels'
 * rows; a numeric by multiplies the rows and drops the constraint. */
static void by_terms(void)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL;
  pm_design *d = NULL;
  pm_model_matrix m = {0};
  size_t i, j, zero = 1, scaled = 1;
  int status = load("count_copepoda ~ s(temp, bs='cr', k=5, by=profile_id) + "
                    "s(logdepth, bs='cr', k=5, by=oxy) + s(logdepth, bs='cr', "
                    "k=5)", profiles(), &f, &frame);
  const pm_column *oxy = NULL;

  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  if (status == PM_SUCCESS) status = pm_design_matrix(d, frame, 1, &m);
  if (!pm_test_ok(status == PM_SUCCESS, "by= design: %s", pm_error_message()))
    goto cleanup;
  pm_frame_column(frame, "oxy", &oxy);
  pm_test_ok(d->nblocks == 303 &&
                 !strcmp(d->blocks[1].label, "s(temp):profile_idP00001") &&
                 !strcmp(d->blocks[301].label, "s(logdepth):oxy") &&
                 d->blocks[1].ncoef == 4 && d->blocks[301].ncoef == 5 &&
                 d->npenalties == 302,
             "a factor by: one centred smooth per level; a numeric by: no "
             "constraint");
  for (i = 40; i < m.n; i++) /* rows of the second profile on */
    for (j = 0; j < 4; j++) zero &= m.X[i * m.p + d->blocks[1].first + j] == 0;
  pm_test_ok(zero, "a level's smooth is zero on the other levels' rows");
  for (i = 0; i < m.n; i++) {
    double by = oxy->x[m.rows[i]], a = m.X[i * m.p + d->blocks[301].first];
    scaled &= fabs(a) <= fabs(by) * 1.0000001; /* basis values within 0..1 */
  }
  pm_test_ok(scaled && m.X[d->blocks[301].first] != 0,
             "a numeric by multiplies the rows");
cleanup:
  pm_model_matrix_free(&m);
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
}

static void by_errors(void)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL;
  pm_design *d = NULL;
  pm_model_matrix m = {0};
  int status;

  new_data_error("y ~ s(x, bs='cr', k=3, by=site)",
                 "site,x\nBATS,1\nEXPORTS,2\n",
                 "new.csv:3: column 'site' has the level 'EXPORTS', which "
                 "the model did not see when it was fitted (s(x):site has 3 "
                 "levels",
                 "factor by: an unseen level names the column, level and line");
  status = load("y ~ s(x, bs='cr', k=3, by=site)",
                write_file("small.csv", small_csv), &f, &frame);
  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  if (status == PM_SUCCESS) status = pm_design_matrix(d, frame, 1, &m);
  pm_test_ok(status == PM_SUCCESS && m.n == 3 && m.dropped == 2 &&
                 d->nblocks == 4,
             "factor by: rows with a missing value are left out %s",
             pm_error_message());
  pm_model_matrix_free(&m);
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
  d = NULL;

  status = pm_formula_parse(&f, "y ~ s(x, bs='cr', k=3, by=nope)");
  if (status == PM_SUCCESS)
    status = pm_frame_read_csv(&frame, write_file("small.csv", small_csv),
                               (const char *[]){"y", "x"}, 2);
  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "term 's(x):nope': by=nope: ",
                "a by= column that is not in the data quotes the term");
  pm_test_ok(strstr(pm_error_message(), "column 'nope'") != NULL,
             "and names the column");
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
}

/* The design's state as a model file keeps it, and the restored design. */
static int restore(const pm_design *d, pm_design **out)
{
  pm_design_block_state st[16];
  const char *names[16][32];
  const double *arrays[16][32];
  size_t lens[16][32], b, i;

  memset(st, 0, sizeof st);
  for (b = 0; b < d->nblocks && b < 16; b++) {
    st[b].nlevels = d->blocks[b].nlevels;
    st[b].levels = (const char *const *)d->blocks[b].levels;
    if (!d->blocks[b].smooth) continue;
    st[b].narrays = pm_smooth_narrays(d->blocks[b].smooth);
    for (i = 0; i < st[b].narrays && i < 32; i++)
      pm_smooth_array(d->blocks[b].smooth, i, &names[b][i], &arrays[b][i],
                      &lens[b][i]);
    st[b].array_names = names[b];
    st[b].arrays = arrays[b];
    st[b].array_lens = lens[b];
  }
  return pm_design_restore(out, d->formula, st, d->nblocks);
}

static void smooths(void)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL;
  pm_design *d = NULL, *r = NULL;
  pm_model_matrix m = {0}, m2 = {0};
  size_t j, same = 1;
  int status = load("count_copepoda ~ s(temp, bs='cr', k=10) + month + "
                    "s(logdepth, bs='cr', k=8) + s(profile_id, bs='re') + "
                    "te(temp, logdepth, bs='cr', k=c(4,4)) + "
                    "offset(log(volume_m3))",
                    profiles(), &f, &frame);

  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  if (status == PM_SUCCESS) status = pm_design_matrix(d, frame, 1, &m);
  if (!pm_test_ok(status == PM_SUCCESS, "smooth design %s",
                  pm_error_message()))
    goto cleanup;
  pm_test_ok(d->nparametric == 2 && !strcmp(d->colnames[1], "month") &&
                 !strcmp(d->colnames[2], "s(temp).1") &&
                 !strcmp(d->colnames[10], "s(temp).9") &&
                 !strcmp(d->colnames[11], "s(logdepth).1"),
             "parametric first, then smooth blocks in formula order (%s)",
             d->colnames[2]);
  pm_test_ok(d->blocks[4].nlevels == 300 && d->blocks[4].ncoef == 300 &&
                 !strcmp(d->colnames[d->blocks[4].first + 299],
                         "s(profile_id).300"),
             "re block: 300 levels, 300 columns");
  pm_test_ok(d->p == 2 + 9 + 7 + 300 + 15, "p = 2 + 9 + 7 + 300 + 15 (%zu)",
             d->p);
  pm_test_ok(d->npenalties == 5 && !strcmp(d->penalties[0].label, "s(temp)") &&
                 !strcmp(d->penalties[2].label, "s(profile_id)") &&
                 !strcmp(d->penalties[3].label, "te(temp,logdepth)1") &&
                 !strcmp(d->penalties[4].label, "te(temp,logdepth)2") &&
                 d->penalties[4].first == d->blocks[5].first &&
                 d->penalties[4].ncoef == 15,
             "penalties labelled as mgcv's smoothing parameters");
  pm_test_ok(m.X[d->blocks[4].first] == 1 && m.X[d->blocks[4].first + 1] == 0,
             "row 1 is in profile P00001");

  status = restore(d, &r);
  if (status == PM_SUCCESS) status = pm_design_matrix(r, frame, 1, &m2);
  if (pm_test_ok(status == PM_SUCCESS, "restored design %s",
                 pm_error_message())) {
    for (j = 0; j < d->p; j++) same &= !strcmp(d->colnames[j], r->colnames[j]);
    pm_test_ok(same && r->p == d->p && r->npenalties == d->npenalties,
               "restored: same columns and penalties");
    pm_test_ok(m2.n == m.n &&
                   !memcmp(m.X, m2.X, m.n * m.p * sizeof *m.X) &&
                   !memcmp(m.offset, m2.offset, m.n * sizeof *m.offset),
               "restored: identical model matrix");
  }
cleanup:
  pm_model_matrix_free(&m);
  pm_model_matrix_free(&m2);
  pm_design_free(r);
  pm_design_free(d);
  pm_frame_free(frame);
  pm_formula_free(f);
}

static void re_unseen(void)
{
  pm_formula *f = NULL;
  pm_frame *frame = NULL, *frame2 = NULL;
  pm_design *d = NULL;
  pm_model_matrix m = {0};
  const char *names[] = {"temp", "profile_id"};
  int status = load("count_copepoda ~ s(temp, k=5) + s(profile_id, bs='re')",
                    profiles(), &f, &frame);

  if (status == PM_SUCCESS) status = pm_design_alloc(&d, f, frame);
  if (status == PM_SUCCESS)
    status = pm_frame_read_csv(
        &frame2,
        write_file("re.csv", "temp,profile_id\n10,P00002\n12,P99999\n"), names,
        2);
  if (status == PM_SUCCESS) status = pm_design_matrix(d, frame2, 0, &m);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "re.csv:3: column 'profile_id' has the level 'P99999'",
                "re smooth: an unseen level in new data");
  pm_model_matrix_free(&m);
  pm_design_free(d);
  pm_frame_free(frame2);
  pm_frame_free(frame);
  pm_formula_free(f);
}

int main(void)
{
  const char *base = getenv("TMPDIR");
  int rc;

  snprintf(tmpdir, sizeof tmpdir, "%s/test_design.XXXXXX",
           base ? base : "/tmp");
  if (!mkdtemp(tmpdir)) return 99;
  glm_poisson();
  factors();
  no_intercept();
  errors();
  smooths();
  re_unseen();
  by_terms();
  by_errors();
  rc = pm_test_done();
  if (pm_test_remove_dir(tmpdir)) return 99;
  return rc;
}
