/* pm_output.h: write an output file under a temporary name in its folder and
 * rename it into place once complete, so that a failed run leaves no
 * half-written file and an existing output untouched.
 *
 *   char *tmp;
 *   if ((status = pm_output_begin(path, &tmp))) return status;
 *   ... write tmp ...
 *   status = ok ? pm_output_commit(tmp, path) : (pm_output_abort(tmp), status);
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_OUTPUT_H
#define PM_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* Create an empty temporary file next to `path` ("path.tmp-PID-N") and set
 * *tmp to its (allocated) name. */
int pm_output_begin(const char *path, char **tmp);

/* Rename `tmp` to `path` (replacing it) and free `tmp`; on failure the
 * temporary file is removed. */
int pm_output_commit(char *tmp, const char *path);

/* Remove `tmp` and free it (NULL is ignored). */
void pm_output_abort(char *tmp);

/* Write the text file `path` through a temporary file: put(f, arg) writes
 * its lines (returning a status); the file is renamed into place only when
 * put succeeded and every byte was written.  The one writer of plankmap's
 * text outputs. */
typedef int (*pm_output_put)(FILE *f, void *arg);
int pm_output_text(const char *path, pm_output_put put, void *arg);

/* Several text files that belong together (the tables of one stage): each
 * written under a temporary name, then all renamed into place; when one
 * fails, none is renamed.  A file whose path is NULL is skipped. */
typedef struct {
  const char *path;
  pm_output_put put;
  void *arg;
} pm_output_file;
int pm_output_texts(const pm_output_file *files, size_t n);

/* Create the folder `dir` and its parents when missing. */
int pm_mkdirs(const char *dir);

#endif
