#!/usr/bin/env bash
# Installs the pinned coding-agent CLIs into <repo>/.tools/agent-clis (never globally), the way CI does.
# Idempotent: skips npm when both binaries already report the pinned versions.
# Pins: claude-code 2.1.197 is the last release that runs on Node 20 (2.1.198+ need Node 22).
set -euo pipefail

CLAUDE_VERSION="2.1.197"
CODEX_VERSION="0.169.0"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="${ORCHESTRATOR_AGENT_CLIS:-$REPO/.tools/agent-clis}"
BIN="$PREFIX/node_modules/.bin"

installed_version() {
  # Prints the version a binary reports, or nothing when it is missing or broken.
  "$1" --version 2>/dev/null | head -n1 || true
}

is_current() {
  [[ -x "$BIN/claude" && -x "$BIN/codex" ]] || return 1
  [[ "$(installed_version "$BIN/claude")" == "$CLAUDE_VERSION"* ]] || return 1
  [[ "$(installed_version "$BIN/codex")" == *"$CODEX_VERSION"* ]] || return 1
}

if is_current; then
  echo "agent CLIs already installed at pinned versions" >&2
else
  mkdir -p "$PREFIX"
  # --foreground-scripts: claude-code places its native binary in a postinstall script; show its output in CI logs.
  npm install --no-audit --no-fund --foreground-scripts --prefix "$PREFIX" \
    "@anthropic-ai/claude-code@$CLAUDE_VERSION" "@openai/codex@$CODEX_VERSION"
  if ! is_current; then
    echo "install-agent-clis: binaries missing or at the wrong version after npm install" >&2
    echo "claude: $(installed_version "$BIN/claude")  codex: $(installed_version "$BIN/codex")" >&2
    exit 1
  fi
fi

echo "claude=$BIN/claude ($(installed_version "$BIN/claude"))"
echo "codex=$BIN/codex ($(installed_version "$BIN/codex"))"
