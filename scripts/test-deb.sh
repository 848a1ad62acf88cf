#!/usr/bin/env bash
# Builds the Debian package with cpack from a configured build folder, checks that it depends on
# Debian's library packages, unpacks it into an empty root (dpkg -x: no maintainer scripts, no
# system touched) and runs the installed mig there: --version, the man page, the completions,
# and the demo's first steps (init, a model, migrate, commit, upgrade).
#   bash scripts/test-deb.sh [BUILD_DIR]      (default: build, or $MIG_BUILD_DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-${MIG_BUILD_DIR:-$root/build}}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "test-deb: $*" >&2
  exit 1
}

cmake --build "$build" --target mig mig_man_page_and_completions >/dev/null
if ! (cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1); then
  cat "$work/cpack.log" >&2
  fail "cpack failed"
fi
deb=$(ls "$work"/out/mig_*.deb)
echo "test-deb: built $(basename "$deb")"

depends=$(dpkg-deb --field "$deb" Depends)
echo "test-deb: Depends: $depends"
for package in libsqlite3-0 libnettle8 libgit2- libpq5 libstdc++6; do
  [[ $depends == *"$package"* ]] || fail "Depends lacks $package"
done

dpkg -x "$deb" "$work/root"
mig="$work/root/usr/bin/mig"
version=$("$mig" --version)
[[ $version == "mig "* ]] || fail "mig --version printed '$version'"
echo "test-deb: $version"
for file in usr/share/man/man1/mig.1 usr/share/bash-completion/completions/mig \
  usr/share/zsh/vendor-completions/_mig usr/share/fish/vendor_completions.d/mig.fish \
  usr/share/mig/script.sql.tmpl usr/share/mig/hooks/pre-commit.sh; do
  [[ -s "$work/root/$file" ]] || fail "the package lacks /$file"
done
man -l "$work/root/usr/share/man/man1/mig.1" >/dev/null 2>&1 || fail "man -l cannot show mig.1"

# The demo's first steps with the installed binary, in a fresh repository.
project="$work/project"
mkdir -p "$project/models"
cd "$project"
git init -q
git config user.email demo@example.invalid
git config user.name demo
"$mig" init -q --database-url sqlite:///app.db >/dev/null
printf 'CREATE TABLE "user" (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n' >models/schema.sql
"$mig" migrate -q -m "users table" --rev-id 000000000001 >/dev/null
git add -A
git commit -q -m "users table"
"$mig" upgrade -q
[[ $("$mig" current) == 000000000001 ]] || fail "the database is not at the new revision"
"$mig" check -q || fail "mig check found a difference after the upgrade"
echo "test-deb: the unpacked package runs the demo's first steps"
