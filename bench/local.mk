# bench/: the ingest and fitting benchmarks (`make bench`); built only by `make bench`.
EXTRA_PROGRAMS = bench/gen_ecotaxa bench/bench_ingest
bench_gen_ecotaxa_SOURCES = bench/gen_ecotaxa.c
bench_bench_ingest_SOURCES = bench/bench_ingest.c
bench_bench_ingest_LDADD = libplankmap.la
CLEANFILES += bench/gen_ecotaxa$(EXEEXT) bench/bench_ingest$(EXEEXT)

# prediction maps: one core (OPENBLAS_NUM_THREADS=1), 36 million cells
EXTRA_PROGRAMS += bench/bench_predict
bench_bench_predict_SOURCES = bench/bench_predict.c
bench_bench_predict_LDADD = libplankmap.la $(PM_DEPS_LIBS)
CLEANFILES += bench/bench_predict$(EXEEXT)
BENCH_PREDICT = OPENBLAS_NUM_THREADS=1 bench/bench_predict$(EXEEXT)
bench-predict: bench/bench_predict$(EXEEXT)
	@$(BENCH_PREDICT)
# (end prediction maps)

# biomass and process rates: carbon lookups and respiration, one core
EXTRA_PROGRAMS += bench/bench_rates
bench_bench_rates_SOURCES = bench/bench_rates.c
bench_bench_rates_LDADD = libplankmap.la $(PM_DEPS_LIBS)
CLEANFILES += bench/bench_rates$(EXEEXT)
bench-rates: bench/bench_rates$(EXEEXT)
	@bench/bench_rates$(EXEEXT)
# (end biomass and process rates)
EXTRA_DIST += bench/README.md bench/fit.sh bench/smooths.sh bench/bench_util.h

# flux: 1e6 samples x 40 size classes built in memory
EXTRA_PROGRAMS += bench/bench_flux
bench_bench_flux_SOURCES = bench/bench_flux.c
bench_bench_flux_LDADD = libplankmap.la $(PM_DEPS_LIBS)
CLEANFILES += bench/bench_flux$(EXEEXT)
BENCH_FLUX = bench/bench_flux$(EXEEXT)
bench-flux: bench/bench_flux$(EXEEXT)
	@$(BENCH_FLUX)
# (end flux)

# validation: the tables, a 1-degree map of 20 depths, the traps matched
EXTRA_PROGRAMS += bench/bench_validate
bench_bench_validate_SOURCES = bench/bench_validate.c
bench_bench_validate_LDADD = libplankmap.la $(PM_DEPS_LIBS) -lm
CLEANFILES += bench/bench_validate$(EXEEXT)
BENCH_VALIDATE = top_srcdir='$(top_srcdir)' bench/bench_validate$(EXEEXT)
bench-validate: bench/bench_validate$(EXEEXT)
	@$(BENCH_VALIDATE)
# (end validation)

# figures: a 1-degree map to PNG and PDF, a section; partial effects of
# BENCH_PLOT_MODEL (a model file) when it is set
EXTRA_PROGRAMS += bench/bench_plot
bench_bench_plot_SOURCES = bench/bench_plot.c
bench_bench_plot_LDADD = libplankmap.la $(PM_DEPS_LIBS) -lm
CLEANFILES += bench/bench_plot$(EXEEXT)
BENCH_PLOT = PLANKMAP_DATADIR='$(PM_SRC_DATADIR)' bench/bench_plot$(EXEEXT) $(BENCH_PLOT_MODEL)
bench-plot: bench/bench_plot$(EXEEXT)
	@$(BENCH_PLOT)
# (end figures)

# mixed-layer depth: the Levitus annual climatology, 360 x 180 x 20
EXTRA_PROGRAMS += bench/bench_mld
bench_bench_mld_SOURCES = bench/bench_mld.c
bench_bench_mld_LDADD = libplankmap.la $(PM_DEPS_LIBS) -lm
CLEANFILES += bench/bench_mld$(EXEEXT)
bench-mld: bench/bench_mld$(EXEEXT)
	@bench/bench_mld$(EXEEXT)
.PHONY: bench-mld
# (end mixed-layer depth)

# boosted trees: a 100-member ensemble against the xgboost program, and
# its prediction of a 1-degree grid; BENCH_XGB_ROWS rows each, with
# BENCH_XGB_ROUNDS rounds (the first for the first row count, the second
# for the second) and XGBoost's tree method BENCH_XGB_METHOD on both sides;
# the OpenMP threads of both sides sleep while they wait
# (OMP_WAIT_POLICY=passive): with libgomp's default spinning, a thread
# whose partner is descheduled burns its core, and either side's time then
# depends on what else runs on the machine (bench/README.md)
EXTRA_PROGRAMS += bench/bench_xgb
bench_bench_xgb_SOURCES = bench/bench_xgb.c
bench_bench_xgb_LDADD = libplankmap.la $(PM_DEPS_LIBS) -lm
CLEANFILES += bench/bench_xgb$(EXEEXT)
BENCH_XGB_ROWS = 100000 1000000
BENCH_XGB_ROUNDS = 300 50
BENCH_XGB_METHOD = hist
BENCH_XGB = set -- $(BENCH_XGB_ROUNDS); for n in $(BENCH_XGB_ROWS); do \
  OMP_WAIT_POLICY=passive bench/bench_xgb$(EXEEXT) $$n 100 $$1 \
    $(BENCH_XGB_METHOD) || exit 1; \
  if [ $$\# -gt 1 ]; then shift; fi; done
bench-xgb: bench/bench_xgb$(EXEEXT)
	@$(BENCH_XGB)
.PHONY: bench-xgb
# (end boosted trees)

# area of applicability: the dissimilarity index of the 1-degree grid at 40
# layers from 100 000 training rows, against R's FNN (skipped without it)
EXTRA_PROGRAMS += bench/bench_aoa
bench_bench_aoa_SOURCES = bench/bench_aoa.c
bench_bench_aoa_LDADD = libplankmap.la $(PM_DEPS_LIBS) -lm
CLEANFILES += bench/bench_aoa$(EXEEXT)
EXTRA_DIST += bench/aoa_fnn.R
BENCH_AOA_TRAIN = 100000
BENCH_AOA_LAYERS = 40
BENCH_AOA = f="$${TMPDIR:-/tmp}/plankmap-bench-aoa-$$$$.txt"; \
  bench/bench_aoa$(EXEEXT) $(BENCH_AOA_TRAIN) $(BENCH_AOA_LAYERS) "$$f" && \
  if ! command -v Rscript >/dev/null 2>&1; then \
    echo "bench-aoa: no Rscript, FNN not run"; \
  elif ! Rscript -e 'quit(status = !requireNamespace("FNN", quietly = TRUE))'; then \
    echo "bench-aoa: no R package FNN, FNN not run"; \
  else Rscript $(srcdir)/bench/aoa_fnn.R "$$f" $(BENCH_AOA_R_LAYERS); fi; \
  s=$$?; rm -f "$$f"; exit $$s
bench-aoa: bench/bench_aoa$(EXEEXT)
	@$(BENCH_AOA)
.PHONY: bench-aoa
# (end area of applicability)

# recovery of a known truth: the full virtual survey of demo_virtual.cfg
EXTRA_DIST += bench/recovery.sh
BENCH_RECOVERY = PLANKMAP_DATADIR='$(PM_SRC_DATADIR)' \
  sh $(srcdir)/bench/recovery.sh $(abs_builddir)/plankmap$(EXEEXT) $(abs_top_srcdir)
bench-recovery: plankmap$(EXEEXT)
	@$(BENCH_RECOVERY)
	@$(BENCH_MPI)
.PHONY: bench-recovery
# (end recovery)

# a classified virtual survey: the coverage of the corrected totals of
# demo_virtual_classifier.cfg over BENCH_SEEDS seeds, and the naive bias
EXTRA_DIST += bench/classifier.sh
BENCH_CLASSIFIER = PLANKMAP_DATADIR='$(PM_SRC_DATADIR)' \
  sh $(srcdir)/bench/classifier.sh $(abs_builddir)/plankmap$(EXEEXT) $(abs_top_srcdir)
bench-classifier: plankmap$(EXEEXT)
	@$(BENCH_CLASSIFIER)
.PHONY: bench-classifier
# (end classified virtual survey)

# virtual observations: `plankmap simulate` at 25 000 casts x 40 layers
# (1 million samples) against the same job in R (skipped without ncdf4)
EXTRA_DIST += bench/simulate.sh bench/simulate_ref.R
BENCH_SIMULATE = top_srcdir='$(top_srcdir)' PLANKMAP=./plankmap$(EXEEXT) \
  NCDUMP='$(NCDUMP)' $(SHELL) $(srcdir)/bench/simulate.sh
bench-simulate: plankmap$(EXEEXT)
	@$(BENCH_SIMULATE)
.PHONY: bench-simulate
# (end virtual observations)

# the UVP5 data set: `plankmap grid` on BENCH_UVP5 (pairs of casts and
# objects), gzip-compressed, written under $TMPDIR and deleted
EXTRA_DIST += bench/uvp5_dataset.sh
BENCH_UVP5 = 10000 500000 10000 2000000
bench-uvp5: plankmap$(EXEEXT)
	@sh $(srcdir)/bench/uvp5_dataset.sh ./plankmap$(EXEEXT) $(BENCH_UVP5)
.PHONY: bench-uvp5
# (end UVP5 data set)

# MPI: strong scaling of `mpirun -n N plankmap run` with a 100-member
# boosted-tree ensemble, N in BENCH_RANKS (skipped in a build without MPI)
EXTRA_DIST += bench/mpi.sh
BENCH_RANKS = 1 2
BENCH_MPI = PLANKMAP_DATADIR='$(PM_SRC_DATADIR)' \
  NC_SAME=$(abs_builddir)/tests/nc_same$(EXEEXT) \
  sh $(srcdir)/bench/mpi.sh $(abs_builddir)/plankmap$(EXEEXT) \
  $(abs_top_srcdir) $(BENCH_RANKS)
bench-mpi: plankmap$(EXEEXT) tests/nc_same$(EXEEXT)
	@$(BENCH_MPI)
.PHONY: bench-mpi
# (end MPI)

# Object counts to run; the file is written under $TMPDIR and deleted.
BENCH_OBJECTS = 1000000 10000000

bench: bench/gen_ecotaxa$(EXEEXT) bench/bench_ingest$(EXEEXT) plankmap$(EXEEXT) \
  bench/bench_predict$(EXEEXT) bench/bench_rates$(EXEEXT) bench/bench_flux$(EXEEXT) \
  bench/bench_validate$(EXEEXT) bench/bench_plot$(EXEEXT) bench/bench_mld$(EXEEXT) \
  bench/bench_xgb$(EXEEXT) bench/bench_aoa$(EXEEXT) tests/nc_same$(EXEEXT)
	@for n in $(BENCH_OBJECTS); do \
	  f="$${TMPDIR:-/tmp}/plankmap-bench-$$$$-$$n.tsv"; \
	  echo "bench: writing $$n objects to $$f"; \
	  bench/gen_ecotaxa $$n "$$f" && gzip -1 -c "$$f" >"$$f.gz" && \
	  bench/bench_ingest "$$f" "$$f.nc" "$$f.gz"; s=$$?; \
	  rm -f "$$f" "$$f.gz" "$$f.nc"; test $$s = 0 || exit $$s; \
	done
	@$(BENCH_FIT)
	@$(BENCH_SMOOTHS)
	@$(BENCH_PREDICT)
	@$(BENCH_FLUX)
	@$(BENCH_VALIDATE)
	@$(BENCH_PLOT)
	@bench/bench_mld$(EXEEXT)
	@$(BENCH_XGB)
	@$(BENCH_AOA)
	@$(BENCH_SIMULATE)
	@$(BENCH_RECOVERY)

# The fitting benchmark alone; it keeps its tables and the R figures in
# $BENCH_DIR (default /tmp/plankmap-bench).  Options: BENCH_LARGE=1 (also
# 10 million rows), BENCH_SKIP_R=1 (reuse the R figures), SHARED=folder.
BENCH_FIT = top_srcdir='$(top_srcdir)' PLANKMAP=./plankmap$(EXEEXT) $(SHELL) $(srcdir)/bench/fit.sh
bench-fit: plankmap$(EXEEXT)
	@$(BENCH_FIT)

# mgcv's other smooths and families: the reference cases of
# tests/data/model/reference/smooths, plankmap fit against mgcv's gam()
BENCH_SMOOTHS = top_srcdir='$(top_srcdir)' PLANKMAP=./plankmap$(EXEEXT) $(SHELL) $(srcdir)/bench/smooths.sh
bench-smooths: plankmap$(EXEEXT)
	@$(BENCH_SMOOTHS)
.PHONY: bench bench-fit bench-smooths bench-predict bench-flux bench-validate bench-plot
