/* bar_label.c: the label of a vertical colour bar, set along the bar in
 * one to three lines no longer than the bar, broken between words, at the
 * base font or a smaller one.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"

#include <stdio.h>
#include <string.h>

#define LARGE_MIN 0.8 /* fonts tried before more lines: 1 .. 0.8 */
#define SMALL_MIN 0.6 /* with all the lines: down to 0.6 */

/* The label broken between words into lines of at most `room` em, the
 * last line taking what is left; the number of lines it needs. */
static size_t wrap(const char *label, double room, pm_plot_bar_label *l)
{
  const char *p = label, *end;
  char word[256], *line = NULL;
  size_t n = 0, len;

  memset(l->line, 0, sizeof l->line);
  for (; *p; p = end) {
    while (*p == ' ') p++;
    if (!*p) break;
    end = strchr(p, ' ');
    if (!end) end = p + strlen(p);
    snprintf(word, sizeof word, "%.*s", (int)(end - p), p);
    if (!n || pm_plot_text_em(line) + pm_plot_text_em(" ") +
                      pm_plot_text_em(word) > room)
      n++;
    line = l->line[n < PM_PLOT_BAR_LINES ? n - 1 : PM_PLOT_BAR_LINES - 1];
    len = strlen(line);
    snprintf(line + len, sizeof l->line[0] - len, "%s%s", len ? " " : "",
             word);
  }
  return n;
}

void pm_plot_bar_label_fit(const pm_figure *fig, const char *label,
                           double length_mm, pm_plot_bar_label *l)
{
  size_t most;
  double least;

  for (most = 1; most <= PM_PLOT_BAR_LINES; most++) {
    least = most < PM_PLOT_BAR_LINES ? LARGE_MIN : SMALL_MIN;
    for (l->scale = 1.0; l->scale > least - 1e-9; l->scale -= 0.05)
      if ((l->n = wrap(label, length_mm / pm_plot_em_mm(fig, l->scale), l)) <= most)
        return;
  }
  /* too long for the bar at all: the last line runs over */
  l->scale = SMALL_MIN;
  wrap(label, length_mm / pm_plot_em_mm(fig, l->scale), l);
  l->n = PM_PLOT_BAR_LINES;
}
