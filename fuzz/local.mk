# fuzz/: a fuzz target per parser (pm_fuzz.h).  `make check` replays the
# committed corpora (fuzz/corpus/NAME) through each target built as a plain
# program; `make fuzz FUZZ_SECONDS=N` builds the targets with clang's
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer in
# fuzz-build/ and runs each for N seconds (fuzz/run.sh).
FUZZ_TARGETS = carbon confusion ecopart_detailed ecopart_raw ecotaxa field formula \
  model_file published scenario table_long table_wide traps uvp5_dataset
FUZZ_SECONDS = 60
check_PROGRAMS += \
  fuzz/replay_carbon \
  fuzz/replay_confusion \
  fuzz/replay_ecopart_detailed \
  fuzz/replay_ecopart_raw \
  fuzz/replay_ecotaxa \
  fuzz/replay_field \
  fuzz/replay_formula \
  fuzz/replay_model_file \
  fuzz/replay_published \
  fuzz/replay_scenario \
  fuzz/replay_table_long \
  fuzz/replay_table_wide \
  fuzz/replay_traps \
  fuzz/replay_uvp5_dataset
fuzz_replay_carbon_SOURCES = fuzz/fuzz_carbon.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_carbon_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_confusion_SOURCES = fuzz/fuzz_confusion.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_confusion_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_ecopart_detailed_SOURCES = fuzz/fuzz_ecopart_detailed.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_ecopart_detailed_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_ecopart_raw_SOURCES = fuzz/fuzz_ecopart_raw.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_ecopart_raw_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_ecotaxa_SOURCES = fuzz/fuzz_ecotaxa.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_ecotaxa_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_field_SOURCES = fuzz/fuzz_field.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_field_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_formula_SOURCES = fuzz/fuzz_formula.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_formula_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_model_file_SOURCES = fuzz/fuzz_model_file.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_model_file_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_published_SOURCES = fuzz/fuzz_published.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_published_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_scenario_SOURCES = fuzz/fuzz_scenario.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_scenario_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_table_long_SOURCES = fuzz/fuzz_table_long.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_table_long_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_table_wide_SOURCES = fuzz/fuzz_table_wide.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_table_wide_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_traps_SOURCES = fuzz/fuzz_traps.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_traps_LDADD = libplankmap.la $(PM_DEPS_LIBS)
fuzz_replay_uvp5_dataset_SOURCES = fuzz/fuzz_uvp5_dataset.c fuzz/fuzz_util.c fuzz/fuzz_read.c fuzz/replay.c
fuzz_replay_uvp5_dataset_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += fuzz/pm_fuzz.h fuzz/run.sh fuzz/README.md fuzz/lsan.supp \
  fuzz/seeds/field_climatology.cdl fuzz/seeds/field_2d.cdl
FUZZ_CORPUS = \
  fuzz/corpus/carbon/override \
  fuzz/corpus/confusion/three \
  fuzz/corpus/confusion/singular \
  fuzz/corpus/confusion/slow-em-024fe0956199 \
  fuzz/corpus/confusion/slow-em-45c3fba30135 \
  fuzz/corpus/confusion/slow-em-bdf4b2e3aaa0 \
  fuzz/corpus/ecopart_detailed/EqPac \
  fuzz/corpus/ecopart_detailed/HOTALOHA \
  fuzz/corpus/ecopart_detailed/bats361_ctd12 \
  fuzz/corpus/ecopart_detailed/bats361_ctd14 \
  fuzz/corpus/ecopart_raw/bats361_ctd12 \
  fuzz/corpus/ecotaxa/bats361 \
  fuzz/corpus/ecotaxa/bats361_volumes \
  fuzz/corpus/ecotaxa/net \
  fuzz/corpus/ecotaxa/net_gzip \
  fuzz/corpus/field/climatology \
  fuzz/corpus/field/packed \
  fuzz/corpus/formula/arith \
  fuzz/corpus/formula/bases \
  fuzz/corpus/formula/full \
  fuzz/corpus/model_file/poisson_cr_factor \
  fuzz/corpus/published/head \
  fuzz/corpus/scenario/demo \
  fuzz/corpus/scenario/example_full \
  fuzz/corpus/scenario/validate \
  fuzz/corpus/table_long/quoted \
  fuzz/corpus/table_long/small \
  fuzz/corpus/table_wide/quoted \
  fuzz/corpus/table_wide/small \
  fuzz/corpus/traps/head \
  fuzz/corpus/uvp5_dataset/small
EXTRA_DIST += $(FUZZ_CORPUS)
TESTS += tests/fuzz_replay.sh
EXTRA_DIST += tests/fuzz_replay.sh

fuzz:
	$(SHELL) $(top_srcdir)/fuzz/run.sh '$(abs_top_srcdir)' \
	  '$(abs_top_builddir)/fuzz-build' '$(FUZZ_SECONDS)' $(FUZZ_TARGETS)
.PHONY: fuzz
