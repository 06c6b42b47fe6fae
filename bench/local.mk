# bench/: the ingest benchmark (`make bench`); built only by `make bench`.
EXTRA_PROGRAMS = bench/gen_ecotaxa bench/bench_ingest
bench_gen_ecotaxa_SOURCES = bench/gen_ecotaxa.c
bench_bench_ingest_SOURCES = bench/bench_ingest.c
bench_bench_ingest_LDADD = libplankmap.la
CLEANFILES += bench/gen_ecotaxa$(EXEEXT) bench/bench_ingest$(EXEEXT)
EXTRA_DIST += bench/README.md

# Object counts to run; the file is written under $TMPDIR and deleted.
BENCH_OBJECTS = 1000000 10000000

bench: bench/gen_ecotaxa$(EXEEXT) bench/bench_ingest$(EXEEXT)
	@for n in $(BENCH_OBJECTS); do \
	  f="$${TMPDIR:-/tmp}/plankmap-bench-$$$$-$$n.tsv"; \
	  echo "bench: writing $$n objects to $$f"; \
	  bench/gen_ecotaxa $$n "$$f" && bench/bench_ingest "$$f" "$$f.nc"; s=$$?; \
	  rm -f "$$f" "$$f.nc"; test $$s = 0 || exit $$s; \
	done
.PHONY: bench
