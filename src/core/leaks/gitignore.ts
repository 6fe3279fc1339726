/** .gitignore rules, for folders that git itself cannot list (no repository, or git missing). */

interface Rule {
  readonly regex: RegExp;
  readonly negated: boolean;
  readonly dirOnly: boolean;
}

/** The rules of every .gitignore under a root, applied the way git applies them. */
export class GitIgnoreRules {
  /** Directory (relative, '' for the root) → its rules in file order. */
  private readonly byDir = new Map<string, Rule[]>();

  /** Adds the content of the .gitignore that sits in `dir` (relative to the root, '' for the root). */
  add(dir: string, content: string): void {
    const rules = content.split(/\r?\n/).map(parseRule).filter((r): r is Rule => r !== undefined);
    if (rules.length) this.byDir.set(trimSlashes(dir), rules);
  }

  /** True when the file at `relativePath` is ignored, directly or through an ignored parent directory. */
  ignores(relativePath: string): boolean {
    const parts = trimSlashes(relativePath.replace(/\\/g, '/')).split('/');
    for (let i = 1; i <= parts.length; i++) {
      if (this.matches(parts.slice(0, i), i < parts.length)) return true;
    }
    return false;
  }

  private matches(parts: string[], isDir: boolean): boolean {
    let ignored = false;
    for (let d = 0; d < parts.length; d++) {
      const rules = this.byDir.get(parts.slice(0, d).join('/'));
      if (!rules) continue;
      const rel = parts.slice(d).join('/');
      for (const rule of rules) {
        if (rule.dirOnly && !isDir) continue;
        if (rule.regex.test(rel)) ignored = !rule.negated;
      }
    }
    return ignored;
  }
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

function parseRule(line: string): Rule | undefined {
  let text = line.replace(/(?<!\\)\s+$/, '');
  if (text === '' || text.startsWith('#')) return undefined;
  const negated = text.startsWith('!');
  if (negated) text = text.slice(1);
  text = text.replace(/^\\([#!])/, '$1');
  const dirOnly = text.endsWith('/');
  if (dirOnly) text = text.slice(0, -1);
  // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
  const anchored = text.includes('/');
  text = text.replace(/^\//, '');
  if (text === '') return undefined;
  const body = toRegex(text);
  return { regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`), negated, dirOnly };
}

function toRegex(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      const before = i === 0 || pattern[i - 1] === '/';
      const after = pattern[i + 2] === '/' || i + 2 === pattern.length;
      if (before && after) {
        if (pattern[i + 2] === '/') { out += '(?:.*/)?'; i += 2; } else { out += '.*'; i += 1; }
        continue;
      }
      out += '[^/]*';
      i += 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) { out += '\\['; continue; }
      out += `[${pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = close;
    } else out += ch.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return out;
}
