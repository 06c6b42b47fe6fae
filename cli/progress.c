/* progress.c: a progress bar on the terminal for long steps.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 30

typedef struct {
  double last; /* when the bar was last drawn (s) */
  int drawn;
} bar_state;

static bar_state state;

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Redraw at most ten times a second, and always at 100%. */
static void draw(void *ctx, const char *what, uint64_t done, uint64_t total)
{
  bar_state *s = ctx;
  double t = now(), f = total ? (double)done / (double)total : 0;
  int i, n;
  char name[41];

  if (f > 1) f = 1;
  if (t - s->last < 0.1 && done < total) return;
  s->last = t;
  n = (int)(f * BAR_WIDTH + 0.5);
  snprintf(name, sizeof name, "%s", what);
  fprintf(stderr, "\r%-40s [", name);
  for (i = 0; i < BAR_WIDTH; i++) fputc(i < n ? '#' : '.', stderr);
  fprintf(stderr, "] %3d%%", (int)(100 * f));
  fflush(stderr);
  s->drawn = 1;
}

pm_progress pm_cli_progress(const pm_cli_common *opt)
{
  pm_progress p = {NULL, NULL};
  if (!opt->quiet && isatty(STDERR_FILENO)) {
    memset(&state, 0, sizeof state);
    p.fn = draw;
    p.ctx = &state;
  }
  return p;
}

void pm_cli_progress_end(const pm_progress *p)
{
  bar_state *s = p->ctx;
  if (s && s->drawn) {
    fputc('\n', stderr);
    s->drawn = 0;
  }
}
