# scenario/: the scenario file (libconfig): schema, validation, loading.
# (scenario sources)
libplankmap_la_SOURCES += scenario/schema.h scenario/schema.c scenario/schema_model.c \
  scenario/schema_engine.c \
  scenario/schema_flux.c scenario/load_flux.c scenario/schema_spectrum.c \
  scenario/schema_biomass.c scenario/load_biomass.c \
  scenario/validate.c scenario/paths.h scenario/paths.c \
  scenario/load_internal.h scenario/load_settings.c scenario/load.c \
  scenario/load_data.c scenario/load_models.c \
  scenario/check.c scenario/digest.c
pkginclude_HEADERS += scenario/pm_scenario.h

# rates in the pipeline: the `rates` section
libplankmap_la_SOURCES += scenario/schema_rates.c scenario/load_rates.c
# (end rates in the pipeline)
# figures in the pipeline: the `figures` group
libplankmap_la_SOURCES += scenario/schema_figures.c scenario/load_figures.c
# (end figures in the pipeline)
# virtual observations: the `simulate` and `recovery` groups
libplankmap_la_SOURCES += scenario/schema_simulate.c scenario/load_simulate.c
# (end virtual observations)
