#!/usr/bin/env bash
# Fuzzes the safetensors parser with libFuzzer for SECONDS (default 60):
#   scripts/fuzz-safetensors.sh [SECONDS]
# Builds runtime/fuzz's sinter-safetensors-fuzzer with clang++-14 in
# build-fuzz/ and runs it on a copy of runtime/fuzz/corpus, so that the inputs
# it discovers do not land in the source tree. A crashing input is written to
# build-fuzz/artifacts/; fix the bug, then copy the input into
# runtime/fuzz/corpus/ as crash-<what> so that the replay test
# (ctest -R safetensors-fuzz-corpus) keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_TO_RUN=${1:-60}
BUILD=${SINTER_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
CXX=/usr/bin/clang++-14
CC=/usr/bin/clang-14

if [[ ! -x $CXX ]]; then
  echo "fuzz-safetensors: $CXX not found (Debian package clang-14)" >&2
  exit 1
fi
# libFuzzer's runtime (libclang_rt.fuzzer) comes with libclang-rt-14-dev.
if ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null |
    grep -q "install ok installed"; then
  SUDO=
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends libclang-rt-14-dev
fi

# Only the runtime is needed, and it must not depend on LLVM/MLIR 22, so a
# tiny top-level project builds runtime/ alone: no MLIR configure to wait
# for, and a half-edited CMakeLists elsewhere in the tree cannot break it.
mkdir -p "$BUILD/project"
cat > "$BUILD/project/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(SinterFuzz LANGUAGES C CXX)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY \${CMAKE_BINARY_DIR}/bin)
set(CMAKE_ARCHIVE_OUTPUT_DIRECTORY \${CMAKE_BINARY_DIR}/lib)
set(SINTER_BUILD_TESTS OFF)
add_subdirectory("$ROOT/runtime" runtime)
CMAKE
GENERATOR=()
command -v ninja >/dev/null && GENERATOR=(-G Ninja)
cmake "${GENERATOR[@]}" -S "$BUILD/project" -B "$BUILD" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=$CC -DCMAKE_CXX_COMPILER=$CXX >/dev/null
cmake --build "$BUILD" --target sinter-safetensors-fuzzer \
  sinter-safetensors-fuzz-replay -j2

mkdir -p "$BUILD/corpus" "$BUILD/artifacts"
cp -n "$ROOT"/runtime/fuzz/corpus/* "$BUILD/corpus/"
# Replay the checked-in corpus under ASan first: a regression shows up here
# with its file name.
"$BUILD/bin/sinter-safetensors-fuzzer" -runs=0 "$ROOT/runtime/fuzz/corpus"
"$BUILD/bin/sinter-safetensors-fuzzer" \
  -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -timeout=10 -use_value_profile=1 \
  -dict="$ROOT/runtime/fuzz/safetensors.dict" \
  -artifact_prefix="$BUILD/artifacts/" -print_final_stats=1 \
  "$BUILD/corpus"
