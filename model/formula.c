/* formula.c: a parsed formula turned into mgcv's terms: parametric terms,
 * factors, smooths s() and te(), offsets and the intercept.
 *
 * Defaults follow mgcv 1.8 (?s, ?te, ?smooth.construct.tp.smooth.spec):
 * s(x) is the thin-plate regression spline s(x, bs='tp', k=10), and s() of
 * d covariates the isotropic one with k = M + 8, 27 or 100 for d = 1, 2,
 * >= 3 (M the dimension of its null space) and penalty order m with
 * 2m > d + 1; te() has bs='cr' and k=5 per margin; a P-spline is cubic with
 * a second order difference penalty, m=c(2,2) (Eilers & Marx 1996,
 * Statistical Science 11:89-121).  xt=list(max.knots=N) bounds the knots a
 * tp or ts smooth takes from the data, as mgcv's; by=x or by=factor(x) names
 * the by= column, whose kind the design learns from the data.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "formula_internal.h"
#include "smooth_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TE_DEFAULT_K 5

/* The formula with the parse tree that its terms point into. */
typedef struct {
  pm_formula f;
  pm_expr *tree;
  const char **columns;
  size_t ncolumns;
} formula;

static const char known_terms[] =
    "s, te, factor, offset, I, log, log10, log1p, exp, sqrt, abs";


/* The term as written, for messages. */
typedef struct {
  const char *text;
  const pm_expr *e;
} where;

static int term_error(const where *w, const char *fmt, const char *a,
                      const char *b)
{
  char what[512];
  snprintf(what, sizeof what, fmt, a, b);
  return pm_error(PM_EINPUT, "formula '%s': term '%.*s': %s", w->text,
                  (int)(w->e->end - w->e->start), w->text + w->e->start, what);
}

/* Only numbers, column names and the known functions of one argument. */
static int check_expression(const where *w, const pm_expr *e)
{
  size_t i;
  int status;

  if (e->kind == PM_X_STR)
    return term_error(w, "a quoted string%s%s is not a number", "", "");
  if (e->kind == PM_X_CALL) {
    if (!pm_expr_function_known(e->name))
      return term_error(w, "unknown function '%s'%s", e->name,
                        strcmp(e->name, "s") && strcmp(e->name, "te") &&
                                strcmp(e->name, "factor") &&
                                strcmp(e->name, "offset")
                            ? ""
                            : " inside an expression");
    if (e->nargs != 1 || (e->argnames && e->argnames[0]))
      return term_error(w, "%s() takes one unnamed argument%s", e->name, "");
  }
  for (i = 0; i < e->nargs; i++)
    if ((status = check_expression(w, e->args[i]))) return status;
  return PM_SUCCESS;
}

/* --- smooth terms ----------------------------------------------------- */

static int margin_arrays(pm_term *t, size_t n)
{
  t->nvars = n;
  t->vars = calloc(n, sizeof *t->vars);
  t->bs = calloc(n, sizeof *t->bs);
  t->k = calloc(n, sizeof *t->k);
  t->m = calloc(n, sizeof *t->m);
  t->knots = calloc(n, sizeof *t->knots);
  t->nknots = calloc(n, sizeof *t->nknots);
  if (!t->vars || !t->bs || !t->k || !t->m || !t->knots || !t->nknots)
    return pm_error_nomem();
  return PM_SUCCESS;
}

/* The values of `v` (a scalar or c(...)): *n of them into items. */
static int vector_items(const where *w, const pm_expr *const *vp,
                        const char *arg, const pm_expr *const **items,
                        size_t *n)
{
  const pm_expr *v = *vp;
  if (v->kind == PM_X_CALL && strcmp(v->name, "c") == 0) {
    if (v->nargs == 0) return term_error(w, "%s=c() is empty%s", arg, "");
    *items = (const pm_expr *const *)v->args;
    *n = v->nargs;
  } else {
    *items = vp;
    *n = 1;
  }
  return PM_SUCCESS;
}

/* Recycle a scalar to every margin; a vector must have one per margin. */
static int check_length(const where *w, const pm_term *t, const char *arg,
                        size_t n)
{
  char count[64];
  if (n == 1 || n == t->nvars) return PM_SUCCESS;
  snprintf(count, sizeof count, "%zu", t->nvars);
  return term_error(w, "%s= needs one value or one per covariate (%s)", arg,
                    count);
}

static int set_bs(const where *w, pm_term *t, const pm_expr *v)
{
  const pm_expr *const *items = NULL;
  size_t n = 0, i;
  int status;

  if ((status = vector_items(w, &v, "bs", &items, &n)) ||
      (status = check_length(w, t, "bs", n)))
    return status;
  for (i = 0; i < t->nvars; i++) {
    const pm_expr *b = items[n == 1 ? 0 : i];
    if (b->kind != PM_X_STR)
      return term_error(w, "bs= must be a quoted basis name such as "
                           "bs='cr'%s%s", "", "");
    if ((status = pm_basis_kind_of(b->name, &t->bs[i]))) {
      char known[64];
      pm_basis_known(known, sizeof known);
      return term_error(w, "unknown basis bs='%s'; known: %s", b->name,
                        known);
    }
  }
  return PM_SUCCESS;
}

static int positive_integer(const pm_expr *v, int *out)
{
  if (v->kind != PM_X_NUM || v->value < 1 || v->value > 1e6 ||
      v->value != floor(v->value))
    return 0;
  *out = (int)v->value;
  return 1;
}

static int set_k(const where *w, pm_term *t, const pm_expr *v)
{
  const pm_expr *const *items = NULL;
  size_t n = 0, i;
  int status;

  if ((status = vector_items(w, &v, "k", &items, &n)) ||
      (status = check_length(w, t, "k", n)))
    return status;
  for (i = 0; i < t->nvars; i++)
    if (!positive_integer(items[n == 1 ? 0 : i], &t->k[i]))
      return term_error(w, "k must be a positive integer, such as k=10%s%s",
                        "", "");
  return PM_SUCCESS;
}

static int is_thin_plate(const pm_term *t)
{
  return t->kind == PM_TERM_SMOOTH &&
         (t->bs[0] == PM_BASIS_TP || t->bs[0] == PM_BASIS_TS);
}

static int is_sos(const pm_term *t)
{
  return t->kind == PM_TERM_SMOOTH && t->bs[0] == PM_BASIS_SOS;
}

/* A spline on the sphere's kernel: m=0 (Wendelberger's spline) or m=1..4
 * (the pseudo-splines), as mgcv's sos. */
static int set_sos_m(const where *w, pm_term *t, const pm_expr *v)
{
  if (v->kind != PM_X_NUM || v->value != floor(v->value) || v->value < 0 ||
      v->value > PM_SOS_MAX_M)
    return term_error(w, "m must be one of 0 (Wendelberger's spline) and 1 "
                         "to 4 (the pseudo-splines) for bs='sos'%s%s", "",
                      "");
  for (size_t i = 0; i < t->nvars; i++) t->m[i] = (int)v->value;
  return PM_SUCCESS;
}

/* A thin-plate smooth's penalty order: m=N, N >= 1 (an order with 2m <= d
 * becomes mgcv's default, as in mgcv). */
static int set_tp_m(const where *w, pm_term *t, const pm_expr *v)
{
  int m;
  if (!positive_integer(v, &m))
    return term_error(w, "m must be one positive integer, the order of the "
                         "thin-plate penalty%s%s", "", "");
  for (size_t i = 0; i < t->nvars; i++) t->m[i] = m;
  return PM_SUCCESS;
}

/* mgcv's m for a P-spline: m=2 or m=c(2, d), a cubic B-spline basis with a
 * d-th order difference penalty; the term stores d. */
static int set_m(const where *w, pm_term *t, const pm_expr *v)
{
  const pm_expr *const *items = NULL;
  size_t n = 0;
  int order, difference;
  int status = vector_items(w, &v, "m", &items, &n);

  if (status) return status;
  if (is_thin_plate(t)) return set_tp_m(w, t, v);
  if (is_sos(t)) return set_sos_m(w, t, v);
  if (t->kind != PM_TERM_SMOOTH || t->bs[0] != PM_BASIS_PS)
    return term_error(w, "m= is supported only for s(x, bs='ps'), the "
                         "thin-plate bases tp and ts, and sos%s%s", "", "");
  if (n > 2 || !positive_integer(items[0], &order) ||
      !positive_integer(items[n - 1], &difference))
    return term_error(w, "m must be m=2 or m=c(2, d) with d a positive "
                         "integer%s%s", "", "");
  if (order != 2)
    return term_error(w, "only cubic P-splines are supported: m=c(2, d) "
                         "(the first value must be 2)%s%s", "", "");
  t->m[0] = difference;
  return PM_SUCCESS;
}

/* mgcv's xt=list(max.knots=N) for tp, ts and sos. */
static int set_xt(const where *w, pm_term *t, const pm_expr *v)
{
  if (v->kind != PM_X_CALL || strcmp(v->name, "list") || v->nargs != 1 ||
      !v->argnames || !v->argnames[0] ||
      strcmp(v->argnames[0], "max.knots") ||
      !positive_integer(v->args[0], &t->max_knots))
    return term_error(w, "xt must be xt=list(max.knots=N), N a positive "
                         "integer%s%s", "", "");
  if (!is_thin_plate(t) && !is_sos(t))
    return term_error(w, "xt=list(max.knots=N) applies to bs='tp', 'ts' "
                         "and 'sos' only%s%s", "", "");
  return PM_SUCCESS;
}

/* mgcv's label: "s(x,z)", with ":by" for a by= column as written
 * ("s(x):oxy", "s(x):factor(region)"). */
static char *smooth_label(const pm_term *t, const char *fn)
{
  size_t len = strlen(fn) + 12 + (t->by ? strlen(t->by) : 0), i;
  char *s;

  for (i = 0; i < t->nvars; i++) len += strlen(t->vars[i]) + 1;
  s = malloc(len);
  if (!s) return NULL;
  strcpy(s, fn);
  strcat(s, "(");
  for (i = 0; i < t->nvars; i++) {
    if (i) strcat(s, ",");
    strcat(s, t->vars[i]);
  }
  strcat(s, ")");
  if (t->by) {
    strcat(s, t->by_factor ? ":factor(" : ":");
    strcat(s, t->by);
    if (t->by_factor) strcat(s, ")");
  }
  return s;
}

/* by=x or by=factor(x): one column name; given at most once. */
static int set_by(const where *w, pm_term *t)
{
  const pm_expr *e = w->e, *v = NULL;
  size_t i;

  for (i = 0; i < e->nargs; i++) {
    if (!e->argnames || !e->argnames[i] || strcmp(e->argnames[i], "by"))
      continue;
    if (v) return term_error(w, "by= is given twice%s%s", "", "");
    v = e->args[i];
  }
  if (!v) return PM_SUCCESS;
  t->by_factor = v->kind == PM_X_CALL && strcmp(v->name, "factor") == 0 &&
                 v->nargs == 1 && !(v->argnames && v->argnames[0]);
  if (t->by_factor) v = v->args[0];
  if (v->kind != PM_X_NAME)
    return term_error(w, "by= must be a column name or factor(column)%s%s",
                      "", "");
  t->by = strdup(v->name);
  return t->by ? PM_SUCCESS : pm_error_nomem();
}

/* s() of several covariates is one isotropic thin-plate basis or the
 * spline on the sphere, whose covariates are latitude and longitude. */
static int check_basis(const where *w, const pm_term *t)
{
  for (size_t i = 0; t->kind == PM_TERM_TENSOR && i < t->nvars; i++)
    if (t->bs[i] == PM_BASIS_SOS)
      return term_error(w, "bs='sos' is not a margin of te(); use s(%s, "
                           "%s, bs='sos')", t->vars[0], t->vars[1]);
  if (is_sos(t) && t->nvars != 2)
    return term_error(w, "bs='sos' takes two covariates, latitude then "
                         "longitude in degrees, as s(lat, lon, "
                         "bs='sos')%s%s", "", "");
  if (t->kind != PM_TERM_SMOOTH || t->nvars == 1) return PM_SUCCESS;
  for (size_t i = 1; i < t->nvars; i++)
    if (t->bs[i] != t->bs[0])
      return term_error(w, "s() of several covariates takes one basis%s%s",
                        "", "");
  if (is_thin_plate(t) || is_sos(t)) return PM_SUCCESS;
  return term_error(w, "s() of several covariates needs bs='tp', 'ts' or "
                       "'sos'; use te(%s, ...) for a tensor product%s",
                    t->vars[0], "");
}

/* The covariates are the unnamed arguments; bs is read before k, m, xt. */
static int smooth_term(const where *w, pm_term *t)
{
  const pm_expr *e = w->e;
  const char *fn = e->name;
  size_t i, nv = 0;
  int tensor = strcmp(fn, "te") == 0, k_given = 0, m_given = 0, status;
  const char *order[] = {"bs", "k", "m", "xt"};
  size_t o;

  t->kind = tensor ? PM_TERM_TENSOR : PM_TERM_SMOOTH;
  for (i = 0; i < e->nargs; i++) {
    const char *a = e->argnames ? e->argnames[i] : NULL;
    if (!a) {
      if (e->args[i]->kind != PM_X_NAME)
        return term_error(w, "the covariates of %s() must be column names%s",
                          fn, "");
      nv++;
    } else if (strcmp(a, "bs") && strcmp(a, "k") && strcmp(a, "m") &&
               strcmp(a, "by") && (tensor || strcmp(a, "xt"))) {
      return term_error(w, tensor ? "unknown argument '%s'; %s() takes bs, "
                                    "k, m and by"
                                  : "unknown argument '%s'; %s() takes bs, "
                                    "k, m, xt and by",
                        a, fn);
    }
  }
  if (nv == 0) return term_error(w, "%s() needs a covariate%s", fn, "");
  if (tensor && nv < 2)
    return term_error(w, "te() needs two or more covariates; use s(%s)%s",
                      e->args[0]->name, "");
  if ((status = margin_arrays(t, nv))) return status;
  for (i = 0, nv = 0; i < e->nargs; i++) {
    if (e->argnames && e->argnames[i]) continue;
    t->vars[nv] = strdup(e->args[i]->name);
    if (!t->vars[nv]) return pm_error_nomem();
    t->bs[nv] = tensor ? PM_BASIS_CR : PM_BASIS_TP;
    t->k[nv] = tensor ? TE_DEFAULT_K : PM_SMOOTH_DEFAULT_K;
    t->m[nv++] = 2;
  }
  for (o = 0; o < 4; o++)
    for (i = 0; i < e->nargs; i++) {
      const char *a = e->argnames ? e->argnames[i] : NULL;
      if (!a || strcmp(a, order[o])) continue;
      status = o == 0   ? set_bs(w, t, e->args[i])
               : o == 1 ? set_k(w, t, e->args[i])
               : o == 2 ? set_m(w, t, e->args[i])
                        : set_xt(w, t, e->args[i]);
      if (status) return status;
      k_given |= o == 1;
      m_given |= o == 2;
    }
  if ((status = check_basis(w, t))) return status;
  /* A random effect's dimension is the number of levels, known later. */
  if (!tensor && t->bs[0] == PM_BASIS_RE && !k_given) t->k[0] = 0;
  for (i = 0; is_thin_plate(t) && i < t->nvars; i++) { /* mgcv's defaults */
    if (!m_given) t->m[i] = 0;
    if (!k_given) t->k[i] = pm_tp_default_k(t->m[i], t->nvars);
  }
  for (i = 0; is_sos(t) && i < t->nvars; i++) {
    if (!m_given) t->m[i] = 0;
    if (!k_given) t->k[i] = PM_SOS_DEFAULT_K;
  }
  if ((status = set_by(w, t))) return status;
  t->label = smooth_label(t, fn);
  return t->label ? PM_SUCCESS : pm_error_nomem();
}

/* --- terms ------------------------------------------------------------ */

static int factor_term(const where *w, pm_term *t)
{
  const pm_expr *e = w->e;
  int status;

  if (e->nargs != 1 || e->args[0]->kind != PM_X_NAME ||
      (e->argnames && e->argnames[0]))
    return term_error(w, "factor() takes one column name%s%s", "", "");
  t->kind = PM_TERM_FACTOR;
  if ((status = margin_arrays(t, 1))) return status;
  t->vars[0] = strdup(e->args[0]->name);
  t->label = pm_expr_deparse(e);
  return t->vars[0] && t->label ? PM_SUCCESS : pm_error_nomem();
}

static int offset_term(const where *w, pm_term *t)
{
  const pm_expr *e = w->e;
  int status;

  if (e->nargs != 1 || (e->argnames && e->argnames[0]))
    return term_error(w, "offset() takes one expression%s%s", "", "");
  if ((status = check_expression(w, e->args[0]))) return status;
  t->kind = PM_TERM_OFFSET;
  t->expr = e->args[0];
  t->label = pm_expr_deparse(e);
  return t->label ? PM_SUCCESS : pm_error_nomem();
}

static int numeric_term(const where *w, pm_term *t, pm_expr *e)
{
  int status;

  if (e->kind == PM_X_BIN)
    return term_error(w, "'%s' between terms is not arithmetic in a formula; "
                         "write I(...) around the expression%s",
                      e->op == '*' ? "*" : e->op == '/' ? "/" : "^", "");
  if (e->kind == PM_X_NUM || e->kind == PM_X_STR || e->kind == PM_X_NEG)
    return term_error(w, "a term must be a column, a function of columns or "
                         "a smooth%s%s", "", "");
  if ((status = check_expression(w, e))) return status;
  t->kind = PM_TERM_NUMERIC;
  t->expr = e;
  t->label = pm_expr_deparse(e);
  return t->label ? PM_SUCCESS : pm_error_nomem();
}

static int make_term(const char *text, pm_expr *e, pm_term *t)
{
  where w = {text, e};

  if (e->kind == PM_X_CALL) {
    if (!strcmp(e->name, "s") || !strcmp(e->name, "te"))
      return smooth_term(&w, t);
    if (!strcmp(e->name, "factor")) return factor_term(&w, t);
    if (!strcmp(e->name, "offset")) return offset_term(&w, t);
    if (!pm_expr_function_known(e->name))
      return pm_error(PM_EINPUT,
                      "formula '%s': unknown function '%s' in term '%.*s'; "
                      "known: %s",
                      text, e->name, (int)(e->end - e->start),
                      text + e->start, known_terms);
  }
  return numeric_term(&w, t, e);
}

static void free_term(pm_term *t)
{
  size_t i;
  for (i = 0; i < t->nvars; i++) {
    if (t->vars) free(t->vars[i]);
    if (t->knots) free(t->knots[i]);
  }
  free(t->vars);
  free(t->bs);
  free(t->k);
  free(t->m);
  free(t->knots);
  free(t->nknots);
  free(t->by);
  free(t->label);
}

void pm_formula_free(pm_formula *f)
{
  formula *g = (formula *)f;
  size_t i;
  if (!f) return;
  for (i = 0; i < f->nterms; i++) free_term(&f->terms[i]);
  free(f->terms);
  free(f->text);
  free(f->response_label);
  free(g->columns);
  pm_expr_free(g->tree);
  free(g);
}

/* `- 1`, `+ 0` (and `-1 + ...`) remove the intercept, `+ 1` keeps it. */
static int intercept_term(formula *g, const pm_expr *e, int sign, int *done)
{
  where w = {g->f.text, e};
  *done = 0;
  if (e->kind != PM_X_NUM) {
    if (sign < 0)
      return term_error(&w, "only the intercept can be removed with '-' "
                            "(write '- 1')%s%s", "", "");
    return PM_SUCCESS;
  }
  *done = 1;
  if (e->value == 1)
    g->f.intercept = sign > 0;
  else if (e->value == 0 && sign > 0)
    g->f.intercept = 0;
  else
    return term_error(&w, "a number term can only be '+ 1', '- 1' or "
                          "'+ 0'%s%s", "", "");
  return PM_SUCCESS;
}

static int add_term(formula *g, pm_expr *e, int sign)
{
  pm_formula *f = &g->f;
  pm_term *t;
  size_t i;
  int done, status;

  if ((status = intercept_term(g, e, sign, &done)) || done) return status;
  t = realloc(f->terms, (f->nterms + 1) * sizeof *t);
  if (!t) return pm_error_nomem();
  f->terms = t;
  t = &f->terms[f->nterms++];
  memset(t, 0, sizeof *t);
  if ((status = make_term(f->text, e, t))) return status;
  if (t->expr) pm_expr_set_context(t->expr, t->label);
  for (i = 0; i + 1 < f->nterms; i++)
    if (strcmp(f->terms[i].label, t->label) == 0) {
      where w = {f->text, e};
      return term_error(&w, "duplicate term '%s'%s", t->label, "");
    }
  return PM_SUCCESS;
}

/* The terms of a + b - c, with parentheses around groups removed. */
static int add_terms(formula *g, pm_expr *e, int sign)
{
  int status;

  if (e->kind == PM_X_BIN && (e->op == '+' || e->op == '-')) {
    if ((status = add_terms(g, e->args[0], sign))) return status;
    return add_terms(g, e->args[1], e->op == '-' ? -sign : sign);
  }
  if (e->kind == PM_X_NEG) return add_terms(g, e->args[0], -sign);
  if (e->kind == PM_X_PAREN) return add_terms(g, e->args[0], sign);
  return add_term(g, e, sign);
}

static int set_response(formula *g, pm_expr *lhs)
{
  where w = {g->f.text, lhs};
  int status = check_expression(&w, lhs);
  if (status) return status;
  g->f.response = lhs;
  g->f.response_label = pm_expr_deparse(lhs);
  if (!g->f.response_label) return pm_error_nomem();
  pm_expr_set_context(lhs, g->f.response_label);
  return PM_SUCCESS;
}

static int collect_columns(formula *g)
{
  size_t cap = 0, i;
  int status = pm_expr_add_columns(g->f.response, &g->columns, &g->ncolumns,
                                   &cap);
  for (i = 0; status == PM_SUCCESS && i < g->f.nterms; i++)
    status = pm_term_add_columns(&g->f.terms[i], &g->columns, &g->ncolumns,
                                 &cap);
  return status;
}

int pm_term_add_columns(const pm_term *t, const char ***names, size_t *n,
                        size_t *cap)
{
  int status = PM_SUCCESS;
  for (size_t j = 0; status == PM_SUCCESS && j <= t->nvars; j++) {
    pm_expr name = {.kind = PM_X_NAME,
                    .name = j < t->nvars ? t->vars[j] : t->by};
    if (name.name) status = pm_expr_add_columns(&name, names, n, cap);
  }
  if (t->expr && status == PM_SUCCESS)
    status = pm_expr_add_columns(t->expr, names, n, cap);
  return status;
}

int pm_formula_parse(pm_formula **out, const char *text)
{
  formula *g = calloc(1, sizeof *g);
  pm_expr *tree;
  int status;

  *out = NULL;
  if (!g) return pm_error_nomem();
  g->f.intercept = 1;
  if (!(g->f.text = strdup(text))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if (!strchr(text, '~')) {
    status = pm_error(PM_EINPUT,
                      "formula '%s' has no '~': write it as response ~ terms, "
                      "e.g. count ~ s(temp) + offset(log(volume_m3))",
                      text);
    goto cleanup;
  }
  if (text[strspn(text, " \t\n")] == '~') {
    status = pm_error(PM_EINPUT,
                      "formula '%s' has no response before '~': write it as "
                      "response ~ terms",
                      text);
    goto cleanup;
  }
  if ((status = pm_expr_parse(&g->tree, text))) goto cleanup;
  tree = g->tree;
  if (tree->kind != PM_X_BIN || tree->op != '~') {
    status = pm_error(PM_EINPUT,
                      "formula '%s': '~' must separate the response from the "
                      "terms, outside any parentheses",
                      text);
    goto cleanup;
  }
  if (tree->args[0]->kind == PM_X_BIN && tree->args[0]->op == '~') {
    status = pm_error(PM_EINPUT, "formula '%s' has more than one '~'", text);
    goto cleanup;
  }
  if ((status = set_response(g, tree->args[0])) ||
      (status = add_terms(g, tree->args[1], 1)) ||
      (status = collect_columns(g)))
    goto cleanup;
  *out = &g->f;
cleanup:
  if (status) pm_formula_free(&g->f);
  return status;
}

int pm_formula_columns(const pm_formula *f, const char *const **names,
                       size_t *n)
{
  const formula *g = (const formula *)f;
  *names = g->columns;
  *n = g->ncolumns;
  return PM_SUCCESS;
}

int pm_formula_set_knots(pm_formula *f, const char *var, const double *knots,
                         size_t n)
{
  size_t i, j, found = 0;

  for (i = 0; i < f->nterms; i++) {
    pm_term *t = &f->terms[i];
    if (t->kind != PM_TERM_SMOOTH && t->kind != PM_TERM_TENSOR) continue;
    for (j = 0; j < t->nvars; j++) {
      double *copy;
      if (strcmp(t->vars[j], var)) continue;
      copy = malloc((n ? n : 1) * sizeof *copy);
      if (!copy) return pm_error_nomem();
      if (n) memcpy(copy, knots, n * sizeof *copy);
      free(t->knots[j]);
      t->knots[j] = copy;
      t->nknots[j] = n;
      found++;
    }
  }
  if (!found)
    return pm_error(PM_EINPUT,
                    "knots for '%s': no smooth of the formula '%s' uses '%s'",
                    var, f->text, var);
  return PM_SUCCESS;
}
