/* note.c: messages and progress of a run, handed to the caller's callbacks.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"

#include <stdarg.h>
#include <stdio.h>

void pm_pipeline_note(const pm_pipeline_opts *opt, const char *fmt, ...)
{
  char text[4096];
  va_list ap;

  if (!opt || !opt->note) return;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  opt->note(opt->ctx, text);
}

void pm_pipeline_progress_end(const pm_pipeline_opts *opt)
{
  if (opt && opt->progress_end) opt->progress_end(opt->progress.ctx);
}
