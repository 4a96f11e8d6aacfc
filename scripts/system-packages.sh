#!/usr/bin/env bash
# Debian packages the tests need that a fresh machine lacks: a real Docker
# registry with htpasswd auth, for the mock's test-connection tests.
# `make test` runs this; it installs only what is missing.
set -euo pipefail
# package -> the command the tests run from it
declare -A COMMANDS=([docker-registry]=docker-registry [apache2-utils]=htpasswd)
missing=()
for package in "${!COMMANDS[@]}"; do
  command -v "${COMMANDS[$package]}" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "the test-connection tests need Debian's ${missing[*]}: install them (apt-get install ${missing[*]}) or run make test as root" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
