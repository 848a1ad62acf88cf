#!/usr/bin/env bash
# Installs the Debian packages mig needs to build, test and run its demo. Idempotent: when
# everything is installed already it only checks and returns.
set -euo pipefail

# postgresql: the server that scripts/pg-server.sh starts for the tests. python3-alembic: `mig import
# --from alembic` and its tests.
packages=(
  g++ cmake ninja-build pkg-config git sqlite3
  libgit2-dev libsqlitecpp-dev libsqlite3-dev libcli11-dev libspdlog-dev libtomlplusplus-dev
  nlohmann-json3-dev
  libpq-dev postgresql nettle-dev libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-flask-sqlalchemy python3-alembic
  sqitch libdbd-pg-perl       # `mig import --from sqitch` checked against sqitch itself
  zsh fish man-db groff-base  # the completion and man page tests load each shell and man
  dpkg-dev                    # dpkg-shlibdeps: the .deb's Depends (scripts/test-deb.sh)
)
# The checking machinery of CI: sanitizers (g++'s, already here), libFuzzer and clang-tidy.
if [[ "${MIG_WITH_CHECK_TOOLS:-0}" == 1 ]]; then
  packages+=(clang-14 libclang-rt-14-dev libfuzzer-14-dev clang-tidy-14)
fi
if [[ "${MIG_WITH_BENCH_TOOLS:-0}" == 1 ]]; then
  packages+=(hyperfine valgrind)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
