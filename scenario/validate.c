/* validate.c: check a parsed scenario file against the table of settings.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "schema.h"
#include "pm_error.h"
#include "pm_read.h"
#include "pm_suggest.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* a setting's path: "observations[3].columns.classes" */
#define PATH_SIZE 512
#define TEXT_SIZE 512
#define MAX_SETTINGS 64 /* settings of one section, for the suggestion */

/* snprintf for bounded texts, where truncating a long name is acceptable. */
__attribute__((format(printf, 3, 4))) static void put(char *out, size_t size,
                                                      const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out, size, fmt, ap);
  va_end(ap);
}

int pm_schema_is_number(const config_setting_t *s)
{
  int t = config_setting_type(s);
  return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 ||
         t == CONFIG_TYPE_FLOAT;
}

/* libconfig keeps 1 and 1.0 apart; either is a number here. */
double pm_schema_number(const config_setting_t *s)
{
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_INT: return config_setting_get_int(s);
  case CONFIG_TYPE_INT64: return (double)config_setting_get_int64(s);
  case CONFIG_TYPE_FLOAT: return config_setting_get_float(s);
  default: return NAN;
  }
}

const char *pm_schema_file(const config_setting_t *s, const char *file)
{
  const char *f = s ? config_setting_source_file(s) : NULL;
  return f ? f : file;
}

int pm_schema_error(const config_setting_t *s, const char *file,
                    const char *fmt, ...)
{
  char text[1536];
  unsigned line = s ? config_setting_source_line(s) : 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (line > 0)
    return pm_error(PM_EINPUT, "%s:%u: %s", pm_schema_file(s, file), line,
                    text);
  return pm_error(PM_EINPUT, "%s: %s", pm_schema_file(s, file), text);
}

int pm_schema_date(const char *text, double *t)
{
  static const char form[] = "dddd-dd-dd";
  size_t i;
  if (strlen(text) != sizeof form - 1) return -1;
  for (i = 0; form[i]; i++)
    if (form[i] == 'd' ? !isdigit((unsigned char)text[i]) : text[i] != '-')
      return -1;
  return pm_parse_datetime(text, t);
}

static const char *type_name(const config_setting_t *s)
{
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_GROUP: return "a group";
  case CONFIG_TYPE_INT:
  case CONFIG_TYPE_INT64: return "an integer";
  case CONFIG_TYPE_FLOAT: return "a float";
  case CONFIG_TYPE_STRING: return "a string";
  case CONFIG_TYPE_BOOL: return "a boolean";
  case CONFIG_TYPE_ARRAY: return "an array";
  case CONFIG_TYPE_LIST: return "a list";
  default: return "of no known type";
  }
}

/* " within [a, b]" (or with open ends), " greater than a", " at least a",
 * " at most b", " less than b" or "". */
static void bounds_phrase(const pm_schema_setting *d, char *out, size_t size)
{
  int lo = isfinite(d->min), hi = isfinite(d->max);
  int open = (d->flags & PM_SCHEMA_MIN_OPEN) != 0;
  int open_hi = (d->flags & PM_SCHEMA_MAX_OPEN) != 0;
  if (lo && hi)
    put(out, size, " within %c%g, %g%c", open ? '(' : '[', d->min, d->max,
        open_hi ? ')' : ']');
  else if (lo)
    put(out, size, " %s %g", open ? "greater than" : "at least", d->min);
  else if (hi)
    put(out, size, " %s %g", open_hi ? "less than" : "at most", d->max);
  else
    out[0] = '\0';
}

/* Append ", word" (or "word" to an empty text), truncating. */
static void add_word(char *out, size_t size, const char *word)
{
  size_t n = strlen(out);
  put(out + n, size - n, "%s%s", n ? ", " : "", word);
}

static void values_list(const char *const *values, char *out, size_t size)
{
  size_t i;
  out[0] = '\0';
  for (i = 0; values[i]; i++) add_word(out, size, values[i]);
}

/* What a setting must be: the text after "must be ". */
static void describe(const pm_schema_setting *d, char *out, size_t size)
{
  char b[128], v[TEXT_SIZE];
  const char *number =
      d->flags & PM_SCHEMA_INTEGER ? "whole number" : "number";
  size_t n;
  bounds_phrase(d, b, sizeof b);
  switch (d->type) {
  case PM_SCHEMA_STRING: put(out, size, "a non-empty string"); break;
  case PM_SCHEMA_NAME:
    put(out, size, "a name of letters, digits, '_', '-' or '.'");
    break;
  case PM_SCHEMA_IDENT:
    put(out, size, "a name that starts with a letter, then letters, digits, "
                   "'_' or '.'");
    break;
  case PM_SCHEMA_BOOL: put(out, size, "true or false"); break;
  case PM_SCHEMA_CHAR:
    put(out, size, "a single character such as \",\" or \"\\t\"");
    break;
  case PM_SCHEMA_ENUM:
    values_list(d->values, v, sizeof v);
    put(out, size, "one of %s", v);
    break;
  case PM_SCHEMA_NUMBER: put(out, size, "a %s%s", number, b); break;
  case PM_SCHEMA_RANGE:
    put(out, size, "a list of two numbers%s, min < max", b);
    break;
  case PM_SCHEMA_RANGES:
    put(out, size, "a non-empty list of pairs [min, max] of numbers%s, "
        "min < max", b);
    break;
  case PM_SCHEMA_EDGES:
    put(out, size, "a list of two or more numbers%s, strictly increasing", b);
    break;
  case PM_SCHEMA_LEVELS:
    put(out, size, "a list of one or more %ss%s, strictly increasing", number,
        b);
    break;
  case PM_SCHEMA_DATES:
    put(out, size, "a list of two dates \"YYYY-MM-DD\", first <= last");
    break;
  case PM_SCHEMA_STRINGS:
    put(out, size, "a non-empty list of non-empty strings");
    break;
  case PM_SCHEMA_GROUP: put(out, size, "a group { ... }"); break;
  case PM_SCHEMA_GROUPS:
    put(out, size, "a non-empty list of groups ( { ... }, ... )");
    break;
  }
  if (d->type != PM_SCHEMA_ENUM && d->values) {
    values_list(d->values, v, sizeof v);
    n = strlen(out);
    put(out + n, size - n, ", or one of %s", v);
  }
}

/* "setting 'where' must be <description> (<detail>)". */
static int must_be(const config_setting_t *s, const char *file,
                   const char *where, const pm_schema_setting *d,
                   const char *detail)
{
  char text[TEXT_SIZE];
  describe(d, text, sizeof text);
  return pm_schema_error(s, file, "setting '%s' must be %s (%s)", where, text,
                         detail);
}

static int wrong_type(const config_setting_t *s, const char *file,
                      const char *where, const pm_schema_setting *d)
{
  char detail[64];
  put(detail, sizeof detail, "it is %s", type_name(s));
  return must_be(s, file, where, d, detail);
}

static int is_sequence(const config_setting_t *s)
{
  int t = config_setting_type(s);
  return t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST;
}

/* A character allowed in a NAME or IDENT (a formula variable: what the
 * formula parser reads as one name). */
static int name_char(pm_schema_type type, char c, int first)
{
  unsigned char u = (unsigned char)c;
  if (type == PM_SCHEMA_IDENT && first) return isalpha(u);
  return isalnum(u) || c == '_' || c == '.' ||
         (type == PM_SCHEMA_NAME && c == '-');
}

static int check_string(const config_setting_t *s, const char *file,
                        const char *where, const pm_schema_setting *d)
{
  const char *text, *p;
  char detail[TEXT_SIZE];
  if (config_setting_type(s) != CONFIG_TYPE_STRING)
    return wrong_type(s, file, where, d);
  text = config_setting_get_string(s);
  if (d->type == PM_SCHEMA_ENUM) {
    size_t i;
    for (i = 0; d->values[i]; i++)
      if (strcmp(text, d->values[i]) == 0) return PM_SUCCESS;
    values_list(d->values, detail, sizeof detail);
    return pm_schema_error(s, file, "setting '%s' is '%s'; expected one of %s",
                           where, text, detail);
  }
  if (text[0] == '\0') return must_be(s, file, where, d, "it is empty");
  if (d->type == PM_SCHEMA_CHAR && text[1] != '\0') {
    put(detail, sizeof detail, "it is \"%s\"", text);
    return must_be(s, file, where, d, detail);
  }
  if (d->type == PM_SCHEMA_NAME || d->type == PM_SCHEMA_IDENT)
    for (p = text; *p; p++)
      if (!name_char(d->type, *p, p == text)) {
        put(detail, sizeof detail, "it is '%s'", text);
        return must_be(s, file, where, d, detail);
      }
  return PM_SUCCESS;
}

static int in_bounds(const pm_schema_setting *d, double x)
{
  if (!isfinite(x)) return 0;
  if (d->flags & PM_SCHEMA_INTEGER && x != floor(x)) return 0;
  if (d->flags & PM_SCHEMA_MIN_OPEN ? x <= d->min : x < d->min) return 0;
  return d->flags & PM_SCHEMA_MAX_OPEN ? x < d->max : x <= d->max;
}

static int check_number(const config_setting_t *s, const char *file,
                        const char *where, const pm_schema_setting *d)
{
  char detail[64];
  if (!pm_schema_is_number(s)) return wrong_type(s, file, where, d);
  if (in_bounds(d, pm_schema_number(s))) return PM_SUCCESS;
  put(detail, sizeof detail, "it is %g", pm_schema_number(s));
  return must_be(s, file, where, d, detail);
}

/* RANGE, EDGES and LEVELS: numbers within bounds, strictly increasing. */
static int check_numbers(const config_setting_t *s, const char *file,
                         const char *where, const pm_schema_setting *d)
{
  char detail[128];
  int n, i;
  if (!is_sequence(s)) return wrong_type(s, file, where, d);
  n = config_setting_length(s);
  if (d->type == PM_SCHEMA_RANGE   ? n != 2
      : d->type == PM_SCHEMA_LEVELS ? n < 1
                                    : n < 2) {
    put(detail, sizeof detail, "it has %d element%s", n, n == 1 ? "" : "s");
    return must_be(s, file, where, d, detail);
  }
  for (i = 0; i < n; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    double x = pm_schema_number(e);
    if (!pm_schema_is_number(e))
      put(detail, sizeof detail, "element [%d] is %s", i, type_name(e));
    else if (!in_bounds(d, x))
      put(detail, sizeof detail, "element [%d] is %g", i, x);
    else if (i > 0 && !(x > pm_schema_number(
                                config_setting_get_elem(s, (unsigned)i - 1))))
      put(detail, sizeof detail,
          "element [%d] = %g is not greater than element [%d]", i, x, i - 1);
    else
      continue;
    return must_be(s, file, where, d, detail);
  }
  return PM_SUCCESS;
}

/* RANGES: each element checked as a RANGE of its own ("x[1]"). */
static int check_ranges(const config_setting_t *s, const char *file,
                        const char *where, const pm_schema_setting *d)
{
  pm_schema_setting one = *d;
  char path[PATH_SIZE];
  int n, i, status;
  if (config_setting_type(s) != CONFIG_TYPE_LIST)
    return wrong_type(s, file, where, d);
  if ((n = config_setting_length(s)) == 0)
    return must_be(s, file, where, d, "it is empty");
  one.type = PM_SCHEMA_RANGE;
  for (i = 0; i < n; i++) {
    put(path, sizeof path, "%s[%d]", where, i);
    if ((status = check_numbers(config_setting_get_elem(s, (unsigned)i), file,
                                path, &one)))
      return status;
  }
  return PM_SUCCESS;
}

static int check_dates(const config_setting_t *s, const char *file,
                       const char *where, const pm_schema_setting *d)
{
  char detail[128];
  double t[2];
  int i;
  if (!is_sequence(s)) return wrong_type(s, file, where, d);
  if (config_setting_length(s) != 2) {
    put(detail, sizeof detail, "it has %d elements", config_setting_length(s));
    return must_be(s, file, where, d, detail);
  }
  for (i = 0; i < 2; i++) {
    const char *text = config_setting_get_string_elem(s, i);
    if (!text || pm_schema_date(text, &t[i]) != 0) {
      if (text)
        put(detail, sizeof detail, "element [%d] is \"%.40s\"", i, text);
      else
        put(detail, sizeof detail, "element [%d] is not a string", i);
      return must_be(s, file, where, d, detail);
    }
  }
  if (t[1] < t[0])
    return must_be(s, file, where, d, "the last is before the first");
  return PM_SUCCESS;
}

static int check_strings(const config_setting_t *s, const char *file,
                         const char *where, const pm_schema_setting *d)
{
  char detail[64];
  int n, i;
  if (!is_sequence(s)) return wrong_type(s, file, where, d);
  n = config_setting_length(s);
  if (n == 0) return must_be(s, file, where, d, "it is empty");
  for (i = 0; i < n; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    if (config_setting_type(e) != CONFIG_TYPE_STRING)
      put(detail, sizeof detail, "element [%d] is %s", i, type_name(e));
    else if (config_setting_get_string(e)[0] == '\0')
      put(detail, sizeof detail, "element [%d] is empty", i);
    else
      continue;
    return must_be(s, file, where, d, detail);
  }
  return PM_SUCCESS;
}

static int check_group(const config_setting_t *g, const char *file,
                       const char *where, const pm_schema_section *sec);

static int check_groups(const config_setting_t *s, const char *file,
                        const char *where, const pm_schema_setting *d)
{
  char path[PATH_SIZE], detail[64];
  int n, i, status;
  if (config_setting_type(s) != CONFIG_TYPE_LIST)
    return wrong_type(s, file, where, d);
  n = config_setting_length(s);
  if (n == 0) return must_be(s, file, where, d, "it is empty");
  for (i = 0; i < n; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
      put(detail, sizeof detail, "element [%d] is %s", i, type_name(e));
      return must_be(s, file, where, d, detail);
    }
    put(path, sizeof path, "%s[%d]", where, i);
    if ((status = check_group(e, file, path, d->section))) return status;
  }
  return PM_SUCCESS;
}

/* A word allowed in place of a value ("annual"), or else an error. */
static int check_word(const config_setting_t *s, const char *file,
                      const char *where, const pm_schema_setting *d)
{
  char text[TEXT_SIZE];
  size_t i;
  for (i = 0; d->values[i]; i++)
    if (strcmp(config_setting_get_string(s), d->values[i]) == 0)
      return PM_SUCCESS;
  describe(d, text, sizeof text);
  return pm_schema_error(s, file, "setting '%s' is '%s'; it must be %s", where,
                         config_setting_get_string(s), text);
}

static int check_value(const config_setting_t *s, const char *file,
                       const char *where, const pm_schema_setting *d)
{
  if (d->type != PM_SCHEMA_ENUM && d->values &&
      config_setting_type(s) == CONFIG_TYPE_STRING)
    return check_word(s, file, where, d);
  if ((d->flags & PM_SCHEMA_OR_NAME) &&
      config_setting_type(s) == CONFIG_TYPE_STRING) {
    pm_schema_setting name = *d;
    name.type = PM_SCHEMA_NAME;
    return check_string(s, file, where, &name);
  }
  switch (d->type) {
  case PM_SCHEMA_BOOL:
    return config_setting_type(s) == CONFIG_TYPE_BOOL
               ? PM_SUCCESS
               : wrong_type(s, file, where, d);
  case PM_SCHEMA_STRING:
  case PM_SCHEMA_IDENT:
  case PM_SCHEMA_NAME:
  case PM_SCHEMA_CHAR:
  case PM_SCHEMA_ENUM: return check_string(s, file, where, d);
  case PM_SCHEMA_NUMBER: return check_number(s, file, where, d);
  case PM_SCHEMA_RANGE:
  case PM_SCHEMA_EDGES:
  case PM_SCHEMA_LEVELS: return check_numbers(s, file, where, d);
  case PM_SCHEMA_RANGES: return check_ranges(s, file, where, d);
  case PM_SCHEMA_DATES: return check_dates(s, file, where, d);
  case PM_SCHEMA_STRINGS: return check_strings(s, file, where, d);
  case PM_SCHEMA_GROUP:
    if (config_setting_type(s) != CONFIG_TYPE_GROUP)
      return wrong_type(s, file, where, d);
    return check_group(s, file, where, d->section);
  case PM_SCHEMA_GROUPS: return check_groups(s, file, where, d);
  }
  return PM_SUCCESS;
}

static const pm_schema_setting *find_setting(const pm_schema_section *sec,
                                             const char *name)
{
  size_t i;
  for (i = 0; i < sec->n; i++)
    if (strcmp(sec->settings[i].name, name) == 0) return &sec->settings[i];
  return NULL;
}

static void child_path(char *out, const char *where, const char *name)
{
  put(out, PATH_SIZE, "%s%s%s", where, where[0] ? "." : "", name);
}

static int unknown_setting(const config_setting_t *s, const char *file,
                           const char *path, const pm_schema_section *sec)
{
  const char *names[MAX_SETTINGS], *near;
  char known[TEXT_SIZE];
  size_t i;
  for (i = 0; i < sec->n && i < MAX_SETTINGS; i++)
    names[i] = sec->settings[i].name;
  near = pm_suggest_nearest(config_setting_name(s), names, i);
  if (near)
    return pm_schema_error(s, file, "unknown setting '%s'; did you mean '%s'?",
                           path, near);
  known[0] = '\0';
  for (i = 0; i < sec->n; i++)
    add_word(known, sizeof known, sec->settings[i].name);
  return pm_schema_error(s, file,
                         "unknown setting '%s'; the settings known here are %s",
                         path, known);
}

/* The variant of a group: bit of its variant key's value (the key itself is
 * checked like any other setting). */
static unsigned group_variant(const config_setting_t *g,
                              const pm_schema_section *sec, const char **value)
{
  const pm_schema_setting *key;
  const config_setting_t *s;
  const char *text;
  unsigned i;
  *value = NULL;
  if (!sec->variant_key) return PM_SCHEMA_ALL;
  key = find_setting(sec, sec->variant_key);
  s = config_setting_get_member(g, sec->variant_key);
  text = s ? config_setting_get_string(s) : NULL;
  for (i = 0; text && key->values[i]; i++)
    if (strcmp(text, key->values[i]) == 0) {
      *value = key->values[i];
      return PM_SCHEMA_VARIANT(i);
    }
  return PM_SCHEMA_ALL;
}

static void variant_names(const pm_schema_section *sec, unsigned bits,
                          char *out, size_t size)
{
  const pm_schema_setting *key = find_setting(sec, sec->variant_key);
  size_t i;
  out[0] = '\0';
  for (i = 0; key->values[i]; i++)
    if (bits & PM_SCHEMA_VARIANT(i)) add_word(out, size, key->values[i]);
}

static int check_member(const config_setting_t *s, const char *file,
                        const char *where, const pm_schema_section *sec,
                        unsigned variant, const char *variant_value)
{
  char path[PATH_SIZE], names[TEXT_SIZE];
  const pm_schema_setting *d = find_setting(sec, config_setting_name(s));
  child_path(path, where, config_setting_name(s));
  if (!d) return unknown_setting(s, file, path, sec);
  if (variant_value && !(d->applies & variant)) {
    variant_names(sec, d->applies, names, sizeof names);
    return pm_schema_error(
        s, file, "setting '%s' does not apply to %s '%s' (only to %s)", path,
        sec->variant_key, variant_value, names);
  }
  return check_value(s, file, path, d);
}

static int check_required(const config_setting_t *g, const char *file,
                          const char *where, const pm_schema_section *sec,
                          unsigned variant, const char *variant_value)
{
  char kind[TEXT_SIZE];
  size_t i;
  kind[0] = '\0';
  if (variant_value)
    put(kind, sizeof kind, " (%s %s)", sec->variant_key, variant_value);
  for (i = 0; i < sec->n; i++) {
    const pm_schema_setting *d = &sec->settings[i];
    if (!(d->required & variant) || config_setting_get_member(g, d->name))
      continue;
    if (!where[0])
      return pm_schema_error(
          g, file, "the required setting '%s' is missing: %s", d->name, d->doc);
    return pm_schema_error(g, file,
                           "'%s'%s lacks the required setting '%s': %s", where,
                           kind, d->name, d->doc);
  }
  return PM_SUCCESS;
}

static int check_group(const config_setting_t *g, const char *file,
                       const char *where, const pm_schema_section *sec)
{
  const char *variant_value;
  unsigned variant = group_variant(g, sec, &variant_value);
  int n = config_setting_length(g), i, status;
  const config_setting_t *key =
      sec->variant_key ? config_setting_get_member(g, sec->variant_key) : NULL;
  /* the variant key first: the other settings are judged by its value */
  if (key &&
      (status = check_member(key, file, where, sec, PM_SCHEMA_ALL, NULL)))
    return status;
  for (i = 0; i < n; i++) {
    const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    if (s != key &&
        (status = check_member(s, file, where, sec, variant, variant_value)))
      return status;
  }
  if ((status = check_required(g, file, where, sec, variant, variant_value)))
    return status;
  return sec->check ? sec->check(g, file, where) : PM_SUCCESS;
}

int pm_schema_validate(const config_t *cfg, const char *file,
                       const pm_schema_section *top)
{
  return check_group(config_root_setting(cfg), file, "", top);
}
