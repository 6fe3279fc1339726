// A working stand-in for the part of the 'vscode' API a request builder panel touches, so the bench
// runs the production BuilderPanel, HistoryStore and Logger outside VS Code (scripts/bench/extension-path.ts).
'use strict';

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
  }
  fire(value) {
    for (const l of [...this.listeners]) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Uri {
  constructor(path) {
    this.scheme = 'file';
    this.path = path;
    this.fsPath = path;
  }
  static file(path) {
    return new Uri(path);
  }
  static joinPath(base, ...parts) {
    return new Uri([base.path, ...parts].join('/').replace(/\/+/g, '/'));
  }
  toString() {
    return `file://${this.path}`;
  }
}

/** A log channel that keeps the last lines (the production Logger writes through it). */
function createOutputChannel() {
  const lines = [];
  const add = (line) => {
    lines.push(line);
    if (lines.length > 100) lines.shift();
  };
  return { info: add, warn: add, error: add, trace: add, debug: add, appendLine: add, show() {}, dispose() {}, lines };
}

module.exports = {
  EventEmitter,
  Uri,
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  window: { createOutputChannel },
  workspace: { workspaceFolders: undefined },
  env: { clipboard: { writeText: async () => undefined } },
};
