/**
 * JSON validation that says where the error is. JSON.parse does the work when the text is valid;
 * only on failure does a small scanner find the line and column, because V8's messages do not
 * always carry a position (and differ between Node versions).
 */

export type JsonCheck =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly offset: number; readonly line: number; readonly column: number };

/** Parses JSON text; on failure gives a message with 1-based line and column of the first error. */
export function checkJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { offset, problem } = locateJsonError(text);
    const { line, column } = lineColumn(text, offset);
    return { ok: false, offset, line, column, message: `Invalid JSON at line ${line}, column ${column}: ${problem}.` };
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const WS = new Set([' ', '\t', '\n', '\r']);

/** Scans text that JSON.parse rejected and returns the offset of the first error. */
export function locateJsonError(text: string): { offset: number; problem: string } {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && WS.has(text.charAt(i))) i++;
  };
  const fail = (problem: string, at = i): { offset: number; problem: string } => ({ offset: Math.min(at, text.length), problem });
  // Containers still open: '{' or '['.
  const stack: string[] = [];
  // True right after a container opened, where an empty container may close.
  let opened = false;

  // Reads one scalar or opens a container; returns an error or undefined.
  const value = (): { offset: number; problem: string } | undefined => {
    skip();
    if (i >= text.length) return fail('the text ends where a value is expected');
    const c = text.charAt(i);
    if (c === '{' || c === '[') {
      stack.push(c);
      opened = true;
      i++;
      return undefined;
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    return fail(`unexpected ${describe(c)} where a value is expected`);
  };
  const string = (): { offset: number; problem: string } | undefined => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('invalid \\u escape in a string');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return fail('invalid escape in a string');
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return fail(c === '\n' ? 'line break inside a string (write \\n)' : 'control character inside a string');
      i++;
    }
    return fail('unterminated string', start);
  };
  const number = (): { offset: number; problem: string } | undefined => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-') return fail('invalid number');
    i += m[0].length;
    return undefined;
  };

  let err = value();
  while (!err) {
    skip();
    const top = stack[stack.length - 1];
    if (top === undefined) {
      return i < text.length ? fail(`unexpected ${describe(text[i])} after the end of the JSON value`) : fail('the JSON is invalid', 0);
    }
    const justOpened = opened;
    opened = false;
    const close = top === '{' ? '}' : ']';
    if (justOpened && text[i] === close) {
      stack.pop();
      i++;
      continue;
    }
    if (justOpened || text[i] === ',') {
      if (!justOpened) {
        i++;
        skip();
        if (text[i] === close) return fail(`trailing comma before '${close}'`);
      }
      if (top === '{') {
        skip();
        if (text[i] !== '"') return fail(i >= text.length ? 'the text ends where a property name is expected' : `expected a double-quoted property name, found ${describe(text[i])}`);
        err = string();
        if (err) break;
        skip();
        if (text[i] !== ':') return fail(`expected ':' after the property name, found ${describe(text[i])}`);
        i++;
      }
      err = value();
      continue;
    }
    if (text[i] === close) {
      stack.pop();
      i++;
      continue;
    }
    return fail(i >= text.length ? `the text ends before the closing '${close}'` : `expected ',' or '${close}', found ${describe(text[i])}`);
  }
  return err;
}

function describe(c: string | undefined): string {
  if (c === undefined) return 'the end of the text';
  if (c === '\n') return 'a line break';
  return `'${c}'`;
}
