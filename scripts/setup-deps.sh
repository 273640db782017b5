#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need. As root it runs apt-get; otherwise it
# prints the exact apt-get line to run and fails if anything is missing.
#
#   scripts/setup-deps.sh            build (the demo needs nothing more)
#   scripts/setup-deps.sh --tests    also GoogleTest and the real peers the tests start
#   scripts/setup-deps.sh --bench    also Google Benchmark
#
# The peer tests (tests/peers, ctest label "peers", part of the default run) start real servers
# on 127.0.0.1 themselves: nginx, tinyproxy, microsocks and aiosmtpd (run with /usr/bin/python3).
set -euo pipefail

packages=(g++ cmake ninja-build make pkg-config libssl-dev)
for arg in "$@"; do
  case "$arg" in
    --tests) packages+=(googletest libgtest-dev openssl nginx tinyproxy microsocks python3-aiosmtpd) ;;
    --bench) packages+=(libbenchmark-dev) ;;
    *) echo "setup-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages. Run as root:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive

# Installing nginx or tinyproxy would start their system services (nginx on port 80), which the
# tests do not use. A policy-rc.d answering 101 ("action forbidden") stops that while apt-get
# runs. Created only if there is none (noclobber makes the check and the creation one step), and
# then removed afterwards; an existing one is never touched.
policy_rc_d=/usr/sbin/policy-rc.d
if (set -C; printf '#!/bin/sh\nexit 101\n' >"$policy_rc_d") 2>/dev/null; then
  chmod 755 "$policy_rc_d"
  trap 'rm -f "$policy_rc_d"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
fi

$line >&2 || { apt-get update >&2 && $line >&2; }
