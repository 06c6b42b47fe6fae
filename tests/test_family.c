/* test_family.c: families, links, the Tweedie density and negative binomial
 * theta against R oracles (tests/data/model/family/make_oracles.R).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_family.h"
#include "pm_test.h"
#include "pm_text.h"

#define MAXCOL 16

/* One CSV row: fields by column name, parsed as numbers where they are. */
typedef struct {
  pm_text *t;
  size_t col[MAXCOL];
} row;

static double num(const row *r, int k)
{
  double x = NAN;
  pm_text_double(r->t, r->col[k], &x);
  return x;
}

static const char *str(const row *r, int k)
{
  return pm_text_field(r->t, r->col[k]);
}

/* Worst disagreement of one quantity over the rows of a file. */
typedef struct {
  const char *name;
  double tol, atol;
  int n, bad;
} tally;

static void compare(tally *q, double got, double want, const char *where)
{
  double err = fabs(got - want);
  int ok = (got == want) || err <= q->tol * fabs(want) + q->atol;
  q->n++;
  if (!ok) {
    q->bad++;
    printf("# %s at %s: got %.17g, expected %.17g\n", q->name, where, got, want);
  }
}

static void report(const tally *q, const char *file)
{
  pm_test_ok(q->n > 0 && q->bad == 0, "%s: %s on %d rows within %g relative",
             file, q->name, q->n, q->tol);
}

/* Open an oracle and find its columns (a NULL-terminated list). */
static int open_oracle(row *r, const char *file, const char **names)
{
  char rel[256];
  int k;
  snprintf(rel, sizeof rel, "tests/data/model/family/%s", file);
  if (pm_text_open(&r->t, pm_test_path(rel), ',', PM_TEXT_UTF8) ||
      pm_text_read_header(r->t))
    return pm_test_ok(0, "open %s: %s", file, pm_error_message()), 1;
  for (k = 0; names[k]; k++)
    if (pm_text_column(r->t, names[k], &r->col[k]))
      return pm_test_ok(0, "%s: %s", file, pm_error_message()), 1;
  return 0;
}

static pm_family family_of(const char *name, double param)
{
  pm_family f;
  pm_family_from_name(&f, name);
  if (f.kind == PM_FAMILY_NEGBIN) f.theta = param;
  if (f.kind == PM_FAMILY_TWEEDIE) f.p = param;
  return f;
}

static void test_unit(void)
{
  static const char *cols[] = {"family", "param", "y", "mu", "phi", "dev", "v",
                               "dv", "d2v", "ll", "mustart", NULL};
  /* the deviance floor: R rounds the negative binomial d(0, 1e-300) to 0 */
  tally q[6] = {{"unit deviance", 1e-10, 1e-290, 0, 0},
                {"variance", 1e-13, 0, 0, 0},
                {"variance'", 1e-13, 0, 0, 0},
                {"variance''", 1e-13, 0, 0, 0},
                {"log-likelihood", 1e-10, 1e-9, 0, 0},
                {"mustart", 1e-15, 0, 0, 0}};
  row r;
  int more, k;
  char where[160];
  if (open_oracle(&r, "unit.csv", cols)) return;
  while (!pm_text_next(r.t, &more) && more) {
    pm_family f = family_of(str(&r, 0), num(&r, 1));
    double y = num(&r, 2), mu = num(&r, 3), phi = num(&r, 4), v[3];
    snprintf(where, sizeof where, "%s(%g) y=%g mu=%g phi=%g", str(&r, 0),
             num(&r, 1), y, mu, phi);
    compare(&q[0], pm_family_deviance(&f, y, mu), num(&r, 5), where);
    pm_family_variance(&f, mu, v);
    for (k = 0; k < 3; k++) compare(&q[1 + k], v[k], num(&r, 6 + k), where);
    compare(&q[4], pm_family_loglik(&f, &y, &mu, 1, phi), num(&r, 9), where);
    compare(&q[5], pm_family_mustart(&f, y), num(&r, 10), where);
  }
  pm_text_free(r.t);
  for (k = 0; k < 6; k++) report(&q[k], "unit.csv");
}

static pm_link_kind link_of(const char *name)
{
  return strcmp(name, "log") == 0        ? PM_LINK_LOG
         : strcmp(name, "identity") == 0 ? PM_LINK_IDENTITY
                                         : PM_LINK_LOGIT;
}

static void test_links(void)
{
  static const char *mucols[] = {"link", "mu", "eta", "g1", "g2", "g3", NULL};
  static const char *etacols[] = {"link", "eta", "mu", "mueta", NULL};
  tally q[3] = {{"g(mu)", 1e-13, 0, 0, 0},
                {"g', g'', g'''", 1e-9, 0, 0, 0},
                {"inverse link and dmu/deta", 1e-14, 0, 0, 0}};
  row r;
  int more, k;
  char where[96];
  double g[3];
  if (open_oracle(&r, "link_mu.csv", mucols)) return;
  while (!pm_text_next(r.t, &more) && more) {
    pm_link_kind l = link_of(str(&r, 0));
    double mu = num(&r, 1);
    snprintf(where, sizeof where, "%s mu=%g", str(&r, 0), mu);
    compare(&q[0], pm_link_eta(l, mu), num(&r, 2), where);
    pm_link_derivs(l, mu, g);
    for (k = 0; k < 3; k++) compare(&q[1], g[k], num(&r, 3 + k), where);
  }
  pm_text_free(r.t);
  if (open_oracle(&r, "link_eta.csv", etacols)) return;
  while (!pm_text_next(r.t, &more) && more) {
    pm_link_kind l = link_of(str(&r, 0));
    double eta = num(&r, 1);
    snprintf(where, sizeof where, "%s eta=%g", str(&r, 0), eta);
    compare(&q[2], pm_link_mu(l, eta), num(&r, 2), where);
    compare(&q[2], pm_link_dmu_deta(l, eta), num(&r, 3), where);
  }
  pm_text_free(r.t);
  for (k = 0; k < 3; k++) report(&q[k], "link csv");
  pm_link_derivs(PM_LINK_LOG, 1e-100, g);
  pm_test_ok(g[0] == 1e100 && g[1] == -1e200 && fabs(g[2] / 2e300 - 1) < 1e-15,
             "log link at mu = 1e-100: g' = 1e100, g'' = -1e200, g''' = 2e300");
  pm_test_ok(strcmp(pm_link_name(PM_LINK_LOGIT), "logit") == 0 &&
                 strcmp(pm_link_name(PM_LINK_IDENTITY), "identity") == 0,
             "link names");
}

/* Tweedie log density and phi derivatives against an oracle file; `edge`
 * is the tolerance of d2/dphi2 at p = 1.01 and 1.99, where mgcv's ldTweedie
 * itself keeps only four or five digits at large y (its E[j^2] - E[j]^2 cancels). */
static void test_tweedie_file(const char *file, double tol, double edge)
{
  static const char *cols[] = {"y", "mu", "p", "phi", "l", "d1", "d2", NULL};
  tally q[4] = {{"log density", tol, 1e-12, 0, 0},
                {"d/dphi", tol, 1e-12, 0, 0},
                {"d2/dphi2", tol, 1e-12, 0, 0},
                {"d2/dphi2 at p = 1.01, 1.99", edge, 1e-12, 0, 0}};
  row r;
  int more, k;
  char where[128];
  double d[2];
  if (open_oracle(&r, file, cols)) return;
  while (!pm_text_next(r.t, &more) && more) {
    double y = num(&r, 0), mu = num(&r, 1), p = num(&r, 2), phi = num(&r, 3);
    snprintf(where, sizeof where, "y=%g mu=%g p=%g phi=%g", y, mu, p, phi);
    compare(&q[0], pm_tweedie_logdensity(y, mu, phi, p, d), num(&r, 4), where);
    compare(&q[1], d[0], num(&r, 5), where);
    compare(&q[p > 1.02 && p < 1.98 ? 2 : 3], d[1], num(&r, 6), where);
  }
  pm_text_free(r.t);
  for (k = 0; k < 4; k++)
    if (q[k].n) report(&q[k], file);
}

/* The density integrates to one: P(Y = 0) plus the integral of f over y > 0
 * (Simpson's rule in log y), for mu = 1.3, phi = 0.7, p = 1.4. */
static void test_tweedie_mass(void)
{
  double d[2], h = 1e-3, total, u, w, lo = log(1e-12), hi = log(60.0);
  int i, n = (int)((hi - lo) / h);
  n += n % 2;
  h = (hi - lo) / n;
  total = exp(pm_tweedie_logdensity(0.0, 1.3, 0.7, 1.4, d));
  for (i = 0; i <= n; i++) {
    u = lo + i * h;
    w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    total += w * h / 3.0 * exp(u + pm_tweedie_logdensity(exp(u), 1.3, 0.7, 1.4, d));
  }
  pm_test_rel(total, 1.0, 1e-8, "Tweedie(1.4) probability sums to one");
}

/* Derivatives in phi against central differences of the log density. */
static void test_tweedie_fd(void)
{
  double d[2], dp[2], dm[2], h = 1e-5, phi = 0.9;
  double lp = pm_tweedie_logdensity(3.7, 2.1, phi + h, 1.63, dp);
  double lm = pm_tweedie_logdensity(3.7, 2.1, phi - h, 1.63, dm);
  pm_tweedie_logdensity(3.7, 2.1, phi, 1.63, d);
  pm_test_rel(d[0], (lp - lm) / (2 * h), 1e-7, "Tweedie d/dphi = finite difference");
  pm_test_rel(d[1], (dp[0] - dm[0]) / (2 * h), 1e-7,
              "Tweedie d2/dphi2 = finite difference of d/dphi");
  pm_test_ok(isfinite(pm_tweedie_logdensity(1e6, 1e-300, 0.2, 1.9, d)) ||
                 pm_tweedie_logdensity(1e6, 1e-300, 0.2, 1.9, d) < 0,
             "Tweedie at y = 1e6, mu = 1e-300 is a number, not NaN");
  pm_test_ok(isnan(pm_tweedie_logdensity(-1.0, 1.0, 1.0, 1.5, d)),
             "Tweedie density of a negative y is NaN");
  pm_test_ok(isnan(pm_tweedie_logdensity(INFINITY, 1.0, 1.0, 1.5, d)) &&
                 isnan(pm_tweedie_logdensity(2.0, 1.0, 1e-300, 1.5, d)),
             "Tweedie density of an infinite y, or at phi = 1e-300, is NaN");
}

/* A column of tests/data/model/reference/profiles.csv (12,000 rows). */
static double *profile_column(const char *name, size_t *n)
{
  pm_text *t = NULL;
  size_t col, cap = 16384;
  int more;
  double *x = malloc(cap * sizeof *x);
  *n = 0;
  if (!x ||
      pm_text_open(&t, pm_test_path("tests/data/model/reference/profiles.csv"), ',',
                   PM_TEXT_UTF8) ||
      pm_text_read_header(t) || pm_text_column(t, name, &col))
    goto fail;
  while (!pm_text_next(t, &more) && more && *n < cap)
    if (pm_text_double(t, col, &x[(*n)++])) goto fail;
  pm_text_free(t);
  return x;
fail:
  pm_test_ok(0, "read profiles.csv column %s: %s", name, pm_error_message());
  pm_text_free(t);
  free(x);
  return NULL;
}

static void test_ls(void)
{
  static const char *cols[] = {"family", "param", "column", "phi", "ls", "ls1", "ls2", NULL};
  row r;
  int more, k;
  size_t n, i, m;
  double *y, ls[3];
  if (open_oracle(&r, "ls.csv", cols)) return;
  while (!pm_text_next(r.t, &more) && more) {
    const char *fam = str(&r, 0);
    int logtheta = strcmp(fam, "negbin_logtheta") == 0;
    pm_family f = family_of(logtheta ? "negbin" : fam, num(&r, 1));
    if (!(y = profile_column(str(&r, 2), &n))) break;
    for (i = m = 0; i < n; i++) /* Gamma: the positive responses */
      if (f.kind != PM_FAMILY_GAMMA || y[i] > 0) y[m++] = y[i];
    if (logtheta)
      pm_negbin_ls(y, m, f.theta, ls);
    else
      pm_family_ls(&f, y, m, num(&r, 3), ls);
    for (k = 0; k < 3; k++)
      pm_test_rel(ls[k], num(&r, 4 + k), 1e-9, "ls%s[%d] %s(%g) on %s", logtheta ?
                  " in log theta" : "", k, fam, num(&r, 1), str(&r, 2));
    free(y);
  }
  pm_text_free(r.t);
}

static void test_theta_ml(void)
{
  static const char *cols[] = {"name", "value", NULL};
  static const double yh[] = {0, 5, 0, 9, 1, 3, 0, 12}, muh[] = {2, 3, 2, 4, 2, 3, 1, 6};
  static const double y1[] = {1, 2, 1, 2, 1, 2}, mu1[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
  static const double yneg[] = {2, -1, 0};
  double v[9], *y = NULL, *ld = NULL, *temp = NULL, *vol = NULL, *mu = NULL, th, se;
  size_t n, i;
  int more, k = 0, st;
  row r;
  if (open_oracle(&r, "theta_ml.csv", cols)) return;
  while (k < 9 && !pm_text_next(r.t, &more) && more) v[k++] = num(&r, 1);
  pm_text_free(r.t);
  y = profile_column("count_copepoda", &n);
  ld = profile_column("logdepth", &n);
  temp = profile_column("temp", &n);
  vol = profile_column("volume_m3", &n);
  mu = malloc(n * sizeof *mu);
  if (k == 9 && y && ld && temp && vol && mu && n == 12000) {
    for (i = 0; i < n; i++) mu[i] = exp(v[0] + v[1] * ld[i] + v[2] * temp[i]) * vol[i];
    pm_test_rel(mu[0], v[3], 1e-12, "glm.nb means from the coefficients (row 1)");
    pm_test_rel(mu[11999], v[5], 1e-12, "glm.nb means from the coefficients (row 12000)");
    st = pm_negbin_theta_ml(y, mu, n, &th, &se);
    pm_test_ok(st == PM_SUCCESS, "theta.ml on count_copepoda converges");
    pm_test_rel(th, v[6], 1e-8, "theta = MASS::theta.ml");
    pm_test_rel(se, v[7], 1e-8, "se = MASS::theta.ml SE");
  } else
    pm_test_ok(0, "theta_ml.csv and the profile columns read");
  free(y); free(ld); free(temp); free(vol); free(mu);

  st = pm_negbin_theta_ml(yh, muh, 8, &th, &se);
  pm_test_ok(st == PM_SUCCESS, "theta.ml on eight counts converges");
  pm_test_rel(th, 1.7336117389166528, 1e-10, "theta of eight counts = MASS");
  pm_test_rel(se, 1.8576641174526516, 1e-10, "se of eight counts = MASS");
  st = pm_negbin_theta_ml(y1, mu1, 6, &th, &se);
  pm_test_error(st, PM_ENUMERIC, pm_error_message(), "did not converge",
                "underdispersed counts: theta.ml reaches its iteration limit");
  st = pm_negbin_theta_ml(y1, mu1, 0, &th, &se);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "no observations", "theta: no data");
  st = pm_negbin_theta_ml(muh, yh, 8, &th, &se);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "mean 1 is 0", "theta: a zero mean");
  st = pm_negbin_theta_ml(yneg, mu1, 3, &th, &se);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "observation 2 is -1",
                "theta: a negative count");
  st = pm_negbin_theta_ml(mu1, mu1, 6, &th, &se);
  pm_test_error(st, PM_ENUMERIC, pm_error_message(), "theta is infinite",
                "theta: counts equal to their means");
}

/* Score u = (y - mu)/(V g') and full Newton weight
 * (1 + (y - mu)(V'/V + g''/g'))/(V g'^2) of a family from its variance
 * function and link (Wood 2011, section 3.1). */
static void score_weight(const pm_family *f, double y, double mu, double *u,
                         double *w)
{
  double g[3], v[3];
  pm_link_derivs(f->link, mu, g);
  pm_family_variance(f, mu, v);
  *u = (y - mu) / (v[0] * g[0]);
  *w = (1 + (y - mu) * (v[1] / v[0] + g[1] / g[0])) / (v[0] * g[0] * g[0]);
}

/* pm_family_dparam against central differences in the family parameter x
 * (log theta, or the Tweedie power) of the unit deviance, the score and the
 * Newton weight, each computed independently from the family's deviance,
 * variance and link; cases are (y, mu, x). */
static void test_dparam(const char *name, const double (*cases)[3], size_t n)
{
  const double h = 1e-5;
  size_t c;
  for (c = 0; c < n; c++) {
    double y = cases[c][0], mu = cases[c][1], x = cases[c][2], d[3];
    double up, wp, um, wm, fd[3];
    pm_family f = family_of(name, 1.0), fp = f, fm = f;
    pm_family_set_param(&f, x);
    pm_family_set_param(&fp, x + h);
    pm_family_set_param(&fm, x - h);
    pm_family_dparam(&f, y, mu, d);
    fd[0] = (pm_family_deviance(&fp, y, mu) - pm_family_deviance(&fm, y, mu)) /
            (2 * h);
    score_weight(&fp, y, mu, &up, &wp);
    score_weight(&fm, y, mu, &um, &wm);
    fd[1] = (up - um) / (2 * h);
    fd[2] = (wp - wm) / (2 * h);
    pm_test_ok(fabs(d[0] - fd[0]) <= 1e-7 * (1 + fabs(fd[0])) &&
                   fabs(d[1] - fd[1]) <= 1e-7 * (1 + fabs(fd[1])) &&
                   fabs(d[2] - fd[2]) <= 1e-7 * (1 + fabs(fd[2])),
               "%s d/dx at y=%g mu=%g x=%g: deviance %.10g (%.10g), score "
               "%.10g (%.10g), weight %.10g (%.10g)",
               name, y, mu, x, d[0], fd[0], d[1], fd[1], d[2], fd[2]);
  }
}

static void test_dparams(void)
{
  /* x = log theta */
  static const double nb[][3] = {{0, 0.3, -0.693147}, {3, 2.5, 0.693147},
                                 {17, 4.0, -2.302585}, {1, 40.0, 3.401197},
                                 {250, 180.0, 1.609438}};
  /* x = p: zeros, y below and above mu, both ends of (1, 2) */
  static const double tw[][3] = {{0, 0.3, 1.5},   {0, 7.0, 1.05},
                                 {2.4, 0.8, 1.27}, {0.05, 3.0, 1.9},
                                 {130, 95.0, 1.6}, {1e-3, 1e-2, 1.3}};
  pm_family f = family_of("poisson", 0);
  double d[3];
  test_dparam("negbin", nb, sizeof nb / sizeof nb[0]);
  test_dparam("tweedie", tw, sizeof tw / sizeof tw[0]);
  pm_family_dparam(&f, 3, 2, d);
  pm_test_ok(d[0] == 0 && d[1] == 0 && d[2] == 0,
             "a family without a parameter: zero derivatives");
}

/* |a - b| <= tol (1 + |b|). */
static int near(double a, double b, double tol)
{
  return fabs(a - b) <= tol * (1 + fabs(b));
}

/* The derivatives in p of the Tweedie log density, and of ls, against
 * central differences of the density and of its derivatives (the mean and
 * saturated cases, a zero, near both ends of (1, 2)). */
static void test_tweedie_dp(void)
{
  static const double cases[][4] = {{3.7, 2.1, 0.9, 1.63}, {0, 1.3, 0.7, 1.4},
                                    {0.02, 0.5, 0.3, 1.05}, {45, 45, 2.0, 1.95},
                                    {1.1, 1.1, 0.15, 1.3}, {900, 850, 0.05, 1.5}};
  static const double y[] = {0, 0.4, 2.5, 0, 11, 0.07};
  const double h = 1e-6, hf = 1e-6;
  double dphi[2], d[3], dp[3], dm[3], ls[3], lsp[3], lsm[3], t[3], tp[3];
  double tm[3];
  size_t c;
  for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const double *k = cases[c];
    double lp = pm_tweedie_logdensity_dp(k[0], k[1], k[2], k[3] + h, dphi, dp);
    double lm = pm_tweedie_logdensity_dp(k[0], k[1], k[2], k[3] - h, dphi, dm);
    double l = pm_tweedie_logdensity_dp(k[0], k[1], k[2], k[3], dphi, d);
    double fp[3] = {(lp - lm) / (2 * h), (dp[0] - dm[0]) / (2 * h), 0};
    pm_tweedie_logdensity_dp(k[0], k[1], k[2] + hf, k[3], dphi, dp);
    pm_tweedie_logdensity_dp(k[0], k[1], k[2] - hf, k[3], dphi, dm);
    fp[2] = (dp[0] - dm[0]) / (2 * hf);
    pm_test_ok(near(d[0], fp[0], 1e-6) && near(d[1], fp[1], 1e-6) &&
                   near(d[2], fp[2], 1e-6) &&
                   l == pm_tweedie_logdensity(k[0], k[1], k[2], k[3], dphi),
               "Tweedie at y=%g mu=%g phi=%g p=%g: d/dp %.10g (%.10g), "
               "d2/dp2 %.10g (%.10g), d2/dp dphi %.10g (%.10g)",
               k[0], k[1], k[2], k[3], d[0], fp[0], d[1], fp[1], d[2], fp[2]);
  }
  pm_tweedie_ls(y, 6, 0.6, 1.45 + h, lsp, tp);
  pm_tweedie_ls(y, 6, 0.6, 1.45 - h, lsm, tm);
  pm_tweedie_ls(y, 6, 0.6, 1.45, ls, t);
  pm_test_ok(near(t[0], (lsp[0] - lsm[0]) / (2 * h), 1e-6) &&
                 near(t[1], (tp[0] - tm[0]) / (2 * h), 1e-6),
             "Tweedie ls: d/dp and d2/dp2 = finite differences");
}

/* pm_negbin_ls sums over the distinct counts: with repeated counts (a
 * tally) and with a count too large to tally (sorted), it equals the sum
 * row by row of log dnbinom(y, theta, mu = y). */
static void test_negbin_ls_table(void)
{
  static const double small[] = {0, 3, 0, 1, 3, 3, 0, 12, 1, 0},
                      large[] = {0, 3, 0, 2e7, 3, 1, 2e7, 0, 5, 0},
                      expected[] = {0, 0.601, 3.008, 0, 0.601, 5.28, 0.25,
                                    3.008, 12.5, 0};
  const double *sets[3] = {small, large, expected};
  const char *kind[3] = {"tallied", "sorted", "sorted expected counts"};
  pm_family f = family_of("negbin", 1.7);
  double ls[3], direct;
  int k;
  for (k = 0; k < 3; k++) {
    pm_negbin_ls(sets[k], 10, f.theta, ls);
    direct = pm_family_loglik(&f, sets[k], sets[k], 10, 1.0);
    pm_test_rel(ls[0], direct, 1e-12, "negbin ls over distinct counts (%s) = "
                "the sum row by row", kind[k]);
  }
}

/* Expected counts: any finite count >= 0 for poisson and negbin, whole
 * counts still for ziP, nothing new for the others; the unit deviance of a
 * count in (0, 1) is 0 at
 * mu = y and its log density continuous in y, as Gamma(y + 1) makes it:
 * log dpois(0.4, 2) = 0.4 log 2 - 2 - lgamma(1.4). */
static void test_expected_counts(void)
{
  static const char *const counts[] = {"poisson", "negbin"};
  pm_family f;
  size_t k;

  for (k = 0; k < 2; k++) {
    f = family_of(counts[k], 1.5);
    pm_test_ok(pm_family_check_y(&f, 2.5, 1) == NULL &&
                   pm_family_check_y(&f, 0.25, 1) == NULL,
               "%s takes expected counts 2.5 and 0.25", counts[k]);
    pm_test_ok(pm_family_check_y(&f, -0.5, 1) &&
                   strstr(pm_family_check_y(&f, -0.5, 1), "not be negative") &&
                   pm_family_check_y(&f, NAN, 1) &&
                   strstr(pm_family_check_y(&f, NAN, 1), "finite number"),
               "%s refuses a negative or missing expected count", counts[k]);
  }
  f = family_of("ziP", 1.5);
  pm_test_ok(pm_family_check_y(&f, 2.5, 1) &&
                 strstr(pm_family_check_y(&f, 2.5, 1),
                        "whole number, even an expected count") &&
                 pm_family_check_y(&f, 3, 1) == NULL,
             "ziP: whole counts even as expected counts");
  f = family_of("binomial", 1.5);
  pm_test_ok(pm_family_check_y(&f, 1.2, 1) != NULL,
             "binomial: expected counts change nothing");
  f = family_of("negbin", 1.7);
  pm_test_ok(fabs(pm_family_deviance(&f, 0.4, 0.4)) < 1e-15,
             "negbin unit deviance 0 at mu = y = 0.4");
  pm_test_rel(pm_family_deviance(&f, 0.4, 2),
              2 * (0.4 * log(0.2) - 2.1 * log(2.1 / 3.7)), 1e-14,
              "negbin unit deviance of y = 0.4 at mu = 2, y log(y / mu)");
  f = family_of("poisson", 1.5);
  pm_test_rel(pm_family_loglik(&f, (const double[]){0.4},
                               (const double[]){2}, 1, 1.0),
              0.4 * log(2.0) - 2 - lgamma(1.4), 1e-14,
              "Poisson log density at y = 0.4 through lgamma");
}

static void check_y(const char *name, double y, const char *fragment)
{
  pm_family f = family_of(name, 1.5);
  const char *why = pm_family_check_y(&f, y, 0);
  if (!fragment)
    pm_test_ok(why == NULL, "%s accepts y = %g", name, y);
  else
    pm_test_error(why ? PM_EINPUT : PM_SUCCESS, PM_EINPUT, why ? why : "",
                  fragment, "%s rejects y = %g", name, y);
}

static void test_check_y(void)
{
  check_y("poisson", -1, "Poisson count must not be negative");
  check_y("poisson", 2.5, "Poisson count must be a whole number");
  check_y("poisson", NAN, "Poisson count must be a finite number");
  check_y("poisson", 0, NULL);
  check_y("negbin", -3, "negative binomial count must not be negative");
  check_y("negbin", 0.25, "negative binomial count must be a whole number");
  check_y("negbin", 1e6, NULL);
  check_y("binomial", 1.2, "binomial response must lie in [0, 1]");
  check_y("binomial", -0.1, "binomial response must lie in [0, 1]");
  check_y("binomial", 1, NULL);
  check_y("gamma", 0, "Gamma response must be positive");
  check_y("gamma", -2, "Gamma response must be positive");
  check_y("gamma", INFINITY, "Gamma response must be a finite number");
  check_y("tweedie", -0.01, "Tweedie response must not be negative");
  check_y("tweedie", 0, NULL);
  check_y("gaussian", NAN, "Gaussian response must be a finite number");
  check_y("gaussian", -7, NULL);
}

static void test_names(void)
{
  pm_family f;
  char buf[64];
  int st = pm_family_from_name(&f, "quasipoisson");
  pm_test_error(st, PM_EINPUT, pm_error_message(),
                "unknown family 'quasipoisson'; the known families are poisson, "
                "negbin, tweedie, gamma, gaussian, binomial and ziP",
                "an unknown family lists the known ones");
  st = pm_family_from_name(&f, NULL);
  pm_test_error(st, PM_EINPUT, pm_error_message(), "unknown family ''",
                "no family name");
  st = pm_family_from_name(&f, "negbin");
  pm_test_ok(st == 0 && f.kind == PM_FAMILY_NEGBIN && f.link == PM_LINK_LOG &&
                 f.theta == 1.0 && f.p == 1.5 && strcmp(pm_family_name(&f), "negbin") == 0,
             "negbin: log link, theta 1 until set");
  f.theta = 2.09314;
  pm_family_describe(&f, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "Negative Binomial(2.093)") == 0, "describe: %s", buf);
  f.theta = 2;
  pm_family_describe(&f, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "Negative Binomial(2)") == 0, "describe: %s", buf);
  pm_test_ok(pm_family_scale_known(&f) && !pm_family_canonical(&f),
             "negbin: scale known, log link not canonical");
  pm_family_from_name(&f, "tweedie");
  pm_family_describe(&f, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "Tweedie(p=1.5)") == 0 && !pm_family_scale_known(&f),
             "describe: %s, scale estimated", buf);
  pm_family_from_name(&f, "gamma");
  pm_family_describe(&f, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "Gamma") == 0 && f.link == PM_LINK_LOG, "describe: %s (log link)", buf);
  pm_family_from_name(&f, "binomial");
  pm_test_ok(f.link == PM_LINK_LOGIT && pm_family_canonical(&f) && pm_family_scale_known(&f),
             "binomial: logit link, canonical, scale known");
  pm_family_from_name(&f, "gaussian");
  pm_test_ok(f.link == PM_LINK_IDENTITY && pm_family_canonical(&f) && !pm_family_scale_known(&f),
             "gaussian: identity link, canonical, scale estimated");
  pm_family_from_name(&f, "poisson");
  pm_test_ok(pm_family_canonical(&f) && isfinite(pm_family_deviance(&f, 1e6, 1e-300)),
             "poisson: canonical; deviance at y = 1e6, mu = 1e-300 is finite");
}

/* A spelling that must give the same family as `name`, with theta or the
 * power (param) fixed when `fixed` says so. */
static void spelling(const char *text, const char *name, int fixed,
                     double param)
{
  pm_family got, want;
  int got_fixed = -1;
  int st = pm_family_parse(&got, &got_fixed, text);
  pm_family_from_name(&want, name);
  if (fixed == PM_FAMILY_FIXED_THETA) want.theta = param;
  if (fixed == PM_FAMILY_FIXED_P) want.p = param;
  pm_test_ok(st == 0 && got.kind == want.kind && got.link == want.link &&
                 got.theta == want.theta && got.p == want.p &&
                 got_fixed == fixed,
             "'%s' is %s%s", text, name,
             fixed ? " with its parameter fixed" : "");
}

static void bad_spelling(const char *text, const char *message)
{
  pm_family f;
  int st = pm_family_parse(&f, NULL, text);
  pm_test_error(st, PM_EINPUT, pm_error_message(), message, "%s", text);
}

static void test_spellings(void)
{
  spelling("negbin", "negbin", 0, 0);
  spelling("nb", "negbin", 0, 0);
  spelling("nb()", "negbin", 0, 0);
  spelling(" nb ( ) ", "negbin", 0, 0);
  spelling("negbin(theta=3)", "negbin", PM_FAMILY_FIXED_THETA, 3);
  spelling("nb(theta = 3)", "negbin", PM_FAMILY_FIXED_THETA, 3);
  spelling("nb(3, link = \"log\")", "negbin", PM_FAMILY_FIXED_THETA, 3);
  spelling("nb(theta=NULL)", "negbin", 0, 0);
  spelling("negative.binomial(2.5)", "negbin", PM_FAMILY_FIXED_THETA, 2.5);
  spelling("tw", "tweedie", 0, 0);
  spelling("tw()", "tweedie", 0, 0);
  spelling("tw(theta=1.4)", "tweedie", PM_FAMILY_FIXED_P, 1.4);
  spelling("Tweedie(p=1.5)", "tweedie", PM_FAMILY_FIXED_P, 1.5);
  spelling("Tweedie(1.3, 'log')", "tweedie", PM_FAMILY_FIXED_P, 1.3);
  spelling("Gamma(link=\"log\")", "gamma", 0, 0);
  spelling("Gamma( link = log )", "gamma", 0, 0);
  spelling("Gamma", "gamma", 0, 0);
  spelling("poisson()", "poisson", 0, 0);
  spelling("poisson", "poisson", 0, 0);
  spelling("poisson(link='log')", "poisson", 0, 0);
  spelling("binomial()", "binomial", 0, 0);
  spelling("binomial(\"logit\")", "binomial", 0, 0);
  spelling("gaussian()", "gaussian", 0, 0);
  spelling("gaussian(link = \"identity\")", "gaussian", 0, 0);
  spelling("ziP", "ziP", 0, 0);
  spelling("ziP()", "ziP", 0, 0);
  spelling("ziP(theta = NULL, link = \"identity\")", "ziP", 0, 0);
  bad_spelling("ziP(theta = 2)", "family 'ziP(theta = 2)': plankmap "
               "estimates the two theta of ziP(); leave theta out");
  bad_spelling("ziP(link = 'log')", "plankmap fits ziP with the identity "
               "link only");
  bad_spelling("Gamma(link=\"inverse\")",
               "family 'Gamma(link=\"inverse\")': link 'inverse' is not "
               "supported; plankmap fits gamma with the log link only");
  bad_spelling("binomial(link = 'probit')",
               "family 'binomial(link = 'probit')': link 'probit' is not "
               "supported; plankmap fits binomial with the logit link only");
  bad_spelling("negbinom", "unknown family 'negbinom'; did you mean 'negbin'?");
  bad_spelling("quasipoisson()",
               "unknown family 'quasipoisson'; the known families are");
  bad_spelling("nb(theta=-2)", "family 'nb(theta=-2)': theta '-2' must be a "
               "positive number; leave it out to estimate it");
  bad_spelling("Tweedie(p=2.5)", "family 'Tweedie(p=2.5)': p '2.5' must be "
               "a power between 1 and 2; leave it out to estimate it");
  bad_spelling("nb(theta=3, theta=4)",
               "family 'nb(theta=3, theta=4)': a second argument 'theta'");
  bad_spelling("poisson(theta=3)",
               "family 'poisson(theta=3)': no argument 'theta'; poisson() "
               "takes link");
  bad_spelling("nb(3", "family 'nb(3': expected ',' or ')'");
  bad_spelling("nb() x", "family 'nb() x': unexpected 'x'");
  bad_spelling("", "unknown family ''");
}

/* The zero-inflated Poisson at theta = (-0.2, 0.3) against mgcv 1.8-41's
 * ziP(): dev.resids, Dd (Dmu = -2 l', Dmu2 = -2 l'', EDmu2 its
 * expectation), saturated.ll and predict (the expected count); the third
 * derivative against a central difference of the second.  At gamma = -8
 * mgcv's closed forms lose some 8 digits to cancellation (plankmap's
 * values there agree with 40-digit arithmetic to 1e-15): 1e-7 for the
 * second derivative and the mean. */
static void test_zip(void)
{
  static const double ref[6][8] = {
      /* y, gamma, dev, Dmu, Dmu2, EDmu2, saturated, mean */
      {0, -3, 0.028540554388188435, 0.038525718713998104,
       5.2004280724285992e-02, 5.2351241570729387e-02, 0,
       1.4524581031183960e-02},
      {0, 1.2, 8.272839087107721312, 11.167164705391378732,
       1.5074095633224436e+01, 6.9476219781908926e+00, 0,
       3.3895905405616791e+00},
      {1, -0.5, 2.789381811108400111, -1.508489563412056533,
       1.3823459547226962e+00, 1.4725793648649201e+00, 2.1815040672219563,
       4.5468052666617964e-01},
      {3, 0.8, 3.194094048467539970, -1.651703549164370788,
       5.0732302418053301e+00, 5.4063857784299838e+00, 2.9445580914778189,
       2.2710751948799826e+00},
      {7, 2.1, 3.982096025724917610, 2.336947973862506966,
       1.6299648793129595e+01, 1.6299679278105703e+01, 3.8057747305798628,
       8.1684833957940377e+00},
      {2, -8, 39.384387474901060955, -4.699359563403035622,
       3.6596683279316159e-04, 6.0938854522041558e-05, 2.5846980936889761,
       1.6723241587255845e-05}};
  pm_family f;
  char buf[64];
  size_t i;

  pm_family_from_name(&f, "ziP");
  pm_test_ok(f.link == PM_LINK_IDENTITY && pm_family_scale_known(&f) &&
                 !pm_family_canonical(&f) && f.zip[0] == 0 && f.zip[1] == 0,
             "ziP: identity link, scale known, theta (0, 0) until set");
  f.zip[0] = -0.2;
  f.zip[1] = 0.3;
  pm_family_describe(&f, buf, sizeof buf);
  pm_test_ok(strcmp(buf, "Zero inflated Poisson(-0.2,1.35)") == 0,
             "describe: %s", buf);
  for (i = 0; i < 6; i++) {
    const double *r = ref[i];
    double d[4], dp[4], dm[4], h = 1e-5;
    pm_zip_derivs(&f, r[0], r[1], d);
    pm_zip_derivs(&f, r[0], r[1] + h, dp);
    pm_zip_derivs(&f, r[0], r[1] - h, dm);
    pm_test_rel(pm_family_deviance(&f, r[0], r[1]), r[2], 1e-12,
                "ziP y = %g, gamma = %g: deviance", r[0], r[1]);
    pm_test_rel(-2 * d[0], r[3], 1e-10, "ziP y = %g: Dmu", r[0]);
    pm_test_rel(2 * d[1], r[4], 1e-7, "ziP y = %g: Dmu2", r[0]);
    pm_test_rel(2 * d[3], r[5], 1e-10, "ziP y = %g: EDmu2", r[0]);
    pm_test_rel(d[2], (dp[1] - dm[1]) / (2 * h), 1e-6,
                "ziP y = %g: third derivative", r[0]);
    pm_test_ok(fabs(pm_zip_saturated(&f, r[0]) - r[6]) <= 1e-10 * (1 + r[6]),
               "ziP y = %g: saturated -2 l", r[0]);
    pm_test_rel(pm_family_mean(&f, r[1], NULL), r[7], 1e-7,
                "ziP gamma = %g: expected count", r[1]);
  }
  check_y("ziP", 2.5, "zero-inflated Poisson count must be a whole number");
  check_y("ziP", 0, NULL);
}

int main(void)
{
  test_names();
  test_spellings();
  test_zip();
  test_check_y();
  test_links();
  test_unit();
  test_tweedie_file("tweedie.csv", 1e-8, 1e-4);
  test_tweedie_file("tweedie_mp.csv", 1e-9, 1e-9);
  test_tweedie_mass();
  test_tweedie_fd();
  test_ls();
  test_theta_ml();
  test_dparams();
  test_tweedie_dp();
  test_negbin_ls_table();
  test_expected_counts();
  return pm_test_done();
}
