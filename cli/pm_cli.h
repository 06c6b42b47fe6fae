/* pm_cli.h: the commands of the plankmap program.
 *
 * Each command parses its own options, prints its --help, and returns an exit
 * status (pm_error.h: 0 success, 1 bad input or config, 2 usage, 3 numerical
 * failure, 4 I/O).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CLI_H
#define PM_CLI_H

#include "pm_read.h"

typedef struct {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
} pm_cli_command;

int pm_cli_grid(int argc, char **argv);
int pm_cli_check(int argc, char **argv);
int pm_cli_info(int argc, char **argv);

/* Options every command takes: --help (prints `usage`, returns 1 so that the
 * caller exits 0), --quiet.  Returns PM_EUSAGE on an unknown option; *first
 * is the index of the first operand. */
typedef struct {
  int quiet;
  int help;
} pm_cli_common;
int pm_cli_parse(int argc, char **argv, const char *usage, pm_cli_common *opt,
                 int *first);

/* Print "plankmap COMMAND: message" for the last library error and return
 * `status`. */
int pm_cli_fail(const char *command, int status);

/* Messages for the user on stderr, silenced by --quiet. */
void pm_cli_note(const pm_cli_common *opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A progress bar on stderr when it is a terminal and not --quiet; the
 * returned pm_progress is inert otherwise. */
pm_progress pm_cli_progress(const pm_cli_common *opt);
void pm_cli_progress_end(const pm_progress *p);

#endif
