# grids/: observation table, readers, filters, grid, binning, CF NetCDF.
libplankmap_la_SOURCES += grids/obs.c grids/filter.c grids/read.c grids/report.c grids/datetime.c
pkginclude_HEADERS += grids/pm_obs.h grids/pm_read.h grids/pm_filter.h grids/pm_grid.h

# EcoPart readers
libplankmap_la_SOURCES += grids/pm_ecopart.h grids/ecopart_meta.c \
  grids/size_class.c grids/read_ecopart_detailed.c grids/read_ecopart_raw.c
# (end EcoPart readers)

# per-object biovolume and carbon
libplankmap_la_SOURCES += grids/pm_object_size.h grids/object_size.c
# (end per-object biovolume and carbon)

# EcoTaxa and generic table readers
libplankmap_la_SOURCES += grids/class_map.c grids/read_ecotaxa.c grids/read_table.c
libplankmap_la_SOURCES += grids/pm_class_map.h
# (end EcoTaxa and generic table readers)

# grid, binning, CF NetCDF
libplankmap_la_SOURCES += grids/grid.c grids/gridtime.c grids/areas.c \
  grids/bin.c grids/ncwrite.c grids/ncmeta.c grids/ncinfo.c \
  grids/grid_internal.h grids/nc_internal.h
pkginclude_HEADERS += grids/pm_bin.h grids/pm_ncwrite.h
# (end grid, binning, CF NetCDF)

# covariate fields
libplankmap_la_SOURCES += grids/field.c grids/field_axes.c \
  grids/field_sample.c grids/field_internal.h
pkginclude_HEADERS += grids/pm_field.h
# (end covariate fields)

# maps writer
libplankmap_la_SOURCES += grids/ncmaps.c
pkginclude_HEADERS += grids/pm_ncmaps.h
# (end maps writer)

# mixed-layer depth (EOS-80 density, de Boyer Montegut et al. 2004)
libplankmap_la_SOURCES += grids/mld.c
pkginclude_HEADERS += grids/pm_mld.h
# (end mixed-layer depth)
