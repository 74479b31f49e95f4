#!/usr/bin/env bash
# Packs the npm packages (packaging/npm/pack.sh: the native binary plus the launcher), installs the tarballs into an
# empty folder the way a user would, and checks that `npx orchestrator-mcp --version` prints the version and that
# `npx orchestrator-mcp` answers `initialize` over stdio, and that Claude Code registered as the README says lists it
# Connected. Any failed step fails the script (and .ci/run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
fail() { echo "npm smoke test FAILED: $*" >&2; exit 1; }

bash packaging/npm/pack.sh >/dev/null
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)"
tarballs=("$PWD/artifacts/npm/orchestrator-mcp-$version.tgz" "$PWD"/artifacts/npm/orchestrator-mcp-linux-x64-"$version".tgz)
for tarball in "${tarballs[@]}"; do [ -f "$tarball" ] || fail "missing $tarball"; done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/app" "$work/repo"
git -C "$work/repo" init -q
# Only the tarballs: the platform package satisfies the main package's optional dependency, so nothing is fetched.
(cd "$work/app" && npm install --no-audit --no-fund --loglevel=error --offline "${tarballs[@]}" >/dev/null) || fail "npm install of the tarballs"

printed="$(cd "$work/app" && npx --no-install orchestrator-mcp --version)" || fail "npx orchestrator-mcp --version exited non-zero"
[ "${printed%%+*}" = "$version" ] || fail "--version printed '$printed', expected '$version'"
echo "npx orchestrator-mcp --version: $printed"

# Cluster mode is not in the native binary: `worker` and `--cluster` must say which build has it (exit 2), not crash.
for cluster_args in "worker --cluster redis://127.0.0.1:1" "--cluster redis://127.0.0.1:1"; do
  set +e
  said="$(cd "$work/app" && ORCHESTRATOR_CLUSTER_SECRET=x npx --no-install orchestrator-mcp $cluster_args --log-dir "$work/logs" 2>&1 </dev/null)"
  code=$?
  set -e
  [ "$code" -eq 2 ] && [[ "$said" == *"needs the managed build"* ]] || fail "orchestrator-mcp $cluster_args: exit $code, said: $said"
done
echo "npx orchestrator-mcp worker / --cluster: refused, naming the managed build"

request='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"npm-smoke","version":"1"}}}'
cd "$work/app"
coproc SERVER { exec npx --no-install orchestrator-mcp --project "$work/repo" --log-dir "$work/logs" 2>"$work/stderr"; }
server_pid=$SERVER_PID
printf '%s\n' "$request" >&"${SERVER[1]}"
answer=""
IFS= read -r -t 30 answer <&"${SERVER[0]}" || true
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true

if [[ "$answer" == *'"id":1'* && "$answer" == *'"serverInfo":{"name":"orchestrator"'* && "$answer" == *'"protocolVersion":"2025-11-25"'* ]]; then
  echo "npx orchestrator-mcp answered initialize: ${answer:0:160}..."
  grep -q "npx -y orchestrator-mcp" "$work/stderr" || fail "the start-up lines do not name the npx registration: $(cat "$work/stderr")"
else
  cat "$work/stderr" >&2
  fail "no initialize answer over stdio (got: '${answer:0:300}')"
fi

# Claude Code (the real CLI the tests drive, pinned in .ci/install-agent-clis.sh) registered exactly as the README says,
# in a throw-away HOME, must report the server Connected: its health check starts `npx -y orchestrator-mcp` from the
# folder the tarballs were installed in and waits for the initialize answer.
claude_cli="$repo/.tools/agent-clis/node_modules/.bin/claude"
[ -x "$claude_cli" ] || fail "no Claude Code CLI at $claude_cli (bash .ci/install-tools.sh installs it)"
mkdir -p "$work/home"
HOME="$work/home" "$claude_cli" mcp add orchestrator -- npx -y orchestrator-mcp >/dev/null || fail "claude mcp add"
# Generous start-up timeout: the CI machine may be busy; the server itself answers in milliseconds.
listed="$(HOME="$work/home" MCP_TIMEOUT=60000 "$claude_cli" mcp list 2>&1)" || fail "claude mcp list exited non-zero: $listed"
grep -Eq '^orchestrator: npx -y orchestrator-mcp - .*Connected' <<<"$listed" || fail "claude mcp list did not show it Connected: $listed"
echo "claude $("$claude_cli" --version | cut -d' ' -f1) mcp list: $(grep '^orchestrator:' <<<"$listed")"
