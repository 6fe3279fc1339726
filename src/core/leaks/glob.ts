/** Glob patterns as VS Code settings use them (`**`, `*`, `?`, `{a,b}`, `[abc]`), matched against a relative path. */

/** A RegExp for a glob on '/'-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globBody(glob.replace(/^\.\//, ''))}$`);
}

function globBody(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        if (atSegmentStart && slashAfter) { out += '(?:.*/)?'; i += 2; }
        else { out += '.*'; i += 1; }
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const close = matchingBrace(glob, i);
      if (close < 0) { out += '\\{'; continue; }
      out += `(?:${splitTopLevel(glob.slice(i + 1, close)).map(globBody).join('|')})`;
      i = close;
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) { out += '\\['; continue; }
      const inner = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      out += `[${inner}]`;
      i = close;
    } else out += ch.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return out;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
    else if (text[i] === ',' && depth === 0) { parts.push(text.slice(from, i)); from = i + 1; }
  }
  parts.push(text.slice(from));
  return parts;
}

/** Matches a relative path against many globs; compiled once. */
export class GlobSet {
  private readonly patterns: RegExp[];

  constructor(globs: Iterable<string>) {
    this.patterns = [...globs].filter((g) => g.trim() !== '').map(globToRegExp);
  }

  matches(relativePath: string): boolean {
    const path = relativePath.replace(/\\/g, '/');
    return this.patterns.some((p) => p.test(path));
  }
}
