#!/bin/sh
# run.sh: `make fuzz`: build the fuzz targets with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, then run each for a
# while on a copy of its corpus.
#
#   fuzz/run.sh SRCDIR BUILDDIR SECONDS TARGET...
#   FUZZ_RUNS=N fuzz/run.sh SRCDIR BUILDDIR 0 TARGET...   (N inputs each)
#
# The library is configured in BUILDDIR (CC=clang, the sanitizers, and
# -fsanitize=fuzzer-no-link so that libFuzzer sees its branches) and each
# target linked with -fsanitize=fuzzer.  Each runs SECONDS seconds on
# BUILDDIR/corpus/TARGET (the committed corpus copied in, and what the
# fuzzer adds); a crash leaves its input in BUILDDIR/crashes/, and so does
# an input that takes over 10 s.  Prints a table of executions, crashes and
# slow inputs per target; exits 1 when a target
# crashed, 77 (skipped) when clang or libFuzzer is missing.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
set -u
if [ $# -lt 4 ]; then
  echo "usage: $0 SRCDIR BUILDDIR SECONDS TARGET..." >&2
  exit 2
fi
src=$1 build=$2 seconds=$3
shift 3
cc=${FUZZ_CC:-clang}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

if ! command -v "$cc" >/dev/null 2>&1 ||
  ! printf 'int LLVMFuzzerTestOneInput(const char*d,unsigned long n){return 0;}\n' |
  "$cc" -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null; then
  echo "fuzz: $cc with libFuzzer not found (Debian: apt-get install clang)" >&2
  exit 77
fi
if [ -f "$src/config.status" ]; then
  echo "fuzz: $src is configured in place, so it cannot host the fuzzing" \
    "build; configure plankmap in a folder of its own and run make fuzz there" >&2
  exit 1
fi
mkdir -p "$build" || exit 1
cd "$build" || exit 1
if [ ! -f Makefile ]; then
  "$src/configure" -q --disable-shared CC="$cc" \
    CFLAGS="-g -O1 $san -fsanitize=fuzzer-no-link" || exit 1
fi
make -s -j"$(nproc 2>/dev/null || echo 2)" libplankmap.la || exit 1
# A variable of the build's Makefile, as make expands it.
makevar() { printf 'pm-var:\n\t@echo $(%s)\n' "$1" | make -s -f Makefile -f - pm-var; }
incs=$(makevar AM_CPPFLAGS) libs=$(makevar PM_DEPS_LIBS) more=$(makevar LIBS)

# FUZZ_RUNS=N: N inputs from seed 1 instead of SECONDS seconds, the same
# inputs on every machine (a smoke test whose outcome does not depend on
# the machine's speed).
if [ -n "${FUZZ_RUNS:-}" ]; then
  limit="-runs=$FUZZ_RUNS -seed=1"
else
  limit="-max_total_time=$seconds"
fi
status=0
printf '%-18s %12s %8s %8s %6s\n' target executions exec/s crashes slow
for t in "$@"; do
  mkdir -p "corpus/$t" crashes
  cp -n "$src/fuzz/corpus/$t"/* "corpus/$t/" 2>/dev/null
  # shellcheck disable=SC2086
  "$cc" -g -O1 $san -fsanitize=fuzzer -I. $incs \
    "$src/fuzz/fuzz_$t.c" "$src/fuzz/fuzz_util.c" "$src/fuzz/fuzz_read.c" .libs/libplankmap.a \
    $libs $more -lm -o "fuzz_$t" || { status=1; continue; }
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$src/fuzz/lsan.supp" \
    "./fuzz_$t" $limit \
    -print_final_stats=1 -artifact_prefix="crashes/$t-" -max_len=65536 \
    "corpus/$t" >"fuzz_$t.log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz_$t.log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "fuzz_$t.log")
  # crash-, leak-, oom- and timeout- inputs fail the target; slow-unit-
  # ones (over 10 s, libFuzzer's -report_slow_units) are counted apart
  crashes=$(ls crashes 2>/dev/null | grep "^$t-" | grep -vc -e "^$t-slow-unit-")
  slow=$(ls crashes 2>/dev/null | grep -c "^$t-slow-unit-")
  printf '%-18s %12s %8s %8s %6s\n' "$t" "${runs:-?}" "${speed:-?}" "$crashes" \
    "$slow"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    status=1
    echo "  $t: see $build/fuzz_$t.log and $build/crashes/" >&2
  fi
done
exit "$status"
