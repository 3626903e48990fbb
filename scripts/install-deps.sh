#!/usr/bin/env bash
# Installs the Debian packages Sinter builds and tests with, when missing.
# Idempotent: installs nothing when everything is present. LLVM/MLIR is pinned
# to major version 22 (libmlir-19-dev and libmlir-22-dev conflict: installing
# one removes the other).
set -euo pipefail

packages=(
  g++ cmake ninja-build lld          # compiler, build system, fast linker
  llvm-22-dev libmlir-22-dev         # LLVM/MLIR 22 libraries and CMake packages
  llvm-22-tools mlir-22-tools        # lit, FileCheck, not, mlir-tblgen
  libgtest-dev                       # GoogleTest
  nlohmann-json3-dev                 # JSON for the safetensors header
  python3                            # lit runs on Python
  zlib1g-dev libzstd-dev              # found by LLVM's CMake package; zlib reads gzipped IDX
  dataset-fashion-mnist              # Fashion-MNIST (IDX, gzipped) for the data tests and the demo
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
  sudo=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
