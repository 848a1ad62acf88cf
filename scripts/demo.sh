#!/usr/bin/env bash
# Builds mig (only the binary) and walks through the everyday migration workflow in a temporary
# git repository, printing each command and its output, as the Flask-Migrate tutorials do it:
# model first, generate the revision, review, commit, upgrade; then a change that turns out to
# be a mistake is rolled back, database and code together. With Debian's python3-flask-sqlalchemy
# installed the model is a Flask-SQLAlchemy class (docs/recipes/flask); without it, plain DDL.
# Part 2 tours branches, merges, offline SQL and drift.
#   bash scripts/demo.sh          both parts
#   bash scripts/demo.sh --short  part 1 only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# MIG_DEMO_BINARY: run that mig instead of building one (the demo's own test does this).
if [[ -n "${MIG_DEMO_BINARY:-}" ]]; then
  bin_dir="$(cd "$(dirname "$MIG_DEMO_BINARY")" && pwd)"
  [[ "$(basename "$MIG_DEMO_BINARY")" == mig ]] || { echo "MIG_DEMO_BINARY must name a file called mig" >&2; exit 2; }
else
  export MIG_BUILD_DIR="${MIG_BUILD_DIR:-$root/build}"
  bash "$root/scripts/build.sh" --target mig >/dev/null
  bin_dir="$MIG_BUILD_DIR"
fi
export PATH="$bin_dir:$PATH" # `run mig` and the hooks mig installs use this binary
part_two=true
[[ "${1:-}" == --short ]] && part_two=false

work="$(mktemp -d "${TMPDIR:-/tmp}/mig-demo-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
export GIT_AUTHOR_NAME="mig demo" GIT_AUTHOR_EMAIL=demo@example.com
export GIT_COMMITTER_NAME="mig demo" GIT_COMMITTER_EMAIL=demo@example.com

bold=$'\033[1m' dim=$'\033[2m' plain=$'\033[0m'
[[ -t 1 && -z "${NO_COLOR:-}" ]] || bold='' dim='' plain=''
step() { printf '\n%s## %s%s\n' "$bold" "$*" "$plain"; }
note() { printf '%s# %s%s\n' "$dim" "$*" "$plain"; }
# Prints the command as typed, runs it, indents its output, and shows a non-zero exit code
# (the demo shows refusals on purpose, so they do not stop it).
run() {
  local shown=() arg status=0
  for arg in "$@"; do
    if [[ "$arg" == *\'* && ! "$arg" =~ [\"\$\`\\] ]]; then
      arg="\"$arg\""
    elif [[ "$arg" =~ [[:space:]\"\'\;\(\)\*] ]]; then
      arg="'${arg//\'/\'\\\'\'}'"
    fi
    shown+=("$arg")
  done
  printf '$ %s\n' "${shown[*]}"
  "$@" >"$work/.out" 2>&1 || status=$?
  sed 's/^/  /' "$work/.out"
  [[ $status -eq 0 ]] || printf '  %s(exit %d)%s\n' "$dim" "$status" "$plain"
}
# The newest revision file whose name ends with the slug $1.
revision_file() { echo migrations/versions/*_"$1".sql; }

# Debian's python3 first: a python3 earlier on PATH (pyenv, a virtualenv) may lack the package.
flask=false python=''
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import flask_sqlalchemy' 2>/dev/null; then
    flask=true python="$candidate"
    break
  fi
done

# The model, as a developer writes it: a User with an id, a username and, once `$1` is set, more.
write_model() {
  if $flask; then
    cat >app.py <<EOF
import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///' + os.path.join(
    os.path.dirname(os.path.abspath(__file__)), 'app.db')
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), unique=True, index=True)
$(for column in "$@"; do echo "    $column = db.Column(db.Integer)"; done)
EOF
  else
    {
      echo 'CREATE TABLE "user" ('
      echo '    id INTEGER PRIMARY KEY,'
      printf '    username VARCHAR(64) UNIQUE'
      for column in "$@"; do printf ',\n    %s INTEGER' "$column"; done
      printf '\n);\n'
    } >models/schema.sql
  fi
}
model_file() { if $flask; then echo app.py; else echo models/schema.sql; fi; }

step "1. A project: a git repository, mig init, the model"
run git init -q -b main .
run mig init
if $flask; then
  note "the model is the Flask-SQLAlchemy app: mig reads its DDL from docs/recipes/flask/dump_schema.py"
  cp "$root/docs/recipes/flask/dump_schema.py" .
  sed -i "s|^paths = .*|command = \"$python dump_schema.py\"   # the model: the DDL of the db.Model classes|" mig.toml
  rm -r models
  echo '__pycache__/' >>.gitignore
fi
write_model
run cat "$(model_file)"

step "2. Generate the first revision from the model, review it, commit, upgrade"
run mig migrate -m "users table"
run cat "$(revision_file users_table)"
run git add -A
run git commit -qm "users table"
run mig upgrade
run sqlite3 app.db "INSERT INTO user (username) VALUES ('ada'), ('grace');"

step "3. Change the model: users get an age"
write_model age
run git diff --stat
note "mig check compares the model with the schema the migrations build (exit 1: they differ):"
run mig check
run mig migrate -m "Add age column to user model"
run cat "$(revision_file add_age_column_to_user_model)"
note "mig refuses to apply a revision no commit records (exit 3):"
run mig upgrade
run git add -A
run git commit -qm "Add age column to user model"
run mig upgrade
run sqlite3 -header app.db "SELECT * FROM user;"

step "4. The age column was a mistake: roll back the database and the code together"
run mig rollback --dry-run
run mig rollback
note "the column is gone, the rows are intact, the code is back at the commit before it:"
run sqlite3 -header app.db "SELECT * FROM user;"
run git log --oneline
run ls migrations/versions
run mig check

step "5. Hooks keep the model and its migrations together"
run mig hooks install
write_model karma
note "commit a model change without its migration: the pre-commit hook refuses it"
run git commit -qam "Add karma"
run mig migrate -m "Add karma"
run git add -A
run git commit -qm "Add karma"
run mig upgrade

step "6. Where things stand"
run mig status

if ! $part_two; then
  printf '\nDemo finished (part 1) in %s.\n' "$work"
  exit 0
fi

step "7. A tour of the revision graph: a fresh project with hand-written revisions"
mkdir tour
cd tour
run git init -q -b main .
run mig init
# Fills the upgrade and downgrade sections of revision $1, as a developer would in an editor.
fill() {
  sed -i "/^-- mig:upgrade/a $2" migrations/versions/"$1"_*.sql
  sed -i "/^-- mig:downgrade/a $3" migrations/versions/"$1"_*.sql
}
run mig revision -m "Create user table" --rev-id 9a8b7c6d5e4f
fill 9a8b7c6d5e4f 'CREATE TABLE "user" (id INTEGER PRIMARY KEY, name TEXT NOT NULL);' 'DROP TABLE "user";'
note "two developers each add a revision on top of it: two heads"
run mig revision -m "Add email" --rev-id b1e2a3d4c5f6
fill b1e2a3d4c5f6 'ALTER TABLE "user" ADD COLUMN email TEXT;' 'ALTER TABLE "user" DROP COLUMN email;'
run mig revision -m "Add login table" --head 9a8b7c6d5e4f --rev-id c0ffee000001
fill c0ffee000001 'CREATE TABLE login (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES "user"(id));' 'DROP TABLE login;'
run mig heads
note "mig check fails on several heads (exit 1); a merge revision joins them:"
run mig check
run mig merge -m "Merge email and login" heads --rev-id d00d00000001
run mig branches
run mig history
run git add -A
run git commit -qm "Users, email, login and their merge"

step "8. Offline SQL: what upgrade would run, for a reviewer or a DBA"
run mig upgrade --sql 9a8b7c6d5e4f:b1e2a3d4c5f6
run mig upgrade
run mig current
run mig downgrade base
run mig upgrade heads
run mig current

step "9. Someone changes the database by hand: check --db names the drift"
sqlite3 app.db "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'mig_%' AND name NOT LIKE 'sqlite_%'" >models/schema.sql
run mig check --db
run sqlite3 app.db "CREATE INDEX ix_user_email ON \"user\" (email);"
run mig check --db

printf '\nDemo finished: every step above ran in %s.\n' "$work"
