/* common.c: option parsing and messages shared by the commands.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int pm_cli_parse(int argc, char **argv, const char *usage, pm_cli_common *opt,
                 int *first)
{
  int i;

  opt->quiet = opt->help = 0;
  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage, stdout);
      opt->help = 1;
      return PM_SUCCESS;
    } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
      opt->quiet = 1;
    } else {
      fprintf(stderr, "plankmap %s: unknown option '%s'\n%s", argv[0], argv[i],
              usage);
      return PM_EUSAGE;
    }
  }
  *first = i;
  return PM_SUCCESS;
}

int pm_cli_fail(const char *command, int status)
{
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
