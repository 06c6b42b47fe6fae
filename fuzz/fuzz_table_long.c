/* fuzz_table_long.c: the table reader in the long layout, on a CSV with the
 * columns of tests/data/table/small_long.csv.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  return pm_fuzz_table(data, size, 1);
}
