# Run by `cmake --install` (cmake/LeasesimPackage.cmake): installs include/leasesim/*.h (and
# the generated version.h) under LEASESIM_PUBLIC_DEST/leasesim, and every project header they
# include, directly or not (#include "sim/actor.h"), under LEASESIM_INTERNAL_DEST with its path
# kept, where the installed targets' include directories find it. Headers nothing public
# includes (the simulator's engine, the CLI's verbs, the protocols' folders) stay out.

cmake_policy(PUSH)
cmake_policy(VERSION 3.22)

# Where the header an include names lives in the source or build tree, or "" (not ours).
function(leasesim_find_header name out)
  foreach(dir "${LEASESIM_SOURCE_DIR}/include" "${LEASESIM_BINARY_DIR}/include" "${LEASESIM_SOURCE_DIR}")
    if(EXISTS "${dir}/${name}")
      set(${out} "${dir}/${name}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

file(GLOB public RELATIVE "${LEASESIM_SOURCE_DIR}/include" "${LEASESIM_SOURCE_DIR}/include/leasesim/*.h")
set(todo ${public} leasesim/version.h)
set(done "")
while(todo)
  list(POP_FRONT todo name)
  if(name IN_LIST done)
    continue()
  endif()
  list(APPEND done ${name})
  leasesim_find_header(${name} path)
  if(NOT path)
    message(FATAL_ERROR "leasesim: ${name}, included by a public header, is not in the source or build tree")
  endif()
  get_filename_component(subdir ${name} DIRECTORY)
  if(name MATCHES "^leasesim/")
    set(dest "${CMAKE_INSTALL_PREFIX}/${LEASESIM_PUBLIC_DEST}/${subdir}")
  else()
    set(dest "${CMAKE_INSTALL_PREFIX}/${LEASESIM_INTERNAL_DEST}/${subdir}")
  endif()
  file(INSTALL DESTINATION "${dest}" TYPE FILE FILES "${path}")
  file(STRINGS "${path}" includes REGEX "^#include \"[^\"]+\"")
  foreach(line ${includes})
    string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" included "${line}")
    list(APPEND todo ${included})
  endforeach()
endwhile()

cmake_policy(POP)
