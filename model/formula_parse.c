/* formula_parse.c: R's expression syntax, as far as model formulas use it,
 * into a parse tree.
 *
 * Precedence, lowest first, as in R (R Language Definition, section 10.4.2):
 * ~, binary + -, * /, unary -, ^ (right to left); then numbers, names,
 * `quoted names`, 'strings' or "strings", calls f(a, name = b) and
 * parentheses.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "formula_internal.h"
#include "pm_error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *text;
  size_t pos;
} parser;

static int parse_sum(parser *p, pm_expr **e);

static int fail(const parser *p, size_t at, const char *what)
{
  return pm_error(PM_EINPUT, "formula '%s': %s at character %zu", p->text,
                  what, at + 1);
}

static char peek(parser *p)
{
  while (isspace((unsigned char)p->text[p->pos])) p->pos++;
  return p->text[p->pos];
}

static int node(pm_expr **e, pm_expr_kind kind, size_t start, size_t nargs)
{
  *e = calloc(1, sizeof **e);
  if (!*e) return pm_error_nomem();
  (*e)->kind = kind;
  (*e)->start = start;
  if (nargs) {
    (*e)->args = calloc(nargs, sizeof *(*e)->args);
    if (!(*e)->args) {
      free(*e);
      *e = NULL;
      return pm_error_nomem();
    }
    (*e)->nargs = nargs;
  }
  return PM_SUCCESS;
}

/* A node with children a (and b); on failure the children are freed. */
static int combine(pm_expr **e, pm_expr_kind kind, char op, pm_expr *a,
                   pm_expr *b)
{
  int status = node(e, kind, a->start, b ? 2 : 1);
  if (status) {
    pm_expr_free(a);
    pm_expr_free(b);
    return status;
  }
  (*e)->op = op;
  (*e)->args[0] = a;
  if (b) (*e)->args[1] = b;
  (*e)->end = b ? b->end : a->end;
  return PM_SUCCESS;
}

static int is_name_start(char c)
{
  return isalpha((unsigned char)c) || c == '.';
}

static int is_name_char(char c)
{
  return isalnum((unsigned char)c) || c == '.' || c == '_';
}

static int unexpected(const parser *p)
{
  char c = p->text[p->pos];
  if (c == ':' || c == '|')
    return fail(p, p->pos,
                "interactions (a:b, a*b) are not supported; write I(a * b) "
                "for a product or te(a, b) for a smooth interaction");
  return fail(p, p->pos, "unexpected character");
}

static int parse_number(parser *p, pm_expr **e)
{
  const char *s = p->text + p->pos;
  char *end;
  double v = strtod(s, &end);
  int status;

  if (end == s) return fail(p, p->pos, "malformed number");
  if ((status = node(e, PM_X_NUM, p->pos, 0))) return status;
  (*e)->value = v;
  p->pos += (size_t)(end - s);
  (*e)->end = p->pos;
  return PM_SUCCESS;
}

/* A name, a `quoted name` or a 'string': the text between the quotes. */
static int parse_word(parser *p, pm_expr **e, pm_expr_kind kind)
{
  size_t start = p->pos, from = p->pos, len;
  char quote = 0;
  int status;

  if (p->text[p->pos] == '`' || p->text[p->pos] == '\'' ||
      p->text[p->pos] == '"') {
    quote = p->text[p->pos++];
    from = p->pos;
    while (p->text[p->pos] && p->text[p->pos] != quote) p->pos++;
    if (!p->text[p->pos]) return fail(p, start, "unterminated quote");
    len = p->pos++ - from;
  } else {
    while (is_name_char(p->text[p->pos])) p->pos++;
    len = p->pos - from;
  }
  if ((status = node(e, kind, start, 0))) return status;
  (*e)->end = p->pos;
  (*e)->name = strndup(p->text + from, len);
  if (!(*e)->name) {
    pm_expr_free(*e);
    *e = NULL;
    return pm_error_nomem();
  }
  return PM_SUCCESS;
}

/* One argument of a call: `name = value` or `value`. */
static int parse_argument(parser *p, pm_expr *call, size_t i)
{
  size_t save, after;
  char *argname = NULL;

  peek(p);
  save = p->pos;
  if (is_name_start(p->text[p->pos])) {
    while (is_name_char(p->text[p->pos])) p->pos++;
    after = p->pos;
    if (peek(p) == '=' && p->text[p->pos + 1] != '=') {
      argname = strndup(p->text + save, after - save);
      if (!argname) return pm_error_nomem();
      p->pos++;
    } else {
      p->pos = save;
    }
  }
  call->argnames[i] = argname;
  return parse_sum(p, &call->args[i]);
}

static int grow_call(pm_expr *call)
{
  size_t n = call->nargs + 1;
  pm_expr **a = realloc(call->args, n * sizeof *a);
  char **names;
  if (!a) return pm_error_nomem();
  call->args = a;
  names = realloc(call->argnames, n * sizeof *names);
  if (!names) return pm_error_nomem();
  call->argnames = names;
  a[n - 1] = NULL;
  names[n - 1] = NULL;
  call->nargs = n;
  return PM_SUCCESS;
}

static int parse_call(parser *p, pm_expr *call)
{
  int status;

  call->kind = PM_X_CALL;
  p->pos++; /* ( */
  if (peek(p) != ')') {
    for (;;) {
      if ((status = grow_call(call)) ||
          (status = parse_argument(p, call, call->nargs - 1)))
        return status;
      if (peek(p) != ',') break;
      p->pos++;
    }
  }
  if (peek(p) != ')')
    return fail(p, p->pos, "expected ',' or ')' in a function call");
  call->end = ++p->pos;
  return PM_SUCCESS;
}

static int parse_primary(parser *p, pm_expr **e)
{
  char c = peek(p);
  size_t start = p->pos;
  pm_expr *inner;
  int status;

  if (isdigit((unsigned char)c) ||
      (c == '.' && isdigit((unsigned char)p->text[p->pos + 1])))
    return parse_number(p, e);
  if (c == '\'' || c == '"') return parse_word(p, e, PM_X_STR);
  if (is_name_start(c) || c == '`') {
    if ((status = parse_word(p, e, PM_X_NAME))) return status;
    if (c != '`' && peek(p) == '(' && (status = parse_call(p, *e))) {
      pm_expr_free(*e);
      *e = NULL;
    }
    return status;
  }
  if (c == '(') {
    p->pos++;
    if ((status = parse_sum(p, &inner))) return status;
    if (peek(p) != ')') {
      pm_expr_free(inner);
      return fail(p, p->pos, "expected ')'");
    }
    p->pos++;
    if ((status = combine(e, PM_X_PAREN, 0, inner, NULL))) return status;
    (*e)->start = start;
    (*e)->end = p->pos;
    return PM_SUCCESS;
  }
  if (c == '\0') return fail(p, p->pos, "the formula ends too early");
  return unexpected(p);
}

static int parse_unary(parser *p, pm_expr **e);

static int parse_power(parser *p, pm_expr **e)
{
  pm_expr *base = NULL, *exponent = NULL;
  int status = parse_primary(p, &base);

  if (status) return status;
  if (peek(p) != '^') {
    *e = base;
    return PM_SUCCESS;
  }
  p->pos++;
  if ((status = parse_unary(p, &exponent))) {
    pm_expr_free(base);
    return status;
  }
  return combine(e, PM_X_BIN, '^', base, exponent);
}

static int parse_unary(parser *p, pm_expr **e)
{
  size_t start;
  pm_expr *inner;
  int status;

  if (peek(p) == '+') {
    p->pos++;
    return parse_unary(p, e);
  }
  if (peek(p) != '-') return parse_power(p, e);
  start = p->pos++;
  if ((status = parse_unary(p, &inner))) return status;
  if ((status = combine(e, PM_X_NEG, '-', inner, NULL))) return status;
  (*e)->start = start;
  return PM_SUCCESS;
}

/* A left-associative chain of `ops` over `operand`. */
static int parse_chain(parser *p, pm_expr **e, const char *ops,
                       int (*operand)(parser *, pm_expr **))
{
  pm_expr *left = NULL, *right = NULL;
  char op;
  int status = operand(p, &left);

  while (status == PM_SUCCESS && peek(p) && strchr(ops, peek(p))) {
    op = p->text[p->pos++];
    if ((status = operand(p, &right))) break;
    status = combine(&left, PM_X_BIN, op, left, right);
  }
  if (status) {
    pm_expr_free(left);
    return status;
  }
  *e = left;
  return PM_SUCCESS;
}

static int parse_product(parser *p, pm_expr **e)
{
  return parse_chain(p, e, "*/", parse_unary);
}

static int parse_sum(parser *p, pm_expr **e)
{
  return parse_chain(p, e, "+-", parse_product);
}

static int parse_tilde(parser *p, pm_expr **e)
{
  return parse_chain(p, e, "~", parse_sum);
}

/* Parentheses are checked first so that the message points at the culprit. */
static int check_parentheses(const parser *p)
{
  size_t i, depth = 0, open[256], quote_at = 0;
  char quote = 0;

  for (i = 0; p->text[i]; i++) {
    char c = p->text[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      quote_at = i;
    } else if (c == '(') {
      if (depth == sizeof open / sizeof *open)
        return fail(p, i, "parentheses nested too deeply");
      open[depth++] = i;
    } else if (c == ')') {
      if (depth == 0)
        return fail(p, i, "unbalanced parentheses: this ')' closes nothing");
      depth--;
    }
  }
  if (quote) return fail(p, quote_at, "unterminated quote");
  if (depth > 0)
    return fail(p, open[depth - 1],
                "unbalanced parentheses: this '(' is never closed");
  return PM_SUCCESS;
}

int pm_expr_parse(pm_expr **e, const char *text)
{
  parser p = {text, 0};
  int status;

  *e = NULL;
  if ((status = check_parentheses(&p))) return status;
  if ((status = parse_tilde(&p, e))) return status;
  if (peek(&p) != '\0') {
    pm_expr_free(*e);
    *e = NULL;
    return unexpected(&p);
  }
  return PM_SUCCESS;
}
