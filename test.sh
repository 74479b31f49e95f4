#!/usr/bin/env bash
# The README's test command. Installs what the tests drive, then runs the whole suite and ends with "N passed, N failed".
#   - the agent CLIs (claude, codex), Node 22 and the MCP Inspector CLI, locally under .tools/ (.ci/install-tools.sh;
#     skipped when already at the pinned versions);
#   - Debian's chromium for the dashboard's browser test, through apt when running as root; otherwise the command to
#     run is printed and the script stops before testing (the suite would fail on it).
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Stdio).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

missing() { ! command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" = "0" ]; }

# Installs Debian packages when root; otherwise names the command and stops.
need_apt() {
  local what="$1"; shift
  if is_root && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing $what with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
  else
    echo "test.sh: $what is missing; install it first: sudo apt-get install -y $* (or your system's equivalent), then run ./test.sh again" >&2
    exit 1
  fi
}

missing dotnet && { echo "test.sh: the .NET SDK 10 is missing (see global.json): https://dot.net/download" >&2; exit 1; }
missing git && need_apt git git
if missing npm || missing node; then need_apt "Node.js and npm (to install the agent CLIs and the Inspector)" nodejs npm; fi
# The dashboard's browser test drives Debian's chromium at this path through Playwright (no browser download).
[ -x /usr/bin/chromium ] || need_apt "chromium (/usr/bin/chromium, for the dashboard's browser test)" chromium
# The cluster tests start redis-server on loopback (cluster membership).
missing redis-server && need_apt "redis-server (the cluster tests start one on loopback)" redis-server

# Tests commit in temporary repositories that set their own identity; the server's own commits in a few tests use the
# global one. Without any, give git a fallback for this run only (the user's ~/.gitconfig is included, never changed).
if [ -z "$(git config --get user.email || true)" ]; then
  identity="$(mktemp)"
  trap 'rm -f "$identity"' EXIT
  printf '[include]\n\tpath = %s\n\tpath = %s\n[user]\n\tname = Orchestrator Tests\n\temail = tests@orchestrator.invalid\n' \
    "${XDG_CONFIG_HOME:-$HOME/.config}/git/config" "$HOME/.gitconfig" >"$identity"
  export GIT_CONFIG_GLOBAL="$identity"
fi

echo "== tools (.tools/: agent CLIs, Node 22, MCP Inspector)"
bash .ci/install-tools.sh

echo "== dotnet test Orchestrator.McpServer.sln"
log="$(mktemp)"
set +e
dotnet test Orchestrator.McpServer.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary per test assembly ("Passed!  - Failed: 0, Passed: 12, ..."); add them up.
passed=$(grep -Eo 'Passed: +[0-9]+,' "$log" | awk '{ n += $2 } END { print n + 0 }')
failed=$(grep -Eo 'Failed: +[0-9]+,' "$log" | awk '{ n += $2 } END { print n + 0 }')
rm -f "$log"
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "no test summary found"
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
