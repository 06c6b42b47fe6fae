/* test_datadir.c: data files found in $PLANKMAP_DATADIR's folders, in
 * order, then in the package's data folder, then in the source tree.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_datadir.h"
#include "pm_error.h"
#include "pm_test.h"

#include <stdlib.h>
#include <string.h>

static void find(const char *list, const char *name, const char *want,
                 const char *what)
{
  char *path = NULL;
  int status;

  setenv("PLANKMAP_DATADIR", list, 1);
  status = pm_datadir_find(name, &path);
  pm_test_ok(status == 0 && path && strcmp(path, want) == 0,
             "%s (got %s)", what, path ? path : "nothing");
  free(path);
}

int main(void)
{
  char v[4200], p[4200], list[8600];

  snprintf(v, sizeof v, "%s", pm_test_path("validation"));
  snprintf(p, sizeof p, "%s", pm_test_path("plot"));
  snprintf(list, sizeof list, "%s:%s", v, p);
  {
    char want[4300];
    snprintf(want, sizeof want, "%s/gshhg_world_c.csv", p);
    find(list, "gshhg_world_c.csv", want,
         "the second folder of the list holds the coastline");
    snprintf(want, sizeof want, "%s/published.tsv", v);
    find(list, "published.tsv", want,
         "the first folder of the list holds the published estimates");
    snprintf(list, sizeof list, "::%s:", p);
    snprintf(want, sizeof want, "%s/gshhg_world_c.csv", p);
    find(list, "gshhg_world_c.csv", want, "empty entries are skipped");
    snprintf(list, sizeof list, "/nowhere:%s:%s", p, v);
    snprintf(want, sizeof want, "%s/traps.csv", v);
    find(list, "traps.csv", want, "folders without the file are passed over");
  }
  {
    char *path = NULL;
    int status;

    unsetenv("PLANKMAP_DATADIR");
    status = pm_datadir_find("published.tsv", &path);
    pm_test_ok(status == 0 && path && strstr(path, "/published.tsv"),
               "without PLANKMAP_DATADIR: found where installed or in the "
               "source tree (%s)", path ? path : pm_error_message());
    free(path);
    path = NULL;
    setenv("PLANKMAP_DATADIR", "/nowhere:/elsewhere", 1);
    status = pm_datadir_find("no_such_table.tsv", &path);
    pm_test_ok(status == PM_EIO && !path &&
                   strstr(pm_error_message(), "no_such_table.tsv") &&
                   strstr(pm_error_message(), "/nowhere:/elsewhere") &&
                   strstr(pm_error_message(), "PLANKMAP_DATADIR"),
               "found nowhere: an I/O error naming the file, the folders "
               "and PLANKMAP_DATADIR (%s)", pm_error_message());
  }
  return pm_test_done();
}
