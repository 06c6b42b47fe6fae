/* distinct_files.c: the data files of a scenario's sources must be distinct:
 * a file given twice (in one source or in two, under one name or through a
 * link) or two copies of one file would have every sample counted twice.
 *
 * Files are told apart by their identity (device and inode, after links)
 * and, where two files have one size, by their bytes.  A file that cannot be
 * opened is left to its reader, which says so.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  const pm_obs_source *src;
  const char *path;
  struct stat st;
} data_file;

static int by_size(const void *a, const void *b)
{
  off_t x = ((const data_file *)a)->st.st_size,
        y = ((const data_file *)b)->st.st_size;
  return (x > y) - (x < y);
}

/* 1 when the two files hold the same bytes (both of one size), 0 when not or
 * when one cannot be read. */
static int same_bytes(const char *a, const char *b)
{
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  char ba[65536], bb[65536];
  size_t na = 1, nb;
  int same = fa && fb;

  while (same && na > 0) {
    na = fread(ba, 1, sizeof ba, fa);
    nb = fread(bb, 1, sizeof bb, fb);
    same = na == nb && memcmp(ba, bb, na) == 0 && !ferror(fa) && !ferror(fb);
  }
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  return same;
}

static int twice(const data_file *a, const data_file *b)
{
  int one = a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino;
  if (!one && (a->st.st_size == 0 || !same_bytes(a->path, b->path)))
    return PM_SUCCESS;
  return pm_error(PM_EINPUT,
                  "%s (source '%s') and %s (source '%s') %s; its samples "
                  "would be counted twice: give each data file once",
                  a->path, a->src->name, b->path, b->src->name,
                  one ? "are the same file" : "have the same content");
}

/* Compare the files of one size, f[0..n), pairwise. */
static int check_group(const data_file *f, size_t n)
{
  size_t i, j;
  int status = PM_SUCCESS;
  for (i = 0; i < n && !status; i++)
    for (j = i + 1; j < n && !status; j++) status = twice(&f[i], &f[j]);
  return status;
}

int pm_obs_sources_check_distinct(const pm_obs_source *src, size_t nsrc)
{
  data_file *f;
  size_t i, j, n = 0, total = 0;
  int status = PM_SUCCESS;

  for (i = 0; i < nsrc; i++) total += src[i].n_files;
  if (total < 2) return PM_SUCCESS;
  if (!(f = malloc(total * sizeof *f))) return pm_error_nomem();
  for (i = 0; i < nsrc; i++)
    for (j = 0; j < src[i].n_files; j++) {
      f[n] = (data_file){&src[i], src[i].files[j], {0}};
      if (stat(f[n].path, &f[n].st) == 0 && S_ISREG(f[n].st.st_mode)) n++;
    }
  qsort(f, n, sizeof *f, by_size);
  for (i = 0; i < n && !status; i = j) {
    for (j = i + 1; j < n && f[j].st.st_size == f[i].st.st_size; j++) continue;
    status = check_group(f + i, j - i);
  }
  free(f);
  return status;
}
