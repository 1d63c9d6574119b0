# Halide 14 from Debian (libhalide14-0-dev). Its CMake package re-finds LLVM 14 and clobbers the
# LLVM 19 variables MLIR needs, so Halide comes in as a plain imported library instead
# (docs/toolchain.md).
set(BERTC_HALIDE_LIBRARY /usr/lib/x86_64-linux-gnu/libHalide14.so.0 CACHE FILEPATH "libHalide 14")
set(BERTC_HALIDE_INCLUDE /usr/include/halide14 CACHE PATH "Halide 14 headers")
if(NOT EXISTS ${BERTC_HALIDE_LIBRARY} OR NOT EXISTS ${BERTC_HALIDE_INCLUDE}/Halide.h)
  message(FATAL_ERROR "Halide 14 not found: install libhalide14-0-dev (scripts/install-deps.sh)")
endif()
# bert-tune's baselines: Halide's autoschedulers, loaded at run time with Halide::load_plugin.
set(BERTC_HALIDE_PLUGIN_DIR /usr/lib/x86_64-linux-gnu/halide14 CACHE PATH
    "Where libautoschedule_adams2019.so and libautoschedule_mullapudi2016.so live")
add_library(bertc_halide SHARED IMPORTED)
set_target_properties(bertc_halide PROPERTIES
  IMPORTED_LOCATION ${BERTC_HALIDE_LIBRARY}
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${BERTC_HALIDE_INCLUDE}
  INTERFACE_INCLUDE_DIRECTORIES ${BERTC_HALIDE_INCLUDE}
  INTERFACE_COMPILE_DEFINITIONS "HALIDE_ENABLE_RTTI;HALIDE_WITH_EXCEPTIONS"
  INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS}")
