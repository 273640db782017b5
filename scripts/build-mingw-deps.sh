#!/usr/bin/env bash
# build-mingw-deps.sh [PREFIX]
#
# Prepares everything needed to cross-build OpenCFStream for Windows x86_64
# with mingw-w64 and to run its tests under Wine, using Debian packages only:
#
#   1. installs the Debian packages (mingw-w64 posix toolchain, wine, dpkg-dev,
#      googletest, cmake) when missing -- needs root;
#   2. makes sure a deb-src entry exists so `apt-get source` works;
#   3. builds a static OpenSSL for mingw64 from Debian's own openssl source
#      package and installs it (headers, libssl.a, libcrypto.a, .pc files)
#      into PREFIX;
#   4. initialises a Wine prefix once (`wineboot -i`, ~10-15 s, ~700 MB), so
#      no build/test step pays Wine's first-start cost: gtest_discover_tests
#      runs each test .exe under Wine right after linking with a 5 s default
#      timeout, and a fresh prefix makes that fail.
#
# Idempotent and cached: when PREFIX/lib/libssl.a and the stamp file exist the
# OpenSSL build is skipped; the Wine prefix carries its own stamp.
#
# Default PREFIX:
#   ${OCFS_DEPS_CACHE:-$HOME/.cache/opencfstream}/mingw64-openssl-<debian source version>
# so a Debian security update of openssl yields a fresh prefix automatically.
#
# GoogleTest is NOT pre-built here: the project builds it from
# /usr/src/googletest (Debian package `googletest`) with add_subdirectory(),
# using the same toolchain. This script only checks that the sources exist.
#
# Wine environment (also used by scripts/test-windows.sh):
#   WINEDEBUG=-all      silences Wine's fixme/err chatter (and Debian's
#                       "wine32 is missing" hint) in test output
#   WINEPREFIX          defaults to ${OCFS_DEPS_CACHE:-$HOME/.cache/opencfstream}/wineprefix
#   WINEDLLOVERRIDES    mscoree,mshtml disabled so wineboot never tries to
#                       offer the Mono/Gecko installers (no network here)
#
# Output: progress goes to stderr; the LAST line of stdout is the prefix, so
#   prefix=$(scripts/build-mingw-deps.sh | tail -n1)
# works for callers.
set -euo pipefail

log() { printf '[build-mingw-deps] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

CACHE_ROOT=${OCFS_DEPS_CACHE:-$HOME/.cache/opencfstream}
JOBS=${OCFS_JOBS:-2}
TRIPLE=x86_64-w64-mingw32

# Debian 12 (bookworm) package names.
#  g++-mingw-w64-x86-64-posix  -> x86_64-w64-mingw32-{gcc,g++}-posix (+ binutils,
#                                 mingw-w64-x86-64-dev headers/CRT, winpthread)
#  wine + wine64               -> /usr/bin/wine wrapper, wineboot, wineserver and
#                                 the 64-bit loader /usr/lib/wine/wine64
#  dpkg-dev                    -> dpkg-source (also pulls make, patch, perl, xz)
#  googletest                  -> /usr/src/googletest
#  cmake                       -> for scripts/test-windows.sh
REQUIRED_PKGS=(g++-mingw-w64-x86-64-posix wine wine64 dpkg-dev googletest cmake)

is_root() { [ "$(id -u)" -eq 0 ]; }

APT_UPDATED=0
apt_update_once() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        apt-get update >&2
        APT_UPDATED=1
    fi
}

# ---------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------
missing_pkgs() {
    local p
    for p in "${REQUIRED_PKGS[@]}"; do
        # dpkg-query prints "install ok installed" only for fully installed ones.
        if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
            printf '%s ' "$p"
        fi
    done
}

ensure_packages() {
    local missing
    missing=$(missing_pkgs)
    [ -z "$missing" ] && return 0
    # --no-install-recommends: wine's Recommends pull in ~100 extra packages
    # (fonts, gstreamer, wine32 which needs i386 multiarch) that we don't need.
    local cmd="apt-get install -y --no-install-recommends $missing"
    if ! is_root; then
        log "missing Debian packages: $missing"
        log "run as root:  apt-get update && $cmd"
        exit 1
    fi
    log "installing: $missing"
    # A fresh machine may have empty package lists; update first in that case.
    if ! apt-cache show g++-mingw-w64-x86-64-posix >/dev/null 2>&1; then
        apt_update_once
    fi
    DEBIAN_FRONTEND=noninteractive $cmd >&2 || {
        apt_update_once
        DEBIAN_FRONTEND=noninteractive $cmd >&2
    }
}

# ---------------------------------------------------------------------------
# 2. deb-src entry (needed by `apt-get source`)
# ---------------------------------------------------------------------------
have_openssl_src() {
    # No `grep -q` here: it exits early, apt-cache gets SIGPIPE and pipefail
    # turns that into a failure.
    apt-cache showsrc openssl 2>/dev/null | grep '^Package: openssl$' >/dev/null
}

ensure_deb_src() {
    have_openssl_src && return 0
    local dst
    if ! grep -rqs '^[[:space:]]*deb-src\|^Types:.*deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        is_root || die "no deb-src entry in APT sources; as root add one (see $0) and run apt-get update"
        if [ -f /etc/apt/sources.list.d/debian.sources ]; then
            # Debian 12 default: deb822 file. Mirror its stanzas as deb-src in a
            # separate file instead of editing the system file.
            dst=/etc/apt/sources.list.d/opencfstream-deb-src.sources
            sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$dst"
        elif [ -f /etc/apt/sources.list ]; then
            # Legacy one-line format.
            dst=/etc/apt/sources.list.d/opencfstream-deb-src.list
            sed -nE 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list >"$dst"
        else
            die "cannot find APT sources to derive a deb-src entry from"
        fi
        log "added deb-src entries in $dst"
    fi
    is_root || die "deb-src configured but openssl source unknown; run apt-get update as root"
    apt_update_once
    have_openssl_src || die "openssl source package still not available after apt-get update"
}

# All openssl source versions APT knows about, newest first (Debian ordering).
openssl_src_versions() {
    local v sorted=() i j tmp
    while read -r v; do sorted+=("$v"); done < <(
        apt-cache showsrc --only-source openssl 2>/dev/null | sed -n 's/^Version: //p' | sort -u)
    # Insertion sort with dpkg's comparator (`sort -V` gets '~' wrong).
    for ((i = 1; i < ${#sorted[@]}; i++)); do
        for ((j = i; j > 0; j--)); do
            if dpkg --compare-versions "${sorted[j]}" gt "${sorted[j - 1]}"; then
                tmp=${sorted[j]}; sorted[j]=${sorted[j - 1]}; sorted[j - 1]=$tmp
            else
                break
            fi
        done
    done
    printf '%s\n' "${sorted[@]}"
}

prefix_for_version() {
    # '~' and ':' are legal but awkward in paths; keep the directory name plain.
    printf '%s/mingw64-openssl-%s' "$CACHE_ROOT" "$(printf '%s' "$1" | tr '~:' '__')"
}

is_built() {
    [ -f "$1/lib/libssl.a" ] && [ -f "$1/lib/libcrypto.a" ] && [ -f "$1/.ocfs-openssl-stamp" ]
}

# ---------------------------------------------------------------------------
# 3. OpenSSL for mingw64 (static)
# ---------------------------------------------------------------------------
WORK=""
cleanup() { if [ -n "$WORK" ]; then rm -rf "$WORK"; fi; }

# fetch_openssl_source VERSION -> extracts into $WORK/src; non-zero if the
# mirror doesn't have that version's files.
fetch_openssl_source() {
    local version=$1
    rm -rf "$WORK/dl" "$WORK/src"
    mkdir -p "$WORK/dl"
    # apt-get drops privileges to the _apt user for downloads; let it write
    # here (otherwise it falls back to an unsandboxed download with a warning).
    chmod 0777 "$WORK" "$WORK/dl"
    log "downloading Debian source openssl=$version"
    (cd "$WORK/dl" && apt-get source --download-only -qq "openssl=$version" >&2) || return 1
    log "extracting (dpkg-source -x; applies the Debian patches)"
    # --no-check: the .dsc signature can't be verified without debian-keyring;
    # apt already checked the files' hashes against the signed Sources index.
    (cd "$WORK/dl" && dpkg-source --no-check -x "openssl_${version}.dsc" "$WORK/src" >/dev/null)
}

# build_openssl PREFIX VERSION  (source already extracted in $WORK/src)
build_openssl() {
    local prefix=$1 version=$2
    command -v "$TRIPLE-gcc-posix" >/dev/null || die "$TRIPLE-gcc-posix not found"

    # Start from an empty prefix so a half-finished earlier run can't leak in.
    rm -rf "$prefix"
    mkdir -p "$prefix"

    local blog=$WORK/build.log
    log "configuring + building OpenSSL $version for mingw64 (make -j$JOBS, ~2-4 min on 2 cores)"
    (
        cd "$WORK/src"
        # Upstream's mingw64 target (Debian's patches only add Linux targets).
        # CC gets the cross prefix prepended -> x86_64-w64-mingw32-gcc-posix,
        # the same compiler the project uses (OpenSSL itself uses Win32
        # threads, so either thread model would do).
        # no-shared: static libs only; no-module: providers (incl. legacy) go
        # into libcrypto instead of .dll modules; no-tests: skip test programs.
        CC=gcc-posix ./Configure mingw64 --cross-compile-prefix="$TRIPLE-" \
            no-shared no-tests no-module \
            --prefix="$prefix" --libdir=lib
        make -j"$JOBS" build_libs
        make install_dev
    ) >"$blog" 2>&1 || {
        tail -n 40 "$blog" >&2
        rm -rf "$prefix"   # a failed build must never look cached
        die "OpenSSL build failed (log above)"
    }
    [ -f "$prefix/lib/libssl.a" ] || die "install_dev did not produce $prefix/lib/libssl.a"

    # The stamp marks the prefix as complete and records what went into it.
    {
        echo "openssl-debian-source=$version"
        echo "compiler=$("$TRIPLE-gcc-posix" --version | head -n1)"
        echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        # Windows system libraries a static link of libcrypto needs.
        echo "libs-private=$(sed -nE 's/^Libs.private: *//p' "$prefix/lib/pkgconfig/libcrypto.pc")"
    } >"$prefix/.ocfs-openssl-stamp"
    log "OpenSSL installed into $prefix"
}

# ensure_openssl [PREFIX] -> prints the prefix that holds a complete build.
ensure_openssl() {
    local explicit=${1:-} v prefix marker versions=()
    if [ -n "$explicit" ] && is_built "$explicit"; then
        log "OpenSSL already built in $explicit (stamp present), skipping"
        printf '%s\n' "$explicit"
        return 0
    fi
    ensure_deb_src
    if [ -n "${OCFS_OPENSSL_VERSION:-}" ]; then
        versions=("$OCFS_OPENSSL_VERSION")
    else
        while read -r v; do versions+=("$v"); done < <(openssl_src_versions)
    fi
    [ "${#versions[@]}" -gt 0 ] || die "no openssl source versions known to APT"

    # Newest first. A Debian mirror/proxy can list a version in its Sources
    # index whose files it doesn't (yet) serve -- seen here with a fresh
    # bookworm-security upload returning 404 -- so fall back to older ones.
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/ocfs-openssl.XXXXXX")
    # Set here, not globally: this function runs in a $(...) subshell, and
    # subshells don't inherit EXIT traps.
    trap cleanup EXIT
    for v in "${versions[@]}"; do
        prefix=${explicit:-$(prefix_for_version "$v")}
        if is_built "$prefix"; then
            log "OpenSSL $v already built in $prefix (stamp present), skipping"
            printf '%s\n' "$prefix"
            return 0
        fi
        # Remember unavailable versions for a day so warm runs don't re-download
        # the (available) .orig tarball just to hit the 404 again.
        marker=$CACHE_ROOT/openssl-unavailable/$v
        if [ -n "$(find "$marker" -mmin -1440 2>/dev/null)" ]; then
            log "openssl=$v was not downloadable within the last day, skipping it"
            continue
        fi
        if fetch_openssl_source "$v"; then
            rm -f "$marker"
            build_openssl "$prefix" "$v"
            printf '%s\n' "$prefix"
            return 0
        fi
        mkdir -p "${marker%/*}" && touch "$marker"
        log "openssl=$v could not be downloaded, trying the next older version"
    done
    die "none of the openssl source versions could be downloaded: ${versions[*]}"
}

# ---------------------------------------------------------------------------
# 4. Wine prefix
# ---------------------------------------------------------------------------
init_wine() {
    export WINEDEBUG=${WINEDEBUG:--all}
    export WINEPREFIX=${WINEPREFIX:-$CACHE_ROOT/wineprefix}
    export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
    local stamp=$WINEPREFIX/.ocfs-wineboot-stamp
    if [ -f "$stamp" ] && [ -f "$WINEPREFIX/system.reg" ]; then
        log "Wine prefix $WINEPREFIX already initialised"
        return 0
    fi
    command -v wineboot >/dev/null || die "wineboot not found (package wine)"
    mkdir -p "$(dirname "$WINEPREFIX")"
    log "initialising Wine prefix $WINEPREFIX (one-off, ~10-15 s)"
    # "failed to open ... syswow64\rundll32.exe" is expected: only 64-bit Wine
    # is installed (wine32 would need i386 multiarch) and we only run x64 .exe.
    wineboot -i >&2 || die "wineboot -i failed"
    # wineboot returns before wineserver has flushed the registry to disk;
    # wait for it so the prefix is complete before we stamp it.
    wineserver -w
    touch "$stamp"
}

# ---------------------------------------------------------------------------
main() {
    ensure_packages

    [ -f /usr/src/googletest/CMakeLists.txt ] \
        || die "/usr/src/googletest/CMakeLists.txt missing (package googletest)"

    mkdir -p "$CACHE_ROOT"
    # Serialise concurrent runs (e.g. two checkouts sharing the cache).
    exec 9>"$CACHE_ROOT/.build-mingw-deps.lock"
    flock 9

    local prefix
    prefix=$(ensure_openssl "${1:-}")

    init_wine

    printf '%s\n' "$prefix"
}

main "$@"
