/**
 * A shell command split into words as a POSIX shell (and, for line continuations, cmd.exe and
 * PowerShell) would: quotes, $'...', backslash escapes and line continuations. No expansion.
 */

/** Splits a shell command into words: quotes, $'...', backslash escapes and line continuations. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const s = text.replace(/\r\n?/g, '\n');
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2; // POSIX line continuation
      continue;
    }
    if ((c === '^' || c === '`') && s[i + 1] === '\n') {
      i += 2; // cmd.exe and PowerShell continuations
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new Error('The command has an unterminated single quote.');
      word += s.slice(i + 1, end);
      i = end + 1;
    } else if (c === '$' && s[i + 1] === "'") {
      const { value, next } = ansiC(s, i + 2);
      word += value;
      i = next;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s.charAt(i + 1))) {
          if (s[i + 1] !== '\n') word += s[i + 1];
          i += 2;
        } else word += s[i++];
      }
      if (i >= s.length) throw new Error('The command has an unterminated double quote.');
      i++;
    } else if (c === '\\' && i + 1 < s.length) {
      word += s[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The body of a $'...' quote from `from`, with its C escapes resolved. */
function ansiC(s: string, from: number): { value: string; next: number } {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
  let value = '';
  let i = from;
  while (i < s.length && s[i] !== "'") {
    if (s[i] === '\\' && i + 1 < s.length) {
      const escaped = s.charAt(i + 1);
      value += escapes[escaped] ?? escaped;
      i += 2;
    } else value += s[i++];
  }
  if (i >= s.length) throw new Error("The command has an unterminated $'...' quote.");
  return { value, next: i + 1 };
}
