#!/usr/bin/env bash
# Installs the reference implementations Wafer's interop tests talk to:
#   biscuit-python (bindings to biscuit-rust) and pymacaroons, from PyPI, on the python3 in PATH;
#   libmacaroons (the C reference, V1) and a C compiler, from Debian.
# The interop tests skip, saying why, when a peer is missing; CI runs this first so that they run.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

if ! dpkg -s libmacaroons-dev >/dev/null 2>&1 || ! command -v cc >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq libmacaroons-dev gcc >/dev/null
fi

if ! python3 -c 'import biscuit_auth, pymacaroons' 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check 'biscuit-python==0.4.0' 'pymacaroons==0.13.0'
fi
python3 -c 'import biscuit_auth, pymacaroons' || { echo "wafer: the Python peers did not install" >&2; exit 1; }
