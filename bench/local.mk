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
EXTRA_DIST += bench/README.md bench/fit.sh

# Object counts to run; the file is written under $TMPDIR and deleted.
BENCH_OBJECTS = 1000000 10000000

bench: bench/gen_ecotaxa$(EXEEXT) bench/bench_ingest$(EXEEXT) plankmap$(EXEEXT) \
  bench/bench_predict$(EXEEXT)
	@for n in $(BENCH_OBJECTS); do \
	  f="$${TMPDIR:-/tmp}/plankmap-bench-$$$$-$$n.tsv"; \
	  echo "bench: writing $$n objects to $$f"; \
	  bench/gen_ecotaxa $$n "$$f" && bench/bench_ingest "$$f" "$$f.nc"; s=$$?; \
	  rm -f "$$f" "$$f.nc"; test $$s = 0 || exit $$s; \
	done
	@$(BENCH_FIT)
	@$(BENCH_PREDICT)

# The fitting benchmark alone; it keeps its tables and the R figures in
# $BENCH_DIR (default /tmp/plankmap-bench).  Options: BENCH_LARGE=1 (also
# 10 million rows), BENCH_SKIP_R=1 (reuse the R figures), SHARED=folder.
BENCH_FIT = top_srcdir='$(top_srcdir)' PLANKMAP=./plankmap$(EXEEXT) $(SHELL) $(srcdir)/bench/fit.sh
bench-fit: plankmap$(EXEEXT)
	@$(BENCH_FIT)
.PHONY: bench bench-fit bench-predict
