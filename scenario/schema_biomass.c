/* schema_biomass.c: the settings of the `biomass` section: the carbon
 * conversion of the objects' classes, for biomass responses.
 *
 * configs/example_full.cfg documents every setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "schema.h"

#define N(table) (sizeof table / sizeof table[0])

static const pm_schema_setting biomass_settings[] = {
    {"carbon_table", PM_SCHEMA_STRING, PM_SCHEMA_ALL, 0, 0, 0, 0, NULL, NULL,
     "TSV file of carbon conversion rows (header: key form a b source) "
     "added to the defaults, a row with a default's key replacing it; "
     "relative to the input folder (input_dir)"},
};

const pm_schema_section pm_schema_biomass = {
    biomass_settings, N(biomass_settings), NULL, NULL};
