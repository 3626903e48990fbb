# Renders docs/ir.md from mlir-tblgen's dialect doc: IN is the generated
# markdown, OUT where to write. With EXPECTED, also fails unless OUT equals it
# (the staleness check run by ctest).
file(READ "${IN}" body)
set(header "<!-- Generated from ir/include/sinter/ir/SinterOps.td by `ninja -C build sinter-docs`. Do not edit by hand. -->\n\n")
file(WRITE "${OUT}" "${header}${body}")
if(DEFINED EXPECTED)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${OUT}" "${EXPECTED}"
                  RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "docs/ir.md is stale: run `ninja -C build sinter-docs` and commit it")
  endif()
endif()
