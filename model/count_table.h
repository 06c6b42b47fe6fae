/* count_table.h: the distinct values of a response and how often each
 * occurs, so that a sum over the rows of a function of the response alone
 * (the negative binomial's digamma and log-gamma terms) costs one
 * evaluation per distinct value.  Whole counts have far fewer distinct
 * values than rows; expected counts (fractional) may have as many, and the
 * table then costs one evaluation per row, as the rows themselves would.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_COUNT_TABLE_H
#define PM_COUNT_TABLE_H

#include <stddef.h>

typedef struct {
  size_t m;      /* distinct values */
  double *value; /* ascending */
  double *times; /* occurrences of each */
} pm_count_table;

/* The table of y (n values, finite); PM_ENOMEM without memory. */
int pm_count_table_make(pm_count_table *t, const double *y, size_t n);
void pm_count_table_free(pm_count_table *t);

/* The negative binomial's saturated log-likelihood and its derivatives in
 * log theta (pm_negbin_ls, model/family.c) over the table of the counts. */
void pm_negbin_ls_table(const pm_count_table *t, double theta, double ls[3]);

#endif
