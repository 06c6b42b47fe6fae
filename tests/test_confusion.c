/* test_confusion.c: counts of predicted classes corrected with a confusion
 * matrix: the reader and its errors, a 3-class case computed by hand, the
 * class filter's merges carried into the matrix, and a simulation with a
 * known truth in which the naive counts and the per-sample inversion
 * clipped at zero are biased on a rare class and the correction is not.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_confusion.h"
#include "pm_error.h"
#include "pm_test.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* An observation table of n samples of one profile, classes A, B, C. */
static pm_obs *table(size_t n, const char *const *names, size_t nc)
{
  pm_obs *obs = pm_obs_alloc();
  pm_obs_profile p = {"src", "cast", "", 1.5e9, 10, 20, NULL, NULL, 0};
  size_t ip, s, c;
  if (!obs || pm_obs_add_profile(obs, &p, &ip)) return NULL;
  for (s = 0; s < n; s++)
    if (pm_obs_add_sample(obs, ip, 10.0 * s, 10.0 * s + 10, 1, "t", &c))
      return NULL;
  for (c = 0; c < nc; c++)
    if (pm_obs_class_index(obs, names[c], NULL, NAN, NAN, &s)) return NULL;
  return obs;
}

static pm_confusion *read_matrix(const char *name)
{
  char rel[256];
  pm_confusion *cm = NULL;
  snprintf(rel, sizeof rel, "tests/data/confusion/%s", name);
  if (pm_confusion_read(&cm, pm_test_path(rel))) {
    printf("Bail out! %s\n", pm_error_message());
    exit(1);
  }
  return cm;
}

static double count(const pm_obs *obs, const char *name, size_t s)
{
  return obs->count[pm_obs_find_class(obs, name)][s];
}

/* three.tsv: R = [.8 .1 .1; .2 .7 .1; 0 .1 .9] (rows A, B, C).  True
 * counts 100, 50, 200 are predicted in expectation as
 * A: 80 + 10 + 0 = 90, B: 10 + 35 + 20 = 65, C: 10 + 5 + 180 = 195.
 * Sample 1 holds (45, 13, 39), sample 2 the rest (45, 52, 156).  The
 * system is square with a positive solution, so the ML estimate is the
 * adjusted count itself, (100, 50, 200).  Then
 * P(true | pred A) = (80, 10, 0) / 90, P(. | B) = (10, 35, 20) / 65,
 * P(. | C) = (10, 5, 180) / 195, and sample 1 becomes
 * A = 45 * 80/90 + 13 * 10/65 + 39 * 10/195 = 40 + 2 + 2 = 44,
 * B = 45 * 10/90 + 13 * 35/65 + 39 * 5/195 = 5 + 7 + 1 = 13,
 * C = 0 + 13 * 20/65 + 39 * 180/195 = 4 + 36 = 40 (97 objects, as read);
 * sample 2: A = 100 - 44 = 56, B = 50 - 13 = 37, C = 200 - 40 = 160. */
static void test_hand(void)
{
  static const char *const names[] = {"A", "B", "C"};
  static const double y[2][3] = {{45, 13, 39}, {45, 52, 156}};
  static const double want[2][3] = {{44, 13, 40}, {56, 37, 160}};
  pm_confusion *cm = read_matrix("three.tsv");
  pm_obs *obs = table(2, names, 3);
  pm_confusion_summary sum = {0};
  size_t s, c;
  int status;

  pm_test_ok(cm->n_true == 3 && cm->n_pred == 3 && cm->counts[3] == 20 &&
                 cm->line[2] == 4,
             "the matrix is read: 3 x 3, row B starts with 20, row C on line 4");
  for (s = 0; s < 2; s++)
    for (c = 0; c < 3; c++) obs->count[c][s] = y[s][c];
  status = pm_confusion_correct(cm, NULL, obs, 0, 2, 1, &sum);
  pm_test_ok(status == 0, "correct the hand case (%s)",
             status ? pm_error_message() : "ok");
  for (s = 0; s < 2; s++)
    for (c = 0; c < 3; c++)
      pm_test_rel(count(obs, names[c], s), want[s][c], 1e-7,
                  "sample %zu class %s: %g by hand", s + 1, names[c],
                  want[s][c]);
  pm_test_rel(sum.naive[2], 195, 1e-12, "195 objects were predicted C");
  pm_test_rel(sum.corrected[2], 200, 1e-7, "200 are C in expectation");
  pm_confusion_summary_free(&sum);
  pm_obs_free(obs);
  pm_confusion_free(cm);
}

/* Merging A and B (filters.classes.merge) merges their rows and columns:
 * R = [.9 .1; .1 .9] (rows AB, C; AB: (80+10+20+70)/200, C: (0+10)/100).
 * Pooled y = (155, 195): 0.9 a + 0.1 c = 155, 0.1 a + 0.9 c = 195 give
 * a = (155 * 0.9 - 195 * 0.1) / 0.8 = 150 = 100 + 50, and
 * c = (195 * 0.9 - 155 * 0.1) / 0.8 = 200. */
static void test_merge(void)
{
  static const char *const names[] = {"AB", "C"};
  pm_confusion *cm = read_matrix("three.tsv");
  pm_obs *obs = table(1, names, 2);
  pm_filter f;
  pm_filter_pattern from[2] = {{"A", "t"}, {"B", "t"}};
  pm_filter_merge merge = {"AB", from, 2};

  pm_filter_init(&f);
  f.merge = &merge;
  f.n_merge = 1;
  obs->count[0][0] = 155;
  obs->count[1][0] = 195;
  pm_test_ok(pm_confusion_correct(cm, &f, obs, 0, 1, 1, NULL) == 0,
             "correct through a merge");
  pm_test_rel(count(obs, "AB", 0), 150, 1e-7, "merged AB: 150 by hand");
  pm_test_rel(count(obs, "C", 0), 200, 1e-7, "C: 200 by hand");
  pm_test_ok(pm_obs_find_class(obs, "A") == SIZE_MAX,
             "the merged classes are not added");
  pm_obs_free(obs);
  pm_confusion_free(cm);
}

static void test_errors(void)
{
  static const char *const names[] = {"A", "B", "C", "D"};
  pm_confusion *cm = NULL;
  pm_obs *obs = table(1, names, 4);
  int status;

  status = pm_confusion_read(&cm, pm_test_path("tests/data/confusion/zero_row.tsv"));
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "zero_row.tsv:3: true class 'B' has a row of zeros",
                "a row of zeros names the file, line and class");
  cm = read_matrix("three.tsv");
  obs->count[3][0] = 7;
  pm_test_error(pm_confusion_correct(cm, NULL, obs, 0, 1, 1, NULL), PM_EINPUT,
                pm_error_message(),
                "class 'D' is observed (7 objects) but is not a predicted "
                "class of the confusion matrix",
                "an observed class the matrix does not cover");
  pm_confusion_free(cm);
  cm = read_matrix("singular.tsv");
  obs->count[3][0] = 0;
  obs->count[0][0] = 5;
  pm_test_error(pm_confusion_correct(cm, NULL, obs, 0, 1, 1, NULL), PM_EINPUT,
                pm_error_message(),
                "cannot tell apart the true classes 'A', 'B'",
                "a singular system names the classes it cannot tell apart");
  pm_confusion_free(cm);
  pm_obs_free(obs);
}

/* The simulation: SIM_REPS data sets of 2000 samples each, with true
 * counts A ~ Poisson(60), B ~ Poisson(30), C ~ Poisson(3); each object's
 * label drawn through R = [.85 .05 .10; .15 .70 .15; 0 .30 .70] (15% and
 * 30% confusion).  The naive total of the rare C (12.6 per sample in
 * expectation for 3 true) and that of the per-sample inversion clipped at
 * zero are biased; the correction is not: over the data sets its total is
 * within 3% of the true one (one data set's relative error has a standard
 * deviation of about 4%, printed, so their mean's is about 1%). */
#define SIM_SAMPLES 2000
#define SIM_REPS 16
static const double sim_R[3][3] = {
    {.85, .05, .10}, {.15, .70, .15}, {0, .30, .70}};
static const double sim_mean[3] = {60, 30, 3};

/* The per-sample adjusted count clipped at zero: R^T t = y, t = max(t, 0). */
static double clipped_c(const double y[3])
{
  double a[9], b[3], x[3];
  gsl_matrix_view A = gsl_matrix_view_array(a, 3, 3);
  gsl_vector_view B = gsl_vector_view_array(b, 3), X = gsl_vector_view_array(x, 3);
  gsl_permutation *p = gsl_permutation_alloc(3);
  int i, j, sign;
  for (i = 0; i < 3; i++) {
    b[i] = y[i];
    for (j = 0; j < 3; j++) a[i * 3 + j] = sim_R[j][i];
  }
  gsl_linalg_LU_decomp(&A.matrix, p, &sign);
  gsl_linalg_LU_solve(&A.matrix, p, &B.vector, &X.vector);
  gsl_permutation_free(p);
  return x[2] > 0 ? x[2] : 0;
}

/* One data set drawn with `r`: the totals of C, true, naive, clipped and
 * corrected; 0 or the correction's status. */
static int simulate(const pm_confusion *cm, gsl_rng *r, double tot[4])
{
  static const char *const names[] = {"A", "B", "C"};
  pm_obs *obs = table(SIM_SAMPLES, names, 3);
  size_t s, i, j;
  int status;

  for (s = 0; s < SIM_SAMPLES; s++) {
    double y[3] = {0, 0, 0};
    for (i = 0; i < 3; i++) {
      unsigned n = gsl_ran_poisson(r, sim_mean[i]), k[3];
      gsl_ran_multinomial(r, 3, n, sim_R[i], k);
      for (j = 0; j < 3; j++) y[j] += k[j];
      if (i == 2) tot[0] += n;
    }
    for (j = 0; j < 3; j++) obs->count[j][s] = y[j];
    tot[1] += y[2];
    tot[2] += clipped_c(y);
  }
  status = pm_confusion_correct(cm, NULL, obs, 0, SIM_SAMPLES, 1, NULL);
  for (s = 0; s < SIM_SAMPLES; s++) tot[3] += obs->count[2][s];
  pm_obs_free(obs);
  return status;
}

static void test_simulation(const char *dir)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  pm_confusion *cm = NULL;
  double sum[4] = {0, 0, 0, 0}, ss = 0;
  int rep, status = 0;

  if (pm_confusion_read(&cm, pm_test_write_file(
                                 dir, "sim.tsv",
                                 "true\tA\tB\tC\nA\t850\t50\t100\n"
                                 "B\t150\t700\t150\nC\t0\t300\t700\n")))
    printf("Bail out! %s\n", pm_error_message());
  gsl_rng_set(r, 42);
  for (rep = 0; rep < SIM_REPS && !status; rep++) {
    double tot[4] = {0, 0, 0, 0};
    int k;
    status = simulate(cm, r, tot);
    for (k = 0; k < 4; k++) sum[k] += tot[k];
    ss += (tot[3] / tot[0] - 1) * (tot[3] / tot[0] - 1);
  }
  pm_test_ok(status == 0, "correct %d simulated data sets", SIM_REPS);
  printf("# rare class C over %d data sets: truth %g, naive %g, clipped "
         "inversion %g, corrected %g; rms relative error of one data set "
         "%.3f\n", SIM_REPS, sum[0], sum[1], sum[2], sum[3],
         sqrt(ss / SIM_REPS));
  pm_test_ok(sum[1] > 3 * sum[0], "the naive count of C is biased (%g > 3 x %g)",
             sum[1], sum[0]);
  pm_test_ok(sum[2] > 1.2 * sum[0],
             "the clipped per-sample inversion inflates C (%g > 1.2 x %g)",
             sum[2], sum[0]);
  pm_test_rel(sum[3], sum[0], 0.03, "the correction recovers C's total");
  gsl_rng_free(r);
  pm_confusion_free(cm);
}

/* The Dirichlet draws of the matrix: test sets of 100 objects per class
 * drawn through sim_R, expected predicted counts of true counts
 * (6000, 3000, 300) (no sampling noise: the matrix is the only source of
 * error); over COVER_REPS test sets, the 95% interval of the draws holds
 * the true count of the rare C about 95% of the time (binomial standard
 * deviation 2.2% at 100 test sets). */
#define COVER_REPS 100
#define COVER_DRAWS 200
static void test_draws_coverage(void)
{
  static const double truth[3] = {6000, 3000, 300};
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  double y[3] = {0, 0, 0}, C[9], total[3] = {100, 100, 100},
         lambda[COVER_DRAWS * 3], c[COVER_DRAWS];
  int rep, i, j, d, covered = 0, status = 0;

  for (j = 0; j < 3; j++)
    for (i = 0; i < 3; i++) y[j] += truth[i] * sim_R[i][j];
  gsl_rng_set(r, 7);
  for (rep = 0; rep < COVER_REPS && !status; rep++) {
    for (i = 0; i < 3; i++) {
      unsigned k[3];
      gsl_ran_multinomial(r, 3, 100, sim_R[i], k);
      for (j = 0; j < 3; j++) C[i * 3 + j] = k[j];
    }
    status = pm_confusion_em_draws(C, total, 3, 3, y, NULL, COVER_DRAWS,
                                   (unsigned long)rep + 1, lambda);
    for (d = 0; d < COVER_DRAWS; d++) c[d] = lambda[d * 3 + 2];
    gsl_sort(c, 1, COVER_DRAWS);
    covered += gsl_stats_quantile_from_sorted_data(c, 1, COVER_DRAWS, 0.025) <=
                   truth[2] &&
               truth[2] <=
                   gsl_stats_quantile_from_sorted_data(c, 1, COVER_DRAWS, 0.975);
  }
  pm_test_ok(status == 0, "draw the matrices of %d test sets", COVER_REPS);
  pm_test_ok(covered >= 88 && covered <= 100,
             "the draws' 95%% intervals hold the true count of C in %d of %d "
             "test sets", covered, COVER_REPS);
  gsl_rng_free(r);
}

/* A maximum on the boundary with a zero gradient, which plain EM
 * approaches sublinearly (it stopped after a million steps without
 * converging; found by fuzz_confusion, whose inputs are in its corpus):
 * rates A (54, 5, 0) / 59, B (1, 1, 0) / 2, C (0, 0, 1) and one object
 * predicted as each class.  By hand, the counts that fit exactly: c = 1
 * from the third class alone, and 54/59 a + b/2 = 5/59 a + b/2 = 1, whence
 * a = 0, b = 2; the likelihood is then at its maximum, the saturated fit.
 * The count of A stops at about sqrt(1e-13) of the total
 * (PM_CONFUSION_EM_TOL). */
static void test_boundary(void)
{
  const double C[9] = {54, 5, 0, 25, 25, 0, 0, 0, 10}, total[3] = {59, 50, 10},
               y[3] = {1, 1, 1};
  double R[9], lambda[3], draws[3 * 200];
  int i, status;

  for (i = 0; i < 9; i++) R[i] = C[i] / total[i / 3];
  status = pm_confusion_em(R, 3, 3, y, NULL, lambda);
  pm_test_ok(status == PM_SUCCESS && lambda[0] >= 0 && lambda[0] < 3e-6 &&
                 fabs(lambda[1] - 2) < 3e-6 && fabs(lambda[2] - 1) < 1e-12,
             "a maximum on the boundary: (%g, %g, %g), by hand (0, 2, 1) (%s)",
             lambda[0], lambda[1], lambda[2],
             status ? pm_error_message() : "converged");
  status = pm_confusion_em_draws(C, total, 3, 3, y, lambda, 200, 1, draws);
  pm_test_ok(status == PM_SUCCESS, "... and 200 draws of its matrix (%s)",
             status ? pm_error_message() : "converged");
}

int main(void)
{
  char dir[] = "/tmp/pm_test_confusion_XXXXXX";
  if (!mkdtemp(dir)) {
    printf("Bail out! mkdtemp\n");
    return 1;
  }
  test_hand();
  test_merge();
  test_errors();
  test_simulation(dir);
  test_draws_coverage();
  test_boundary();
  pm_test_remove_dir(dir);
  return pm_test_done();
}
