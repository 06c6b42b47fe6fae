/* main.c: `plankmap COMMAND [OPTIONS]`, the entry point.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_cli.h"
#include "pm_error.h"
#include "pm_ranks.h"

#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const pm_cli_command commands[] = {
    {"grid", "read observations, grid them, write observations.nc",
     pm_cli_grid, NULL},
    {"check", "validate a scenario file and every input it names",
     pm_cli_check, NULL},
    {"info", "summarize an observation file, a table or a NetCDF output",
     pm_cli_info, NULL},
    {"run", "run every stage of a scenario file: grid, fit, predict, report",
     pm_cli_run, pm_cli_run_shares},
    {"simulate", "draw virtual observations from a known truth",
     pm_cli_simulate, NULL},
    {"fit", "fit a GLM or GAM to a table, write a model file", pm_cli_fit,
     NULL},
    {"summary", "print the summary of a model file (or JSON)", pm_cli_summary,
     NULL},
    {"predict", "predict with a model file for the rows of a table",
     pm_cli_predict, pm_cli_predict_shares},
    {"flux", "particle flux and its attenuation from EcoPart exports",
     pm_cli_flux, NULL},
    {"validate", "set a run's outputs beside published estimates",
     pm_cli_validate, NULL},
    {"plot", "publication figures: maps, sections (PNG, PDF, SVG)",
     pm_cli_plot, NULL},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
  size_t i;
  fprintf(out,
          "Usage: plankmap COMMAND [OPTIONS] ...\n"
          "Global plankton and particle distribution modeling from in-situ "
          "imaging data.\n\nCommands:\n");
  for (i = 0; i < N_COMMANDS; i++)
    fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\nEach command takes --help, --quiet and --threads N (the threads "
          "of the\nfits, cross-validation, bootstrap and maps; default: every "
          "core; the results\nare the same for any number).  `plankmap "
          "--version` "
          "prints the version.\n\n"
          "Exit status: 0 success, 1 bad input or config, 2 usage error,\n"
          "3 numerical failure, 4 input/output error.\n");
}

/* The command's exit status, the same on every rank.  After a failure the
 * exit handlers of the libraries are skipped: HDF5's closes the files that
 * a failed write left open and can turn the documented status into a
 * signal.  Everything plankmap wrote is already closed and renamed or
 * removed; only stdio is flushed. */
static int finish(int status)
{
  int shared = pm_ranks_finish(status);

  if (shared && !status)  /* another rank failed after this one's work */
    fprintf(stderr, "plankmap: %s\n", pm_error_message());
  pm_ranks_finalize();
  if (shared == PM_SUCCESS) return shared;
  fflush(NULL);
  _exit(shared);
}

static void version(void)
{
  const char *mpi = pm_ranks_library();
  printf("plankmap %s\nMPI: %s\n", PACKAGE_VERSION,
         mpi ? mpi : "no (built without MPI)");
}

/* Command c on every rank of an MPI job when it shares its work among them
 * (`run`, pm_run_scenario; `predict` of a scenario file), else on rank 0
 * alone. */
static int run_command(const pm_cli_command *c, int argc, char **argv)
{
  int status;

  if (c->shares && c->shares(argc, argv)) return c->run(argc, argv);
  if (pm_ranks_rank() > 0) return PM_SUCCESS;
  pm_ranks_alone(1);
  status = c->run(argc, argv);
  pm_ranks_alone(0);
  return status;
}

int main(int argc, char **argv)
{
  size_t i;
  int status;

  /* GSL's default handler aborts; the library checks every status instead. */
  gsl_set_error_handler_off();
  /* A write past the file-size limit (ulimit -f) then fails with EFBIG and
   * is reported as an I/O error naming the file, instead of killing the
   * process before it can restore the previous outputs. */
  signal(SIGXFSZ, SIG_IGN);
  if ((status = pm_ranks_init(&argc, &argv))) {
    fprintf(stderr, "plankmap: %s\n", pm_error_message());
    return status;
  }
  if (argc < 2) {
    fprintf(stderr, "plankmap: missing command\nsee 'plankmap --help'\n");
    return finish(PM_EUSAGE);
  }
  if (strcmp(argv[1], "--version") == 0) {
    version();
    return finish(PM_SUCCESS);
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return finish(PM_SUCCESS);
  }
  for (i = 0; i < N_COMMANDS; i++)
    if (strcmp(argv[1], commands[i].name) == 0)
      return finish(run_command(&commands[i], argc - 1, argv + 1));
  fprintf(stderr, "plankmap: unknown command '%s'\nsee 'plankmap --help'\n",
          argv[1]);
  return finish(PM_EUSAGE);
}
