/* pm_suggest.h: the nearest known name to a misspelt one ("did you mean ...?").
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SUGGEST_H
#define PM_SUGGEST_H

#include <stddef.h>

/* The edit distance between a and b, ignoring ASCII case: the least number of
 * insertions, deletions, substitutions and transpositions of two adjacent
 * characters that turn one into the other. */
size_t pm_suggest_distance(const char *a, const char *b);

/* The name of `known` (n entries; NULL entries are skipped) nearest to
 * `name`, or NULL when none is near enough to be a likely misspelling. */
const char *pm_suggest_nearest(const char *name, const char *const *known,
                               size_t n);

#endif
