/* validation_internal.h: helpers shared by the readers of validation/.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_VALIDATION_INTERNAL_H
#define PM_VALIDATION_INTERNAL_H

#include "pm_validation.h"

/* The header columns `names` (n of them) located in `t`; a missing one is
 * an error naming the file and the column. */
int pm_validation_columns(const pm_text *t, const char *const *names,
                          size_t n, size_t *cols);

/* A copy of `s` in *copy (allocated). */
int pm_validation_strdup(const char *s, char **copy);

#endif
