# glean/tests/sdk/check_headers.cmake - checks the text of the plugin SDK headers
# SPDX-License-Identifier: Apache-2.0
#
#   cmake -DHEADERS="a.hpp;b.hpp" -P check_headers.cmake
#
# Each header must: start with "// glean/<path> - purpose" and the SPDX line; include only the
# standard library, other glean/ headers, <boost/config.hpp>, <boost/dll/alias.hpp>, spdlog, the
# POSIX <unistd.h> and <fcntl.h>, and <emmintrin.h> (the compiler's SSE2 intrinsics, for json.hpp's
# escaper: a toolchain header, not a dependency) (so never toml++ or PCRE2); use no toml++ or PCRE2
# names; and put a /// comment before every type, free function, alias and public macro it defines
# at namespace scope.
# Prints one "file:line: problem" per fault and fails when there is any.
cmake_minimum_required(VERSION 3.25)
if(NOT HEADERS)
  message(FATAL_ERROR "check_headers.cmake: pass -DHEADERS=<files>")
endif()

set(faults 0)
function(fault file line text)
  message("${file}:${line}: ${text}")
  math(EXPR n "${faults} + 1")
  set(faults ${n} PARENT_SCOPE)
endfunction()

foreach(header IN LISTS HEADERS)
  if(NOT header)
    continue()
  endif()
  get_filename_component(base ${header} NAME)
  file(READ ${header} content)
  # Split into lines, keeping empty ones; ';' and brackets would confuse CMake's list handling.
  string(REPLACE ";" "<semicolon>" content "${content}")
  string(REPLACE "[" "<lbracket>" content "${content}")
  string(REPLACE "]" "<rbracket>" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")

  set(n 0)
  set(previous "")
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    if(n EQUAL 1 AND NOT line MATCHES "^// glean/.*${base} - .")
      fault(${header} 1 "the first line must be the file header '// glean/<path> - purpose'")
    endif()
    if(n EQUAL 2 AND NOT line MATCHES "^// SPDX-License-Identifier: ")
      fault(${header} 2 "the second line must be the SPDX line")
    endif()

    if(line MATCHES "^#include ([<\"][^>\"]*[>\"])")
      set(inc "${CMAKE_MATCH_1}")
      if(NOT (inc MATCHES "^<[a-z_0-9]+>$" OR inc MATCHES "^\"glean/[a-z_]+\\.hpp\"$" OR
              inc STREQUAL "<boost/config.hpp>" OR inc STREQUAL "<boost/dll/alias.hpp>" OR
              inc MATCHES "^<spdlog/" OR inc STREQUAL "<unistd.h>" OR inc STREQUAL "<fcntl.h>" OR
              inc STREQUAL "<emmintrin.h>"))
        fault(${header} ${n} "includes ${inc}; SDK headers may include only the standard library, glean/, boost/config.hpp, boost/dll/alias.hpp, spdlog, POSIX unistd.h/fcntl.h and emmintrin.h")
      endif()
    endif()

    # Code only: what precedes a // comment (include lines were checked above).
    string(REGEX REPLACE "//.*$" "" code "${line}")
    if(NOT line MATCHES "^#include" AND code MATCHES "toml::|toml\\+\\+|pcre2_|PCRE2_")
      fault(${header} ${n} "uses toml++ or PCRE2 names; the SDK must not depend on them")
    endif()

    # Namespace-scope declarations (glean's headers do not indent namespace bodies).
    set(what "")
    if(line MATCHES "<semicolon>[ ]*$")
      # a forward declaration or a one-line statement: nothing to document here
    elseif(line MATCHES "^(extern \"C\" )?(class|struct|enum class|enum|union) ([A-Za-z_0-9]+)")
      set(what "${CMAKE_MATCH_2} ${CMAKE_MATCH_3}")
    elseif(line MATCHES "^using ([A-Za-z_0-9]+) =")
      set(what "using ${CMAKE_MATCH_1}")
    elseif(line MATCHES "^(inline |constexpr )+[^(]* ([A-Za-z_0-9]+)\\(")
      set(what "function ${CMAKE_MATCH_2}")
    elseif(line MATCHES "^#define (GLEAN_[A-Z0-9_]*[A-Z0-9])[ (]")
      set(what "macro ${CMAKE_MATCH_1}")
    endif()
    if(what AND NOT previous MATCHES "///")
      fault(${header} ${n} "'${what}' has no /// comment")
    endif()

    # The line a declaration's comment must be on: skip template heads and #ifndef guards, and
    # let one comment document a group of consecutive #defines.
    if(line MATCHES "^#define " AND previous MATCHES "///")
      # keep the group's comment
    elseif(NOT line MATCHES "^template <" AND NOT line MATCHES "^#ifndef ")
      set(previous "${line}")
    endif()
  endforeach()
endforeach()

if(faults GREATER 0)
  message(FATAL_ERROR "${faults} problem(s) in the SDK headers")
endif()
list(LENGTH HEADERS count)
message("${count} SDK header(s) checked: clean")
