/* family_parse.c: a family as R, MASS and mgcv users write it ("nb()",
 * "Tweedie(p=1.5)", "Gamma(link=\"log\")"), for `plankmap fit --family`
 * and the scenario's `family`.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_family.h"
#include "pm_error.h"
#include "pm_suggest.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The names R, MASS and mgcv give the families, each with the argument
 * that comes before link by position: theta of nb(), negbin() and
 * negative.binomial(), p of Tweedie(), theta of tw(), which mgcv takes
 * as the fixed power when it is positive, and theta of ziP() (only NULL:
 * estimated). */
static const struct {
  const char *name;
  pm_family_kind kind;
  const char *param;
} spellings[] = {
    {"poisson", PM_FAMILY_POISSON, NULL},
    {"binomial", PM_FAMILY_BINOMIAL, NULL},
    {"gaussian", PM_FAMILY_GAUSSIAN, NULL},
    {"gamma", PM_FAMILY_GAMMA, NULL},
    {"negbin", PM_FAMILY_NEGBIN, "theta"},
    {"nb", PM_FAMILY_NEGBIN, "theta"},
    {"negative.binomial", PM_FAMILY_NEGBIN, "theta"},
    {"tweedie", PM_FAMILY_TWEEDIE, "p"},
    {"tw", PM_FAMILY_TWEEDIE, "theta"},
    {"ziP", PM_FAMILY_ZIP, "theta"},
};
#define N_SPELLINGS (sizeof spellings / sizeof spellings[0])
/* Longer names and values than any spelling has are errors. */
#define WORD_SIZE 32

/* The text being parsed, the spelling found and what its arguments set. */
typedef struct {
  const char *text, *at;
  size_t spelling;
  unsigned seen; /* 1: the parameter, 2: link */
  pm_family *fam;
  int fixed;
} family_parse;

static void skip_space(family_parse *fp)
{
  while (isspace((unsigned char)*fp->at)) fp->at++;
}

/* A name or bare value (letters, digits, '.', '_', '+', '-') into buf;
 * an error when empty or too long. */
static int scan_word(family_parse *fp, char *buf)
{
  size_t n = 0;
  skip_space(fp);
  while (*fp->at && (isalnum((unsigned char)*fp->at) ||
                     strchr("._+-", *fp->at))) {
    if (n + 1 < WORD_SIZE) buf[n] = *fp->at;
    n++;
    fp->at++;
  }
  buf[n < WORD_SIZE ? n : WORD_SIZE - 1] = '\0';
  if (n == 0 || n >= WORD_SIZE)
    return pm_error(PM_EINPUT, "family '%s': expected a name or value at '%s'",
                    fp->text, fp->at);
  return PM_SUCCESS;
}

/* A value quoted with ' or " (R's link = "log") or bare (theta = 3). */
static int scan_value(family_parse *fp, char *buf)
{
  char quote;
  size_t n = 0;
  skip_space(fp);
  if (*fp->at != '"' && *fp->at != '\'') return scan_word(fp, buf);
  quote = *fp->at++;
  while (*fp->at && *fp->at != quote && n + 1 < WORD_SIZE) buf[n++] = *fp->at++;
  buf[n] = '\0';
  if (*fp->at != quote)
    return pm_error(PM_EINPUT, "family '%s': unterminated or too long quoted "
                    "value", fp->text);
  fp->at++;
  return PM_SUCCESS;
}

static int unknown_family(const char *name)
{
  const char *known[N_SPELLINGS], *near;
  size_t i;
  for (i = 0; i < N_SPELLINGS; i++) known[i] = spellings[i].name;
  near = pm_suggest_nearest(name, known, N_SPELLINGS);
  return pm_error(PM_EINPUT, "unknown family '%s'%s%s%s; the known families "
                  "are poisson, negbin (nb), tweedie (tw), gamma, gaussian, "
                  "binomial and ziP", name, near ? "; did you mean '" : "",
                  near ? near : "", near ? "'?" : "");
}

static int find_spelling(family_parse *fp)
{
  char name[WORD_SIZE];
  size_t i;
  if (scan_word(fp, name)) return unknown_family(fp->text);
  for (i = 0; i < N_SPELLINGS; i++)
    if (strcasecmp(name, spellings[i].name) == 0) {
      fp->spelling = i;
      return PM_SUCCESS;
    }
  return unknown_family(name);
}

/* link = value: only the link plankmap fits for the family. */
static int set_link(family_parse *fp, const char *value)
{
  const char *link = pm_link_name(fp->fam->link);
  if (strcmp(value, link) == 0) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "family '%s': link '%s' is not supported; "
                  "plankmap fits %s with the %s link only", fp->text, value,
                  pm_family_name(fp->fam), link);
}

/* theta or p = value: fixes theta (> 0) or the power (in (1,2)); NULL, as
 * in nb(theta = NULL), leaves it to be estimated. */
static int set_param(family_parse *fp, const char *value)
{
  int negbin = fp->fam->kind == PM_FAMILY_NEGBIN;
  char *end;
  double x;
  if (strcmp(value, "NULL") == 0) return PM_SUCCESS;
  if (fp->fam->kind == PM_FAMILY_ZIP)
    return pm_error(PM_EINPUT, "family '%s': plankmap estimates the two "
                    "theta of ziP(); leave theta out (or NULL)", fp->text);
  errno = 0;
  x = strtod(value, &end);
  if (end == value || *end || errno || !(negbin ? x > 0.0 && isfinite(x)
                                               : x > 1.0 && x < 2.0))
    return pm_error(PM_EINPUT, "family '%s': %s '%s' must be %s; leave it "
                    "out to estimate it", fp->text,
                    spellings[fp->spelling].param, value,
                    negbin ? "a positive number" : "a power between 1 and 2");
  if (negbin) fp->fam->theta = x;
  else fp->fam->p = x;
  fp->fixed = negbin ? PM_FAMILY_FIXED_THETA : PM_FAMILY_FIXED_P;
  return PM_SUCCESS;
}

/* One argument, `name = value` or the next by position. */
static int parse_arg(family_parse *fp, unsigned *position)
{
  const char *param = spellings[fp->spelling].param;
  char name[WORD_SIZE] = "", value[WORD_SIZE];
  unsigned which;
  int status;
  skip_space(fp);
  if (*fp->at != '"' && *fp->at != '\'') {
    if ((status = scan_word(fp, value))) return status;
    skip_space(fp);
    if (*fp->at == '=') {
      fp->at++;
      strcpy(name, value);
      if ((status = scan_value(fp, value))) return status;
    }
  } else if ((status = scan_value(fp, value)))
    return status;
  if (!*name) strcpy(name, *position == 0 && param ? param : "link");
  (*position)++;
  which = strcmp(name, "link") == 0           ? 2u
          : param && strcmp(name, param) == 0 ? 1u
                                              : 0u;
  if (!which || (fp->seen & which))
    return pm_error(PM_EINPUT, "family '%s': %s argument '%s'; %s() takes "
                    "%s%slink", fp->text, which ? "a second" : "no",
                    name, spellings[fp->spelling].name, param ? param : "",
                    param ? " and " : "");
  fp->seen |= which;
  return which == 2 ? set_link(fp, value) : set_param(fp, value);
}

/* The arguments after '(', up to and past ')'. */
static int parse_args(family_parse *fp)
{
  unsigned position = 0;
  int status;
  skip_space(fp);
  while (*fp->at != ')') {
    if ((status = parse_arg(fp, &position))) return status;
    skip_space(fp);
    if (*fp->at == ',')
      fp->at++;
    else if (*fp->at != ')')
      return pm_error(PM_EINPUT, "family '%s': expected ',' or ')' after an "
                      "argument", fp->text);
  }
  fp->at++;
  return PM_SUCCESS;
}

int pm_family_parse(pm_family *fam, int *fixed, const char *text)
{
  family_parse fp = {text ? text : "", text ? text : "", 0, 0, fam, 0};
  pm_family kind = {.kind = spellings[0].kind};
  int status;

  if ((status = find_spelling(&fp))) return status;
  /* the family with its default link, theta and power */
  kind.kind = spellings[fp.spelling].kind;
  if ((status = pm_family_from_name(fam, pm_family_name(&kind))))
    return status;
  skip_space(&fp);
  if (*fp.at == '(') {
    fp.at++;
    if ((status = parse_args(&fp))) return status;
  }
  skip_space(&fp);
  if (*fp.at)
    return pm_error(PM_EINPUT, "family '%s': unexpected '%s'", text, fp.at);
  if (fixed) *fixed = fp.fixed;
  return PM_SUCCESS;
}

