/* fuzz_published.c: the table of published estimates (validation).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_fuzz.h"
#include "pm_validation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pm_published *p = NULL;
  if (pm_published_read(&p, pm_fuzz_file("published.tsv", data, size)) == 0)
    pm_published_free(p);
  pm_error_clear();
  return 0;
}
