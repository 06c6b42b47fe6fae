# model/: the statistical core: formulas, data frames, designs, smooth
# bases, families, GLM/GAM fitting with REML, prediction of the linear
# predictor, tests of smooth terms, cross-validation, partial effects and
# the model file.
libplankmap_la_SOURCES += model/formula_internal.h model/formula_parse.c \
  model/formula.c model/expr.c model/frame.c model/frame_internal.h \
  model/frame_memory.c model/design_internal.h model/design.c \
  model/design_restore.c model/design_discrete.c model/matrix_rows.c \
  model/obs_frame.c model/xd.h model/xd.c model/matrix_ops.c
libplankmap_la_SOURCES += model/smooth_internal.h model/smooth.c \
  model/basis.c model/basis_cr.c model/basis_cc.c model/basis_ps.c \
  model/basis_re.c model/basis_te.c model/basis_util.c model/basis_tp.c \
  model/tp_kernel.c model/basis_sos.c model/sos_kernel.c
libplankmap_la_SOURCES += model/family.c model/family_parse.c model/link.c model/tweedie.c \
  model/negbin.c model/family_zip.c model/family_draw.c \
  model/count_table.h model/count_table.c
libplankmap_la_SOURCES += model/smooth_test.c model/chisq_sum.c
libplankmap_la_SOURCES += model/gam_internal.h model/smoothing_internal.h \
  model/xtwx.c model/chol.c \
  model/penalty.c model/pirls.c model/smoothing.c model/smoothing_criterion.c \
  model/smoothing_hessian.c model/rank.c \
  model/gam_fit.c model/gam_results.c model/predict.c model/zip_theta.c
libplankmap_la_SOURCES += model/model_file.c model/model_file_read.c \
  model/model_file_internal.h
libplankmap_la_SOURCES += model/cv_folds.c model/cv.c
libplankmap_la_SOURCES += model/partial.c model/partial_eval.c
pkginclude_HEADERS += model/pm_formula.h model/pm_frame.h model/pm_design.h \
  model/pm_smooth.h model/pm_family.h model/pm_gam.h model/pm_smooth_test.h \
  model/pm_model_file.h model/pm_obs_frame.h model/pm_cv.h model/pm_partial.h \
  model/pm_family_draw.h
