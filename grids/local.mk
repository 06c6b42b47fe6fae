# grids/: grid definitions (axes, bounds, cell areas on the WGS84
# ellipsoid, time steps) and the binning of samples into concentrations.
libplankmap_la_SOURCES += grids/grid.c grids/gridtime.c grids/areas.c \
  grids/bin.c grids/grid_internal.h
pkginclude_HEADERS += grids/pm_grid.h grids/pm_bin.h
