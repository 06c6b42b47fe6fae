/* read_util.c: column lookup, field copies and growth for the readers of
 * validation/.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "validation_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 16

int pm_validation_columns(const pm_text *t, const char *const *names,
                          size_t n, size_t *cols)
{
  size_t i;
  int status;

  for (i = 0; i < n; i++)
    if ((status = pm_text_column(t, names[i], &cols[i])))
      return status;
  return PM_SUCCESS;
}

int pm_validation_strdup(const char *s, char **copy)
{
  return (*copy = strdup(s)) ? PM_SUCCESS : pm_error_nomem();
}

int pm_validation_field_dup(const pm_text *t, size_t col, char **s)
{
  return pm_validation_strdup(pm_text_field(t, col), s);
}

/* Room for element n of `size` bytes in *array (zeroed; doubling). */
static int grow(void **array, size_t *cap, size_t n, size_t size)
{
  size_t want;
  void *p;

  if (n < *cap) return PM_SUCCESS;
  want = *cap ? 2 * *cap : 64;
  if (!(p = realloc(*array, want * size))) return pm_error_nomem();
  memset((char *)p + *cap * size, 0, (want - *cap) * size);
  *array = p;
  *cap = want;
  return PM_SUCCESS;
}

int pm_validation_read_rows(const char *path, char delim,
                            const char *const *names, size_t ncols,
                            size_t size, pm_validation_row_reader read_row,
                            void **rows, size_t *n)
{
  pm_text *t = NULL;
  size_t cols[MAX_COLUMNS], cap = 0;
  int more, status;

  *rows = NULL;
  *n = 0;
  if (ncols > MAX_COLUMNS)
    return pm_error(PM_EUSAGE, "%s: more than %d columns asked for", path,
                    MAX_COLUMNS);
  if ((status = pm_text_open(&t, path, delim, PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)) ||
      (status = pm_validation_columns(t, names, ncols, cols)))
    goto cleanup;
  while (!(status = pm_text_next(t, &more)) && more) {
    if ((status = grow(rows, &cap, *n, size))) goto cleanup;
    ++*n;
    if ((status = pm_text_check_width(t)) ||
        (status = read_row(t, cols, (char *)*rows + (*n - 1) * size)))
      goto cleanup;
  }
cleanup:
  pm_text_free(t);
  return status;
}
