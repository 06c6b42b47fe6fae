/* common.c: option parsing and messages shared by the commands.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"
#include "pm_threads.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int pm_cli_usage(const char *command, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "plankmap %s: ", command);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nsee 'plankmap %s --help'\n", command);
  return PM_EUSAGE;
}

/* Take a command's own option at argv[*i]; 1 when it was one. */
static int own_option(int argc, char **argv, int *i,
                      const pm_cli_option *options, int *status)
{
  const pm_cli_option *o;
  for (o = options; o && o->name; o++) {
    if (strcmp(argv[*i], o->name) != 0) continue;
    if (*i + 1 >= argc) {
      *status = PM_EUSAGE;
      return 1;
    }
    *o->value = argv[++*i];
    return 1;
  }
  return 0;
}

/* Whether `arg` is an option followed by its value. */
static int takes_value(const char *arg, const pm_cli_option *options)
{
  const pm_cli_option *o;
  if (strcmp(arg, "--threads") == 0) return 1;
  for (o = options; o && o->name; o++)
    if (strcmp(arg, o->name) == 0) return 1;
  return 0;
}

int pm_cli_take_flag(int *argc, char **argv, const char *flag,
                     const pm_cli_option *options)
{
  int i, found = 0;

  for (i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
    if (takes_value(argv[i], options)) {
      i++;
      continue;
    }
    if (strcmp(argv[i], flag) != 0) continue;
    memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof *argv);
    (*argc)--;
    found = 1;
    i--;
  }
  return found;
}

/* --threads N at argv[*i]: N >= 1 threads for the parallel loops from now
 * on, kept in *threads; a usage error otherwise. */
static int threads_option(int argc, char **argv, int *i, int *threads)
{
  char *end;
  long n;

  if (*i + 1 >= argc)
    return pm_cli_usage(argv[0], "option needs a value: '%s'", argv[*i]);
  n = strtol(argv[++*i], &end, 10);
  if (end == argv[*i] || *end || n < 1 || n > 4096)
    return pm_cli_usage(argv[0], "--threads '%s' must be a whole number "
                        "from 1 to 4096", argv[*i]);
  pm_threads_set((int)n);
  *threads = (int)n;
  return PM_SUCCESS;
}

/* One argument: 1 when it was an option (taken), 0 when an operand, -1 when
 * parsing ends (--help printed, or a usage error in *status). */
static int parse_one(int argc, char **argv, int *i, const char *usage,
                     const pm_cli_option *options, pm_cli_common *opt,
                     int *status)
{
  if (argv[*i][0] != '-' || argv[*i][1] == '\0') return 0;
  if (strcmp(argv[*i], "--help") == 0 || strcmp(argv[*i], "-h") == 0) {
    fputs(usage, stdout);
    opt->help = 1;
    return -1;
  }
  if (strcmp(argv[*i], "--quiet") == 0 || strcmp(argv[*i], "-q") == 0) {
    opt->quiet = 1;
  } else if (strcmp(argv[*i], "--threads") == 0) {
    *status = threads_option(argc, argv, i, &opt->threads);
    if (*status != PM_SUCCESS) return -1;
  } else if (own_option(argc, argv, i, options, status)) {
    if (*status) {
      *status = pm_cli_usage(argv[0], "option needs a value: '%s'", argv[*i]);
      return -1;
    }
  } else {
    *status = pm_cli_usage(argv[0], "unknown option '%s'", argv[*i]);
    return -1;
  }
  return 1;
}

/* PM_CLI_ONE_OR_MORE: options and operands in any order; the operands are
 * moved, in order, to the end of argv. */
static int parse_mixed(int argc, char **argv, const char *usage,
                       const pm_cli_option *options, pm_cli_common *opt,
                       int *first)
{
  char **ops = malloc((size_t)argc * sizeof *ops);
  int i, n = 0, r = 0, status = PM_SUCCESS, only_operands = 0;

  if (!ops) return pm_cli_fail(argv[0], pm_error_nomem());
  for (i = 1; i < argc; i++) {
    if (!only_operands && strcmp(argv[i], "--") == 0) {
      only_operands = 1;
      continue;
    }
    r = only_operands ? 0
                      : parse_one(argc, argv, &i, usage, options, opt, &status);
    if (r < 0) break;
    if (r == 0) ops[n++] = argv[i];
  }
  if (r >= 0) {
    for (i = 0; i < n; i++) argv[argc - n + i] = ops[i];
    *first = argc - n;
    if (n == 0) status = pm_cli_usage(argv[0], "missing operand");
  }
  free(ops);
  return status;
}

int pm_cli_parse(int argc, char **argv, const char *usage,
                 const pm_cli_option *options, int n_operands,
                 pm_cli_common *opt, int *first)
{
  int i, r, status = PM_SUCCESS;

  opt->quiet = opt->help = opt->threads = 0;
  if (n_operands == PM_CLI_ONE_OR_MORE)
    return parse_mixed(argc, argv, usage, options, opt, first);
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    r = parse_one(argc, argv, &i, usage, options, opt, &status);
    if (r < 0) return status;
    if (r == 0) break;
  }
  *first = i;
  if (argc - i != n_operands)
    return pm_cli_usage(argv[0], argc - i < n_operands ? "missing operand"
                                                       : "too many operands");
  return PM_SUCCESS;
}

int pm_cli_fail(const char *command, int status)
{
  if (status == PM_EUSAGE)
    return pm_cli_usage(command, "%s", pm_error_message());
  fprintf(stderr, "plankmap %s: %s\n", command, pm_error_message());
  return status;
}

void pm_cli_note(const pm_cli_common *opt, const char *fmt, ...)
{
  va_list ap;
  if (opt->quiet) return;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
}

static void note_stderr(void *ctx, const char *text)
{
  (void)ctx;
  fputs(text, stderr);
}

static void progress_end(void *ctx)
{
  pm_progress p = {NULL, ctx};
  pm_cli_progress_end(&p);
}

pm_pipeline_opts pm_cli_pipeline(const pm_cli_common *opt)
{
  pm_pipeline_opts o = {NULL, NULL, {NULL, NULL}, NULL, NULL};
  if (!opt->quiet) o.note = note_stderr;
  o.progress = pm_cli_progress(opt);
  o.progress_end = progress_end;
  return o;
}
