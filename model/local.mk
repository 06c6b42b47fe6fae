# model/: formulas, designs, bases, families, GLM/GAM fitting, prediction,
# tests of smooth terms and the model file.
pkginclude_HEADERS += model/pm_formula.h model/pm_frame.h model/pm_design.h \
  model/pm_smooth.h model/pm_family.h model/pm_gam.h model/pm_smooth_test.h

# formulas, data tables, designs
libplankmap_la_SOURCES += model/formula_internal.h model/formula_parse.c \
  model/formula.c model/expr.c model/frame.c model/design_internal.h \
  model/design.c model/design_restore.c
# (end formulas, data tables, designs)

# smooth bases
libplankmap_la_SOURCES += model/smooth_internal.h model/smooth.c \
  model/basis_cr.c model/basis_cc.c model/basis_ps.c model/basis_re.c \
  model/basis_te.c
# (end smooth bases)

# families
libplankmap_la_SOURCES += model/family.c model/link.c model/tweedie.c \
  model/negbin.c
# (end families)

# smooth tests
libplankmap_la_SOURCES += model/smooth_test.c model/chisq_sum.c
# (end smooth tests)

# fitting
libplankmap_la_SOURCES += model/gam_internal.h model/xtwx.c model/chol.c \
  model/penalty.c model/pirls.c model/smoothing.c model/rank.c \
  model/gam_fit.c model/gam_results.c model/predict.c
# (end fitting)

# model file
libplankmap_la_SOURCES += model/model_file.c model/model_file_read.c \
  model/model_file_internal.h
pkginclude_HEADERS += model/pm_model_file.h
# (end model file)

# observation frames
libplankmap_la_SOURCES += model/obs_frame.c
pkginclude_HEADERS += model/pm_obs_frame.h
# (end observation frames)

# cross-validation
libplankmap_la_SOURCES += model/cv_folds.c model/cv.c
pkginclude_HEADERS += model/pm_cv.h
# (end cross-validation)

# prediction maps
libplankmap_la_SOURCES += model/mapper_internal.h \
  model/mapper.c model/draws.c model/totals.c model/map_quantile.c model/quantile_weighted.c \
  model/map_flags.c model/map_normals.c model/frame_internal.h \
  model/frame_memory.c
pkginclude_HEADERS += model/pm_mapper.h
# (end prediction maps)

# bootstrap
libplankmap_la_SOURCES += model/matrix_rows.c model/bootstrap.c
# (end bootstrap)

# biomass and process rates
libplankmap_la_SOURCES += model/rates_biovolume.c model/rates_carbon.c \
  model/rates_carbon_read.c model/rates_carbon_defaults.c \
  model/rates_respiration.c model/rates_silica.c model/rates_integral.c
pkginclude_HEADERS += model/pm_rates.h
# (end biomass and process rates)

# rates in the pipeline: gridded rates with intervals from the draws
libplankmap_la_SOURCES += model/rates_grid.c
# (end rates in the pipeline)

# flux (spectra, estimators, attenuation)
libplankmap_la_SOURCES += model/flux_internal.h model/flux_spectrum.c \
  model/flux_estimate.c model/flux_attenuation.c
pkginclude_HEADERS += model/pm_flux.h
# (end flux)

# partial effects
libplankmap_la_SOURCES += model/partial.c model/partial_eval.c
pkginclude_HEADERS += model/pm_partial.h
# (end partial effects)
