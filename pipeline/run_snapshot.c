/* run_snapshot.c: a run's output folder as the last complete run left it,
 * whatever happens to this one.
 *
 * Every output is written under a temporary name and renamed into place
 * (pm_output.h), so no file is ever half-written; but a run that fails in
 * its fourth stage has already replaced the maps of its third.  Before the
 * first stage runs, every file of the folder is hard-linked into
 * DIR/.plankmap-previous/ (a link costs no copy, and the rename of a new
 * output leaves the old file's data to the link).  A run that completes
 * removes the links; one that fails puts them back and removes the files it
 * created, so that the folder holds the outputs of one run only.  A run
 * that was killed leaves the links behind: the next run restores them
 * first, and removes the temporary files ("NAME.tmp-PID-N") whose process
 * is gone.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_output.h"
#include "run_walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "DIR/.plankmap-previous/REL" */
static void previous_path(char *buf, size_t size, const char *dir,
                          const char *rel)
{
  size_t n = pm_run_file_format(buf, size, dir, PM_RUN_PREVIOUS, NULL);
  if (n < size) snprintf(buf + n, size - n, "%s%s", *rel ? "/" : "", rel);
}

/* The folder that will hold `path`, created when missing. */
static int make_parents(const char *path)
{
  char parent[PATH_MAX], *slash;

  snprintf(parent, sizeof parent, "%s", path);
  if (!(slash = strrchr(parent, '/'))) return PM_SUCCESS;
  *slash = '\0';
  return pm_mkdirs(parent);
}

/* A temporary output ("NAME.tmp-PID-N") whose process is gone. */
static int stale_temporary(const char *rel)
{
  const char *tag = strstr(rel, ".tmp-");
  char *end;
  long pid;

  if (!tag) return 0;
  pid = strtol(tag + 5, &end, 10);
  return pid > 0 && *end == '-' && kill((pid_t)pid, 0) != 0 &&
         errno == ESRCH;
}

static int sweep_one(const char *path, const char *rel, void *arg)
{
  (void)arg;
  if (stale_temporary(rel)) unlink(path);
  return PM_SUCCESS;
}

/* A copy, for a file system without hard links; 0 on success. */
static int copy(const char *from, const char *to)
{
  FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
  char buf[1 << 16];
  size_t n;
  int bad;

  while (out && (n = fread(buf, 1, sizeof buf, in)) > 0)
    if (fwrite(buf, 1, n, out) != n) break;
  bad = !out || ferror(in) || ferror(out);
  if (out) bad |= fclose(out) != 0;
  if (in) fclose(in);
  if (bad) unlink(to);
  return bad ? -1 : 0;
}

static int link_one(const char *path, const char *rel, void *dir)
{
  char to[PATH_MAX];
  int status;

  previous_path(to, sizeof to, dir, rel);
  if ((status = make_parents(to))) return status;
  if (link(path, to) == 0 || copy(path, to) == 0) return PM_SUCCESS;
  return pm_error(PM_EIO, "%s: cannot keep the last run's copy as %s: %s",
                  path, to, strerror(errno));
}

/* 1 when the files `a` and `b` hold the same bytes. */
static int same_bytes(const char *a, const char *b)
{
  FILE *fa = fopen(a, "rb"), *fb = fa ? fopen(b, "rb") : NULL;
  char ba[1 << 15], bb[1 << 15];
  size_t na, nb;
  int same = fa && fb;

  while (same) {
    na = fread(ba, 1, sizeof ba, fa);
    nb = fread(bb, 1, sizeof bb, fb);
    same = na == nb && memcmp(ba, bb, na) == 0 && !ferror(fa) && !ferror(fb);
    if (na == 0) break;
  }
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  return same;
}

int pm_pipeline_snapshot_kept(const char *dir, const char *rel,
                              const char *path)
{
  char kept[PATH_MAX];
  struct stat now, then;

  previous_path(kept, sizeof kept, dir, rel);
  if (stat(path, &now) != 0 || stat(kept, &then) != 0) return 0;
  if (now.st_dev == then.st_dev && now.st_ino == then.st_ino) return 1;
  return now.st_size == then.st_size && same_bytes(path, kept);
}

/* A file of the run that the last complete run did not have. */
static int remove_new(const char *path, const char *rel, void *dir)
{
  char kept[PATH_MAX];
  struct stat st;

  previous_path(kept, sizeof kept, dir, rel);
  if (stat(kept, &st) != 0) unlink(path);
  return PM_SUCCESS;
}

static int put_back(const char *path, const char *rel, void *dir)
{
  char to[PATH_MAX];
  int status;

  snprintf(to, sizeof to, "%s/%s", (const char *)dir, rel);
  if ((status = make_parents(to))) return status;
  if (rename(path, to) != 0)
    return pm_error(PM_EIO, "%s: cannot restore the last run's %s: %s", path,
                    to, strerror(errno));
  return PM_SUCCESS;
}

/* Remove the folder `dir` and everything under it. */
static int remove_tree(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int status = PM_SUCCESS;

  if (!d)
    return errno == ENOENT ? PM_SUCCESS
                           : pm_error(PM_EIO, "%s: cannot list the folder: "
                                      "%s", dir, strerror(errno));
  while (!status && (e = readdir(d))) {
    char path[PATH_MAX];
    struct stat st;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
      status = remove_tree(path);
    else
      unlink(path);
  }
  closedir(d);
  if (!status && rmdir(dir) != 0)
    status = pm_error(PM_EIO, "%s: cannot remove the folder: %s", dir,
                      strerror(errno));
  return status;
}

static int remove_folders(const char *dir)
{
  char top[PATH_MAX];
  pm_run_file_format(top, sizeof top, dir, PM_RUN_PREVIOUS, NULL);
  return remove_tree(top);
}

int pm_pipeline_snapshot_restore(const char *dir)
{
  char top[PATH_MAX];
  struct stat st;
  int status;

  pm_run_file_format(top, sizeof top, dir, PM_RUN_PREVIOUS, NULL);
  if (stat(top, &st) != 0) return PM_SUCCESS; /* none taken */
  if ((status = pm_pipeline_walk(dir, remove_new, (void *)dir)) ||
      (status = pm_pipeline_walk_all(top, put_back, (void *)dir)))
    return status;
  return remove_folders(dir);
}

int pm_pipeline_snapshot_take(const char *dir)
{
  char top[PATH_MAX];
  int status;

  if ((status = pm_pipeline_snapshot_restore(dir)) || /* a killed run's */
      (status = pm_pipeline_walk(dir, sweep_one, NULL)))
    return status;
  pm_run_file_format(top, sizeof top, dir, PM_RUN_PREVIOUS, NULL);
  if ((status = pm_mkdirs(top))) return status;
  if ((status = pm_pipeline_walk(dir, link_one, (void *)dir))) {
    remove_folders(dir);
    return status;
  }
  return PM_SUCCESS;
}

int pm_pipeline_snapshot_drop(const char *dir)
{
  return remove_folders(dir);
}
