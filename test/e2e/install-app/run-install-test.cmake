# The driver of the e2e-install-package test (cmake -P; not part of the
# application): installs a Sinter build into a fresh temporary prefix,
# checks the layout, then configures, builds and runs the application of
# this folder against that prefix, twice:
#   1. runtime only (find_package(Sinter COMPONENTS runtime), LLVM and MLIR
#      made unfindable): aot-app, from the installed sinter-opt and sinterc,
#      linked with Sinter::runtime alone;
#   2. everything: aot-app and dsl-app (Sinter::nn, sinter::compile).
#
# Variables (-D): BUILD_DIR (the Sinter build), APP_SOURCE_DIR (this folder),
# GENERATOR, MAKE_PROGRAM, C_COMPILER, CXX_COMPILER (those of the Sinter
# build), LINKER_FLAGS (e.g. -fuse-ld=lld; may be empty).
cmake_minimum_required(VERSION 3.20)

foreach(var BUILD_DIR APP_SOURCE_DIR GENERATOR CXX_COMPILER C_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run-install-test.cmake: -D${var}=... is required")
  endif()
endforeach()

# A fresh folder under the system's temporary directory; removed on success,
# kept (and named) on failure.
if(DEFINED ENV{TMPDIR} AND IS_DIRECTORY "$ENV{TMPDIR}")
  set(tmp "$ENV{TMPDIR}")
else()
  set(tmp "/tmp")
endif()
string(RANDOM LENGTH 8 ALPHABET "abcdefghijklmnopqrstuvwxyz0123456789" tag)
set(work "${tmp}/sinter-install-test-${tag}")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")
set(prefix "${work}/prefix")

# Runs a command; on failure prints its output and stops the test.
function(run what)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}); kept ${work}\n"
      "command: ${ARGN}\n${out}\n${err}")
  endif()
  set(run_output "${out}${err}" PARENT_SCOPE)
endfunction()

# Fails unless `text` matches every regular expression given.
function(expect what text)
  foreach(regex IN LISTS ARGN)
    if(NOT text MATCHES "${regex}")
      message(FATAL_ERROR "${what}: expected output matching '${regex}'; "
        "kept ${work}\n${text}")
    endif()
  endforeach()
endfunction()

# --- 1. install --------------------------------------------------------------
run("cmake --install" "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
message(STATUS "installed into ${prefix}")

# The layout: the three tools (and no test, benchmark or example binary),
# the package files, the public headers and not the internal ones.
file(GLOB installed_tools RELATIVE "${prefix}/bin" "${prefix}/bin/*")
list(SORT installed_tools)
if(NOT installed_tools STREQUAL "sinter-opt;sinter-run;sinterc")
  message(FATAL_ERROR "bin/ should hold sinterc, sinter-opt and sinter-run "
    "only, it holds: ${installed_tools}")
endif()
foreach(file
    lib/cmake/Sinter/SinterConfig.cmake
    lib/cmake/Sinter/SinterConfigVersion.cmake
    lib/cmake/Sinter/SinterTargets.cmake
    lib/cmake/Sinter/SinterNNTargets.cmake
    lib/libSinterRuntime.a
    include/sinter/runtime/Tensor.h
    include/sinter/runtime/Safetensors.h
    include/sinter/nn.h
    include/sinter/nn/Module.h
    include/sinter/optim.h
    include/sinter/Compile.h)
  if(NOT EXISTS "${prefix}/${file}")
    message(FATAL_ERROR "missing from the install: ${file}")
  endif()
endforeach()
if(EXISTS "${prefix}/include/sinter/nn/detail")
  message(FATAL_ERROR "include/sinter/nn/detail (MLIR headers) was installed")
endif()
file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
list(LENGTH installed count)
message(STATUS "the prefix holds ${count} files")

# --- 2. the application, configured, built and run ------------------------
set(configure_args -G "${GENERATOR}"
  "-DCMAKE_C_COMPILER=${C_COMPILER}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  -DCMAKE_BUILD_TYPE=Release
  "-DCMAKE_PREFIX_PATH=${prefix}"
  "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()

# 2a. Runtime only: the package's runtime component must need no LLVM/MLIR.
set(app "${work}/app-runtime")
run("configuring the runtime-only application"
  "${CMAKE_COMMAND}" -S "${APP_SOURCE_DIR}" -B "${app}" ${configure_args}
  -DSINTER_APP_DSL=OFF
  -DCMAKE_DISABLE_FIND_PACKAGE_MLIR=ON -DCMAKE_DISABLE_FIND_PACKAGE_LLVM=ON)
expect("configure" "${run_output}" "sinterc is ${prefix}/bin/sinterc")
run("building aot-app" "${CMAKE_COMMAND}" --build "${app}" --parallel)
expect("build" "${run_output}" "sinter-opt: the training program"
  "sinterc: classifier.o and classifier.h")
run("aot-app" "${app}/aot-app" "${work}/aot.safetensors")
message(STATUS "aot-app:\n${run_output}")
expect("aot-app" "${run_output}"
  "state: 17 tensors"
  "step   0: loss [0-9.]+"
  "loss falls: yes"
  "reloaded predictions: 64/64 identical")
# The program depends on no LLVM or MLIR shared library.
file(GET_RUNTIME_DEPENDENCIES EXECUTABLES "${app}/aot-app"
  RESOLVED_DEPENDENCIES_VAR resolved UNRESOLVED_DEPENDENCIES_VAR unresolved)
foreach(library IN LISTS resolved unresolved)
  if(library MATCHES "lib(LLVM|MLIR)")
    message(FATAL_ERROR "aot-app depends on ${library}")
  endif()
endforeach()

# 2a'. The installed sinterc builds a standalone trainer (--emit=exe) with
# the runtime it was installed with, given no --runtime-* flags: the build
# tree's paths it was compiled with must not leak into the package.
run("sinter-opt for --emit=exe" "${prefix}/bin/sinter-opt"
  "${APP_SOURCE_DIR}/classifier.mlir" --sinter-autodiff
  "--sinter-optimizer=name=sgd lr=0.1" -o "${work}/exe-program.mlir")
run("sinterc --emit=exe" "${prefix}/bin/sinterc" "${work}/exe-program.mlir"
  --emit=exe -o "${work}/trainer")
execute_process(COMMAND "${work}/trainer" fly
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
expect("the standalone trainer" "${rc}:${err}"
  "^1:.*unknown command 'fly' \\(train, evaluate, predict\\)")

# 2b. Everything: dsl-app, the DSL and sinter::compile from the package.
set(app "${work}/app")
run("configuring the application"
  "${CMAKE_COMMAND}" -S "${APP_SOURCE_DIR}" -B "${app}" ${configure_args})
run("building aot-app and dsl-app" "${CMAKE_COMMAND}" --build "${app}" --parallel)
run("dsl-app" "${app}/dsl-app" "${work}/dsl.safetensors")
message(STATUS "dsl-app:\n${run_output}")
expect("dsl-app" "${run_output}"
  "Classifier\\(\n  \\(fc1\\): Linear\\(in_features=2, out_features=8"
  "step   0: loss [0-9.]+"
  "loss falls: yes"
  "reloaded predictions identical: yes")

file(REMOVE_RECURSE "${work}")
