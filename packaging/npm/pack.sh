#!/usr/bin/env bash
# Builds the npm packages the way esbuild and Biome ship native tools: one package per platform holding the NativeAOT
# executable (@orchestrator-mcp/<os>-<cpu>, with "os"/"cpu" so npm installs only the matching one) and the main package
# orchestrator-mcp, whose bin starts it and lists the platform packages as optional dependencies.
#   bash packaging/npm/pack.sh            # linux-x64; builds artifacts/native/orchestrator-mcp when missing or older than the sources
#   NATIVE_RIDS="linux-x64 linux-arm64" bash packaging/npm/pack.sh   # several platforms (each binary must be built on/for it)
#   NATIVE_BINARY=/path/to/orchestrator-mcp bash packaging/npm/pack.sh  # package a binary built elsewhere (one platform)
# Tarballs go to artifacts/npm/. Version: <Version> in Directory.Build.props.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/packaging/npm"
out="$repo/artifacts/npm"
rids="${NATIVE_RIDS:-linux-x64}"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n1)"
[ -n "$version" ] || { echo "pack.sh: no <Version> in Directory.Build.props" >&2; exit 1; }

# .NET runtime id -> npm's process.platform / process.arch.
npm_os() { case "$1" in linux-*) echo linux ;; osx-*) echo darwin ;; win-*) echo win32 ;; *) echo "pack.sh: unknown runtime id $1" >&2; exit 1 ;; esac; }
npm_cpu() { case "$1" in *-x64) echo x64 ;; *-arm64) echo arm64 ;; *) echo "pack.sh: unknown runtime id $1" >&2; exit 1 ;; esac; }

native_dir() { if [ "$1" = linux-x64 ]; then echo "$repo/artifacts/native"; else echo "$repo/artifacts/native/$1"; fi; }

# Rebuilds when the binary is missing or any source is newer (a native publish takes minutes: never without need).
build_native() {
  local rid="$1" dir binary
  if [ -n "${NATIVE_BINARY:-}" ]; then
    [ -x "$NATIVE_BINARY" ] || { echo "pack.sh: NATIVE_BINARY=$NATIVE_BINARY is not an executable" >&2; exit 1; }
    echo "$NATIVE_BINARY"
    return
  fi
  dir="$(native_dir "$rid")"
  binary="$dir/orchestrator-mcp"; [[ "$rid" == win-* ]] && binary="$binary.exe"
  if [ -x "$binary" ] && [ -z "$(find "$repo/src" "$repo/Directory.Build.props" "$repo/Directory.Packages.props" -newer "$binary" \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.pubxml' -o -path '*/wwwroot/*' \) -print -quit)" ]; then
    echo "native $rid: $binary is up to date" >&2
  else
    echo "native $rid: dotnet publish -p:PublishProfile=Native (a few minutes)" >&2
    dotnet publish "$repo/src/Orchestrator.McpServer" -c Release -p:PublishProfile=Native -p:RuntimeIdentifier="$rid" \
      -p:PublishDir="$dir/" --nologo -v quiet >&2
  fi
  echo "$binary"
}

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"
optional="{}"
platforms="[]"

for rid in $rids; do
  binary="$(build_native "$rid")"
  os="$(npm_os "$rid")"; cpu="$(npm_cpu "$rid")"; name="@orchestrator-mcp/$os-$cpu"
  dir="$stage/$os-$cpu"
  mkdir -p "$dir/bin"
  cp "$binary" "$dir/bin/"
  # Native libraries the executable loads from its own folder, if any (the native build leaves libgit2 out: docs/native-aot.md).
  find "$(dirname "$binary")" -maxdepth 1 \( -name '*.so' -o -name '*.dylib' -o -name '*.dll' \) -exec cp {} "$dir/bin/" \;
  chmod 755 "$dir/bin/$(basename "$binary")"
  cp "$here/platform/package.json" "$dir/package.json"
  node -e '
    const fs = require("fs"); const [file, name, version, os, cpu] = process.argv.slice(1);
    const p = JSON.parse(fs.readFileSync(file, "utf8").replaceAll("PLATFORM", `${os}-${cpu}`));
    Object.assign(p, { name, version, os: [os], cpu: [cpu] });
    if (os === "linux") p.libc = ["glibc"];
    fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
  ' "$dir/package.json" "$name" "$version" "$os" "$cpu"
  printf 'The orchestrator-mcp native executable for %s. Install `orchestrator-mcp`, which starts it.\n' "$os-$cpu" > "$dir/README.md"
  optional="$(node -e 'const o = JSON.parse(process.argv[1]); o[process.argv[2]] = process.argv[3]; console.log(JSON.stringify(o))' "$optional" "$name" "$version")"
  platforms="$(node -e 'const a = JSON.parse(process.argv[1]); a.push(process.argv[2]); console.log(JSON.stringify(a))' "$platforms" "$os-$cpu")"
  (cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
  echo "packed $name@$version" >&2
done

main="$stage/orchestrator-mcp"
cp -r "$here/orchestrator-mcp" "$main"
cp "$here/README.md" "$main/README.md"
node -e '
  const fs = require("fs"); const [file, version, optional, platforms] = process.argv.slice(1);
  const p = JSON.parse(fs.readFileSync(file, "utf8"));
  Object.assign(p, { version, optionalDependencies: JSON.parse(optional), orchestratorPlatforms: JSON.parse(platforms) });
  fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
' "$main/package.json" "$version" "$optional" "$platforms"
chmod 755 "$main/bin/orchestrator-mcp.js"
(cd "$main" && npm pack --silent --pack-destination "$out" >/dev/null)
echo "packed orchestrator-mcp@$version -> $out" >&2
ls "$out"/*.tgz
