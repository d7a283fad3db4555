#!/usr/bin/env bash
# Proves the package works as users get it: packs it, installs the tarball into a fresh project,
# and there imports it from plain Node and from Vitest, type-checks against it, and runs its
# command. Prints one line per step; a failure prints that step's output, then one line saying
# what failed, and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
snippets="$repo/scripts/package-check"
work="$(mktemp -d "${TMPDIR:-/tmp}/ucwa-package-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log="$work/step.log"

# step "what it proves" command...: runs the command with its output in the log.
step() {
  local what="$1"; shift
  local started=$SECONDS
  if "$@" >"$log" 2>&1; then
    echo "check-package: ok: $what ($((SECONDS - started)) s)"
  else
    sed 's/^/  | /' "$log" | tail -n 40 >&2
    echo "check-package: FAILED: $what" >&2
    exit 1
  fi
}
fail() {
  echo "check-package: FAILED: $1" >&2
  exit 1
}

# The README's "in your tests" section shows exactly what this check runs.
for snippet in replay-root.mjs replay-root.test.ts; do
  node -e 'const fs = require("node:fs"); process.exit(fs.readFileSync("README.md", "utf8").includes(fs.readFileSync(process.argv[1], "utf8")) ? 0 : 1)' "$snippets/$snippet" \
    || fail "README.md does not show scripts/package-check/$snippet verbatim; copy it into the \"in your tests\" section"
done
echo "check-package: ok: the README shows the snippets this check runs"

# prepack builds too, but its output would land in the JSON listing: build first, then pack without scripts.
step "npm run build (tsc -p tsconfig.build.json, vite)" npm run build
step "npm pack" sh -c 'npm pack --json --ignore-scripts --pack-destination "$1" >"$1/pack.json"' sh "$work"
tarball="$work/$(node -e 'console.log(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))[0].filename)' "$work/pack.json")"
listing="$(node -e 'for (const f of JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))[0].files) console.log(f.path)' "$work/pack.json")"
echo "check-package: $(echo "$listing" | wc -l) files in $(basename "$tarball")"

unwanted="$(echo "$listing" | grep -E '^(test|bench|\.ci|scripts|inspector-ui)/|(^|/)[^/]*\.test\.|\.ts$' | grep -v '\.d\.ts$' || true)"
[ -z "$unwanted" ] || fail "the tarball ships files users do not need: $(echo $unwanted | head -c 300)"
for needed in LICENSE README.md package.json dist/cli/ucwa-inspector.js dist/replay/index.js dist/replay/index.d.ts dist/storage/writer-worker.js dist/proxy/client-preload.cjs dist/inspector-ui/app/index.html recordings/outgoing-chat-json.json; do
  # A here-string, not a pipe: grep -q stops at the first match, and under pipefail echo's SIGPIPE would read as a miss.
  grep -qx "$needed" <<<"$listing" || fail "the tarball lacks $needed"
done
echo "check-package: ok: the tarball holds compiled code, the built UI, recordings, README and LICENSE, and no tests, benches, CI or scripts"

cd "$work"
mkdir project && cd project
step "a fresh project (npm init -y, type module)" sh -c 'npm init -y && npm pkg set type=module'
# better-sqlite3 compiles from source where no prebuilt binary downloads (CI: minutes on two cores).
# Compiling it again proves nothing about this package, so the project gets the version the
# checkout's lock pins, and the binary `npm ci` already built for this Node.
sqlite_version="$(node -p 'require(process.argv[1]).version' "$repo/node_modules/better-sqlite3/package.json")"
step "npm install the tarball, vitest@4, typescript@5.9, @types/node@20 (better-sqlite3 $sqlite_version)" \
  npm install --no-audit --no-fund --ignore-scripts "$tarball" "better-sqlite3@$sqlite_version" vitest@4 typescript@5.9 @types/node@20
mkdir -p node_modules/better-sqlite3/build/Release
cp "$repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node" node_modules/better-sqlite3/build/Release/

loaders="$(node -e 'const d = JSON.parse(require("node:fs").readFileSync("node_modules/ucwa-inspector/package.json", "utf8")).dependencies ?? {}; console.log(Object.keys(d).filter((n) => ["tsx", "ts-node", "typescript", "@swc-node/register", "esbuild-register"].includes(n)).join(" "))')"
[ -z "$loaders" ] || fail "the package's runtime dependencies include a TypeScript loader or compiler: $loaders"
[ ! -e node_modules/tsx ] && [ ! -e node_modules/ts-node ] || fail "installing the package brought in a TypeScript loader (node_modules/tsx or ts-node)"
echo "check-package: ok: no TypeScript loader among the runtime dependencies, none installed"

cp "$snippets/replay-root.mjs" "$snippets/replay-root.test.ts" "$snippets/types-resolve.ts" "$snippets/run-cli.mjs" .
step "plain Node imports ucwa-inspector/replay and replays a bundled recording" node replay-root.mjs
step "Vitest imports ucwa-inspector/replay and replays a bundled recording" npx --no-install vitest run replay-root.test.ts
step "tsc resolves the exports' types (strict, nodenext)" \
  npx --no-install tsc --noEmit --strict --skipLibCheck --module nodenext --moduleResolution nodenext --target es2022 --types node types-resolve.ts
# Without skipLibCheck a user's compiler reads our .d.ts files whole: the types they name
# (better-sqlite3's, through storage) must arrive with the package, not only in our devDependencies.
step "tsc checks the exports' declaration files themselves (no skipLibCheck)" \
  npx --no-install tsc --noEmit --strict --module nodenext --moduleResolution nodenext --target es2022 --types node types-resolve.ts
step "node dist/cli/ucwa-inspector.js --help runs with no TypeScript loader" \
  sh -c 'node node_modules/ucwa-inspector/dist/cli/ucwa-inspector.js --help | grep -q "Usage: ucwa-inspector <command>"'
step "npx ucwa-inspector --help, and replay of a bundled fixture answering a request and stopping on SIGINT" node run-cli.mjs
echo "check-package: passed"
