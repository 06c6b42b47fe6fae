/* replay.c: a fuzz target as a plain program: each file named, or each
 * file of each folder named, is handed to the target once.  `make check`
 * replays the committed corpora this way, without clang; an input that
 * crashes the target crashes the program.
 *
 *   fuzz/replay_NAME FILE_OR_FOLDER...
 *
 * Prints the number of inputs replayed; exits 0 when every one returned,
 * 2 when an argument cannot be read.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Replay one file; 0, or 2 when it cannot be read. */
static int replay_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  uint8_t *data = NULL;
  long n;
  int status = 2;

  if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) &&
      fread(data, 1, (size_t)n, f) == (size_t)n) {
    LLVMFuzzerTestOneInput(data, (size_t)n);
    status = 0;
  } else
    perror(path);
  free(data);
  if (f) fclose(f);
  return status;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay the files of a folder in name order; *count adds those replayed. */
static int replay_folder(const char *dir, size_t *count)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0;
  int status = 0;

  if (!d) {
    perror(dir);
    return 2;
  }
  while ((e = readdir(d)))
    if (e->d_name[0] != '.') {
      char **p = realloc(names, (n + 1) * sizeof *p);
      if (!p || !(p[n] = malloc(strlen(dir) + strlen(e->d_name) + 2))) {
        free(p ? p : names);
        closedir(d);
        return 2;
      }
      names = p;
      sprintf(names[n++], "%s/%s", dir, e->d_name);
    }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    if (!status && !(status = replay_file(names[i]))) (*count)++;
    free(names[i]);
  }
  free(names);
  return status;
}

int main(int argc, char **argv)
{
  size_t count = 0;
  int status = 0;

  for (int i = 1; i < argc && !status; i++) {
    struct stat st;
    if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
      status = replay_folder(argv[i], &count);
    else if (!(status = replay_file(argv[i])))
      count++;
  }
  printf("%zu inputs replayed\n", count);
  return status;
}
