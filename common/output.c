/* output.c: outputs written under a temporary name and renamed into place.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "pm_output.h"
#include "pm_error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pm_output_begin(const char *path, char **tmp)
{
  static atomic_uint counter;
  size_t size = strlen(path) + 64;
  char *name = malloc(size);
  int attempt, fd = -1;

  *tmp = NULL;
  if (!name) return pm_error_nomem();
  /* The same folder as the output, so that rename() is atomic; O_EXCL with a
   * fresh name, and the mode 0666 less the umask, as for any new file. */
  for (attempt = 0; attempt < 100 && fd < 0; attempt++) {
    snprintf(name, size, "%s.tmp-%ld-%u", path, (long)getpid(),
             atomic_fetch_add(&counter, 1));
    fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    int err = errno;
    free(name);
    return pm_error(PM_EIO,
                    "%s: cannot create a temporary file next to it: %s; check "
                    "that the folder exists and is writable",
                    path, strerror(err));
  }
  close(fd);
  *tmp = name;
  return PM_SUCCESS;
}

int pm_output_commit(char *tmp, const char *path)
{
  if (rename(tmp, path) != 0) {
    int err = errno;
    pm_output_abort(tmp);
    return pm_error(PM_EIO, "%s: cannot move the finished output into place: %s",
                    path, strerror(err));
  }
  free(tmp);
  return PM_SUCCESS;
}

void pm_output_abort(char *tmp)
{
  if (!tmp) return;
  unlink(tmp);
  free(tmp);
}

/* The text of `path` written under a temporary name, *tmp; none is left
 * on failure. */
static int write_temporary(const char *path, pm_output_put put, void *arg,
                           char **tmp)
{
  FILE *f;
  int status, bad;

  if ((status = pm_output_begin(path, tmp))) return status;
  if (!(f = fopen(*tmp, "w"))) {
    status = pm_error(PM_EIO, "%s: cannot write: %s", *tmp, strerror(errno));
    goto fail;
  }
  status = put(f, arg);
  bad = ferror(f);
  bad |= fclose(f) != 0;
  if (!status && bad)
    status = pm_error(PM_EIO, "%s: error while writing; check the free "
                      "space", path);
  if (!status) return PM_SUCCESS;
fail:
  pm_output_abort(*tmp);
  *tmp = NULL;
  return status;
}

int pm_output_text(const char *path, pm_output_put put, void *arg)
{
  pm_output_file file = {path, put, arg};
  return pm_output_texts(&file, 1);
}

int pm_output_texts(const pm_output_file *files, size_t n)
{
  char **tmp = calloc(n + 1, sizeof *tmp);
  size_t k;
  int status = PM_SUCCESS;

  if (!tmp) return pm_error_nomem();
  for (k = 0; k < n && !status; k++)
    if (files[k].path)
      status = write_temporary(files[k].path, files[k].put, files[k].arg,
                               &tmp[k]);
  /* all renamed, or after a failure all removed (a commit takes its
   * temporary file, renamed or removed) */
  for (k = 0; k < n; k++)
    if (!status && tmp[k])
      status = pm_output_commit(tmp[k], files[k].path);
    else
      pm_output_abort(tmp[k]);
  free(tmp);
  return status;
}

int pm_mkdirs(const char *dir)
{
  char *p, *path = strdup(dir);
  int status = PM_SUCCESS;

  if (!path) return pm_error_nomem();
  for (p = path + 1; status == PM_SUCCESS; p++) {
    int end = *p == '\0';
    if (*p != '/' && !end) continue;
    *p = '\0';
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
      status = pm_error(PM_EIO, "cannot create the folder %s: %s", path,
                        strerror(errno));
    if (end) break;
    *p = '/';
  }
  free(path);
  return status;
}
