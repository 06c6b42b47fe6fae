# validation/: published estimates as data (with their sources), point
# observations of POC flux, and the comparison of a run with them.
libplankmap_la_SOURCES += validation/validation_internal.h \
  validation/read_util.c validation/published.c \
  validation/traps.c validation/totals.c validation/compare.c \
  validation/maps.c validation/stats.c validation/report.c \
  validation/flux_calib_internal.h validation/flux_calib_data.c \
  validation/flux_calib.c \
  validation/flux_calib_nodes.c validation/flux_calib_match.c
pkginclude_HEADERS += validation/pm_validation.h validation/pm_flux_calib.h
# the installed tables, found by pm_datadir_find (common/pm_datadir.h)
pkgdata_DATA = validation/published.tsv validation/traps.csv
EXTRA_DIST += validation/published.tsv validation/traps.csv \
  validation/PROVENANCE.md
