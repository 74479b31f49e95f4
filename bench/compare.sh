#!/usr/bin/env bash
# The side-by-side figures in docs/benchmarks.md ("Against peers"): start-up of the native binary, the managed DLL and
# ReadyToRun against mcp-shrimp-task-manager and @modelcontextprotocol/server-everything; tool calls (session_status
# vs everything's echo) with the MCP SDK client; tools/list size against Task Master's default tool set. Every server is
# measured in the same run, so the ratios hold on a busy machine even when the milliseconds do not.
#   bash bench/compare.sh            (RUNS=15 CALLS=1000 SECONDS_=10 by default)
# Needs: artifacts/native/orchestrator-mcp (dotnet publish ... -p:PublishProfile=Native), artifacts/r2r (below, built
# when missing), the bench built in Release, Node. The peers are installed from npm at the versions in bench/peers/package.json.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$repo/bench/peers/node_modules"
[ -d "$peers/mcp-shrimp-task-manager" ] || npm install --prefix "$repo/bench/peers" --no-audit --no-fund --loglevel=error >&2
native="$repo/artifacts/native/orchestrator-mcp"
dll="$repo/src/Orchestrator.McpServer/bin/Release/net10.0/Orchestrator.McpServer.dll"
r2r="$repo/artifacts/r2r/Orchestrator.McpServer.dll"
[ -x "$native" ] || { echo "compare.sh: build $native first (docs/native-aot.md)" >&2; exit 1; }
[ -f "$r2r" ] || dotnet publish "$repo/src/Orchestrator.McpServer" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -p:IntermediateOutputPath="$repo/artifacts/obj-r2r/" -o "$repo/artifacts/r2r" --nologo -v quiet >&2
dotnet build "$repo/bench/Orchestrator.Bench" -c Release --nologo -v quiet >&2
bench=(dotnet "$repo/bench/Orchestrator.Bench/bin/Release/net10.0/Orchestrator.Bench.dll")
shrimp="node $peers/mcp-shrimp-task-manager/dist/index.js"
everything="node $peers/@modelcontextprotocol/server-everything/dist/index.js stdio"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, $(date -u +%FT%TZ)"
"${bench[@]}" startup --runs "${RUNS:-15}" \
  --server "shrimp=$shrimp" --server "everything=$everything" \
  --server "native=$native --log-level none" --server "managed DLL=dotnet $dll --log-level none" --server "ReadyToRun=dotnet $r2r --log-level none"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"

# session_status needs a session: session_start (in place, no worktree) once before measuring.
session=(--tool session_status --args '{}' --setup session_start --setup-args '{"description":"bench","isolation":"in_place"}')
"${bench[@]}" calls --calls "${CALLS:-1000}" --seconds "${SECONDS_:-10}" --concurrency 8 \
  --server everything --command "$everything" --tool echo --args '{"message":"hi"}' \
  --server native --command "$native --log-level none" "${session[@]}" \
  --server "managed DLL" --command "dotnet $dll --log-level none" "${session[@]}" \
  --server "Task Master (default tools)" --command "node $peers/task-master-ai/dist/mcp-server.js"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
