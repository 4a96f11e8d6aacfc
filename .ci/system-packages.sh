#!/usr/bin/env bash
# Debian packages the tests need that a fresh machine lacks: a real Docker
# registry (with htpasswd auth) for the mock's test-connection tests.
set -euo pipefail
PACKAGES=(docker-registry apache2-utils)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
