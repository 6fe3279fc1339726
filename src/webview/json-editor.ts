/**
 * CodeMirror 6 for the request body (editable JSON with error markers) and for the response
 * (read-only, foldable, searchable). Colours come from the user's VS Code theme variables.
 */
import { closeBrackets } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { HighlightStyle, bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { Diagnostic, lintGutter, linter } from '@codemirror/lint';
import { highlightSelectionMatches, openSearchPanel, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, Extension } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { checkJson } from '../core/common/json-check';

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--vscode-debugTokenExpression-name, #9cdcfe)' },
  { tag: tags.string, color: 'var(--vscode-debugTokenExpression-string, #ce9178)' },
  { tag: tags.number, color: 'var(--vscode-debugTokenExpression-number, #b5cea8)' },
  { tag: [tags.bool, tags.null], color: 'var(--vscode-debugTokenExpression-boolean, #569cd6)' },
  { tag: tags.invalid, color: 'var(--vscode-errorForeground, #f48771)' },
]);

const theme = EditorView.theme({
  '&': {
    color: 'var(--vscode-editor-foreground)',
    backgroundColor: 'var(--vscode-editor-background)',
    fontSize: 'var(--vscode-editor-font-size, 13px)',
    border: '1px solid var(--vscode-input-border, var(--vscode-panel-border, transparent))',
  },
  '&.cm-focused': { outline: '1px solid var(--vscode-focusBorder)' },
  '.cm-content': { fontFamily: 'var(--vscode-editor-font-family, monospace)', caretColor: 'var(--vscode-editorCursor-foreground)' },
  '.cm-scroller': { fontFamily: 'var(--vscode-editor-font-family, monospace)' },
  '.cm-gutters': {
    backgroundColor: 'var(--vscode-editorGutter-background, var(--vscode-editor-background))',
    color: 'var(--vscode-editorLineNumber-foreground)',
    border: 'none',
  },
  '.cm-activeLine': { backgroundColor: 'var(--vscode-editor-lineHighlightBackground, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent', color: 'var(--vscode-editorLineNumber-activeForeground)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--vscode-editor-selectionBackground) !important' },
  '.cm-searchMatch': { backgroundColor: 'var(--vscode-editor-findMatchHighlightBackground)' },
  '.cm-searchMatch-selected': { backgroundColor: 'var(--vscode-editor-findMatchBackground)' },
  '.cm-panels': { backgroundColor: 'var(--vscode-editorWidget-background)', color: 'var(--vscode-editorWidget-foreground)' },
  '.cm-panels input, .cm-panels button': { color: 'inherit', fontFamily: 'inherit' },
  '.cm-textfield': { backgroundColor: 'var(--vscode-input-background)', border: '1px solid var(--vscode-input-border, transparent)' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--vscode-button-secondaryBackground)', border: 'none' },
  '.cm-tooltip': { backgroundColor: 'var(--vscode-editorHoverWidget-background)', border: '1px solid var(--vscode-editorHoverWidget-border)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--vscode-editorError-foreground)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--vscode-editor-foldBackground, transparent)', border: 'none', color: 'var(--vscode-descriptionForeground)' },
});

/** Error markers from the same JSON check that blocks Send, so the two never disagree. */
const jsonLinter = linter((view): Diagnostic[] => {
  const text = view.state.doc.toString();
  if (text.trim() === '') return [];
  const check = checkJson(text);
  if (check.ok) return [];
  const from = Math.min(check.offset, text.length);
  return [{ from, to: Math.min(from + 1, text.length), severity: 'error', message: check.message }];
}, { delay: 150 });

function common(nonce: string | undefined): Extension[] {
  return [
    ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
    theme,
    syntaxHighlighting(highlight),
    lineNumbers(),
    foldGutter(),
    drawSelection(),
    bracketMatching(),
    search({ top: true }),
    highlightSelectionMatches(),
    EditorView.lineWrapping,
  ];
}

export interface BodyEditor {
  readonly view: EditorView;
  getText(): string;
  /** Replaces the text without firing onChange. */
  setText(text: string): void;
  focus(): void;
}

/** The editable JSON body. `onChange` fires on every edit by the user. */
export function createBodyEditor(parent: HTMLElement, nonce: string | undefined, text: string, onChange: (text: string) => void, label: string): BodyEditor {
  let silent = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        ...common(nonce),
        json(),
        history(),
        closeBrackets(),
        indentOnInput(),
        highlightActiveLine(),
        lintGutter(),
        jsonLinter,
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's accessible tab handling).
        keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...searchKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !silent) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(next) {
      if (next === view.state.doc.toString()) return;
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      silent = false;
    },
    focus: () => view.focus(),
  };
}

export interface Viewer {
  setText(text: string, asJson: boolean): void;
  openSearch(): void;
}

/** A read-only viewer: pretty JSON folds by its brackets, Ctrl/Cmd+F searches. */
export function createViewer(parent: HTMLElement, nonce: string | undefined, label: string): Viewer {
  const language = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        ...common(nonce),
        language.of(json()),
        EditorState.readOnly.of(true),
        keymap.of([...foldKeymap, ...searchKeymap, ...defaultKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': 'true' }),
      ],
    }),
  });
  return {
    setText(text, asJson) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: language.reconfigure(asJson ? json() : []) });
    },
    openSearch() {
      view.focus();
      openSearchPanel(view);
    },
  };
}
