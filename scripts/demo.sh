#!/usr/bin/env bash
# Builds mig and walks through the everyday migration workflow on SQLite in a temporary git
# repository, printing each command and its output.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MIG_BUILD_DIR="${MIG_BUILD_DIR:-$root/build}"
bash "$root/scripts/build.sh" >/dev/null
mig="$MIG_BUILD_DIR/mig"

work="$(mktemp -d "${TMPDIR:-/tmp}/mig-demo-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

step() { printf '\n\033[1m# %s\033[0m\n' "$*"; }
note() { printf '\033[2m# %s\033[0m\n' "$*"; }
run() {
  local shown_args=() arg
  for arg in "$@"; do
    [[ "$arg" =~ [[:space:]\"\'\;\(\)] ]] && arg="'${arg//\'/\'\\\'\'}'"
    shown_args+=("$arg")
  done
  printf '$ %s\n' "${shown_args[*]}"
  local shown=("$@")
  [[ "${shown[0]}" == mig ]] && shown[0]="$mig"
  "${shown[@]}" 2>&1 | sed 's/^/  /' || true
}
# Fills the upgrade and downgrade sections of revision $1, as a developer would in an editor.
fill_revision() {
  local file upgrade="$2" downgrade="$3"
  file="$(echo migrations/versions/"$1"_*.sql)"
  awk -v up="$upgrade" -v down="$downgrade" '
    /^-- mig:upgrade/ { print; print up; next }
    /^-- mig:downgrade/ { print; print down; next }
    { print }' "$file" >"$file.new"
  mv "$file.new" "$file"
}

step "A new project in a git repository"
run git init -q -b main .
git config user.email demo@example.com; git config user.name "mig demo"
run mig init
run cat mig.toml

step "First revision: the user table"
run mig revision -m "Create user table" --rev-id 9a8b7c6d5e4f
fill_revision 9a8b7c6d5e4f 'CREATE TABLE "user" (id INTEGER PRIMARY KEY, name TEXT NOT NULL);' 'DROP TABLE "user";'
run cat migrations/versions/9a8b7c6d5e4f_create_user_table.sql
run git add -A
run git commit -qm "Create user table"
run mig upgrade
run mig current
run sqlite3 app.db "INSERT INTO \"user\"(name) VALUES ('ada'), ('grace');"

step "Second revision: an age column"
run mig revision -m "Add age column to user model" --rev-id 3f2a9c1d7b4e
fill_revision 3f2a9c1d7b4e 'ALTER TABLE "user" ADD COLUMN age INTEGER;' 'ALTER TABLE "user" DROP COLUMN age;'
run git add -A
run git commit -qm "Add age column to user model"
run mig upgrade --sql 9a8b7c6d5e4f:head
run mig upgrade
run mig history
run sqlite3 app.db "SELECT revision, direction, substr(git_commit, 1, 12) FROM mig_history;"

step "Undo the last revision (mig backs the database up first), then apply it again"
run mig downgrade
run mig current
run mig backups
run sqlite3 app.db "SELECT name FROM \"user\";"
run mig upgrade

step "Two developers each add a revision: two heads, then a merge"
run mig revision -m "Add email" --rev-id b1e2a3d4c5f6
fill_revision b1e2a3d4c5f6 'ALTER TABLE "user" ADD COLUMN email TEXT;' 'ALTER TABLE "user" DROP COLUMN email;'
run mig revision -m "Add login table" --head 9a8b7c6d5e4f --rev-id c0ffee000001
fill_revision c0ffee000001 'CREATE TABLE login (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES "user"(id));' 'DROP TABLE login;'
run mig heads
note "mig refuses to upgrade from revision files that no commit records (exit 3):"
run mig upgrade
note "join the two heads with a merge revision, commit, then upgrade:"
run mig merge -m "Merge email and login" heads --rev-id d00d00000001
run mig branches
run git add -A
run git commit -qm "Email, login and their merge"
run mig upgrade
run mig current
run mig history -r 9a8b7c6d5e4f:head

step "Back to base and up again in one go"
run mig downgrade base
run mig upgrade heads
run mig current
step "Autogenerate: the model is declarative DDL, and mig migrate writes the revision"
note "write the model (here: the schema the migrations built), then check that it agrees:"
sqlite3 app.db "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'mig_%' AND name NOT LIKE 'sqlite_%'" >models/schema.sql
run mig check
note "change the model: users get a bio; check now names the difference (exit 1):"
sed -i 's/email TEXT)/email TEXT, bio TEXT)/' models/schema.sql
run mig check
note "stage the model alone: check --staged (the pre-commit check) sees what a commit would record:"
run git add models
run mig check --staged
run mig migrate -m "Add bio to user" --rev-id e1e1e1e1e1e1
run cat migrations/versions/e1e1e1e1e1e1_add_bio_to_user.sql
run git add -A
run mig check --staged
run git commit -qm "Add bio to user"
run mig upgrade
run mig check --db
note "someone changes the database by hand: check --db names the drift (exit 1):"
run sqlite3 app.db "CREATE INDEX ix_user_bio ON user (bio)"
run mig check --db
printf '\nDemo finished: every step above ran against %s/app.db.\n' "$work"
