#!/usr/bin/env node
// Starts the native orchestrator-mcp executable from the platform package npm installed beside this one
// (@orchestrator-mcp/<platform>-<arch>, an optional dependency: npm installs only the one matching this machine).
// stdin, stdout and stderr are handed to it as they are, so MCP over stdio passes straight through, and its exit code
// (or signal) becomes ours.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');

const platform = `${process.platform}-${process.arch}`;
const packageName = `@orchestrator-mcp/${platform}`;
const executable = process.platform === 'win32' ? 'orchestrator-mcp.exe' : 'orchestrator-mcp';

let binary;
try {
  binary = require.resolve(`${packageName}/bin/${executable}`);
} catch {
  process.stderr.write(
    `orchestrator-mcp: no native build for ${platform} is installed (the optional package ${packageName} is missing).\n` +
    `Builds exist for: ${require('../package.json').orchestratorPlatforms.join(', ')}. If yours is listed, reinstall without ` +
    `--no-optional / --omit=optional; otherwise run the .NET tool instead (dotnet tool install -g Orchestrator.McpServer).\n`);
  process.exit(1);
}

// Some extractors drop the executable bit; put it back rather than fail with EACCES.
try {
  fs.accessSync(binary, fs.constants.X_OK);
} catch {
  try { fs.chmodSync(binary, 0o755); } catch { /* reported by spawn below */ }
}

const child = spawn(binary, process.argv.slice(2), {
  stdio: 'inherit',
  // The server prints how to register itself; through npm that is this command, not the path inside node_modules.
  env: { ...process.env, ORCHESTRATOR_MCP_COMMAND: process.env.ORCHESTRATOR_MCP_COMMAND || 'npx -y orchestrator-mcp' },
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}

child.on('error', (error) => {
  process.stderr.write(`orchestrator-mcp: could not start ${binary}: ${error.message}\n`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});
