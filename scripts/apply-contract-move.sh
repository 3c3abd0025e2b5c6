#!/usr/bin/env bash
# Moves the contract out of the server into its own workspace, @luot/contract (contract/src), and points every
# import at the package. Mechanical and idempotent: run it again after merging branches that still add or import
# server/src/contract/*, then commit the result as one "mechanical:" commit.
#   scripts/apply-contract-move.sh              move, rewrite imports, wire the workspaces, npm install, prettier --write .
#   scripts/apply-contract-move.sh --no-format  the same without prettier
#   scripts/apply-contract-move.sh --no-install without npm install (then run it yourself)
#
# Re-run recipe after merging the other branches (tested on a clone with a branch that adds a contract file and
# imports the old paths): on the merged tree, cherry-pick the hand commits of the lint branch and re-create the
# mechanical ones instead of merging them:
#   git cherry-pick <tooling: ESLint and Prettier ...> <scripts/apply-contract-move.sh ...> <its fix-ups>
#   scripts/apply-contract-move.sh --no-format && git add -A && git commit -m 'mechanical: move the contract'
#   git cherry-pick <@luot/ui ...; errorBody moves to the contract>   # package-lock conflict: npm install
#   scripts/apply-contract-move.sh --no-format    # now also points leftover errorBody imports at the contract
#   git cherry-pick <Prettier leaves Markdown alone>
#   npm run format; npm run format; git add -A; git commit -m 'mechanical: prettier'
#   git cherry-pick <Lint clean: the errors ESLint found ...>; npm run lint   # then fix what the merged code adds
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
format=1
install=1
for arg in "$@"; do
  case "$arg" in
    --no-format) format=0 ;;
    --no-install) install=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

# 1. The files: every tracked file under server/src/contract/ goes to contract/src/ (same relative path).
if [ -d server/src/contract ]; then
  git ls-files -z server/src/contract | while IFS= read -r -d '' f; do
    dest="contract/src/${f#server/src/contract/}"
    mkdir -p "$(dirname "$dest")"
    if [ -e "$dest" ]; then
      echo "both $f and $dest exist: merge them by hand" >&2
      exit 1
    fi
    git mv "$f" "$dest"
  done
  rmdir -p server/src/contract 2>/dev/null || true
  if [ -d server/src/contract ]; then
    echo "server/src/contract still holds untracked files: move them to contract/src by hand" >&2
    exit 1
  fi
fi

# 2. The imports: a relative path to the old folder (from the server, the tests, the benchmarks) or the old
# package subpath becomes the package; then the words "server/src/contract/" in comments and docs follow.
mapfile -d '' files < <(git ls-files -z -- '*.ts' '*.js' '*.svelte' '*.md' ':!:scripts/apply-contract-move.sh')
sed -i -E \
  -e "s#(['\"])(\.\.?/)+(server/src/)?contract/[A-Za-z0-9_./-]+\.ts(['\"])#\1@luot/contract\4#g" \
  -e "s#@luot/server/contract#@luot/contract#g" \
  -e "s#server/src/contract/#contract/src/#g" \
  -e "s#server/src/contract\b#contract/src#g" \
  "${files[@]}"

# errorBody moved from server/src/http/errors.ts to the contract (a hand commit): once it is there, a branch
# that still imports it from http/ is pointed at the contract.
if grep -q '^export const errorBody' contract/src/errors.ts; then
  mapfile -d '' server_files < <(git ls-files -z -- 'server/src/*.ts')
  sed -i -E \
    -e "s#^import \{ errorBody \} from '(\.\.?/)+(http/)?errors\.ts';#import { errorBody } from '@luot/contract';#" \
    "${server_files[@]}"
fi

# 3. The workspaces: contract joins the root workspaces and tsconfig; the server and the apps depend on it
# (the apps no longer on @luot/server, which stops exporting ./contract).
node - <<'JS'
const fs = require('node:fs');
const edit = (file, change) => {
  if (!fs.existsSync(file)) return;
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
};
edit('package.json', (p) => {
  if (!p.workspaces.includes('contract')) p.workspaces.unshift('contract');
});
edit('tsconfig.json', (t) => {
  if (!t.include.includes('contract/src')) t.include.unshift('contract/src');
});
edit('server/package.json', (p) => {
  if (p.exports) delete p.exports['./contract'];
  if (p.exports && Object.keys(p.exports).length === 0) delete p.exports;
  p.dependencies = { '@luot/contract': '0.1.0', ...p.dependencies };
});
for (const app of ['kiosk', 'display', 'console', 'track', 'printer', 'ui']) {
  edit(`${app}/package.json`, (p) => {
    if (!p.dependencies?.['@luot/server']) return;
    delete p.dependencies['@luot/server'];
    p.dependencies = Object.fromEntries(
      Object.entries({ '@luot/contract': '0.1.0', ...p.dependencies }).sort(([a], [b]) => a.localeCompare(b)),
    );
  });
}
JS
if [ "$install" = 1 ]; then npm install --no-audit --no-fund >/dev/null; fi

# 4. Formatting (import lines may have changed length).
# Twice when needed: Prettier's first pass over some unformatted member chains is not yet its fixed point.
if [ "$format" = 1 ]; then
  npx prettier --write . >/dev/null
  npx prettier --check . >/dev/null 2>&1 || npx prettier --write . >/dev/null
fi
echo "contract moved; now: npx tsc -p tsconfig.json && npm run lint"
