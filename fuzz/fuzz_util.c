/* fuzz_util.c: the scratch folder and the input splitting of the fuzz
 * targets.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FILES 16

static char folder[512];
static char paths[MAX_FILES][640];
static size_t npaths;

static void remove_scratch(void)
{
  for (size_t i = 0; i < npaths; i++) unlink(paths[i]);
  rmdir(folder);
}

/* The scratch folder, made on the first call in $TMPDIR, else in memory
 * (/dev/shm: rewriting a file on a disk file system costs a flush per
 * input), else in /tmp; aborts when it cannot be made, as a target cannot
 * run without it. */
static const char *scratch(void)
{
  const char *tmp = getenv("TMPDIR");
  if (*folder) return folder;
  if (!tmp || !*tmp) tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(folder, sizeof folder, "%s/plankmap-fuzz-XXXXXX", tmp);
  if (!mkdtemp(folder)) {
    perror(folder);
    abort();
  }
  atexit(remove_scratch);
  return folder;
}

/* The slot of `name` among the paths written so far, added when new. */
static char *path_of(const char *name)
{
  char path[640];
  snprintf(path, sizeof path, "%s/%s", scratch(), name);
  for (size_t i = 0; i < npaths; i++)
    if (strcmp(paths[i], path) == 0) return paths[i];
  if (npaths == MAX_FILES) abort(); /* a target names a few files */
  strcpy(paths[npaths], path);
  return paths[npaths++];
}

const char *pm_fuzz_file(const char *name, const uint8_t *data, size_t size)
{
  char *path = path_of(name);
  FILE *f = fopen(path, "wb");
  if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
    perror(path);
    abort();
  }
  return path;
}

void pm_fuzz_part(const uint8_t *data, size_t size, size_t k,
                  const uint8_t **part, size_t *len)
{
  static const char sep[] = "\n\f\n";
  const uint8_t *start = data, *end = data + size;

  for (;;) {
    const uint8_t *next = NULL;
    for (const uint8_t *p = start; p + 3 <= end; p++)
      if (memcmp(p, sep, 3) == 0) {
        next = p;
        break;
      }
    if (k == 0) {
      *part = start;
      *len = (size_t)((next ? next : end) - start);
      return;
    }
    if (!next) {
      *part = end;
      *len = 0;
      return;
    }
    start = next + 3;
    k--;
  }
}

const char *pm_fuzz_text(const uint8_t *data, size_t size)
{
  static char *buf;
  static size_t cap;
  if (size + 1 > cap) {
    char *p = realloc(buf, size + 1);
    if (!p) return NULL;
    buf = p;
    cap = size + 1;
  }
  if (size) memcpy(buf, data, size);
  buf[size] = '\0';
  return buf;
}
