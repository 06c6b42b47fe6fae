/* run_stamps.c: which stages of `plankmap run` can be reused.
 *
 * DIR/.plankmap-run holds one line per stage, "<stage> <digest>", the
 * digest (pm_scenario_digest) of what the stage read when it last ran.  A
 * stage whose digest is unchanged and whose outputs exist is reused.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pm_pipeline_stamp_matches(const char *dir, const char *stage, const char *hex)
{
  char *path = pm_run_file_path(dir, PM_RUN_STAMPS, NULL);
  char line[256], name[64], digest[80];
  FILE *f = path ? fopen(path, "r") : NULL;
  int match = 0;

  while (f && !match && fgets(line, sizeof line, f))
    match = sscanf(line, "%63s %79s", name, digest) == 2 &&
            strcmp(name, stage) == 0 && strcmp(digest, hex) == 0;
  if (f) fclose(f);
  free(path);
  return match;
}

typedef struct {
  const char *const *stages, *const *digests;
  size_t n;
} stamps;

static int put_stamps(FILE *f, void *arg)
{
  const stamps *s = arg;
  size_t i;
  for (i = 0; i < s->n; i++) fprintf(f, "%s %s\n", s->stages[i], s->digests[i]);
  return PM_SUCCESS;
}

int pm_pipeline_stamps_write(const char *dir, const char *const *stages,
                             const char *const *digests, size_t n)
{
  stamps s = {stages, digests, n};
  char *path = pm_run_file_path(dir, PM_RUN_STAMPS, NULL);
  int status;

  if (!path) return pm_error_nomem();
  status = pm_output_text(path, put_stamps, &s);
  free(path);
  return status;
}
