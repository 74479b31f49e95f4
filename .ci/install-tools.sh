#!/usr/bin/env bash
# Installs the third-party tools the tests drive, locally under .tools/ (never globally):
#   - the real coding-agent CLIs, claude 2.1.197 and codex 0.169.0 (install-agent-clis.sh);
#   - Node 22 (npm package node@22) and the MCP Inspector CLI, which needs Node >= 22 (the machine has Node 20).
# Idempotent: skips what is already installed at the pinned version.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
inspector_dir="$repo/.tools/inspector"
inspector_version="2.12.0"

installed_version() { node -e "try{console.log(require('$1/package.json').version)}catch{console.log('')}" 2>/dev/null; }

if [ "$(installed_version "$inspector_dir/node_modules/@modelcontextprotocol/inspector")" != "$inspector_version" ] \
   || [ ! -x "$inspector_dir/node_modules/.bin/node" ]; then
  mkdir -p "$inspector_dir"
  npm install --no-audit --no-fund --loglevel=error --prefix "$inspector_dir" \
    "node@22" "@modelcontextprotocol/inspector@$inspector_version"
fi
bash "$repo/.ci/install-agent-clis.sh"
echo "inspector: $inspector_dir/node_modules/.bin/mcp-inspector (node $("$inspector_dir/node_modules/.bin/node" --version))"
