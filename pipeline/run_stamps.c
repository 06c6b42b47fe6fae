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

static char *stamp_path(const char *dir)
{
  size_t n = strlen(dir) + 16;
  char *p = malloc(n);

  if (p) snprintf(p, n, "%s/.plankmap-run", dir);
  return p;
}

int pm_pipeline_stamp_matches(const char *dir, const char *stage, const char *hex)
{
  char *path = stamp_path(dir), line[256], name[64], digest[80];
  FILE *f = path ? fopen(path, "r") : NULL;
  int match = 0;

  while (f && !match && fgets(line, sizeof line, f))
    match = sscanf(line, "%63s %79s", name, digest) == 2 &&
            strcmp(name, stage) == 0 && strcmp(digest, hex) == 0;
  if (f) fclose(f);
  free(path);
  return match;
}

int pm_pipeline_stamps_write(const char *dir, const char *const *stages,
                        const char *const *digests, size_t n)
{
  char *path = stamp_path(dir), *tmp = NULL;
  FILE *f = NULL;
  size_t i;
  int status;

  if (!path) return pm_error_nomem();
  if ((status = pm_output_begin(path, &tmp))) goto cleanup;
  if (!(f = fopen(tmp, "w"))) {
    status = pm_error(PM_EIO, "%s: cannot write", tmp);
    pm_output_abort(tmp);
    goto cleanup;
  }
  for (i = 0; i < n; i++) fprintf(f, "%s %s\n", stages[i], digests[i]);
  if (fclose(f) != 0) {
    status = pm_error(PM_EIO, "%s: write failed", tmp);
    pm_output_abort(tmp);
    goto cleanup;
  }
  status = pm_output_commit(tmp, path);
cleanup:
  free(path);
  return status;
}
