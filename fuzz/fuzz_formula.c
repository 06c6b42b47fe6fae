/* fuzz_formula.c: the model formula parser (mgcv's syntax).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_formula.h"
#include "pm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pm_formula *f = NULL;
  const char *text = pm_fuzz_text(data, size);
  if (text && pm_formula_parse(&f, text) == 0) pm_formula_free(f);
  pm_error_clear();
  return 0;
}
