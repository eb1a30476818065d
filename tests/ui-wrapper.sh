#!/bin/sh
# Runs a UI test in its own X server and session bus (the bus inside the
# display, so the portal and a11y processes find it), with a fresh home.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_STATE_HOME="$tmp/state"
export GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=${NO_AT_BRIDGE:-1}
# The bus's helpers (the a11y registry) inherit the bus's standard output and
# chatter there; keep that off the test's own output, which is TAP.
exec 3>&1
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  dbus-run-session -- sh -c 'exec "$@" 1>&3 3>&-' sh "$@" >&2 && status=0 || status=$?
exit $status
