#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, then runs the format
# check, clippy and every test. Safe to run again: installed tools are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v git >/dev/null 2>&1 || need_apt+=(git)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "test.sh: installing pre-commit with pip"
  python3 -m pip install --quiet --disable-pip-version-check pre-commit
fi

rustup component add rustfmt clippy >/dev/null 2>&1 || true

cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked
