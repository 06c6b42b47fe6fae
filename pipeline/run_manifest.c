/* run_manifest.c: DIR/manifest.tsv, what a run folder holds and which run
 * wrote each file.
 *
 * One row per output (hidden files and temporary ones left out), sorted by
 * path, with the columns
 *   file  bytes  sha256  run_started  command
 * run_started (UTC, ISO 8601) and command (the whole command line) name the
 * run that wrote the file.  A stage that a run reuses leaves its files as
 * they were: a file that this run did not write (it is still the one the
 * run's snapshot of the folder holds, run_snapshot.c) and that the previous
 * manifest lists with the same SHA-256 keeps the run named there; one that
 * the previous manifest does not know gets "unknown".  Modification times
 * are not used: a run started within a second of the last one ended would
 * take that one's files for its own.  The manifest
 * is written last, after the stamps, and renamed into place like every
 * output.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"
#include "pm_output.h"
#include "pm_sha256.h"
#include "run_walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
  char *file, *sha256, *started, *command;
  long long bytes;
} entry;

typedef struct {
  entry *e;
  size_t n, cap;
} entries;

static void entries_free(entries *l)
{
  for (size_t i = 0; i < l->n; i++) {
    free(l->e[i].file);
    free(l->e[i].sha256);
    free(l->e[i].started);
    free(l->e[i].command);
  }
  free(l->e);
}

/* Append a row of copies of the strings. */
static int append(entries *l, const char *file, long long bytes,
                  const char *sha256, const char *started, const char *command)
{
  entry *e;
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    entry *p = realloc(l->e, cap * sizeof *p);
    if (!p) return pm_error_nomem();
    l->e = p;
    l->cap = cap;
  }
  e = &l->e[l->n];
  *e = (entry){strdup(file), strdup(sha256), strdup(started), strdup(command),
               bytes};
  l->n++;
  if (!e->file || !e->sha256 || !e->started || !e->command)
    return pm_error_nomem();
  return PM_SUCCESS;
}

/* The rows of the previous manifest, when there is one; a row it cannot
 * read is skipped (it names a run that is not this one's business). */
static int read_previous(const char *path, entries *prev)
{
  FILE *f = fopen(path, "r");
  char line[8192], *field[5], *save;
  int status = PM_SUCCESS;

  if (!f) return PM_SUCCESS;
  while (!status && fgets(line, sizeof line, f)) {
    size_t k = 0;
    line[strcspn(line, "\n")] = '\0';
    for (char *p = strtok_r(line, "\t", &save); p && k < 5;
         p = strtok_r(NULL, "\t", &save))
      field[k++] = p;
    if (k == 5 && strcmp(field[0], "file") != 0)
      status = append(prev, field[0], atoll(field[1]), field[2], field[3],
                      field[4]);
  }
  fclose(f);
  return status;
}

static const entry *find(const entries *l, const char *file)
{
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->e[i].file, file) == 0) return &l->e[i];
  return NULL;
}

typedef struct {
  entries now;
  const entries *prev;
  const char *dir;
  const char *manifest; /* its own name, left out */
  const char *started_text, *command;
} listing;

static int list_one(const char *path, const char *rel, void *arg)
{
  listing *l = arg;
  char hex[PM_SHA256_HEX];
  const entry *before;
  struct stat st;
  int status;

  if (rel[0] == '.' || strstr(rel, "/.") || strstr(rel, ".tmp-") ||
      strcmp(rel, l->manifest) == 0)
    return PM_SUCCESS;
  if (stat(path, &st) != 0) return PM_SUCCESS; /* gone meanwhile */
  if ((status = pm_sha256_file(path, hex))) return status;
  if (!pm_pipeline_snapshot_kept(l->dir, rel, path))
    return append(&l->now, rel, (long long)st.st_size, hex, l->started_text,
                  l->command);
  before = find(l->prev, rel);
  if (before && strcmp(before->sha256, hex) == 0)
    return append(&l->now, rel, (long long)st.st_size, hex, before->started,
                  before->command);
  return append(&l->now, rel, (long long)st.st_size, hex, "unknown",
                "unknown");
}

static int by_file(const void *a, const void *b)
{
  return strcmp(((const entry *)a)->file, ((const entry *)b)->file);
}

static int put_rows(FILE *f, void *arg)
{
  const entries *l = arg;
  fputs("file\tbytes\tsha256\trun_started\tcommand\n", f);
  for (size_t i = 0; i < l->n; i++)
    fprintf(f, "%s\t%lld\t%s\t%s\t%s\n", l->e[i].file, l->e[i].bytes,
            l->e[i].sha256, l->e[i].started, l->e[i].command);
  return PM_SUCCESS;
}

int pm_pipeline_manifest_write(const char *dir, double started,
                               const char *command)
{
  char *path = pm_run_file_path(dir, PM_RUN_MANIFEST, NULL);
  char name[64], when[32], *full = NULL;
  time_t secs = (time_t)started;
  struct tm tm;
  entries prev = {0};
  listing l = {{0}, &prev, dir, name, when, NULL};
  int status;

  pm_run_file_format(name, sizeof name, NULL, PM_RUN_MANIFEST, NULL);
  if (!gmtime_r(&secs, &tm) ||
      !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
    snprintf(when, sizeof when, "%.0f", started);
  if (path && (full = malloc(strlen(command) + 10))) {
    sprintf(full, "plankmap %s", command);
    for (char *c = full; *c; c++) /* one row, five fields */
      if (*c == '\t' || *c == '\n') *c = ' ';
  }
  l.command = full;
  if (!path || !full)
    status = pm_error_nomem();
  else if (!(status = read_previous(path, &prev)) &&
           !(status = pm_pipeline_walk(dir, list_one, &l))) {
    qsort(l.now.e, l.now.n, sizeof *l.now.e, by_file);
    status = pm_output_text(path, put_rows, &l.now);
  }
  entries_free(&prev);
  entries_free(&l.now);
  free(full);
  free(path);
  return status;
}
