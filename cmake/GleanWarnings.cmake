# glean/cmake/GleanWarnings.cmake - one warning set for every glean target
# SPDX-License-Identifier: Apache-2.0
function(glean_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  # g++ 12 reports -Wrestrict for `"literal" + std::string` inside libstdc++ (GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()
