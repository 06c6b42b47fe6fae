# plot/: publication figures (maps, sections, x-y panels) with PLplot and
# PROJ, and the coastline they draw.
libplankmap_la_SOURCES += plot/plot_internal.h plot/figure.c plot/cmap.c \
  plot/cmap_data.c plot/scale.c plot/colorbar.c plot/axes.c plot/project.c \
  plot/coast.c plot/ncslice.c plot/slice_scale.c plot/map.c \
  plot/map_layout.c plot/section.c plot/cmap_internal.h \
  plot/range.c plot/map_marks.c plot/bar_label.c plot/text_size.c \
  plot/section_layout.c plot/veil.c
pkginclude_HEADERS += plot/pm_plot.h
# GSHHG crude coastline (LGPL-3), found like the validation tables
pkgdata_DATA += plot/gshhg_world_c.csv
EXTRA_DIST += plot/gshhg_world_c.csv

# partial effects, profiles and validation charts
libplankmap_la_SOURCES += plot/partial_plot.c plot/profile_data.c \
  plot/profile_plot.c plot/validation_data.c plot/validation_plot.c
pkginclude_HEADERS += plot/pm_plot_charts.h
# (end partial effects, profiles and validation charts)
