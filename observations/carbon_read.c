/* carbon_read.c: carbon conversion rows from a TSV file
 * (header `key form a b source`), e.g. a scenario's overrides.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_carbon.h"
#include "pm_text.h"

enum { COL_KEY, COL_FORM, COL_A, COL_B, COL_SOURCE, N_COLS };
static const char *const col_names[N_COLS] = {"key", "form", "a", "b",
                                              "source"};

static int read_row(pm_carbon_table *t, pm_text *tx, const size_t *col)
{
  pm_carbon_form form;
  double a, b;
  int status;

  if ((status = pm_text_check_width(tx))) return status;
  if (pm_carbon_form_parse(pm_text_field(tx, col[COL_FORM]), &form))
    return pm_text_error(tx, PM_EINPUT, col[COL_FORM],
                         "unknown form '%s'; use 'power' (mg C = a V^b, V in "
                         "mm3)", pm_text_field(tx, col[COL_FORM]));
  if ((status = pm_text_double(tx, col[COL_A], &a)) ||
      (status = pm_text_double(tx, col[COL_B], &b)))
    return status;
  if ((status = pm_carbon_table_add(t, pm_text_field(tx, col[COL_KEY]), form,
                                    a, b, pm_text_field(tx, col[COL_SOURCE]))))
    return pm_error_prefix(status, "%s:%zu", pm_text_path(tx),
                           pm_text_line(tx));
  return PM_SUCCESS;
}

int pm_carbon_table_read(pm_carbon_table *t, const char *path)
{
  pm_text *tx = NULL;
  size_t col[N_COLS], i;
  int status, more = 1;

  if ((status = pm_text_open(&tx, path, '\t', PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(tx)))
    goto cleanup;
  for (i = 0; i < N_COLS; i++)
    if ((status = pm_text_column(tx, col_names[i], &col[i]))) goto cleanup;
  while (!(status = pm_text_next(tx, &more)) && more)
    if ((status = read_row(t, tx, col))) goto cleanup;
cleanup:
  pm_text_free(tx);
  return status;
}
