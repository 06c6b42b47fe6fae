/* pm_test_scenario.h: scenario files written by the test programs.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_TEST_SCENARIO_H
#define PM_TEST_SCENARIO_H

#include "pm_error.h"
#include "pm_scenario.h"
#include "pm_test.h"

#include <stdio.h>

/* `text` written as <dir>/<name> and loaded; NULL (the message printed as
 * a TAP comment) when it does not load. */
static inline pm_scenario *pm_test_load(const char *dir, const char *name,
                                        const char *text)
{
  pm_scenario *sc = NULL;
  if (pm_scenario_load(&sc, pm_test_write_file(dir, name, text)) !=
      PM_SUCCESS)
    printf("# %s: %s\n", name, pm_error_message());
  return sc;
}

/* Loading `text` (as <dir>/<name>) fails with status `want`, a message
 * holding `fragment`, and no scenario. */
static inline void pm_test_load_fails_with(const char *dir, const char *name,
                                           const char *text, int want,
                                           const char *fragment)
{
  pm_scenario *sc = NULL;
  int status = pm_scenario_load(&sc, pm_test_write_file(dir, name, text));

  pm_test_error(status, want, pm_error_message(), fragment, "%s", name);
  pm_test_ok(sc == NULL, "%s: no scenario on error", name);
  pm_scenario_free(sc);
}

/* The same for bad contents (PM_EINPUT). */
static inline void pm_test_load_fails(const char *dir, const char *name,
                                      const char *text, const char *fragment)
{
  pm_test_load_fails_with(dir, name, text, PM_EINPUT, fragment);
}

#endif
