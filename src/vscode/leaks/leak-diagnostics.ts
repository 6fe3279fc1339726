import * as vscode from 'vscode';
import { GlobSet } from '../../core/leaks/glob';
import { LeakMatch, describeLeak, findKeyLeaks } from '../../core/leaks/key-patterns';
import { ENV_VAR } from '../../core/leaks/replacement';
import { ALWAYS_EXCLUDED, MAX_SCAN_BYTES } from '../../core/leaks/scan-rules';
import { textPositions } from '../../core/common/text-positions';
import { Disposable } from '../common/disposable';
import { Settings } from '../common/settings';

export const LEAK_SOURCE = 'OpenAI Connector';
export const LEAK_CODE = 'openai-key-leak';
const CHECK_DELAY_MS = 300;
const SCHEMES = new Set(['file', 'untitled']);

/** Turns offsets of a text into positions without a TextDocument (files read from disk by the scan). */
export function positionsOf(text: string): (offset: number) => vscode.Position {
  const positionOf = textPositions(text);
  return (offset) => {
    const { line, character } = positionOf(offset);
    return new vscode.Position(line, character);
  };
}

/** One warning per key; the message holds only the masked key. */
export function leakDiagnostics(matches: readonly LeakMatch[], positionAt: (offset: number) => vscode.Position): vscode.Diagnostic[] {
  return matches.map((m) => {
    const range = new vscode.Range(positionAt(m.start), positionAt(m.end));
    const d = new vscode.Diagnostic(range, `${describeLeak(m)} in this file. Keys in files leak: keep it in OpenAI Connector and read ${ENV_VAR} instead.`, vscode.DiagnosticSeverity.Warning);
    d.source = LEAK_SOURCE;
    d.code = LEAK_CODE;
    return d;
  });
}

export function isLeakDiagnostic(d: vscode.Diagnostic): boolean {
  return d.source === LEAK_SOURCE && d.code === LEAK_CODE;
}

/**
 * Warnings for keys in open documents (`live`) and in files the workspace scan read (`scanned`).
 * An open document's live warnings replace its scan results; closing it leaves the file to the scan.
 */
export class LeakDiagnostics extends Disposable {
  readonly live = this.register(vscode.languages.createDiagnosticCollection('openaiConnector.leaks'));
  readonly scanned = this.register(vscode.languages.createDiagnosticCollection('openaiConnector.leakScan'));
  private excludes: GlobSet;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Set once a workspace scan ran: closed files then go back to the scan collection. */
  private scanRan = false;

  constructor(private readonly settings: Settings) {
    super();
    this.excludes = this.buildExcludes();
    this.register(vscode.workspace.onDidOpenTextDocument((doc) => this.check(doc)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.closed(doc)));
    this.register(settings.onDidChange(() => {
      this.excludes = this.buildExcludes();
      this.checkAll();
    }));
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this.checkAll();
  }

  private buildExcludes(): GlobSet {
    return new GlobSet([...ALWAYS_EXCLUDED, ...this.settings.leakScannerExclude]);
  }

  /** Globs of the setting and the built-in ones, on the workspace-relative path (the full path outside the workspace). */
  isExcluded(uri: vscode.Uri): boolean {
    return this.excludes.matches(vscode.workspace.asRelativePath(uri, false));
  }

  checkAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.check(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.check(doc);
    }, CHECK_DELAY_MS));
  }

  /** Checks an open document now; returns its matches (none when it is skipped). */
  check(doc: vscode.TextDocument): LeakMatch[] {
    if (!SCHEMES.has(doc.uri.scheme) || doc.isClosed) return [];
    this.scanned.delete(doc.uri);
    const text = doc.getText();
    if (text.length > MAX_SCAN_BYTES || this.isExcluded(doc.uri)) {
      this.live.delete(doc.uri);
      return [];
    }
    const matches = findKeyLeaks(text);
    this.live.set(doc.uri, leakDiagnostics(matches, (o) => doc.positionAt(o)));
    return matches;
  }

  markScanned(): void {
    this.scanRan = true;
  }

  /** After a close, what is on disk counts again; the scan collection holds it if a scan ran. */
  private closed(doc: vscode.TextDocument): void {
    clearTimeout(this.timers.get(doc.uri.toString()));
    this.live.delete(doc.uri);
    if (!this.scanRan || doc.uri.scheme !== 'file' || this.isExcluded(doc.uri)) return;
    void vscode.workspace.fs.readFile(doc.uri).then((bytes) => {
      if (bytes.length > MAX_SCAN_BYTES) return;
      const text = new TextDecoder().decode(bytes);
      const diagnostics = leakDiagnostics(findKeyLeaks(text), positionsOf(text));
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === doc.uri.toString())) this.scanned.set(doc.uri, diagnostics);
    }, () => this.scanned.delete(doc.uri));
  }
}
