#!/usr/bin/env bash
# Installs the Debian packages gridplan needs. Idempotent, and silent when everything is present.
# Every build entry point (make build/test/demo, .ci/run) calls this first.
set -euo pipefail

PKGS=(
  cmake ninja-build g++ make pkg-config ccache
  libgdal-dev gdal-bin libgeos-dev libboost-dev libproj-dev libsqlite3-dev
  libgtest-dev libgmock-dev libcli11-dev nlohmann-json3-dev
  libimgui-dev libglfw3-dev libgl-dev libegl-dev libepoxy-dev libglu1-mesa-dev libgl1-mesa-dri xvfb xauth
  libcairo2-dev libpango1.0-dev libfontconfig-dev libharfbuzz-dev libqrencode-dev libpng-dev fonts-noto-cjk fonts-dejavu-core
  libxlsxwriter-dev python3-openpyxl libjemalloc-dev
  poppler-utils zbar-tools metis gettext
  clang libclang-rt-14-dev
  qgis python3-qgis
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when they are missing or a package cannot be found.
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/gridplan-apt.log 2>&1; then
  $SUDO apt-get update -qq >>/tmp/gridplan-apt.log 2>&1
  if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/gridplan-apt.log 2>&1; then
    echo "install-deps: apt-get failed; see /tmp/gridplan-apt.log" >&2
    tail -20 /tmp/gridplan-apt.log >&2
    exit 1
  fi
fi
