/* pm_test.h: Test Anything Protocol output for the C test programs.
 *
 * Each check prints "ok N - name" or "not ok N - name" with the values that
 * disagreed; pm_test_done() prints the plan and returns the exit status.
 * Test data are found under $top_srcdir (set by `make check`).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_TEST_H
#define PM_TEST_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pm_test_count __attribute__((unused)), pm_test_failed __attribute__((unused));

static inline void pm_test_vreport(int ok, const char *fmt, va_list ap)
{
  printf("%sok %d - ", ok ? "" : "not ", ++pm_test_count);
  vprintf(fmt, ap);
  printf("\n");
  fflush(stdout);
  if (!ok) pm_test_failed++;
}

__attribute__((format(printf, 2, 3))) static inline int pm_test_ok(int ok,
                                                            const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  pm_test_vreport(ok, fmt, ap);
  va_end(ap);
  return ok;
}

/* |actual - expected| <= reltol * |expected| (or <= reltol when expected is 0). */
__attribute__((format(printf, 4, 5))) static inline int
pm_test_rel(double actual, double expected, double reltol, const char *fmt, ...)
{
  double scale = expected != 0 ? fabs(expected) : 1.0;
  int ok = fabs(actual - expected) <= reltol * scale;
  va_list ap;
  va_start(ap, fmt);
  pm_test_vreport(ok, fmt, ap);
  va_end(ap);
  if (!ok)
    printf("# got %.17g, expected %.17g (relative tolerance %g)\n", actual,
           expected, reltol);
  return ok;
}

/* The status is `expected` and the recorded message holds `fragment`. */
__attribute__((format(printf, 5, 6))) static inline int
pm_test_error(int status, int expected, const char *message,
              const char *fragment, const char *fmt, ...)
{
  int ok = status == expected && strstr(message, fragment) != NULL;
  va_list ap;
  va_start(ap, fmt);
  pm_test_vreport(ok, fmt, ap);
  va_end(ap);
  if (!ok)
    printf("# status %d (expected %d), message: %s\n# expected it to contain: %s\n",
           status, expected, message, fragment);
  return ok;
}

/* The largest |a_i - b_i| over n values. */
static inline double pm_test_max_diff(const double *a, const double *b,
                                      size_t n)
{
  double m = 0;
  size_t i;
  for (i = 0; i < n; i++) m = fmax(m, fabs(a[i] - b[i]));
  return m;
}

/* A path under the source tree: "$top_srcdir/<relative>". */
static inline const char *pm_test_path(const char *relative)
{
  static char buf[8][4096];
  static int next;
  const char *top = getenv("top_srcdir");
  char *b = buf[next++ % 8];
  snprintf(b, sizeof buf[0], "%s/%s", top ? top : ".", relative);
  return b;
}

/* The path of the last file written by pm_test_write_file. */
static char pm_test_file_path[4200] __attribute__((unused));

/* Remove the temporary folder `dir` and everything in it; 0 on success,
 * else a TAP comment and -1. */
static inline int pm_test_remove_dir(const char *dir)
{
  char cmd[4400];
  if ((size_t)snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir) < sizeof cmd &&
      system(cmd) == 0)
    return 0;
  printf("# could not remove %s\n", dir);
  return -1;
}

/* Write `text` to <dir>/<name> and return its path (valid until the next
 * call); a test that cannot write its input bails out. */
static inline const char *pm_test_write_file(const char *dir, const char *name,
                                             const char *text)
{
  FILE *f;

  snprintf(pm_test_file_path, sizeof pm_test_file_path, "%s/%s", dir, name);
  if (!(f = fopen(pm_test_file_path, "w"))) {
    printf("Bail out! cannot write %s\n", pm_test_file_path);
    exit(1);
  }
  fputs(text, f);
  fclose(f);
  return pm_test_file_path;
}

static inline int pm_test_done(void)
{
  printf("1..%d\n", pm_test_count);
  return pm_test_failed ? 1 : 0;
}

#endif
