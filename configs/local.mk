# configs/: scenario files; demo.cfg documents every setting of the
# observations, filters and grid, example_full.cfg those of the covariates,
# relief, models, prediction and scenarios.
EXTRA_DIST += configs/demo.cfg configs/example_full.cfg configs/demo_xgboost.cfg \
  configs/demo_spectrum.cfg configs/demo_virtual.cfg \
  configs/demo_virtual_classifier.cfg configs/classifier/rare_common.tsv
