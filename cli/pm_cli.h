/* pm_cli.h: the commands of the plankmap program.
 *
 * Each command parses its own options, prints its --help, and returns an exit
 * status (pm_error.h: 0 success, 1 bad input or config, 2 usage, 3 numerical
 * failure, 4 I/O).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CLI_H
#define PM_CLI_H

#include "pm_pipeline.h"

#include <stdio.h>

typedef struct {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
  /* 1 when the command shares its work among the ranks of an MPI job, so
   * that every rank runs it; NULL: rank 0 runs it alone. */
  int (*shares)(int argc, char **argv);
} pm_cli_command;

int pm_cli_grid(int argc, char **argv);
int pm_cli_check(int argc, char **argv);
int pm_cli_info(int argc, char **argv);
int pm_cli_run(int argc, char **argv);
int pm_cli_run_shares(int argc, char **argv);
int pm_cli_simulate(int argc, char **argv);
int pm_cli_fit(int argc, char **argv);
int pm_cli_summary(int argc, char **argv);
int pm_cli_predict(int argc, char **argv);
int pm_cli_predict_shares(int argc, char **argv);
int pm_cli_validate(int argc, char **argv);
int pm_cli_flux(int argc, char **argv);
int pm_cli_plot(int argc, char **argv);

/* `plankmap plot KIND`: one function per kind of figure, each a line of the
 * table in cmd_plot.c. */
int pm_cli_plot_map(int argc, char **argv);
int pm_cli_plot_section(int argc, char **argv);
int pm_cli_plot_partial(int argc, char **argv);
int pm_cli_plot_profile(int argc, char **argv);
int pm_cli_plot_validation(int argc, char **argv);
/* The number `text` of `option` (NULL: *x untouched), or PM_EUSAGE. */
int pm_cli_number(const char *option, const char *text, double *x);

/* Options every command takes (--help, --quiet, --threads N) and the values of a
 * command's own options ("--output-dir DIR"). */
typedef struct {
  const char *name;   /* "--output-dir" */
  const char **value; /* where its value goes */
} pm_cli_option;

typedef struct {
  int quiet;
  int help;    /* --help was given and the usage printed: exit 0 */
  int threads; /* --threads N given (and set): N; else 0 */
} pm_cli_common;

/* Remove every `flag` (an option without a value, "--log") from argv, but
 * not the value of an option that takes one (`options`, --threads) nor
 * what follows "--"; 1 when there was one.  Before pm_cli_parse. */
int pm_cli_take_flag(int *argc, char **argv, const char *flag,
                     const pm_cli_option *options);

/* Parse argv[1..]: options first, then operands from argv[*first]; exactly
 * `n_operands` of them, or with PM_CLI_ONE_OR_MORE one or more operands,
 * options and operands in any order (the operands are moved to the end).
 * Prints what is wrong (pm_cli_usage) and returns PM_EUSAGE on a bad command
 * line. */
#define PM_CLI_ONE_OR_MORE (-1)
int pm_cli_parse(int argc, char **argv, const char *usage,
                 const pm_cli_option *options, int n_operands,
                 pm_cli_common *opt, int *first);

/* `plankmap info` on a table (fields separated by `delim`): the rows, and
 * each column's type (number, text, or empty when every value is missing),
 * missing values ("" or NA, as fit reads them) and numeric range. */
int pm_cli_info_table(const char *path, char delim);

/* A usage error: "plankmap COMMAND: <what is wrong>" and "see 'plankmap
 * COMMAND --help'" on stderr (the help page itself would bury the one line
 * that matters); returns PM_EUSAGE. */
int pm_cli_usage(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

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

/* The messages and progress of a library run as these options ask:
 * messages on stderr unless --quiet, a progress bar on a terminal. */
pm_pipeline_opts pm_cli_pipeline(const pm_cli_common *opt);
/* The command line after "plankmap" (argv[0] the command), its words that
 * hold spaces or quotes quoted, for the history of outputs (allocated;
 * NULL when out of memory). */
char *pm_cli_command_text(int argc, char **argv);

#endif
