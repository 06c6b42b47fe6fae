/* formula_internal.h: the expression tree shared by the formula parser, the
 * expression evaluator and the design.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FORMULA_INTERNAL_H
#define PM_FORMULA_INTERNAL_H

#include <stddef.h>

#include "pm_formula.h"

typedef enum {
  PM_X_NUM,   /* a number */
  PM_X_NAME,  /* a column name */
  PM_X_STR,   /* a quoted string (smooth arguments only) */
  PM_X_CALL,  /* name(args) */
  PM_X_BIN,   /* args[0] op args[1], op one of ~ + - * / ^ */
  PM_X_NEG,   /* -args[0] */
  PM_X_PAREN  /* (args[0]) */
} pm_expr_kind;

/* A node of R's parse tree of the formula. */
struct pm_expr {
  pm_expr_kind kind;
  char op;
  double value;
  char *name;              /* NAME and STR: the text; CALL: the function */
  pm_expr **args;
  char **argnames;         /* CALL: the name of each argument, NULL when none */
  size_t nargs;
  size_t start, end;       /* where the node is in the formula text */
  const char *context;     /* the label of the term it belongs to */
};

/* R's deparse() of the node ("I(temp^2)", "log(x + 1)"), malloc'ed. */
char *pm_expr_deparse(const pm_expr *e);

/* Append to names[0..*n) (capacity: the caller's array grows as needed) the
 * column names `e` reads that are not yet there. */
int pm_expr_add_columns(const pm_expr *e, const char ***names, size_t *n,
                        size_t *cap);

/* pm_expr_add_columns for every column term `t` reads: its expression,
 * covariates and by= column. */
int pm_term_add_columns(const pm_term *t, const char ***names, size_t *n,
                        size_t *cap);

/* Set the context (term label) of `e` and all its nodes. */
void pm_expr_set_context(pm_expr *e, const char *context);

/* The functions an expression may call (log, exp, I ...). */
int pm_expr_function_known(const char *name);
extern const char pm_expr_functions[];

#endif
