# glean/cmake/GleanWarnings.cmake - one warning set for every glean target
# SPDX-License-Identifier: Apache-2.0
function(glean_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
endfunction()
