# glean/cmake/GleanPlugin.cmake - glean_add_plugin(): declare a stage plugin in one line
# SPDX-License-Identifier: Apache-2.0
#
#   glean_add_plugin(<name> <sources>...)
#
# builds glean-<name>.so as a MODULE library with hidden visibility, links glean::sdk and refuses
# undefined symbols at link time (so a missing dependency is a link error, not a dlopen failure).
function(glean_add_plugin name)
  set(target glean-plugin-${name})
  add_library(${target} MODULE ${ARGN})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME glean-${name}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${GLEAN_PLUGIN_OUTPUT_DIR})
  target_link_libraries(${target} PRIVATE glean::sdk)
  if(NOT GLEAN_PLUGIN_ALLOW_UNDEFINED)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  if(COMMAND glean_set_warnings)
    glean_set_warnings(${target})
  endif()
  if(DEFINED GLEAN_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${GLEAN_PLUGIN_INSTALL_DIR})
  endif()
  set_property(GLOBAL APPEND PROPERTY GLEAN_PLUGIN_TARGETS ${target})
endfunction()
