/* engine_expr.c: a known truth as a model engine: the concentration given
 * by an expression of the covariates and built-ins, with the log link, so
 * that virtual observations are drawn from it at the samples and its maps
 * and totals come from the same prediction as a fitted model's.  It has no
 * uncertainty: each of its members is the expression itself.  It is never
 * fitted, cross-validated or written; `plankmap simulate` makes it with
 * pm_engine_expression_alloc.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_internal.h"
#include "pm_error.h"
#include "pm_formula.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  pm_formula *formula; /* count ~ I(truth) + offset(log(volume_m3)) */
  double *value;       /* per row: the truth, then its offset */
  size_t *rows;        /* the rows with every column */
  double *eta, *E;     /* the prediction and its members */
  size_t cap, capD;
} expr_state;

static int not_fitted(void)
{
  return pm_error(PM_EINPUT, "the truth of a simulation is an expression: "
                  "it is not fitted, cross-validated, written or read");
}

static int expr_setup(pm_engine *e, const pm_engine_spec *spec)
{
  expr_state *s = calloc(1, sizeof *s);
  int status;

  if (!s) return pm_error_nomem();
  e->state = s;
  e->family.link = PM_LINK_LOG;
  if ((status = pm_formula_parse(&s->formula, spec->formula)))
    return status;
  if (s->formula->nterms != 2 || s->formula->terms[0].kind != PM_TERM_NUMERIC)
    return pm_error(PM_EINPUT, "truth '%s': one expression of the "
                    "covariates, without a smooth or factor term",
                    spec->formula);
  e->formula = s->formula->text;
  e->summary.family = e->family;
  return PM_SUCCESS;
}

static int expr_columns(const pm_engine *e, const char *const **names,
                        size_t *n)
{
  const expr_state *s = e->state;
  return pm_formula_columns(s->formula, names, n);
}

static int expr_fit(pm_engine *e, const pm_frame *frame,
                    pm_engine_fit_info *info)
{
  (void)e, (void)frame, (void)info;
  return not_fitted();
}

static int expr_bootstrap(pm_engine *e, const pm_engine_groups *g, size_t B,
                          unsigned long seed, size_t *nfailed)
{
  (void)e, (void)g, (void)B, (void)seed, (void)nfailed;
  return not_fitted();
}

static int expr_write(const pm_engine *e, const char *path,
                      const pm_model_provenance *prov)
{
  (void)e, (void)path, (void)prov;
  return not_fitted();
}

static int expr_cross_validate(const pm_engine *e, const pm_engine_groups *g,
                               size_t k, unsigned long seed,
                               pm_cv_result **cv)
{
  (void)e, (void)g, (void)k, (void)seed, (void)cv;
  return not_fitted();
}

static int expr_read(pm_engine *e, const char *path)
{
  (void)e, (void)path;
  return not_fitted();
}

static int expr_partial(const pm_engine *e, pm_partial **p)
{
  (void)e, (void)p;
  return not_fitted();
}

/* Every member is the truth itself: intervals of zero width. */
static int expr_members(pm_engine *e, size_t ndraws, unsigned long seed,
                        char *text, size_t size)
{
  snprintf(text, size, "none: the known truth, %zu identical members",
           ndraws);
  e->nmembers = ndraws;
  e->seed = seed;
  return PM_SUCCESS;
}

static void release(expr_state *s)
{
  free(s->value);
  free(s->rows);
  free(s->eta);
  free(s->E);
  s->value = s->eta = s->E = NULL;
  s->rows = NULL;
  s->cap = s->capD = 0;
}

static int reserve(expr_state *s, size_t n, size_t D)
{
  if (n <= s->cap && D <= s->capD) return PM_SUCCESS;
  release(s);
  s->value = malloc(2 * (n + 1) * sizeof *s->value);
  s->rows = malloc((n + 1) * sizeof *s->rows);
  s->eta = malloc((n + 1) * sizeof *s->eta);
  s->E = malloc((n * D + 1) * sizeof *s->E);
  if (!s->value || !s->rows || !s->eta || !s->E) {
    release(s);
    return pm_error_nomem();
  }
  s->cap = n;
  s->capD = D;
  return PM_SUCCESS;
}

/* eta = log(truth) + log(volume) on the rows where both have a value; a
 * truth that is not positive has no logarithm and is an error. */
static int expr_predict(pm_engine *e, const pm_frame *frame, int with_se,
                        pm_engine_prediction *out)
{
  expr_state *s = e->state;
  size_t n = pm_frame_nrows(frame), D = e->nmembers, i, m = 0, d;
  double *truth, *offset;
  int status;

  (void)with_se;
  if ((status = reserve(s, n, D))) return status;
  truth = s->value;
  offset = s->value + n;
  if ((status = pm_expr_eval(s->formula->terms[0].expr, frame, truth)) ||
      (status = pm_expr_eval(s->formula->terms[1].expr, frame, offset)))
    return status;
  for (i = 0; i < n; i++) {
    if (isnan(truth[i]) || isnan(offset[i])) continue;
    if (!(truth[i] > 0) || !isfinite(truth[i]))
      return pm_error(PM_EINPUT, "truth '%s' is %g at row %zu of %s; a "
                      "concentration must be positive and finite",
                      s->formula->terms[0].label, truth[i], i + 1,
                      pm_frame_path(frame));
    s->rows[m] = i;
    s->eta[m] = log(truth[i]) + offset[i];
    for (d = 0; d < D; d++) s->E[m * D + d] = s->eta[m];
    m++;
  }
  out->n = m;
  out->rows = s->rows;
  out->eta = s->eta;
  out->se_eta = NULL;
  out->D = D;
  out->draws = D ? s->E : NULL;
  return PM_SUCCESS;
}

static void expr_free(pm_engine *e)
{
  expr_state *s = e->state;
  if (!s) return;
  release(s);
  pm_formula_free(s->formula);
  free(s);
  e->state = NULL;
}

static const pm_engine_type engine_expression = {
    "expression", expr_setup,   expr_columns,        expr_fit,
    expr_bootstrap, expr_write, expr_cross_validate, expr_read,
    expr_members,   expr_predict, expr_partial,      expr_free,
    NULL};

int pm_engine_expression_alloc(pm_engine **e, const char *truth,
                               const pm_family *family)
{
  const char *head = "count ~ I(", *tail = ") + offset(log(volume_m3))";
  size_t size = strlen(head) + strlen(truth) + strlen(tail) + 1;
  char *formula = malloc(size);
  pm_engine_spec spec;
  int status;

  if (!formula) return pm_error_nomem();
  snprintf(formula, size, "%s%s%s", head, truth, tail);
  memset(&spec, 0, sizeof spec);
  spec.formula = formula;
  spec.family = *family;
  status = pm_engine_alloc(e, &engine_expression, &spec);
  free(formula);
  return status;
}
