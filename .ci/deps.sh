#!/bin/sh
# Installs the system packages Lifeline needs to build, run and test.
# Debian 12 (and derivatives): installs what is missing with apt-get, as root
# or through sudo. Elsewhere: prints the package names and stops.
set -eu

# Keep this list in step with README.md and docs/architecture.md.
DEBIAN_PACKAGES="
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libcmark-dev libsecret-1-dev
  desktop-file-utils appstream
  xvfb xauth xdotool dbus-x11 at-spi2-core python3 python3-pyatspi
  curl openssl wrk mythes-en-us libclang-rt-14-dev
"
FEDORA_PACKAGES="
  meson ninja-build pkgconf gcc gettext glib2-devel gtk4-devel libadwaita-devel
  libsoup3-devel json-glib-devel sqlite-devel cmark-devel libsecret-devel
  desktop-file-utils appstream xorg-x11-server-Xvfb xorg-x11-xauth xdotool
  dbus-x11 at-spi2-core python3 python3-pyatspi curl openssl wrk mythes-en
"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "This is not a Debian-like system, so nothing was installed. Install these first:" >&2
  echo "  Debian/Ubuntu: apt-get install" $DEBIAN_PACKAGES >&2
  echo "  Fedora:        dnf install" $FEDORA_PACKAGES >&2
  exit 1
fi

missing=""
for pkg in $DEBIAN_PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $pkg" ;;
  esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "These packages are missing and you are not root (and there is no sudo):" >&2
  echo "  apt-get install$missing" >&2
  exit 1
fi

echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
