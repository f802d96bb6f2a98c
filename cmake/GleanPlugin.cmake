# glean/cmake/GleanPlugin.cmake - glean_add_plugin(): declare a stage plugin in one line
# SPDX-License-Identifier: Apache-2.0
#
#   glean_add_plugin(<name> <sources>...)
#
# builds glean-<name>.so (target glean-plugin-<name>) as a MODULE library with hidden visibility,
# links glean::sdk and refuses undefined symbols at link time (so a missing dependency is a link
# error, not a dlopen failure). `cmake --install` puts it in GLEAN_PLUGIN_INSTALL_DIR.
#
#   glean_add_plugin_test(<name> <sources>...)
#
# builds a test executable (target glean-plugin-<name>-test, linked to glean::sdk and doctest) and
# registers it with ctest as <name>. It sees, as string macros: GLEAN_EXECUTABLE (the glean binary),
# GLEAN_TEST_PLUGIN_DIR (the folder glean-<name>.so is built in), GLEAN_TEST_SOURCE_DIR and
# GLEAN_TEST_BINARY_DIR (the calling CMakeLists.txt's folders).
#
# This file serves both glean's own tree and the installed package (lib/cmake/glean): in-tree,
# the top-level CMakeLists.txt sets GLEAN_PLUGIN_OUTPUT_DIR and a relative GLEAN_PLUGIN_INSTALL_DIR;
# installed, gleanConfig.cmake sets GLEAN_PLUGIN_INSTALL_DIR and the plugin is built in the
# calling project's binary folder.
include_guard(GLOBAL)

function(glean_add_plugin name)
  if(NOT name MATCHES "^[a-z][a-z0-9_-]*$")
    message(FATAL_ERROR "glean_add_plugin: plugin name '${name}' must start with a lowercase "
                        "letter and hold only lowercase letters, digits, '-' and '_'")
  endif()
  if(NOT ARGN)
    message(FATAL_ERROR "glean_add_plugin(${name}): no source files given")
  endif()
  if(NOT TARGET glean::sdk)
    message(FATAL_ERROR "glean_add_plugin(${name}): no glean::sdk target; call "
                        "find_package(glean REQUIRED) first")
  endif()
  set(target glean-plugin-${name})
  add_library(${target} MODULE ${ARGN})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME glean-${name}
    SUFFIX ".so"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(GLEAN_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${GLEAN_PLUGIN_OUTPUT_DIR})
  endif()
  target_link_libraries(${target} PRIVATE glean::sdk)
  if(NOT GLEAN_PLUGIN_ALLOW_UNDEFINED)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  if(COMMAND glean_set_warnings)
    glean_set_warnings(${target})
  endif()
  if(GLEAN_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${GLEAN_PLUGIN_INSTALL_DIR})
  endif()
  set_property(GLOBAL APPEND PROPERTY GLEAN_PLUGIN_TARGETS ${target})
endfunction()

function(glean_add_plugin_test name)
  set(plugin glean-plugin-${name})
  if(NOT TARGET ${plugin})
    message(FATAL_ERROR "glean_add_plugin_test(${name}): call glean_add_plugin(${name} ...) first")
  endif()
  if(NOT TARGET doctest::doctest)
    find_package(doctest REQUIRED)
  endif()
  set(target ${plugin}-test)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE glean::sdk doctest::doctest)
  target_compile_definitions(${target} PRIVATE
    GLEAN_EXECUTABLE="$<TARGET_FILE:glean::glean>"
    GLEAN_TEST_PLUGIN_DIR="$<TARGET_FILE_DIR:${plugin}>"
    GLEAN_TEST_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}"
    GLEAN_TEST_BINARY_DIR="${CMAKE_CURRENT_BINARY_DIR}")
  if(COMMAND glean_set_warnings)
    glean_set_warnings(${target})
  endif()
  add_dependencies(${target} ${plugin})
  add_test(NAME ${name} COMMAND ${target})
endfunction()
