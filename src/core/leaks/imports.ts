/** Adds the import an environment lookup needs, where the language has one: Python's os, Go's "os". */

/** An edit on offsets of the original text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

const PY_IMPORTS_OS = /^import\s+(?:[\w.]+\s*,\s*)*os(?:\.[\w.]+)?\s*(?:,|#|$)/m;
const PY_IMPORT_LINE = /^(?:import\s|from\s+(?!__future__)\S+\s+import\s)/;

/** `import os` before the first import of the module (after shebang, comments, docstring and __future__), unless present. */
export function pythonImportEdit(text: string): TextEdit | undefined {
  if (PY_IMPORTS_OS.test(text)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split('\n');
  let offset = 0;
  let insertAt = 0;
  let inDocstring: string | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const lineEnd = offset + raw.length + 1;
    if (inDocstring) {
      if (line.includes(inDocstring)) { inDocstring = undefined; insertAt = lineEnd; }
    } else if (PY_IMPORT_LINE.test(line)) {
      insertAt = offset;
      break;
    } else if (/^\s*(#|$)/.test(line) || /^from\s+__future__\s+import\s/.test(line)) {
      if (line.trim() !== '' || insertAt === offset) insertAt = lineEnd;
    } else {
      const doc = /^[rRuU]?("""|''')/.exec(line);
      if (doc && insertAt === offset) {
        const rest = line.slice(doc[0].length);
        if (rest.includes(doc[1]!)) insertAt = lineEnd;
        else inDocstring = doc[1];
      } else break;
    }
    offset = lineEnd;
  }
  insertAt = Math.min(insertAt, text.length);
  const needsBreak = insertAt === text.length && text.length > 0 && !text.endsWith('\n');
  return { start: insertAt, end: insertAt, newText: `${needsBreak ? eol : ''}import os${eol}` };
}

/** `"os"` in the import block, or an `import "os"` after the package clause, unless already imported. */
export function goImportEdit(text: string): TextEdit | undefined {
  if (/^import\s+(?:\w+\s+)?"os"/m.test(text) || /^import\s*\([^)]*^\s*(?:\w+\s+)?"os"/ms.test(text)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = /^import\s*\(\s*?\r?\n/m.exec(text);
  if (block) {
    const at = block.index + block[0].length;
    return { start: at, end: at, newText: `\t"os"${eol}` };
  }
  const single = /^import\s+(?:\w+\s+)?"[^"]+"[^\n]*\n/m.exec(text);
  if (single) {
    const at = single.index;
    return { start: at, end: at, newText: `import "os"${eol}` };
  }
  const pkg = /^package\s+\w+[^\n]*(\n|$)/m.exec(text);
  const at = pkg ? pkg.index + pkg[0].length : 0;
  return { start: at, end: at, newText: `${pkg && !pkg[1] ? eol : ''}${eol}import "os"${eol}` };
}
