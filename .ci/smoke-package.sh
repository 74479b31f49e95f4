#!/usr/bin/env bash
# Packs the server as a .NET tool, installs that package into a temporary tool path, and checks that the installed
# command answers `initialize` over stdio. Any failed step fails the script (and .ci/run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "package smoke test FAILED: $*" >&2; exit 1; }

dotnet pack src/Orchestrator.McpServer -c Release -o "$work/pkg" -warnaserror --nologo -v quiet
package="$(ls "$work"/pkg/Orchestrator.McpServer.*.nupkg)"
version="$(basename "$package" .nupkg)"
version="${version#Orchestrator.McpServer.}"
echo "packed $(basename "$package")"

# A private package cache: a package of the same version cached earlier must not be installed instead of this one.
NUGET_PACKAGES="$work/nuget" dotnet tool install Orchestrator.McpServer --tool-path "$work/tool" --add-source "$work/pkg" --version "$version" >/dev/null \
  || fail "dotnet tool install from the package"
store="$work/tool/.store/orchestrator.mcpserver/$version/orchestrator.mcpserver/$version"
grep -q '<packageType name="McpServer"' "$store/Orchestrator.McpServer.nuspec" || fail "the package is not of type McpServer"
grep -q '"identifier": "Orchestrator.McpServer"' "$store/.mcp/server.json" || fail ".mcp/server.json is not in the package"
grep -q "\"version\": \"$version\"" "$store/.mcp/server.json" || fail ".mcp/server.json does not name version $version"

installed_version="$("$work/tool/orchestrator-mcp" --version)"
[ "${installed_version%%+*}" = "$version" ] || fail "--version printed '$installed_version', expected '$version'"

mkdir -p "$work/repo"
git -C "$work/repo" init -q
request='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"package-smoke","version":"1"}}}'
coproc SERVER { exec "$work/tool/orchestrator-mcp" --project "$work/repo" --log-dir "$work/logs" 2>"$work/stderr"; }
server_pid=$SERVER_PID
printf '%s\n' "$request" >&"${SERVER[1]}"
answer=""
IFS= read -r -t 60 answer <&"${SERVER[0]}" || true
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true

if [[ "$answer" == *'"id":1'* && "$answer" == *'"serverInfo":{"name":"orchestrator"'* && "$answer" == *'"protocolVersion":"2025-11-25"'* ]]; then
  echo "installed tool answered initialize: ${answer:0:160}..."
else
  cat "$work/stderr" >&2
  fail "no initialize answer over stdio (got: '${answer:0:300}')"
fi
