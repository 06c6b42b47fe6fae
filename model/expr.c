/* expr.c: expressions of a formula: evaluation over a table's rows, R's
 * deparse() of a term, and the columns a term reads.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "formula_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One argument functions of an expression.  `domain` says in words where
 * the function is defined, for the message when a value falls outside. */
typedef struct {
  const char *name;
  double (*f)(double);
  const char *domain;
} function;

static double identity(double x) { return x; }

static const function functions[] = {
    {"I", identity, ""},          {"log", log, "positive"},
    {"log10", log10, "positive"}, {"log1p", log1p, "greater than -1"},
    {"exp", exp, "below 709"},    {"sqrt", sqrt, "non-negative"},
    {"abs", fabs, ""}};

const char pm_expr_functions[] = "I, log, log10, log1p, exp, sqrt, abs";

static const function *find_function(const char *name)
{
  size_t i;
  for (i = 0; i < sizeof functions / sizeof *functions; i++)
    if (strcmp(functions[i].name, name) == 0) return &functions[i];
  return NULL;
}

int pm_expr_function_known(const char *name)
{
  return find_function(name) != NULL;
}

void pm_expr_free(pm_expr *e)
{
  size_t i;
  if (!e) return;
  for (i = 0; i < e->nargs; i++) {
    pm_expr_free(e->args[i]);
    if (e->argnames) free(e->argnames[i]);
  }
  free(e->args);
  free(e->argnames);
  free(e->name);
  free(e);
}

void pm_expr_set_context(pm_expr *e, const char *context)
{
  size_t i;
  e->context = context;
  for (i = 0; i < e->nargs; i++) pm_expr_set_context(e->args[i], context);
}

/* --- deparse ---------------------------------------------------------- */

typedef struct {
  char *s;
  size_t n, cap;
  int failed;
} buffer;

static void put(buffer *b, const char *s)
{
  size_t len = strlen(s);
  if (b->failed) return;
  if (b->n + len + 1 > b->cap) {
    size_t cap = 2 * (b->n + len + 1);
    char *t = realloc(b->s, cap);
    if (!t) {
      b->failed = 1;
      return;
    }
    b->s = t;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, len + 1);
  b->n += len;
}

/* R writes a name that is not syntactic between backquotes. */
static int syntactic(const char *s)
{
  if (!(*s == '.' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
    return 0;
  for (; *s; s++)
    if (!(*s == '.' || *s == '_' || (*s >= '0' && *s <= '9') ||
          (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
      return 0;
  return 1;
}

/* As R's deparse(): spaces around ~ + - * and none around / and ^. */
static void deparse(buffer *b, const pm_expr *e)
{
  char num[32], op[4];
  size_t i;

  switch (e->kind) {
  case PM_X_NUM:
    snprintf(num, sizeof num, "%.15g", e->value);
    put(b, num);
    break;
  case PM_X_NAME:
    if (!syntactic(e->name)) put(b, "`");
    put(b, e->name);
    if (!syntactic(e->name)) put(b, "`");
    break;
  case PM_X_STR:
    put(b, "\"");
    put(b, e->name);
    put(b, "\"");
    break;
  case PM_X_CALL:
    put(b, e->name);
    put(b, "(");
    for (i = 0; i < e->nargs; i++) {
      if (i > 0) put(b, ", ");
      if (e->argnames && e->argnames[i]) {
        put(b, e->argnames[i]);
        put(b, " = ");
      }
      deparse(b, e->args[i]);
    }
    put(b, ")");
    break;
  case PM_X_BIN:
    deparse(b, e->args[0]);
    if (e->op == '/' || e->op == '^')
      snprintf(op, sizeof op, "%c", e->op);
    else
      snprintf(op, sizeof op, " %c ", e->op);
    put(b, op);
    deparse(b, e->args[1]);
    break;
  case PM_X_NEG:
    put(b, "-");
    deparse(b, e->args[0]);
    break;
  case PM_X_PAREN:
    put(b, "(");
    deparse(b, e->args[0]);
    put(b, ")");
    break;
  }
}

char *pm_expr_deparse(const pm_expr *e)
{
  buffer b = {NULL, 0, 0, 0};
  put(&b, "");
  deparse(&b, e);
  if (b.failed) {
    free(b.s);
    return NULL;
  }
  return b.s;
}

/* --- columns ---------------------------------------------------------- */

int pm_expr_add_columns(const pm_expr *e, const char ***names, size_t *n,
                        size_t *cap)
{
  size_t i;
  int status;

  if (e->kind == PM_X_NAME) {
    for (i = 0; i < *n; i++)
      if (strcmp((*names)[i], e->name) == 0) return PM_SUCCESS;
    if (*n == *cap) {
      size_t c = *cap ? 2 * *cap : 8;
      const char **t = realloc(*names, c * sizeof *t);
      if (!t) return pm_error_nomem();
      *names = t;
      *cap = c;
    }
    (*names)[(*n)++] = e->name;
    return PM_SUCCESS;
  }
  for (i = 0; i < e->nargs; i++)
    if ((status = pm_expr_add_columns(e->args[i], names, n, cap)))
      return status;
  return PM_SUCCESS;
}

/* --- evaluation ------------------------------------------------------- */

static size_t row_of(const size_t *rows, size_t i)
{
  return rows ? rows[i] : i;
}

static int undefined(const pm_expr *e, const pm_frame *frame, size_t row,
                     const char *what)
{
  return pm_error(PM_EINPUT, "%s: %s at %s:%zu", e->context ? e->context : "",
                  what, pm_frame_path(frame), pm_frame_line(frame, row));
}

static int eval_column(const pm_expr *e, const pm_frame *frame,
                       const size_t *rows, size_t n, double *out)
{
  const pm_column *c;
  size_t i;
  int status = pm_frame_column(frame, e->name, &c);

  if (status) return status;
  if (!c->x)
    return pm_error(PM_EINPUT,
                    "%s: column '%s' of %s holds text (e.g. '%s'), not "
                    "numbers; use factor(%s) or s(%s, bs='re') for a "
                    "categorical covariate",
                    e->context ? e->context : e->name, e->name,
                    pm_frame_path(frame), c->nlevels ? c->levels[0] : "",
                    e->name, e->name);
  for (i = 0; i < n; i++) out[i] = c->x[row_of(rows, i)];
  return PM_SUCCESS;
}

static int eval_node(const pm_expr *e, const pm_frame *frame,
                     const size_t *rows, size_t n, double *out);

static int eval_binary(const pm_expr *e, const pm_frame *frame,
                       const size_t *rows, size_t n, double *out)
{
  double *b = malloc((n ? n : 1) * sizeof *b), a, r;
  char what[96];
  size_t i;
  int status;

  if (!b) return pm_error_nomem();
  if ((status = eval_node(e->args[0], frame, rows, n, out)) ||
      (status = eval_node(e->args[1], frame, rows, n, b)))
    goto cleanup;
  for (i = 0; i < n; i++) {
    a = out[i];
    switch (e->op) {
    case '+': r = a + b[i]; break;
    case '-': r = a - b[i]; break;
    case '*': r = a * b[i]; break;
    case '/': r = a / b[i]; break;
    default: r = pow(a, b[i]); break;
    }
    if (!isfinite(r) && isfinite(a) && isfinite(b[i])) {
      if (e->op == '/')
        snprintf(what, sizeof what, "division of %g by 0", a);
      else
        snprintf(what, sizeof what, "%g %c %g is not a finite number", a,
                 e->op, b[i]);
      status = undefined(e, frame, row_of(rows, i), what);
      goto cleanup;
    }
    out[i] = r;
  }
cleanup:
  free(b);
  return status;
}

static int eval_call(const pm_expr *e, const pm_frame *frame,
                     const size_t *rows, size_t n, double *out)
{
  const function *f = find_function(e->name);
  char what[160];
  size_t i;
  double r;
  int status;

  if (!f || e->nargs != 1)
    return pm_error(PM_EINPUT, "%s: '%s' is not a function of one value",
                    e->context ? e->context : "", e->name);
  if ((status = eval_node(e->args[0], frame, rows, n, out))) return status;
  for (i = 0; i < n; i++) {
    r = f->f(out[i]);
    if (!isfinite(r) && isfinite(out[i])) {
      snprintf(what, sizeof what, "%s of %g (the value must be %s)", e->name,
               out[i], f->domain);
      return undefined(e, frame, row_of(rows, i), what);
    }
    out[i] = r;
  }
  return PM_SUCCESS;
}

static int eval_node(const pm_expr *e, const pm_frame *frame,
                     const size_t *rows, size_t n, double *out)
{
  size_t i;
  int status;

  switch (e->kind) {
  case PM_X_NUM:
    for (i = 0; i < n; i++) out[i] = e->value;
    return PM_SUCCESS;
  case PM_X_NAME:
    return eval_column(e, frame, rows, n, out);
  case PM_X_CALL:
    return eval_call(e, frame, rows, n, out);
  case PM_X_BIN:
    return eval_binary(e, frame, rows, n, out);
  case PM_X_NEG:
    if ((status = eval_node(e->args[0], frame, rows, n, out))) return status;
    for (i = 0; i < n; i++) out[i] = -out[i];
    return PM_SUCCESS;
  case PM_X_PAREN:
    return eval_node(e->args[0], frame, rows, n, out);
  default:
    return pm_error(PM_EINPUT, "%s: a quoted string is not a number",
                    e->context ? e->context : "");
  }
}

int pm_expr_eval_rows(const pm_expr *e, const pm_frame *frame,
                      const size_t *rows, size_t n, double *out)
{
  return eval_node(e, frame, rows, n, out);
}

int pm_expr_eval(const pm_expr *e, const pm_frame *frame, double *out)
{
  return eval_node(e, frame, NULL, pm_frame_nrows(frame), out);
}
