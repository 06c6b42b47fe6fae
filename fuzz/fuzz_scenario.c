/* fuzz_scenario.c: the scenario file (libconfig) and its validation.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_fuzz.h"
#include "pm_scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pm_scenario *sc = NULL;
  if (pm_scenario_load(&sc, pm_fuzz_file("scenario.cfg", data, size)) == 0)
    pm_scenario_free(sc);
  pm_error_clear();
  return 0;
}
