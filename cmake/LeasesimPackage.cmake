# The installed package. `cmake --install build --prefix P` puts:
#   P/bin/leasesim                                   the command line, with the built-in protocols
#   P/lib/libleasesim_{sim,checkers,input,model,reports,harness,live,live_zookeeper,live_zookeeper_run,cli}.a
#   P/include/leasesim/*.h                           the public API (version.h generated)
#   P/include/leasesim/internal/{sim,harness,checkers}/*.h
#                                                    the internal headers the public ones include
#                                                    (as "sim/actor.h"), and no others
#   P/lib/cmake/leasesim/leasesimConfig.cmake, leasesimConfigVersion.cmake, leasesimTargets*.cmake
# so that a project of its own does find_package(leasesim 0.9 CONFIG REQUIRED) and links
# leasesim::leasesim: what a protocol plug-in and cli_main need, yaml-cpp and Boost
# program_options with it (examples/ttl-lock/ is such a project; tests/package/ builds it).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(leasesim_libraries leasesim_sim leasesim_checkers leasesim_input leasesim_model leasesim_reports leasesim_harness
    leasesim_live leasesim_live_zookeeper leasesim_live_zookeeper_run leasesim_cli)
set(leasesim_internal_includedir ${CMAKE_INSTALL_INCLUDEDIR}/leasesim/internal)
set(leasesim_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/leasesim)

# Every library builds on leasesim_sim, so its usage requirements reach all of them and a user.
target_compile_features(leasesim_sim PUBLIC cxx_std_20)
target_include_directories(leasesim_sim PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
  $<INSTALL_INTERFACE:${leasesim_internal_includedir}>)
foreach(lib ${leasesim_libraries})
  string(REPLACE "leasesim_" "" name ${lib})
  set_target_properties(${lib} PROPERTIES EXPORT_NAME ${name})  # leasesim::sim, leasesim::cli, ...
endforeach()

# leasesim::leasesim: the one target a user links (`leasesim` itself names the executable).
add_library(leasesim_package INTERFACE)
target_link_libraries(leasesim_package INTERFACE leasesim_cli)
set_target_properties(leasesim_package PROPERTIES EXPORT_NAME leasesim)
add_library(leasesim::leasesim ALIAS leasesim_package)

install(TARGETS ${leasesim_libraries} leasesim_package EXPORT leasesimTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS leasesim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT leasesimTargets NAMESPACE leasesim:: DESTINATION ${leasesim_cmakedir})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/leasesimConfig.cmake.in ${PROJECT_BINARY_DIR}/leasesimConfig.cmake
  INSTALL_DESTINATION ${leasesim_cmakedir})
# 0.x: a minor version may change the API, so 0.9 accepts 0.9.z only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/leasesimConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/leasesimConfig.cmake ${PROJECT_BINARY_DIR}/leasesimConfigVersion.cmake
  DESTINATION ${leasesim_cmakedir})

# The headers: found at install time by following the public headers' includes, so the set is
# never a hand-kept list that falls behind an edit (cmake/install_headers.cmake).
install(CODE "
  set(LEASESIM_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(LEASESIM_BINARY_DIR \"${PROJECT_BINARY_DIR}\")
  set(LEASESIM_PUBLIC_DEST \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(LEASESIM_INTERNAL_DEST \"${leasesim_internal_includedir}\")
  include(\"${PROJECT_SOURCE_DIR}/cmake/install_headers.cmake\")
")
