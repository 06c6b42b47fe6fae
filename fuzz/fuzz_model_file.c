/* fuzz_model_file.c: the model file reader (NetCDF), through the engine
 * that wrote the file.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_engine.h"
#include "pm_error.h"
#include "pm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pm_engine *e = NULL;
  if (pm_engine_read(&e, pm_fuzz_file("model.nc", data, size)) == 0)
    pm_engine_free(e);
  pm_error_clear();
  return 0;
}
