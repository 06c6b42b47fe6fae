# predict/: posterior draws and bootstrap refits, block prediction of maps
# with intervals, quantiles, totals, extrapolation flags.
libplankmap_la_SOURCES += predict/mapper_internal.h predict/mapper.c \
  predict/draws.c predict/totals.c predict/map_quantile.c \
  predict/quantile_weighted.c predict/map_flags.c predict/map_normals.c \
  predict/bootstrap.c predict/engine_internal.h predict/engine.c \
  predict/engine_covariates.c \
  predict/engine_gam_internal.h predict/engine_gam.c predict/engine_gam_fit.c \
  predict/engine_expr.c \
  predict/engine_xgb_internal.h predict/engine_xgb.c predict/engine_xgb_call.c \
  predict/engine_xgb_data.c predict/engine_xgb_fit.c predict/engine_xgb_file.c \
  predict/engine_xgb_read.c predict/engine_xgb_print.c \
  predict/engine_xgb_stop.c predict/engine_xgb_tune.c predict/engine_xgb_fold.c \
  predict/engine_xgb_importance.c predict/engine_xgb_partial.c
# the area of applicability and its nearest-neighbour search
libplankmap_la_SOURCES += predict/pm_kdtree.h predict/kdtree.c \
  predict/aoa_internal.h predict/aoa.c predict/aoa_file.c
pkginclude_HEADERS += predict/pm_mapper.h predict/pm_engine.h
pkginclude_HEADERS += predict/pm_aoa.h
