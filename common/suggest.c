/* suggest.c: the nearest known name to a misspelt one, by edit distance.
 *
 * The distance is Levenshtein's (V. I. Levenshtein, "Binary codes capable of
 * correcting deletions, insertions, and reversals", Soviet Physics Doklady
 * 10(8):707-710, 1966) with Damerau's transposition of two adjacent
 * characters as one edit (F. J. Damerau, "A technique for computer detection
 * and correction of spelling errors", Communications of the ACM 7(3):171-176,
 * 1964), in its "optimal string alignment" form: the dynamic programme
 *   d[i][j] = min(d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + (a_i != b_j),
 *                 d[i-2][j-2] + 1 when a_i = b_{j-1} and a_{i-1} = b_j).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static size_t min2(size_t a, size_t b) { return a < b ? a : b; }

static int same(char a, char b)
{
  return tolower((unsigned char)a) == tolower((unsigned char)b);
}

size_t pm_suggest_distance(const char *a, const char *b)
{
  size_t na = strlen(a), nb = strlen(b), i, j, w = nb + 1, d;
  /* three rows of the table: i-2, i-1 and i */
  size_t *row = malloc(3 * w * sizeof *row);
  if (!row) return na > nb ? na : nb;   /* no memory: "far", no suggestion */
  for (j = 0; j <= nb; j++) row[j] = j; /* row i sits at (i % 3) * w */
  for (i = 1; i <= na; i++) {
    size_t *prev2 = row + ((i + 1) % 3) * w, *prev = row + ((i + 2) % 3) * w;
    size_t *cur = row + (i % 3) * w;
    cur[0] = i;
    for (j = 1; j <= nb; j++) {
      size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
      cur[j] = min2(min2(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) &&
          same(a[i - 2], b[j - 1]))
        cur[j] = min2(cur[j], prev2[j - 2] + 1);
    }
  }
  d = row[(na % 3) * w + nb];
  free(row);
  return d;
}

const char *pm_suggest_nearest(const char *name, const char *const *known,
                               size_t n)
{
  /* a likely misspelling: at most a third of the name's letters edited, and
   * at least one (or two for longer names) edits allowed */
  size_t len = strlen(name), limit = len / 3, best = (size_t)-1, i;
  const char *nearest = NULL;
  if (limit < 1) limit = 1;
  if (len >= 6 && limit < 2) limit = 2;
  for (i = 0; i < n; i++) {
    size_t d;
    if (!known[i]) continue;
    d = pm_suggest_distance(name, known[i]);
    if (d < best) {
      best = d;
      nearest = known[i];
    }
  }
  return best <= limit && best < len ? nearest : NULL;
}
