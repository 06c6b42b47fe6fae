# science/: particle size spectra, flux estimators and attenuation, process
# rates (respiration, carbon demand, silica) and their gridded totals.
libplankmap_la_SOURCES += science/flux_internal.h science/flux_spectrum.c \
  science/flux_estimate.c science/flux_powerlaw.c science/flux_attenuation.c \
  science/rates_respiration.c science/rates_silica.c \
  science/rates_integral.c science/rates_grid.c
pkginclude_HEADERS += science/pm_flux.h science/pm_rates.h
