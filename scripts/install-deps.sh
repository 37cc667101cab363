#!/bin/sh
# Installs what convbench needs to build, test and run on Debian 12.
# Idempotent and non-interactive: safe to run again, as root, with no terminal.
# python3-onnx reads ONNX models for `convbench import`; python3-torchvision
# (with python3-torch) is for the tests, which export torchvision's models.
set -eu

pkgs="cmake gcc make pkg-config ocl-icd-opencl-dev opencl-headers pocl-opencl-icd clang libclang-rt-14-dev libomp-dev \
libclblast-dev libinih-dev libsqlite3-dev libopenblas-dev hyperfine clinfo git python3 python3-matplotlib \
python3-onnx python3-torchvision"

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
