/* test_datadir.c: data files found in $PLANKMAP_DATADIR's folders, in
 * order, then in the package's data folder.
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
  find("/nowhere:/elsewhere", "published.tsv", "/nowhere/published.tsv",
       "found nowhere: the path in the first folder, for the error");
  return pm_test_done();
}
