/* run_walk.c: the files of a run's output folder, one by one.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "run_walk.h"
#include "pm_error.h"
#include "pm_run_files.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Folders deeper than this below the output folder are not the run's. */
#define MAX_DEPTH 4

static int walk_at(const char *dir, const char *rel, int depth,
                   const char *skip, pm_pipeline_file_fn fn, void *arg)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int status = PM_SUCCESS;

  if (!d)
    return pm_error(PM_EIO, "%s: cannot list the folder: %s", dir,
                    strerror(errno));
  while (!status && (e = readdir(d))) {
    char path[PATH_MAX], sub[PATH_MAX];
    struct stat st;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
        (depth == 0 && skip && !strcmp(e->d_name, skip)))
      continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    if (lstat(path, &st) != 0) continue; /* gone meanwhile */
    if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
      status = walk_at(path, sub, depth + 1, skip, fn, arg);
    else if (S_ISREG(st.st_mode))
      status = fn(path, sub, arg);
  }
  closedir(d);
  return status;
}

int pm_pipeline_walk(const char *dir, pm_pipeline_file_fn fn, void *arg)
{
  char skip[64];
  pm_run_file_format(skip, sizeof skip, NULL, PM_RUN_PREVIOUS, NULL);
  return walk_at(dir, "", 0, skip, fn, arg);
}

int pm_pipeline_walk_all(const char *dir, pm_pipeline_file_fn fn, void *arg)
{
  return walk_at(dir, "", 0, NULL, fn, arg);
}
