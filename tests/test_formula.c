/* test_formula.c: model formulas in mgcv's syntax: terms, labels, smooth
 * arguments, expressions and the errors for malformed formulas.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_formula.h"
#include "pm_test.h"

/* Every reference fit's formula (tests/data/model/reference) parses. */
static void reference_files(void)
{
  static const char *cases[] = {
      "gam_binomial_cr", "gam_negbin_cr",   "gam_poisson_cr",
      "gam_poisson_cyclic", "gam_poisson_gcv", "gam_poisson_re",
      "gam_poisson_te",  "gam_tweedie_fixed_p", "gam_tweedie_ps",
      "glm_binomial",    "glm_gamma",       "glm_negbin",
      "glm_poisson"};
  char path[128], line[1024], *p, *q;
  size_t i;

  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    FILE *fp;
    pm_formula *f = NULL;
    int status = -1;
    snprintf(path, sizeof path, "tests/data/model/reference/%s.expected.json",
             cases[i]);
    fp = fopen(pm_test_path(path), "r");
    while (fp && fgets(line, sizeof line, fp))
      if ((p = strstr(line, "\"formula\": \"")) && (q = strrchr(line, '"'))) {
        p += strlen("\"formula\": \"");
        *q = '\0';
        status = pm_formula_parse(&f, p);
        break;
      }
    if (fp) fclose(fp);
    pm_test_ok(status == PM_SUCCESS, "%s: the formula parses %s", cases[i],
               pm_error_message());
    pm_formula_free(f);
  }
}

static void glm_poisson(void)
{
  pm_formula *f = NULL;
  const char *const *cols;
  size_t n;
  int status = pm_formula_parse(
      &f, "count_copepoda ~ temp + I(temp^2) + oxy + logdepth + "
          "offset(log(volume_m3))");

  if (!pm_test_ok(status == PM_SUCCESS, "glm formula parses")) return;
  pm_test_ok(strcmp(f->response_label, "count_copepoda") == 0, "response");
  pm_test_ok(f->intercept == 1 && f->nterms == 5, "intercept and 5 terms");
  pm_test_ok(f->terms[0].kind == PM_TERM_NUMERIC &&
                 !strcmp(f->terms[0].label, "temp"),
             "term 1 'temp' numeric");
  pm_test_ok(f->terms[1].kind == PM_TERM_NUMERIC &&
                 !strcmp(f->terms[1].label, "I(temp^2)"),
             "term 2 label 'I(temp^2)' (got '%s')", f->terms[1].label);
  pm_test_ok(f->terms[4].kind == PM_TERM_OFFSET &&
                 !strcmp(f->terms[4].label, "offset(log(volume_m3))"),
             "offset term label (got '%s')", f->terms[4].label);
  pm_formula_columns(f, &cols, &n);
  pm_test_ok(n == 5 && !strcmp(cols[0], "count_copepoda") &&
                 !strcmp(cols[1], "temp") && !strcmp(cols[2], "oxy") &&
                 !strcmp(cols[3], "logdepth") && !strcmp(cols[4], "volume_m3"),
             "columns in order of first use, response first (%zu)", n);
  pm_formula_free(f);
}

static void smooths(void)
{
  pm_formula *f = NULL;
  int status = pm_formula_parse(
      &f, "count_copepoda ~ s(temp, bs='cr', k=10) + s(logdepth, bs=\"cr\", "
          "k=8) + s(profile_id, bs='re') + s(month, bs='cc', k=6) + "
          "s(oxy, bs='ps', k=12) + s(lat) + offset(log(volume_m3))");
  const pm_term *t;

  if (!pm_test_ok(status == PM_SUCCESS, "smooth formula parses %s",
                  pm_error_message()))
    return;
  t = f->terms;
  pm_test_ok(t[0].kind == PM_TERM_SMOOTH && !strcmp(t[0].label, "s(temp)") &&
                 t[0].nvars == 1 && !strcmp(t[0].vars[0], "temp") &&
                 t[0].bs[0] == PM_BASIS_CR && t[0].k[0] == 10,
             "s(temp, bs='cr', k=10)");
  pm_test_ok(t[1].bs[0] == PM_BASIS_CR && t[1].k[0] == 8,
             "double quotes, k=8");
  pm_test_ok(t[2].bs[0] == PM_BASIS_RE && t[2].k[0] == 0 &&
                 !strcmp(t[2].label, "s(profile_id)"),
             "re: k=0 (the number of levels)");
  pm_test_ok(t[3].bs[0] == PM_BASIS_CC && t[3].k[0] == 6, "cc k=6");
  pm_test_ok(t[4].bs[0] == PM_BASIS_PS && t[4].k[0] == 12 && t[4].m[0] == 2,
             "ps k=12, m=2");
  pm_test_ok(t[5].bs[0] == PM_BASIS_TP && t[5].k[0] == PM_SMOOTH_DEFAULT_K &&
                 t[5].m[0] == 0 && t[5].knots[0] == NULL,
             "s(lat): mgcv's default, tp, k=10, no knots");
  pm_formula_free(f);

  status = pm_formula_parse(&f, "y ~ s(x, bs='ps', k=20, m=c(2, 3))");
  pm_test_ok(status == PM_SUCCESS && f->terms[0].m[0] == 3,
             "ps m=c(2,3): third order difference penalty");
  pm_formula_free(f);
}

static void by(void)
{
  pm_formula *f = NULL;
  const char *const *cols;
  size_t n;
  int status = pm_formula_parse(
      &f, "y ~ s(temp, bs='cr', by=oxy) + s(temp, by=factor(month)) + "
          "te(a, b, by=region) + s(temp)");
  const pm_term *t;

  if (!pm_test_ok(status == PM_SUCCESS, "by= formula parses %s",
                  pm_error_message()))
    return;
  t = f->terms;
  pm_test_ok(!strcmp(t[0].label, "s(temp):oxy") && !strcmp(t[0].by, "oxy") &&
                 !t[0].by_factor && t[0].bs[0] == PM_BASIS_CR,
             "s(temp, by=oxy): label s(temp):oxy, numeric by");
  pm_test_ok(!strcmp(t[1].label, "s(temp):factor(month)") &&
                 !strcmp(t[1].by, "month") && t[1].by_factor,
             "by=factor(month): a factor by");
  pm_test_ok(!strcmp(t[2].label, "te(a,b):region") && t[2].nvars == 2,
             "te(a, b, by=region)");
  pm_test_ok(!strcmp(t[3].label, "s(temp)") && !t[3].by,
             "s(temp) beside s(temp):oxy is another term");
  pm_formula_columns(f, &cols, &n);
  pm_test_ok(n == 7 && !strcmp(cols[2], "oxy") && !strcmp(cols[3], "month") &&
                 !strcmp(cols[6], "region"),
             "the by= columns are read");
  pm_formula_free(f);
}

static void tensors(void)
{
  pm_formula *f = NULL;
  const pm_term *t;
  int status = pm_formula_parse(
      &f, "count_phaeodaria ~ te(temp, logdepth, bs='cr', k=c(6,6)) + "
          "te(lat, lon) + te(month, depth, bs=c('cc', 'cr'), k=c(6, 4)) + "
          "offset(log(volume_m3))");

  if (!pm_test_ok(status == PM_SUCCESS, "te formula parses %s",
                  pm_error_message()))
    return;
  t = f->terms;
  pm_test_ok(t[0].kind == PM_TERM_TENSOR &&
                 !strcmp(t[0].label, "te(temp,logdepth)") && t[0].nvars == 2 &&
                 t[0].k[0] == 6 && t[0].k[1] == 6 && t[0].bs[1] == PM_BASIS_CR,
             "te(temp,logdepth), k=c(6,6) (label '%s')", t[0].label);
  pm_test_ok(t[1].k[0] == 5 && t[1].k[1] == 5 && t[1].bs[0] == PM_BASIS_CR,
             "te defaults: cr, k=5 per margin");
  pm_test_ok(t[2].bs[0] == PM_BASIS_CC && t[2].bs[1] == PM_BASIS_CR &&
                 t[2].k[0] == 6 && t[2].k[1] == 4,
             "te bs=c('cc','cr'), k=c(6,4)");

  status = pm_formula_set_knots(f, "month", (const double[]){0.5, 12.5}, 2);
  pm_test_ok(status == PM_SUCCESS && t[2].nknots[0] == 2 &&
                 t[2].knots[0][1] == 12.5 && t[2].knots[1] == NULL,
             "knots for month set on its margin");
  status = pm_formula_set_knots(f, "volume_m3", (const double[]){1}, 1);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "no smooth of the formula", "knots for a non-smooth column");
  pm_formula_free(f);
}

static void parametric(void)
{
  pm_formula *f = NULL;
  int status = pm_formula_parse(
      &f, "log(biomass + 1) ~ factor(instrument) + log(x) + I(a * b/2) + "
          "sqrt(abs(-z)) + `odd name` - 1");

  if (!pm_test_ok(status == PM_SUCCESS, "parametric formula parses %s",
                  pm_error_message()))
    return;
  pm_test_ok(!strcmp(f->response_label, "log(biomass + 1)"),
             "response label '%s'", f->response_label);
  pm_test_ok(f->intercept == 0, "- 1 removes the intercept");
  pm_test_ok(f->terms[0].kind == PM_TERM_FACTOR &&
                 !strcmp(f->terms[0].label, "factor(instrument)") &&
                 !strcmp(f->terms[0].vars[0], "instrument"),
             "factor(instrument)");
  pm_test_ok(!strcmp(f->terms[1].label, "log(x)"), "log(x)");
  pm_test_ok(!strcmp(f->terms[2].label, "I(a * b/2)"),
             "R's deparse spacing: '%s'", f->terms[2].label);
  pm_test_ok(!strcmp(f->terms[3].label, "sqrt(abs(-z))"), "'%s'",
             f->terms[3].label);
  pm_test_ok(!strcmp(f->terms[4].label, "`odd name`"),
             "backquoted name '%s'", f->terms[4].label);
  pm_formula_free(f);

  status = pm_formula_parse(&f, "y ~ x + 0");
  pm_test_ok(status == PM_SUCCESS && f->intercept == 0 && f->nterms == 1,
             "+ 0 removes the intercept");
  pm_formula_free(f);
  status = pm_formula_parse(&f, "y ~ -1 + x");
  pm_test_ok(status == PM_SUCCESS && f->intercept == 0 && f->nterms == 1,
             "-1 + x removes the intercept");
  pm_formula_free(f);
  status = pm_formula_parse(&f, "y ~ 1");
  pm_test_ok(status == PM_SUCCESS && f->intercept == 1 && f->nterms == 0,
             "y ~ 1: intercept only");
  pm_formula_free(f);
}

static void bad(const char *text, const char *fragment, const char *what)
{
  pm_formula *f = (pm_formula *)1;
  int status = pm_formula_parse(&f, text);
  pm_test_error(status, PM_EINPUT, pm_error_message(), fragment, "%s", what);
  pm_test_ok(f == NULL, "%s: no formula returned", what);
}

static void errors(void)
{
  bad("y ~ sx(temp)", "unknown function 'sx' in term 'sx(temp)'; known: s, "
                      "te, factor, offset, I, log",
      "unknown function");
  bad("y ~ s(temp", "unbalanced parentheses", "unclosed parenthesis");
  bad("y ~ s(temp))", "this ')' closes nothing", "extra parenthesis");
  bad("y s(temp)", "has no '~'", "missing ~");
  bad("~ s(temp)", "no response", "no response");
  bad("y ~ s(temp, id=1)",
      "term 's(temp, id=1)': unknown argument 'id'; s() takes bs, k, m, xt "
      "and by",
      "unknown s() argument");
  bad("y ~ s(temp, by=a, by=b)", "term 's(temp, by=a, by=b)': by= is given "
      "twice", "by twice");
  bad("y ~ te(a, b, by=log(c))", "term 'te(a, b, by=log(c))': by= must be a "
      "column name or factor(column)", "by an expression");
  bad("y ~ s(temp, by='site')", "by= must be a column name", "by a string");
  bad("y ~ s(temp, bs='gp')",
      "unknown basis bs='gp'; known: cr, ps, cc, re, tp, ts, cs, sos",
      "unknown basis");
  bad("y ~ s(temp, k=2.5)", "k must be a positive integer", "k not integer");
  bad("y ~ s(temp, k=0)", "k must be a positive integer", "k zero");
  bad("y ~ s(temp, k='a')", "k must be a positive integer", "k a string");
  bad("y ~ te(a, b, k=c(5, 5, 5))", "one per covariate (2)",
      "te k of the wrong length");
  bad("y ~ s(temp) + s(temp, k=5)", "duplicate term 's(temp)'",
      "duplicate smooth");
  bad("y ~ x + x", "duplicate term 'x'", "duplicate term");
  bad("y ~ s(a, b, bs='cr')", "s() of several covariates needs bs='tp', "
      "'ts' or 'sos'; use te(a, ...)", "s of two covariates: cr");
  bad("y ~ s(a, b, bs=c('tp', 'cr'))", "s() of several covariates takes one "
      "basis", "s of two covariates: two bases");
  bad("y ~ s(a, xt=list(max.knots=0))", "xt must be xt=list(max.knots=N)",
      "xt: max.knots not positive");
  bad("y ~ s(a, bs='cr', xt=list(max.knots=100))", "applies to bs='tp', "
      "'ts' and 'sos' only", "xt: not a thin-plate smooth");
  bad("y ~ te(a, b, xt=list(max.knots=100))", "unknown argument 'xt'",
      "xt: not in te()");
  bad("y ~ te(a)", "te() needs two or more covariates", "te of one");
  bad("y ~ s(log(a))", "covariates of s() must be column names",
      "s of an expression");
  bad("y ~ a * b", "write I(...)", "product at top level");
  bad("y ~ a:b", "interactions", "interaction");
  bad("y ~ x - z", "only the intercept can be removed", "removing a term");
  bad("y ~ I(s(x))", "unknown function 's' inside an expression",
      "s() inside I()");
  bad("y ~ log(x, 2)", "log() takes one unnamed argument", "log base");
  bad("y ~ s(x, bs='cr', m=3)", "m= is supported only for s(x, bs='ps')",
      "m for cr");
  bad("y ~ s(x, bs='ps', m=3)", "only cubic P-splines", "ps m=3");
  bad("y ~ s(lat, bs='sos')", "term 's(lat, bs='sos')': bs='sos' takes two "
      "covariates, latitude then longitude", "sos of one covariate");
  bad("y ~ s(lat, lon, depth, bs='sos')", "bs='sos' takes two covariates",
      "sos of three covariates");
  bad("y ~ s(lat, lon, bs='sos', m=5)", "term 's(lat, lon, bs='sos', m=5)': "
      "m must be one of 0 (Wendelberger's spline) and 1 to 4", "sos m=5");
  bad("y ~ s(lat, lon, bs='sos', m=-1)", "m must be one of 0", "sos m=-1");
  bad("y ~ s(lat, lon, bs='sos', m=1.5)", "m must be one of 0", "sos m=1.5");
  bad("y ~ te(lat, lon, bs='sos')", "bs='sos' is not a margin of te(); use "
      "s(lat, lon, bs='sos')", "sos in te");
  bad("y ~ x + 2", "'+ 1', '- 1' or '+ 0'", "number term");
  bad("y ~ s(x, bs='cr)", "unterminated quote", "unterminated quote");
  bad("y ~ x +", "ends too early", "trailing +");
  bad("y ~ factor(a, b)", "factor() takes one column name", "factor of two");
}

int main(void)
{
  reference_files();
  glm_poisson();
  smooths();
  tensors();
  by();
  parametric();
  errors();
  return pm_test_done();
}
