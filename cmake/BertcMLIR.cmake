# MLIR 19 from Debian (libmlir-19-dev). Only the pieces that need it see its include paths, and
# LLVM's HandleLLVMOptions is deliberately not included: it would turn exceptions off project-wide.
find_package(MLIR REQUIRED CONFIG HINTS /usr/lib/llvm-19/lib/cmake/mlir)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "bertc needs MLIR/LLVM 19, found ${LLVM_PACKAGE_VERSION} in ${MLIR_DIR}")
endif()
list(APPEND CMAKE_MODULE_PATH ${MLIR_CMAKE_DIR} ${LLVM_CMAKE_DIR})
include(TableGen)
include(AddLLVM)
include(AddMLIR)

# bertc_use_mlir(TARGET): MLIR/LLVM headers as system headers (their warnings are not ours) and
# the shared libMLIR, which links in a fraction of the time of the static component libraries.
function(bertc_use_mlir target)
  target_include_directories(${target} SYSTEM PUBLIC ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
  target_compile_definitions(${target} PUBLIC ${LLVM_DEFINITIONS})
  target_link_libraries(${target} PUBLIC MLIR LLVM)
endfunction()
