# ncio/: CF NetCDF writers (observations, maps), provenance attributes,
# summaries of plankmap's files, and the NetCDF error helpers.
libplankmap_la_SOURCES += ncio/ncwrite.c ncio/ncmeta.c ncio/ncinfo.c \
  ncio/ncmaps.c ncio/nccorrection.c
pkginclude_HEADERS += ncio/pm_nc.h ncio/pm_ncwrite.h ncio/pm_ncmaps.h
