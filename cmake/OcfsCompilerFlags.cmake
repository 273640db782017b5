# Warnings and sanitizers, applied through an interface target so that only the project's own
# code (library, tests, examples) gets them, never a consumer.
add_library(ocfs_build_flags INTERFACE)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(ocfs_build_flags INTERFACE -Wall -Wextra -Wshadow
                                                    $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>
                                                    $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes>)
  if(OCFS_WERROR)
    target_compile_options(ocfs_build_flags INTERFACE -Werror)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 at -O3 reports impossible overlaps inside std::string::operator+ (GCC bug 105651).
    target_compile_options(ocfs_build_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
  endif()
elseif(MSVC)
  target_compile_options(ocfs_build_flags INTERFACE /W4 $<$<BOOL:${OCFS_WERROR}>:/WX>)
endif()

if(OCFS_SANITIZER)
  if(NOT OCFS_SANITIZER MATCHES "^(address,undefined|address|undefined|thread)$")
    message(FATAL_ERROR "OCFS_SANITIZER must be 'address,undefined' or 'thread'")
  endif()
  # Sanitize everything in the build, GoogleTest included, so containers agree on instrumentation.
  add_compile_options(-fsanitize=${OCFS_SANITIZER} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${OCFS_SANITIZER})
endif()
