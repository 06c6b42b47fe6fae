# tap.sh: Test Anything Protocol helpers for the shell tests of the command
# line.  Source it; call ok/fails_with/...; end with `done_testing`.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
tap_n=0
tap_failed=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/plankmap-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DATA="$top_srcdir/data"
TDATA="$top_srcdir/tests/data"

tap_report() { # ok(0/1) description
  tap_n=$((tap_n + 1))
  if [ "$1" = 0 ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; tap_failed=$((tap_failed + 1)); fi
}

# ok DESCRIPTION COMMAND...: the command succeeds.
ok() {
  d=$1; shift
  if "$@" >"$WORK/out" 2>"$WORK/err"; then tap_report 0 "$d"; else
    tap_report 1 "$d"; echo "# exit $?: $*"; sed 's/^/# /' "$WORK/err" | head -20; fi
}

# fails_with DESCRIPTION STATUS FRAGMENT COMMAND...: the command exits with
# STATUS and its standard error holds FRAGMENT.
fails_with() {
  d=$1; want=$2; frag=$3; shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"; got=$?
  if [ "$got" = "$want" ] && grep -qF -- "$frag" "$WORK/err"; then tap_report 0 "$d"; else
    tap_report 1 "$d"; echo "# exit $got (expected $want): $*"; echo "# expected stderr to hold: $frag"
    sed 's/^/# stderr: /' "$WORK/err" | head -20; fi
}

# holds DESCRIPTION FILE FRAGMENT: FILE holds the fixed string FRAGMENT.
holds() {
  if grep -qF -- "$3" "$2"; then tap_report 0 "$1"; else
    tap_report 1 "$1"; echo "# $2 does not hold: $3"; fi
}

# absent DESCRIPTION PATH: PATH does not exist.
absent() {
  if [ ! -e "$2" ]; then tap_report 0 "$1"; else tap_report 1 "$1"; echo "# $2 exists"; fi
}

done_testing() {
  echo "1..$tap_n"
  [ "$tap_failed" = 0 ]
}
