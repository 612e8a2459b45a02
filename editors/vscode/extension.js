// The smm extension: starts `smm lsp` and connects VS Code to it. Plain CommonJS, no build step:
// `npm install` fetches vscode-languageclient, then the folder is the extension.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function settings() {
  return vscode.workspace.getConfiguration('smm');
}

async function start() {
  const config = settings();
  const serverOptions = {
    command: config.get('server.path') || 'smm',
    args: ['lsp'],
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'smm' },
      { scheme: 'untitled', language: 'smm' },
    ],
    // Imported files changed outside the editor: the server checks the open plans again.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.smm') },
    initializationOptions: {
      debounceMs: config.get('debounceMs'),
      allowOutsideImports: config.get('allowOutsideImports'),
    },
  };
  client = new LanguageClient('smm', 'smm', serverOptions, clientOptions);
  await client.start();
}

async function stop() {
  if (client) {
    const c = client;
    client = undefined;
    await c.stop();
  }
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('smm.restartServer', async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('smm.server') || e.affectsConfiguration('smm.debounceMs') || e.affectsConfiguration('smm.allowOutsideImports')) {
        await stop();
        await start();
      }
    }),
  );
  return start().catch((err) => {
    vscode.window.showErrorMessage(
      `smm: cannot start \`${settings().get('server.path') || 'smm'} lsp\` (${err.message}). ` +
        'Install smm (`cargo install --path .`) or set `smm.server.path`.',
    );
  });
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
