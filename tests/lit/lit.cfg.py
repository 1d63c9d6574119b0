# lit configuration for bertc's IR and command-line tests.
import os
import lit.formats

config.name = "bertc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test", ".yaml"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "check_manifest.py", "expect_exit.py", "check_golden.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(os.path.dirname(config.bertc_tools_dirs[0]), "tests", "lit")

# Slow tests (e.g. parity/base.test, bert-base) say `REQUIRES: slow`; they run only on request.
if os.environ.get("BERTC_TEST_SLOW") == "1":
    config.available_features.add("slow")

# Our tools first, then FileCheck and `not` from LLVM 19.
path = os.pathsep.join(config.bertc_tools_dirs + [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
config.environment["PATH"] = path
config.substitutions.append(("%examples", os.path.join(config.bertc_src_root, "examples")))
config.substitutions.append(("%data", os.path.join(config.bertc_src_root, "data")))
config.substitutions.append(("%reference", os.path.join(config.bertc_src_root, "tests", "reference")))
import sys
config.substitutions.append(("%expect-exit", sys.executable + " " + os.path.join(os.path.dirname(__file__), "expect_exit.py")))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%classify_include", os.path.join(config.bertc_src_root, "runtime", "classify", "include")))
config.substitutions.append(("%runtime_include", os.path.join(config.bertc_src_root, "runtime", "model", "include")))
