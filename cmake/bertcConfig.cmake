# CMake package of bertc: find_package(bertc) then
#
#   bertc_add_model(<target> MODEL <model.yaml> [SCHEDULE <file>] [HALIDE_TARGET <t1,t2,...>]
#                   [WEIGHTS_CHECK <weights.safetensors>])
#
# compiles the model at build time with bertc and gives a linkable <target> whose include path
# holds <name>.h and bertc/model.h. It rebuilds exactly when the YAML, the schedule or bertc
# changes (a renamed model reconfigures); a mistake in the YAML fails configuring or the build
# with bertc's FILE:LINE:COL message.
# WEIGHTS_CHECK loads the weights file against the compiled model at build time (bertc
# check-weights), so a mismatched checkpoint fails the build rather than the program.
#
# Text in, label out: link bertc::classify before the model target (bertc/classify.h and
# bertc/classify.hpp; the tokenizer and libutf8proc come with it):
#
#   target_link_libraries(app PRIVATE bertc::classify <target>)
get_filename_component(_bertc_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT BERTC_EXECUTABLE)
  set(BERTC_EXECUTABLE "${_bertc_prefix}/bin/bertc")
endif()
if(NOT BERTC_INCLUDE_DIR)
  set(BERTC_INCLUDE_DIR "${_bertc_prefix}/include")
endif()
find_package(Threads REQUIRED)

if(NOT TARGET bertc::classify)
  find_library(BERTC_UTF8PROC_LIBRARY NAMES utf8proc)
  if(NOT BERTC_UTF8PROC_LIBRARY)
    message(FATAL_ERROR "bertc::classify needs libutf8proc (Debian: libutf8proc-dev)")
  endif()
  add_library(bertc::tokenizer STATIC IMPORTED)
  set_target_properties(bertc::tokenizer PROPERTIES
    IMPORTED_LOCATION "${_bertc_prefix}/lib/bertc/libbertc_tokenizer.a"
    INTERFACE_LINK_LIBRARIES "${BERTC_UTF8PROC_LIBRARY}")
  # Its model runtime calls resolve in the model library linked after it (every lib<name>.a
  # embeds the runtime).
  add_library(bertc::classify STATIC IMPORTED)
  set_target_properties(bertc::classify PROPERTIES
    IMPORTED_LOCATION "${_bertc_prefix}/lib/bertc/libbertc_classify.a"
    INTERFACE_INCLUDE_DIRECTORIES "${BERTC_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "bertc::tokenizer")
endif()

# Every model library embeds the runtime, whose weights reader (pytorch_model.bin) needs libzip.
find_library(BERTC_ZIP_LIBRARY NAMES zip)
if(NOT BERTC_ZIP_LIBRARY)
  message(FATAL_ERROR "bertc's model libraries need libzip (Debian: libzip-dev)")
endif()

function(bertc_add_model target)
  cmake_parse_arguments(A "" "MODEL;SCHEDULE;HALIDE_TARGET;WEIGHTS_CHECK" "" ${ARGN})
  if(NOT A_MODEL)
    message(FATAL_ERROR "bertc_add_model(${target}): MODEL <model.yaml> is required")
  endif()
  get_filename_component(model "${A_MODEL}" ABSOLUTE)
  # The generated files are named after the model's `name:`. bertc itself reads it (one rule for
  # what a valid description and name are: quoted or not, anchors, presets), and the YAML becomes
  # a configure dependency, so a renamed model reconfigures. An invalid description stops here
  # with bertc's FILE:LINE:COL errors.
  execute_process(COMMAND "${BERTC_EXECUTABLE}" inspect "${model}" --json
                  OUTPUT_VARIABLE inspected ERROR_VARIABLE inspect_errors
                  RESULT_VARIABLE inspect_status)
  if(NOT inspect_status EQUAL 0)
    message(FATAL_ERROR "bertc_add_model(${target}): ${inspect_errors}")
  endif()
  string(JSON name GET "${inspected}" name)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${model}")

  set(out "${CMAKE_CURRENT_BINARY_DIR}/bertc/${target}")
  file(MAKE_DIRECTORY "${out}")
  set(args compile "${model}" -o "${out}")
  set(deps "${model}" "${BERTC_EXECUTABLE}")
  if(A_SCHEDULE)
    get_filename_component(schedule "${A_SCHEDULE}" ABSOLUTE)
    list(APPEND args --schedule "${schedule}")
    list(APPEND deps "${schedule}")
  endif()
  if(A_HALIDE_TARGET)
    list(APPEND args --halide-target "${A_HALIDE_TARGET}")
  endif()
  set(outputs "${out}/lib${name}.a" "${out}/${name}.h")
  add_custom_command(OUTPUT ${outputs}
    COMMAND "${BERTC_EXECUTABLE}" ${args}
    DEPENDS ${deps}
    COMMENT "bertc: compiling ${A_MODEL}"
    VERBATIM)
  if(A_WEIGHTS_CHECK)
    get_filename_component(weights "${A_WEIGHTS_CHECK}" ABSOLUTE)
    add_custom_command(OUTPUT "${out}/weights.checked"
      COMMAND "${BERTC_EXECUTABLE}" check-weights "${model}" "${weights}"
      COMMAND "${CMAKE_COMMAND}" -E touch "${out}/weights.checked"
      DEPENDS "${model}" "${weights}" "${BERTC_EXECUTABLE}"
      COMMENT "bertc: checking ${A_WEIGHTS_CHECK} against ${A_MODEL}"
      VERBATIM)
    list(APPEND outputs "${out}/weights.checked")
  endif()
  add_custom_target(${target}_bertc DEPENDS ${outputs})
  add_library(${target} STATIC IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES
    IMPORTED_LOCATION "${out}/lib${name}.a"
    INTERFACE_INCLUDE_DIRECTORIES "${out};${BERTC_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${BERTC_ZIP_LIBRARY};Threads::Threads;${CMAKE_DL_LIBS}")
  add_dependencies(${target} ${target}_bertc)
endfunction()
