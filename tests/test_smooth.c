/* test_smooth.c: the smooth bases against mgcv 1.8-41's smoothCon/PredictMat.
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_multifit.h>

#include "pm_error.h"
#include "pm_smooth.h"
#include "pm_test.h"

#define NFIT 400
#define NNEW 6

static double temp[NFIT], logdepth[NFIT], month[NFIT];
static int profile[NFIT];
static double ntemp[NNEW], nlogdepth[NNEW], nmonth[NNEW];
static const char *plevels[] = {"P00001", "P00002", "P00003", "P00004",
                                "P00005", "P00006", "P00007", "P00008",
                                "P00009", "P00010"};

/* A comma-separated numeric file: *nr rows of *nc values (header skipped
 * when `header`). */
static double *read_csv(const char *name, int header, size_t *nr, size_t *nc)
{
  char path[256], line[65536];
  FILE *f;
  double *v = NULL;
  size_t n = 0, cap = 0;
  snprintf(path, sizeof path, "tests/data/model/smooth/%s", name);
  f = fopen(pm_test_path(path), "r");
  if (!f) return NULL;
  *nr = *nc = 0;
  while (fgets(line, sizeof line, f)) {
    size_t c = 0;
    if (header-- > 0) continue;
    for (char *tok = strtok(line, ",\n"); tok; tok = strtok(NULL, ",\n")) {
      if (n == cap) v = realloc(v, (cap = cap ? 2 * cap : 256) * sizeof *v);
      v[n++] = strtod(tok, NULL);
      c++;
    }
    *nc = c;
    (*nr)++;
  }
  fclose(f);
  return v;
}

static int load_data(void)
{
  size_t nr, nc;
  double *d = read_csv("data.csv", 1, &nr, &nc);
  if (!d || nr != NFIT || nc != 4) return 0;
  for (size_t i = 0; i < NFIT; i++) {
    temp[i] = d[4 * i];
    logdepth[i] = d[4 * i + 1];
    month[i] = d[4 * i + 2];
    profile[i] = (int)d[4 * i + 3];
  }
  free(d);
  d = read_csv("new.csv", 1, &nr, &nc);
  if (!d || nr != NNEW || nc != 3) return 0;
  for (size_t i = 0; i < NNEW; i++) {
    ntemp[i] = d[3 * i];
    nlogdepth[i] = d[3 * i + 1];
    nmonth[i] = d[3 * i + 2];
  }
  free(d);
  return 1;
}

/* Largest |a - b| / max(1, |b|) over n values. */
static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static const char *pm_basis_name(pm_basis_kind k)
{
  return k == PM_BASIS_TP ? "tp" : k == PM_BASIS_TS ? "ts" : "cs";
}

static double maxdiff(const double *a, const double *b, size_t n)
{
  double worst = 0;
  for (size_t i = 0; i < n; i++) {
    double d = fabs(a[i] - b[i]) / fmax(1, fabs(b[i]));
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

static void check_matrix(const double *got, size_t nr, size_t nc,
                         const char *file, const char *what)
{
  size_t er, ec;
  double *want = read_csv(file, 0, &er, &ec);
  int ok = want && er == nr && ec == nc;
  double d = ok ? maxdiff(got, want, nr * nc) : INFINITY;
  pm_test_ok(ok && d <= 1e-8, "%s equals mgcv's %s (%zu x %zu, max diff %.2g)",
             what, file, nr, nc, d);
  free(want);
}

typedef struct {
  const char *name;
  pm_term term;
  const pm_column *fit[2], *pred[2];
  size_t npred, pred0; /* rows of new.csv predicted */
  size_t rank;
} tcase;

static void check_case(const tcase *c)
{
  pm_smooth *s = NULL, *r = NULL;
  char file[64], what[96];
  int status = pm_smooth_alloc(&s, &c->term, c->fit, NULL, NFIT);
  if (!pm_test_ok(status == 0, "%s sets up (%s)", c->term.label,
                  pm_error_message()))
    return;
  size_t q = pm_smooth_ncoef(s);
  double *X = malloc(20 * q * sizeof *X), *P = malloc(NNEW * q * sizeof *P);
  size_t rows[NNEW];
  for (size_t i = 0; i < c->npred; i++) rows[i] = c->pred0 + i;
  pm_smooth_design(s, c->fit, NULL, 20, X, q);
  snprintf(file, sizeof file, "%s_X.csv", c->name);
  snprintf(what, sizeof what, "%s design of the fitting rows", c->term.label);
  check_matrix(X, 20, q, file, what);
  if (c->npred) {
    status = pm_smooth_design(s, c->pred, rows, c->npred, P, q);
    pm_test_ok(status == 0, "%s predicts (%s)", c->term.label,
               pm_error_message());
    snprintf(file, sizeof file, "%s_P.csv", c->name);
    snprintf(what, sizeof what, "%s design of new rows", c->term.label);
    check_matrix(P, c->npred, q, file, what);
  }
  for (size_t j = 0; j < pm_smooth_npenalties(s); j++) {
    snprintf(file, sizeof file, "%s_S%zu.csv", c->name, j + 1);
    snprintf(what, sizeof what, "%s penalty %zu", c->term.label, j + 1);
    check_matrix(pm_smooth_penalty(s, j), q, q, file, what);
  }
  pm_test_ok(pm_smooth_penalty_rank(s) == c->rank, "%s penalty rank %zu (%zu)",
             c->term.label, pm_smooth_penalty_rank(s), c->rank);

  /* restore from the arrays: the same block and penalties */
  size_t na = pm_smooth_narrays(s);
  const char *names[64];
  const double *vals[64];
  size_t lens[64];
  for (size_t a = 0; a < na; a++)
    pm_smooth_array(s, a, &names[a], &vals[a], &lens[a]);
  status = pm_smooth_restore(&r, &c->term, names, vals, lens, na);
  if (pm_test_ok(status == 0 && pm_smooth_ncoef(r) == q,
                 "%s restores from %zu arrays (%s)", c->term.label, na,
                 pm_error_message())) {
    double *Y = malloc(20 * q * sizeof *Y), d = 0;
    pm_smooth_design(r, c->fit, NULL, 20, Y, q);
    d = maxdiff(Y, X, 20 * q);
    for (size_t j = 0; j < pm_smooth_npenalties(s); j++)
      d = fmax(d, maxdiff(pm_smooth_penalty(r, j), pm_smooth_penalty(s, j),
                          q * q));
    pm_test_ok(d <= 1e-13, "%s restored design and penalties equal (%.2g)",
               c->term.label, d);
    free(Y);
  }
  pm_smooth_free(r);
  free(X);
  free(P);
  pm_smooth_free(s);
}

/* A one-margin or two-margin term. */
static pm_term term(pm_term_kind kind, const char *label, size_t nv,
                    char **vars, pm_basis_kind *bs, int *k, int *m,
                    double **knots, size_t *nknots)
{
  pm_term t = {0};
  t.kind = kind;
  t.label = (char *)label;
  t.nvars = nv;
  t.vars = vars;
  t.bs = bs;
  t.k = k;
  t.m = m;
  t.knots = knots;
  t.nknots = nknots;
  return t;
}

static char *v_temp[] = {"temp"}, *v_month[] = {"month"},
            *v_prof[] = {"profile_id"}, *v_te[] = {"temp", "logdepth"};
static pm_basis_kind b_cr[] = {PM_BASIS_CR, PM_BASIS_CR},
                     b_cc[] = {PM_BASIS_CC}, b_ps[] = {PM_BASIS_PS},
                     b_re[] = {PM_BASIS_RE}, b_pscr[] = {PM_BASIS_PS, PM_BASIS_CR};
static pm_basis_kind b_tp[] = {PM_BASIS_TP}, b_ts[] = {PM_BASIS_TS},
                     b_cs[] = {PM_BASIS_CS},
                     b_tp2[] = {PM_BASIS_TP, PM_BASIS_TP};
static int k10[] = {10}, k6[] = {6, 6}, k12[] = {12, 12}, k1[] = {1},
           k75[] = {7, 5}, m2[] = {2, 2}, m0[] = {0, 0};
static double cc_ends[] = {0.5, 12.5}, *kn_cc[] = {cc_ends};
static size_t nkn_cc[] = {2};

static void error_cases(const pm_column *c_temp, const pm_column *c_prof)
{
  pm_smooth *s = NULL;
  const pm_column *cols[1];
  double few[NFIT];
  pm_column c_few = {"few", few, NULL, 0, NULL};
  int status;
  for (size_t i = 0; i < NFIT; i++) few[i] = (double)(i % 7);
  pm_term t = term(PM_TERM_SMOOTH, "s(few)", 1, (char *[]){"few"}, b_cr, k10,
                   NULL, NULL, NULL);
  cols[0] = &c_few;
  status = pm_smooth_alloc(&s, &t, cols, NULL, NFIT);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "s(few): 'few' has 7 unique values, too few for k = 10",
                "k above the number of unique values is an error");
  cols[0] = c_prof;
  t = term(PM_TERM_SMOOTH, "s(profile_id)", 1, v_prof, b_cr, k10, NULL, NULL,
           NULL);
  status = pm_smooth_alloc(&s, &t, cols, NULL, NFIT);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "column 'profile_id' is text; a cr smooth needs numbers",
                "a text column for cr is an error");
  t = term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_cr, (int[]){2}, NULL,
           NULL, NULL);
  cols[0] = c_temp;
  status = pm_smooth_alloc(&s, &t, cols, NULL, NFIT);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "k = 2 is too small for a cr smooth", "k below 3 for cr");

  /* ps: far outside the knot range */
  t = term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_ps, k12, m2, NULL, NULL);
  status = pm_smooth_alloc(&s, &t, cols, NULL, NFIT);
  if (pm_test_ok(status == 0, "ps sets up for the range test")) {
    double xfar = 80, row[12];
    pm_column c_far = {"temp", &xfar, NULL, 0, NULL};
    cols[0] = &c_far;
    status = pm_smooth_design(s, cols, NULL, 1, row, 11);
    pm_test_error(status, PM_EINPUT, pm_error_message(),
                  "'temp' = 80 is outside the knot range",
                  "ps prediction outside the knot range is an error");
    pm_smooth_free(s);
    s = NULL;
  }

  /* re: a level that was not in the fitting rows */
  size_t rows[40];
  for (size_t i = 0; i < 40; i++) rows[i] = i; /* profile P00001 only */
  t = term(PM_TERM_SMOOTH, "s(profile_id)", 1, v_prof, b_re, k1, NULL, NULL,
           NULL);
  cols[0] = c_prof;
  status = pm_smooth_alloc(&s, &t, cols, rows, 40);
  if (pm_test_ok(status == 0 && pm_smooth_ncoef(s) == 1,
                 "re keeps only the levels of the fitting rows")) {
    double row[1];
    size_t r41 = 40;
    status = pm_smooth_design(s, cols, &r41, 1, row, 1);
    pm_test_error(status, PM_EINPUT, pm_error_message(),
                  "was not in the data the model was fitted to",
                  "an unseen random-effect level is an error");
    pm_smooth_free(s);
    s = NULL;
  }

  /* a missing covariate value */
  double nan_x[1] = {NAN}, row[9];
  pm_column c_nan = {"temp", nan_x, NULL, 0, NULL};
  t = term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_cr, k10, NULL, NULL, NULL);
  cols[0] = c_temp;
  if (pm_smooth_alloc(&s, &t, cols, NULL, NFIT) == 0) {
    cols[0] = &c_nan;
    status = pm_smooth_design(s, cols, NULL, 1, row, 9);
    pm_test_error(status, PM_EINPUT, pm_error_message(),
                  "'temp' is missing in row 1", "a missing value is an error");
    pm_smooth_free(s);
  }
}

/* Rows chosen through `rows` give the rows of the full design. */
static void check_row_subset(const pm_column *c_temp)
{
  pm_smooth *s = NULL;
  const pm_column *cols[1] = {c_temp};
  pm_term t = term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_cr, k10, NULL,
                   NULL, NULL);
  double all[20 * 9], some[3 * 9], d = 0;
  size_t rows[3] = {19, 0, 7};
  if (pm_smooth_alloc(&s, &t, cols, NULL, NFIT)) return;
  pm_smooth_design(s, cols, NULL, 20, all, 9);
  pm_smooth_design(s, cols, rows, 3, some, 9);
  for (size_t i = 0; i < 3; i++)
    d = fmax(d, maxdiff(some + 9 * i, all + 9 * rows[i], 9));
  pm_test_ok(d == 0, "design of chosen rows equals those rows of the block");
  pm_smooth_free(s);
}

/* The restored smooth designs the same block of the n fitting rows. */
static void check_restore(const pm_smooth *s, const pm_term *t,
                          const pm_column *const *cols, size_t n)
{
  size_t na = pm_smooth_narrays(s), q = pm_smooth_ncoef(s), lens[64];
  const char *names[64];
  const double *vals[64];
  pm_smooth *r = NULL;
  double *X = malloc(n * q * sizeof *X), *Y = malloc(n * q * sizeof *Y);
  for (size_t a = 0; a < na; a++)
    pm_smooth_array(s, a, &names[a], &vals[a], &lens[a]);
  int status = pm_smooth_restore(&r, t, names, vals, lens, na);
  if (pm_test_ok(status == 0 && X && Y, "%s (%s) restores (%s)", t->label,
                 pm_basis_name(t->bs[0]), pm_error_message())) {
    double d;
    pm_smooth_design(s, cols, NULL, n, X, q);
    pm_smooth_design(r, cols, NULL, n, Y, q);
    d = maxdiff(X, Y, n * q);
    d = fmax(d, maxdiff(pm_smooth_penalty(r, 0), pm_smooth_penalty(s, 0),
                        q * q));
    pm_test_ok(d == 0, "%s (%s): the restored design and penalty are the "
               "same (%.2g)", t->label, pm_basis_name(t->bs[0]), d);
  }
  pm_smooth_free(r);
  free(X);
  free(Y);
}

/* Eigenvalues of the ncoef x ncoef penalty into w (ascending). */
static int penalty_eigen(const pm_smooth *s, double *w)
{
  size_t q = pm_smooth_ncoef(s);
  gsl_matrix *A = gsl_matrix_alloc(q, q);
  gsl_vector *v = gsl_vector_alloc(q);
  gsl_eigen_symm_workspace *ws = gsl_eigen_symm_alloc(q);
  memcpy(A->data, pm_smooth_penalty(s, 0), q * q * sizeof *w);
  int status = gsl_eigen_symm(A, v, ws);
  for (size_t i = 0; i < q; i++) w[i] = gsl_vector_get(v, i);
  qsort(w, q, sizeof *w, cmp_double);
  gsl_eigen_symm_free(ws);
  gsl_vector_free(v);
  gsl_matrix_free(A);
  return status;
}

/* A thin-plate smooth (tp, ts) or cs: the constraint holds over the
 * fitting rows and the penalty has `zeros` zero eigenvalues, the others
 * positive. */
static void check_penalized(const pm_term *t, const pm_column *const *cols,
                            size_t zeros, size_t rank)
{
  pm_smooth *s = NULL;
  int status = pm_smooth_alloc(&s, t, cols, NULL, NFIT);
  if (!pm_test_ok(status == 0, "%s (%s) sets up (%s)", t->label,
                  pm_basis_name(t->bs[0]), pm_error_message()))
    return;
  size_t q = pm_smooth_ncoef(s);
  double *X = malloc(NFIT * q * sizeof *X), *w = malloc(q * sizeof *w);
  double colsum = 0, top;
  pm_smooth_design(s, cols, NULL, NFIT, X, q);
  for (size_t j = 0; j < q; j++) {
    double sum = 0;
    for (size_t i = 0; i < NFIT; i++) sum += X[i * q + j];
    colsum = fmax(colsum, fabs(sum));
  }
  pm_test_ok(colsum < 1e-10, "%s (%s): columns sum to zero (%.2g)",
             t->label, pm_basis_name(t->bs[0]), colsum);
  penalty_eigen(s, w);
  top = w[q - 1];
  pm_test_ok(pm_smooth_penalty_rank(s) == rank &&
                 (zeros == 0 || fabs(w[zeros - 1]) < 1e-10 * top) &&
                 w[zeros] > 1e-10 * top,
             "%s (%s): penalty rank %zu (%zu), %zu zero eigenvalue(s)",
             t->label, pm_basis_name(t->bs[0]), pm_smooth_penalty_rank(s),
             rank, zeros);
  check_restore(s, t, cols, NFIT);
  free(X);
  free(w);
  pm_smooth_free(s);
}

/* The unpenalized part of s(temp, logdepth) (tp, m=2) is the plane
 * a temp + b logdepth: the design's null-space directions fit it. */
static void check_tp_null_space(const pm_column *const *cols)
{
  pm_smooth *s = NULL;
  pm_term t = term(PM_TERM_SMOOTH, "s(temp,logdepth)", 2, v_te, b_tp2, k12,
                   m0, NULL, NULL);
  if (!pm_test_ok(pm_smooth_alloc(&s, &t, cols, NULL, NFIT) == 0,
                  "s(temp,logdepth) sets up (%s)", pm_error_message()))
    return;
  size_t q = pm_smooth_ncoef(s);
  gsl_matrix *A = gsl_matrix_alloc(q, q), *V = gsl_matrix_alloc(q, q);
  gsl_vector *v = gsl_vector_alloc(q);
  gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(q);
  double *X = malloc(NFIT * q * sizeof *X), worst = 0;
  memcpy(A->data, pm_smooth_penalty(s, 0), q * q * sizeof *X);
  gsl_eigen_symmv(A, v, V, ws);
  gsl_eigen_symmv_sort(v, V, GSL_EIGEN_SORT_VAL_ASC);
  pm_smooth_design(s, cols, NULL, NFIT, X, q);
  for (size_t z = 0; z < 2; z++) { /* f = X v_z, then f - fitted plane */
    double f[NFIT], c[3] = {0}, chisq;
    gsl_matrix *P = gsl_matrix_alloc(NFIT, 3), *cov = gsl_matrix_alloc(3, 3);
    gsl_vector_view fv = gsl_vector_view_array(f, NFIT),
                    cv = gsl_vector_view_array(c, 3);
    gsl_multifit_linear_workspace *lw = gsl_multifit_linear_alloc(NFIT, 3);
    for (size_t i = 0; i < NFIT; i++) {
      f[i] = 0;
      for (size_t j = 0; j < q; j++)
        f[i] += X[i * q + j] * gsl_matrix_get(V, j, z);
      gsl_matrix_set(P, i, 0, 1);
      gsl_matrix_set(P, i, 1, temp[i]);
      gsl_matrix_set(P, i, 2, logdepth[i]);
    }
    gsl_multifit_linear(P, &fv.vector, &cv.vector, cov, &chisq, lw);
    worst = fmax(worst, sqrt(chisq / NFIT));
    gsl_multifit_linear_free(lw);
    gsl_matrix_free(P);
    gsl_matrix_free(cov);
  }
  pm_test_ok(worst < 1e-8, "s(temp,logdepth): the penalty's null space is "
             "the plane in temp and logdepth (residual %.2g)", worst);
  free(X);
  gsl_eigen_symmv_free(ws);
  gsl_vector_free(v);
  gsl_matrix_free(A);
  gsl_matrix_free(V);
  pm_smooth_free(s);
}

/* Above max.knots distinct values, that many knots, the same each time. */
static void check_max_knots(const pm_column *c_temp)
{
  const pm_column *cols[1] = {c_temp};
  pm_term t = term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_tp, k10, m0, NULL,
                   NULL);
  pm_smooth *s[2] = {NULL, NULL};
  size_t len[2] = {0, 0};
  const double *kn[2] = {NULL, NULL};
  t.max_knots = 50;
  for (size_t r = 0; r < 2; r++) {
    const char *name;
    if (pm_smooth_alloc(&s[r], &t, cols, NULL, NFIT)) break;
    for (size_t a = 0; a < pm_smooth_narrays(s[r]); a++) {
      const double *v;
      size_t n;
      pm_smooth_array(s[r], a, &name, &v, &n);
      if (!strcmp(name, "margin0_knots")) kn[r] = v, len[r] = n;
    }
  }
  pm_test_ok(len[0] == 50 && len[1] == 50 && kn[0] && kn[1] &&
                 !memcmp(kn[0], kn[1], 50 * sizeof *kn[0]),
             "max.knots = 50: 50 knots (%zu), the same each time", len[0]);
  pm_smooth_free(s[0]);
  pm_smooth_free(s[1]);
}

static void thin_plate(const pm_column *c_temp, const pm_column *c_logd)
{
  const pm_column *one[1] = {c_temp}, *two[2] = {c_temp, c_logd};
  pm_term tp = term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_tp, k10, m0,
                    NULL, NULL);
  pm_term ts = term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_ts, k10, m0,
                    NULL, NULL);
  pm_term cs = term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_cs, k10, NULL,
                    NULL, NULL);
  pm_term tp2 = term(PM_TERM_SMOOTH, "s(temp,logdepth)", 2, v_te, b_tp2,
                     k12, m0, NULL, NULL);
  /* tp: k - M zero-free directions, M - 1 zeros left after the constraint */
  check_penalized(&tp, one, 1, 8);
  check_penalized(&ts, one, 0, 9);
  check_penalized(&cs, one, 0, 9);
  check_penalized(&tp2, two, 2, 9);
  check_tp_null_space(two);
  check_max_knots(c_temp);
}

int main(void)
{
  if (!pm_test_ok(load_data(), "oracle data read")) return pm_test_done();
  pm_column c_temp = {"temp", temp, NULL, 0, NULL};
  pm_column c_logd = {"logdepth", logdepth, NULL, 0, NULL};
  pm_column c_month = {"month", month, NULL, 0, NULL};
  pm_column c_prof = {"profile_id", NULL, profile, 10, plevels};
  pm_column n_temp = {"temp", ntemp, NULL, 0, NULL};
  pm_column n_logd = {"logdepth", nlogdepth, NULL, 0, NULL};
  pm_column n_month = {"month", nmonth, NULL, 0, NULL};
  tcase cases[] = {
      {"cr", term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_cr, k10, NULL, NULL,
                  NULL),
       {&c_temp}, {&n_temp}, NNEW, 0, 8},
      {"cc", term(PM_TERM_SMOOTH, "s(month)", 1, v_month, b_cc, k6, NULL,
                  kn_cc, nkn_cc),
       {&c_month}, {&n_month}, NNEW, 0, 4},
      {"ps", term(PM_TERM_SMOOTH, "s(temp)", 1, v_temp, b_ps, k12, m2, NULL,
                  NULL),
       {&c_temp}, {&n_temp}, NNEW, 0, 10},
      {"re", term(PM_TERM_SMOOTH, "s(profile_id)", 1, v_prof, b_re, k1, NULL,
                  NULL, NULL),
       {&c_prof}, {NULL}, 0, 0, 10},
      {"te", term(PM_TERM_TENSOR, "te(temp,logdepth)", 2, v_te, b_cr, k6,
                  NULL, NULL, NULL),
       {&c_temp, &c_logd}, {&n_temp, &n_logd}, NNEW, 0, 32},
      {"teps", term(PM_TERM_TENSOR, "te(temp,logdepth)", 2, v_te, b_pscr,
                    k75, m2, NULL, NULL),
       {&c_temp, &c_logd}, {&n_temp, &n_logd}, NNEW, 0, 31},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    check_case(&cases[i]);
  check_row_subset(&c_temp);
  thin_plate(&c_temp, &c_logd);
  error_cases(&c_temp, &c_prof);
  return pm_test_done();
}
