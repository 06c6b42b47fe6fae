/* fuzz_carbon.c: the carbon table (key, form, a, b, source).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_carbon.h"
#include "pm_error.h"
#include "pm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pm_carbon_table *t = pm_carbon_table_alloc();
  if (!t) return 0;
  pm_carbon_table_read(t, pm_fuzz_file("carbon.tsv", data, size));
  pm_carbon_table_free(t);
  pm_error_clear();
  return 0;
}
