# -*- Python -*-
# lit configuration for Sinter's IR and tool tests.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Sinter"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sinter_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%sinter_src", config.sinter_src_root))
# Building a program against a sinterc object file and the runtime.
config.substitutions.append(("%host_cxx", config.host_cxx))
config.substitutions.append(("%sinter_runtime_lib", config.sinter_runtime_lib))
config.substitutions.append(("%sinter_runtime_include",
                             config.sinter_runtime_include))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tools = [
    ToolSubst("sinter-opt", unresolved="fatal"),
    ToolSubst("sinter-run", unresolved="ignore"),
    ToolSubst("sinter-mktensors", unresolved="ignore"),
    ToolSubst("sinter-seed-models", unresolved="ignore"),
    ToolSubst("sinterc", unresolved="ignore"),
]
llvm_config.add_tool_substitutions(tools, [config.sinter_tools_dir,
                                           config.llvm_tools_dir])
