/* fuzz_traps.c: the table of sediment-trap fluxes (validation).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_fuzz.h"
#include "pm_validation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pm_traps *t = NULL;
  if (pm_traps_read(&t, pm_fuzz_file("traps.csv", data, size)) == 0)
    pm_traps_free(t);
  pm_error_clear();
  return 0;
}
