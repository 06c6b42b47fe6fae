/* frame.c: the columns of a CSV file that a model reads.
 *
 * One pass over the file keeps the asked-for columns.  A column is numeric
 * until a non-empty cell that is not a number turns it into text; its
 * earlier cells are then read again in a second pass.  Text cells are
 * interned (one hash look-up per cell) and the levels sorted at the end, as
 * R's factor() sorts them in the C locale.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_frame.h"
#include "frame_internal.h"
#include "pm_class_map.h"
#include "pm_error.h"
#include "pm_text.h"
#include "pm_suggest.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Free a column's values and levels (not its name). */
static void free_values(column *c)
{
  size_t j;
  free(c->x);
  free(c->level);
  pm_strmap_free(c->map);
  for (j = 0; j < c->nnames; j++) free(c->names[j]);
  free(c->names);
  c->x = NULL;
  c->level = NULL;
  c->map = NULL;
  c->names = NULL;
  c->nnames = 0;
  c->pub.x = NULL;
  c->pub.level = NULL;
  c->pub.levels = NULL;
  c->pub.nlevels = 0;
}

void pm_frame_free(pm_frame *f)
{
  size_t i;
  if (!f) return;
  for (i = 0; i < f->ncols; i++) {
    free_values(&f->cols[i]);
    free(f->cols[i].name);
  }
  free(f->cols);
  free(f->line);
  free(f->path);
  free(f);
}

void pm_frame_keep(pm_frame *f, const char *const *names, size_t n)
{
  size_t i, j;

  for (i = 0; i < f->ncols; i++) {
    for (j = 0; j < n && strcmp(f->cols[i].name, names[j]) != 0; j++)
      continue;
    if (j < n) continue;
    free_values(&f->cols[i]);
    f->cols[i].dropped = 1;
  }
}

const char *pm_frame_path(const pm_frame *f) { return f->path; }
size_t pm_frame_nrows(const pm_frame *f) { return f->nrows; }
size_t pm_frame_line(const pm_frame *f, size_t row)
{
  if (row >= f->nrows) return 0;
  return f->line ? f->line[row] : f->line0 + row;
}

int pm_frame_column(const pm_frame *f, const char *name, const pm_column **c)
{
  size_t i;
  for (i = 0; i < f->ncols; i++)
    if (!f->cols[i].dropped && strcmp(f->cols[i].name, name) == 0) {
      *c = &f->cols[i].pub;
      return PM_SUCCESS;
    }
  *c = NULL;
  return pm_error(PM_EINPUT, "%s: column '%s' was not read from the file",
                  f->path, name);
}

/* --- cells ------------------------------------------------------------ */

static const double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                       1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                       1e18, 1e19, 1e20, 1e21, 1e22};

/* A decimal number.  Plain [-]digits[.digits] with a mantissa below 2^53
 * and at most 22 decimals is m / 10^d, exact operands and one correctly
 * rounded division (W. D. Clinger, "How to read floating point numbers
 * accurately", PLDI 1990); everything else goes to strtod. */
static int read_number(const char *s, double *x)
{
  const char *p = s;
  uint64_t m = 0;
  int neg = 0, digits = 0, decimals = 0;
  char *end;

  if (*p == '-' || *p == '+') neg = *p++ == '-';
  for (; *p >= '0' && *p <= '9' && digits < 19; p++, digits++)
    m = 10 * m + (uint64_t)(*p - '0');
  if (*p == '.')
    for (p++; *p >= '0' && *p <= '9' && digits < 19; p++, digits++, decimals++)
      m = 10 * m + (uint64_t)(*p - '0');
  if (*p == '\0' && digits > 0 && m < (UINT64_C(1) << 53) && decimals <= 22) {
    *x = (double)m / powers_of_ten[decimals];
    if (neg) *x = -*x;
    return 1;
  }
  *x = strtod(s, &end);
  return end != s && *end == '\0' && isfinite(*x);
}

/* The cell without surrounding blanks and double quotes, NUL-terminated
 * (copied into `buf` only when something must be cut). */
static const char *cell_text(const char *s, char *buf, size_t size)
{
  size_t len;
  while (*s == ' ' || *s == '"') s++;
  len = strlen(s);
  if (len == 0 || (s[len - 1] != ' ' && s[len - 1] != '"')) return s;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '"')) len--;
  if (len >= size) len = size - 1;
  memcpy(buf, s, len);
  buf[len] = '\0';
  return buf;
}

static int is_missing(const char *s)
{
  return s[0] == '\0' || (s[0] == 'N' && s[1] == 'A' && s[2] == '\0');
}

static int intern(column *c, const char *s, int *level)
{
  size_t i = pm_strmap_find(c->map, s);
  int status;

  if (i == SIZE_MAX) {
    if (c->nnames == c->names_cap) {
      size_t cap = c->names_cap ? 2 * c->names_cap : 64;
      char **n = realloc(c->names, cap * sizeof *n);
      if (!n) return pm_error_nomem();
      c->names = n;
      c->names_cap = cap;
    }
    i = c->nnames;
    if (!(c->names[i] = strdup(s))) return pm_error_nomem();
    c->nnames++;
    if ((status = pm_strmap_insert(c->map, s, i))) return status;
  }
  *level = (int)i;
  return PM_SUCCESS;
}

/* From row `row` on the column holds text. */
static int become_text(column *c, size_t row, size_t cap)
{
  int status;
  c->text_from = row;
  c->level = malloc((cap ? cap : 1) * sizeof *c->level);
  if (!c->level) return pm_error_nomem();
  if ((status = pm_strmap_alloc(&c->map))) return status;
  return PM_SUCCESS;
}

static int read_cell(column *c, const char *field, size_t row, size_t cap)
{
  char buf[4096];
  const char *s = cell_text(field, buf, sizeof buf);
  int status;

  if (c->text_from == SIZE_MAX) {
    if (is_missing(s)) {
      c->x[row] = NAN;
      return PM_SUCCESS;
    }
    if (read_number(s, &c->x[row])) return PM_SUCCESS;
    if ((status = become_text(c, row, cap))) return status;
  }
  if (is_missing(s)) {
    c->level[row] = -1;
    return PM_SUCCESS;
  }
  return intern(c, s, &c->level[row]);
}

/* --- the file --------------------------------------------------------- */

static int grow_rows(pm_frame *f)
{
  size_t cap = f->cap ? 2 * f->cap : 4096, i;
  if (f->line) {
    size_t *line = realloc(f->line, cap * sizeof *line);
    if (!line) return pm_error_nomem();
    f->line = line;
  }
  for (i = 0; i < f->ncols; i++) {
    column *c = &f->cols[i];
    double *x = realloc(c->x, cap * sizeof *x);
    if (!x) return pm_error_nomem();
    c->x = x;
    if (c->level) {
      int *l = realloc(c->level, cap * sizeof *l);
      if (!l) return pm_error_nomem();
      c->level = l;
    }
  }
  f->cap = cap;
  return PM_SUCCESS;
}

static int find_columns(pm_frame *f, const pm_text *t)
{
  const char **header = malloc((pm_text_ncolumns(t) + 1) * sizeof *header);
  const char *near;
  size_t i;
  int status = PM_SUCCESS;

  if (!header) return pm_error_nomem();
  for (i = 0; i < pm_text_ncolumns(t); i++)
    header[i] = pm_text_column_name(t, i);
  for (i = 0; i < f->ncols && status == PM_SUCCESS; i++) {
    f->cols[i].src = pm_text_column_opt(t, f->cols[i].name);
    if (f->cols[i].src != SIZE_MAX) continue;
    near = pm_suggest_nearest(f->cols[i].name, header, pm_text_ncolumns(t));
    if (near)
      status = pm_error(PM_EINPUT,
                        "%s:1: no column '%s' in the header; did you mean "
                        "'%s'?",
                        f->path, f->cols[i].name, near);
    else
      status = pm_error(PM_EINPUT,
                        "%s:1: no column '%s' in the header (it has %zu "
                        "columns, the first '%s')",
                        f->path, f->cols[i].name, pm_text_ncolumns(t),
                        header[0]);
  }
  free(header);
  return status;
}

static int open_file(const pm_frame *f, pm_text **t)
{
  int status = pm_text_open(t, f->path, ',', PM_TEXT_UTF8);
  if (status == PM_SUCCESS) status = pm_text_read_header(*t);
  return status;
}

/* Record that row f->nrows is on file line `line`: the table of lines is
 * made at the first row off the consecutive lines of the rows before. */
static int note_line(pm_frame *f, size_t line)
{
  size_t r;

  if (f->nrows == 0) f->line0 = line;
  if (!f->line && line == f->line0 + f->nrows) return PM_SUCCESS;
  if (!f->line) {
    if (!(f->line = malloc(f->cap * sizeof *f->line))) return pm_error_nomem();
    for (r = 0; r < f->nrows; r++) f->line[r] = f->line0 + r;
  }
  f->line[f->nrows] = line;
  return PM_SUCCESS;
}

static int read_rows(pm_frame *f)
{
  pm_text *t = NULL;
  size_t i;
  int more, status;

  if ((status = open_file(f, &t)) || (status = find_columns(f, t)))
    goto cleanup;
  for (;;) {
    if ((status = pm_text_next(t, &more)) || !more) break;
    if ((status = pm_text_check_width(t))) break;
    if ((f->nrows == f->cap && (status = grow_rows(f))) ||
        (status = note_line(f, pm_text_line(t))))
      break;
    for (i = 0; i < f->ncols && status == PM_SUCCESS; i++)
      status = read_cell(&f->cols[i], pm_text_field(t, f->cols[i].src),
                         f->nrows, f->cap);
    if (status) break;
    f->nrows++;
  }
cleanup:
  pm_text_free(t);
  return status;
}

/* The cells before a column turned to text, read again as text. */
static int reread_text(pm_frame *f)
{
  pm_text *t = NULL;
  size_t i, row, upto = 0;
  int more, status;

  for (i = 0; i < f->ncols; i++)
    if (f->cols[i].text_from != SIZE_MAX && f->cols[i].text_from > upto)
      upto = f->cols[i].text_from;
  if (upto == 0) return PM_SUCCESS;
  if ((status = open_file(f, &t))) goto cleanup;
  for (row = 0; row < upto; row++) {
    if ((status = pm_text_next(t, &more))) break;
    for (i = 0; i < f->ncols && status == PM_SUCCESS; i++) {
      column *c = &f->cols[i];
      char buf[4096];
      const char *s;
      if (c->text_from == SIZE_MAX || row >= c->text_from) continue;
      s = cell_text(pm_text_field(t, c->src), buf, sizeof buf);
      if (is_missing(s))
        c->level[row] = -1;
      else
        status = intern(c, s, &c->level[row]);
    }
    if (status) break;
  }
cleanup:
  pm_text_free(t);
  return status;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(**(char **const *)a, **(char **const *)b);
}

/* Levels in byte order, and the level indices renumbered to match. */
static int sort_levels(column *c, size_t nrows)
{
  char ***order = malloc((c->nnames + 1) * sizeof *order);
  int *rank = malloc((c->nnames + 1) * sizeof *rank);
  char **sorted = malloc((c->nnames + 1) * sizeof *sorted);
  size_t i;
  int status = PM_SUCCESS;

  if (!order || !rank || !sorted) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < c->nnames; i++) order[i] = &c->names[i];
  qsort(order, c->nnames, sizeof *order, by_name);
  for (i = 0; i < c->nnames; i++) {
    rank[order[i] - c->names] = (int)i;
    sorted[i] = *order[i];
  }
  for (i = 0; i < nrows; i++)
    if (c->level[i] >= 0) c->level[i] = rank[c->level[i]];
  free(c->names);
  c->names = sorted;
  c->names_cap = c->nnames + 1;
  sorted = NULL;
cleanup:
  free(order);
  free(rank);
  free(sorted);
  return status;
}

static int finish_columns(pm_frame *f)
{
  size_t i;
  int status;

  for (i = 0; i < f->ncols; i++) {
    column *c = &f->cols[i];
    c->pub.name = c->name;
    if (c->text_from == SIZE_MAX) {
      c->pub.x = c->x;
      continue;
    }
    if ((status = sort_levels(c, f->nrows))) return status;
    free(c->x);
    c->x = NULL;
    pm_strmap_free(c->map);
    c->map = NULL;
    c->pub.level = c->level;
    c->pub.nlevels = c->nnames;
    c->pub.levels = (const char *const *)c->names;
  }
  return PM_SUCCESS;
}

static int add_names(pm_frame *f, const char *const *names, size_t n)
{
  size_t i, j;

  f->cols = calloc(n ? n : 1, sizeof *f->cols);
  if (!f->cols) return pm_error_nomem();
  for (i = 0; i < n; i++) {
    for (j = 0; j < f->ncols; j++)
      if (strcmp(f->cols[j].name, names[i]) == 0) break;
    if (j < f->ncols) continue;
    f->cols[f->ncols].text_from = SIZE_MAX;
    if (!(f->cols[f->ncols].name = strdup(names[i]))) return pm_error_nomem();
    f->ncols++;
  }
  return PM_SUCCESS;
}

int pm_frame_read_csv(pm_frame **out, const char *path,
                      const char *const *names, size_t n)
{
  pm_frame *f = calloc(1, sizeof *f);
  int status;

  *out = NULL;
  if (!f) return pm_error_nomem();
  if (!(f->path = strdup(path))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = add_names(f, names, n)) || (status = read_rows(f)) ||
      (status = reread_text(f)) || (status = finish_columns(f)))
    goto cleanup;
  *out = f;
cleanup:
  if (status) pm_frame_free(f);
  return status;
}
