#!/bin/sh
# fuzz_replay.sh: every fuzz target replays its committed corpus
# (fuzz/corpus/NAME: the seeds made from real files, and each input a
# fuzzer found to crash a parser, kept once fixed) without crashing.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

for dir in "$top_srcdir"/fuzz/corpus/*/; do
  name=$(basename "$dir")
  n=$(ls "$dir" | wc -l)
  ok "$name: the $n inputs of its corpus" \
    "$top_builddir/fuzz/replay_$name" "$dir"
  holds "$name: each input replayed" "$WORK/out" "$n inputs replayed"
done
done_testing
