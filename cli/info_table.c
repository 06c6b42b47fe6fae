/* info_table.c: `plankmap info TABLE.csv`: the columns of a comma- or
 * tab-separated table, each with its type, missing values and range, for a
 * first look at a table before `plankmap fit`.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"
#include "pm_text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longer fields are cut for the number test (no number is this long). */
#define FIELD_SIZE 64

/* What one column holds. */
typedef struct {
  size_t missing, text; /* missing values; values that are not numbers */
  double min, max;
} column_tally;

/* A field as the fit reads it: without surrounding blanks and double
 * quotes; "" and NA are missing (1), numbers set *x (0), text is 2. */
static int classify(const char *s, double *x)
{
  char buf[FIELD_SIZE], *end;
  size_t len;
  while (*s == ' ' || *s == '"') s++;
  len = strlen(s);
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '"')) len--;
  if (len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A')) return 1;
  if (len >= sizeof buf) return 2;
  memcpy(buf, s, len);
  buf[len] = '\0';
  errno = 0;
  *x = strtod(buf, &end);
  return end == buf || *end || !isfinite(*x) ? 2 : 0;
}

static void tally_row(const pm_text *t, column_tally *c, size_t n)
{
  size_t i;
  double x = 0.0;
  for (i = 0; i < n; i++) switch (classify(pm_text_field(t, i), &x)) {
    case 0:
      c[i].min = fmin(c[i].min, x);
      c[i].max = fmax(c[i].max, x);
      break;
    case 1: c[i].missing++; break;
    default: c[i].text++; break;
    }
}

static void print_table(const pm_text *t, const column_tally *c, size_t n,
                        size_t rows)
{
  size_t i;
  printf("%s\n  rows: %zu\n  columns: %zu\n    %-28s %-7s %9s %14s %14s\n",
         pm_text_path(t), rows, n, "column", "type", "missing", "min", "max");
  for (i = 0; i < n; i++) {
    const char *type = c[i].text ? "text"
                       : c[i].missing == rows ? "empty"
                                              : "number";
    printf("    %-28s %-7s %9zu", pm_text_column_name(t, i), type,
           c[i].missing);
    if (type[0] == 'n') printf(" %14.6g %14.6g", c[i].min, c[i].max);
    putchar('\n');
  }
}

/* Every row read and tallied, then the summary printed. */
static int tally_table(pm_text *t, size_t n)
{
  column_tally *c = calloc(n, sizeof *c);
  size_t i, rows = 0;
  int more = 1, status = PM_SUCCESS;
  if (!c) return pm_error_nomem();
  for (i = 0; i < n; i++) {
    c[i].min = INFINITY;
    c[i].max = -INFINITY;
  }
  while (!(status = pm_text_next(t, &more)) && more &&
         !(status = pm_text_check_width(t))) {
    tally_row(t, c, n);
    rows++;
  }
  if (!status) print_table(t, c, n, rows);
  free(c);
  return status;
}

int pm_cli_info_table(const char *path, char delim)
{
  pm_text *t = NULL;
  int status = pm_text_open(&t, path, delim, PM_TEXT_UTF8);
  if (!status) status = pm_text_read_header(t);
  if (!status) status = tally_table(t, pm_text_ncolumns(t));
  pm_text_free(t);
  return status;
}
