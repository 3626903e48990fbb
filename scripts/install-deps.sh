#!/usr/bin/env bash
# Installs the Debian packages Sinter builds and tests with, when missing.
# Idempotent: installs nothing when everything is present. LLVM/MLIR is pinned
# to major version 22 (libmlir-19-dev and libmlir-22-dev conflict: installing
# one removes the other).
set -euo pipefail

packages=(
  g++ cmake ninja-build lld          # compiler, build system, fast linker
  llvm-22-dev libmlir-22-dev         # LLVM/MLIR 22 libraries and CMake packages
  llvm-22                            # llvm-objdump (the JIT object test)
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

# examples/text-classifier.cpp (test e2e-example-text-classifier) classifies
# the package descriptions in apt's lists, of sections games, science and
# net; a fresh container has no lists until `apt-get update`. (sed reads all
# its input: with pipefail, an early exit would fail apt-cache on SIGPIPE.)
sections=$(apt-cache dumpavail 2>/dev/null |
  sed -n -E 's,^Section: ([^/]*/)?(games|science|net)$,\2,p' | sort -u | wc -l) || true
update_lists=0
[ "$sections" -eq 3 ] || update_lists=1

if [ ${#missing[@]} -eq 0 ] && [ $update_lists -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null && [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: warning: apt's package lists are empty; run apt-get update as root for the text-classifier example" >&2
    exit 0
  fi
  command -v sudo >/dev/null || { echo "install-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present; updating apt's package lists"
  $sudo apt-get update -qq
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
