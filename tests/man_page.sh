#!/bin/sh
# man_page.sh: doc/plankmap.1 documents every command's options: each option
# that `plankmap COMMAND --help` prints appears in the command's section of
# the manual page, and each option there is one that --help prints.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

MAN="$top_srcdir/doc/plankmap.1"

# options: the options (--name, -o) a text names, one a line, sorted; not
# the words with a slash ("-dF/dz").
options() {
  tr -s ' \t[(|,' '\n' | grep -v / |
    sed -n 's/^\(--*[A-Za-z][A-Za-z0-9-]*\).*/\1/p' | sort -u
}

# section COMMAND: the text of the manual page's section on COMMAND, with
# roff's escapes for hyphens and fonts undone.
section() {
  awk -v want=".SS \"plankmap $1\"" '
    $0 == want { on = 1; next } on && /^\.S[SH]/ { on = 0 } on' "$MAN" |
    sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\e/\\/g'
}

ok "the manual page exists" test -s "$MAN"
for c in run grid check simulate info fit summary predict flux validate "plot map" \
  "plot section" "plot partial" "plot profile" "plot validation"; do
  # shellcheck disable=SC2086 # "plot map" is two words
  "$PLANKMAP" $c --help | options >"$WORK/help.opts"
  section "$c" | options >"$WORK/man.opts"
  if [ -s "$WORK/help.opts" ] && cmp -s "$WORK/help.opts" "$WORK/man.opts"; then
    tap_report 0 "plankmap $c: --help and the manual page name the same options"
  else
    tap_report 1 "plankmap $c: --help and the manual page name the same options"
    diff "$WORK/help.opts" "$WORK/man.opts" | sed -n 's/^</# only in --help:/p; s/^>/# only in the manual page:/p'
  fi
done
"$PLANKMAP" --help | options >"$WORK/help.opts"
awk '/^\.SH/ { on = ($0 == ".SH OPTIONS") ; next } on' "$MAN" |
  sed 's/\\-/-/g; s/\\f[BIRP]//g' | options >"$WORK/man.opts"
ok "plankmap --help and the OPTIONS section name the same options" cmp "$WORK/help.opts" "$WORK/man.opts"
done_testing
