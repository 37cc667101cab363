#!/bin/sh
# Installs the extra OpenCL implementations that run on this machine's CPU, next
# to PoCL (which scripts/install-deps.sh installs and which stays the default):
#   - Mesa's rusticl (Debian mesa-opencl-icd); it lists its llvmpipe device only
#     with RUSTICL_ENABLE=llvmpipe in the environment;
#   - Intel's OpenCL CPU runtime (PyPI intel-opencl-rt + intel-cmplr-lib-rt),
#     into a virtual environment, registered with the ICD loader by an .icd
#     file written here (the wheel's own names a placeholder path);
#   - Oclgrind (Debian oclgrind), the device simulator the kernel checks use.
# Idempotent and non-interactive, as root (or with sudo).
set -eu

# Pinned: a new runtime is a new compiler; results and tests must not change
# under us. Bump both together, on purpose.
INTEL_OCL_VERSION=2026.2.0
INTEL_PREFIX=${CONVBENCH_INTEL_OCL_PREFIX:-/opt/convbench-intel-ocl}
ICD_FILE=/etc/OpenCL/vendors/convbench-intel-cpu.icd

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=""
for p in mesa-opencl-icd oclgrind python3-venv; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "install-devices: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

stamp="$INTEL_PREFIX/.convbench-version"
if [ "$(cat "$stamp" 2>/dev/null)" != "$INTEL_OCL_VERSION" ]; then
    echo "install-devices: Intel OpenCL CPU runtime $INTEL_OCL_VERSION into $INTEL_PREFIX"
    $SUDO rm -rf "$INTEL_PREFIX"
    $SUDO python3 -m venv "$INTEL_PREFIX"
    $SUDO "$INTEL_PREFIX/bin/pip" install -q --disable-pip-version-check \
        "intel-opencl-rt==$INTEL_OCL_VERSION" "intel-cmplr-lib-rt==$INTEL_OCL_VERSION"
    # The wheel ships its own ICD loader and an .icd naming a placeholder path;
    # neither may be found: the system's loader must be the only one.
    $SUDO rm -f "$INTEL_PREFIX"/lib/libOpenCL.so* "$INTEL_PREFIX"/etc/OpenCL/vendors/*.icd
    echo "$INTEL_OCL_VERSION" | $SUDO tee "$stamp" >/dev/null
fi
lib="$INTEL_PREFIX/lib/libintelocl.so"
[ -e "$lib" ] || { echo "install-devices: $lib missing after install" >&2; exit 1; }
if [ "$(cat "$ICD_FILE" 2>/dev/null)" != "$lib" ]; then
    echo "$lib" | $SUDO tee "$ICD_FILE" >/dev/null
fi
# An .icd of an earlier hand install under another name would list the device twice.
[ ! -e /etc/OpenCL/vendors/intel-cpu.icd ] || ! grep -qF "$INTEL_PREFIX" /etc/OpenCL/vendors/intel-cpu.icd ||
    $SUDO rm -f /etc/OpenCL/vendors/intel-cpu.icd
echo "install-devices: PoCL (default), rusticl (RUSTICL_ENABLE=llvmpipe), Intel CPU runtime $INTEL_OCL_VERSION, Oclgrind"
