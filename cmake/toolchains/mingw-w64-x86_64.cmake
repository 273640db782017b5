# CMake toolchain file: cross-compile for Windows x86_64 with mingw-w64 (Debian
# package g++-mingw-w64-x86-64-posix) and run the resulting .exe files under
# Wine (packages wine + wine64).
#
#   cmake -S . -B build-mingw \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/mingw-w64-x86_64.cmake \
#         -DOCFS_MINGW_DEPS_PREFIX=$(scripts/build-mingw-deps.sh | tail -n1)
#
# OCFS_MINGW_DEPS_PREFIX (cache variable, or environment variable of the same
# name) points at the static OpenSSL built by scripts/build-mingw-deps.sh; it is
# searched before the mingw sysroot, so find_package(OpenSSL) finds it.
#
# Everything is linked statically (libgcc, libstdc++, winpthread), so test
# executables need no DLLs next to them under Wine.
#
# ctest runs the tests through CMAKE_CROSSCOMPILING_EMULATOR (wine). Export
# WINEDEBUG=-all (quiet) and a WINEPREFIX that has already been initialised
# (scripts/build-mingw-deps.sh does both) -- see scripts/test-windows.sh.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(OCFS_MINGW_TRIPLE x86_64-w64-mingw32)

# The "-posix" compilers use the winpthreads thread model, which std::thread,
# std::mutex, std::condition_variable etc. need. The default "-win32" variants
# in Debian 12 (GCC 12) have no std::thread.
set(CMAKE_C_COMPILER   ${OCFS_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${OCFS_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER  ${OCFS_MINGW_TRIPLE}-windres)

# --- where to find target libraries ------------------------------------------
# The toolchain file is read again for every try_compile() project; cache
# variables given on the command line are not visible there, so mirror the
# value into the environment (inherited by those nested runs) and also list it
# in CMAKE_TRY_COMPILE_PLATFORM_VARIABLES.
if(NOT OCFS_MINGW_DEPS_PREFIX AND DEFINED ENV{OCFS_MINGW_DEPS_PREFIX})
  set(OCFS_MINGW_DEPS_PREFIX "$ENV{OCFS_MINGW_DEPS_PREFIX}")
endif()
set(OCFS_MINGW_DEPS_PREFIX "${OCFS_MINGW_DEPS_PREFIX}" CACHE PATH
    "Prefix with mingw-w64 builds of dependencies (static OpenSSL), from scripts/build-mingw-deps.sh")
if(OCFS_MINGW_DEPS_PREFIX)
  set(ENV{OCFS_MINGW_DEPS_PREFIX} "${OCFS_MINGW_DEPS_PREFIX}")
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES OCFS_MINGW_DEPS_PREFIX)

set(CMAKE_FIND_ROOT_PATH /usr/${OCFS_MINGW_TRIPLE})
if(OCFS_MINGW_DEPS_PREFIX)
  list(PREPEND CMAKE_FIND_ROOT_PATH "${OCFS_MINGW_DEPS_PREFIX}")
  list(PREPEND CMAKE_PREFIX_PATH    "${OCFS_MINGW_DEPS_PREFIX}")
  # FindOpenSSL honours this hint first; the deps prefix has only .a files.
  if(NOT DEFINED OPENSSL_ROOT_DIR)
    set(OPENSSL_ROOT_DIR "${OCFS_MINGW_DEPS_PREFIX}")
  endif()
endif()
list(REMOVE_DUPLICATES CMAKE_FIND_ROOT_PATH)

# The deps prefix holds only a static OpenSSL. With this set, FindOpenSSL also
# adds ws2_32 + crypt32 to OpenSSL::Crypto's link interface (gdi32, the third
# library OpenSSL's libcrypto.pc lists, is in CMake's default Windows libs).
if(NOT DEFINED OPENSSL_USE_STATIC_LIBS)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
endif()

# Build tools (programs) come from the host; libraries, headers and CMake
# package configs only from the target roots above. Packages must be ONLY, not
# BOTH: Debian's host libgtest-dev (and others) install ELF package configs in
# /usr/lib/x86_64-linux-gnu/cmake that would otherwise be picked up and fail
# to link into a PE executable.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# --- static runtime ----------------------------------------------------------
# -static pulls in libgcc, libstdc++ and libwinpthread as static archives, so
# the .exe only depends on system DLLs (KERNEL32, msvcrt, ws2_32, ...).
# (For DLLs too: -shared -static still yields a DLL, just without
# libgcc_s/libstdc++/libwinpthread DLL dependencies.)
set(CMAKE_EXE_LINKER_FLAGS_INIT    "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")

# --- running target executables ---------------------------------------------
# Debian 12 ships the 64-bit loader as /usr/lib/wine/wine64 (not on PATH) and a
# /usr/bin/wine wrapper that picks it when wine32 is absent; other distros put
# wine64 on PATH. Prefer wine64 (no "wine32 is missing" hint on stderr).
if(NOT CMAKE_CROSSCOMPILING_EMULATOR)
  find_program(OCFS_WINE_EXECUTABLE
    NAMES wine64 wine
    PATHS /usr/lib/wine /usr/lib64/wine /opt/wine-stable/bin
    DOC "Wine loader used to run Windows test executables")
  if(OCFS_WINE_EXECUTABLE)
    set(CMAKE_CROSSCOMPILING_EMULATOR "${OCFS_WINE_EXECUTABLE}")
  else()
    message(WARNING "wine not found: Windows test executables cannot be run "
                    "(apt-get install --no-install-recommends wine wine64)")
  endif()
endif()
