# predict/: posterior draws and bootstrap refits, block prediction of maps
# with intervals, quantiles, totals, extrapolation flags.
libplankmap_la_SOURCES += predict/mapper_internal.h predict/mapper.c \
  predict/draws.c predict/totals.c predict/map_quantile.c \
  predict/quantile_weighted.c predict/map_flags.c predict/map_normals.c \
  predict/bootstrap.c predict/engine_internal.h predict/engine.c \
  predict/engine_gam_internal.h predict/engine_gam.c predict/engine_gam_fit.c
pkginclude_HEADERS += predict/pm_mapper.h predict/pm_engine.h
