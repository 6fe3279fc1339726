/** The text that replaces a leaked key: the idiomatic environment lookup of the file's language. */
import { TextEdit, goImportEdit, pythonImportEdit } from './imports';

export type { TextEdit } from './imports';

export const ENV_VAR = 'OPENAI_API_KEY';

export type LanguageFamily = 'js' | 'python' | 'go' | 'yaml' | 'shell' | 'docker' | 'dotenv' | 'other';

const JS_LANGUAGES = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'svelte', 'astro']);
const BY_LANGUAGE: Readonly<Record<string, LanguageFamily>> = {
  python: 'python', go: 'go', yaml: 'yaml', dockercompose: 'yaml', shellscript: 'shell', dockerfile: 'docker', dotenv: 'dotenv',
};
const BY_EXTENSION: Readonly<Record<string, LanguageFamily>> = {
  js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', mts: 'js', cts: 'js', tsx: 'js', vue: 'js', svelte: 'js',
  py: 'python', pyw: 'python', go: 'go', yml: 'yaml', yaml: 'yaml', sh: 'shell', bash: 'shell', zsh: 'shell', env: 'dotenv',
};

/** The family of a file, from its name first (a .env file is one whatever its language mode) and then its language id. */
export function languageFamily(languageId: string, fileName: string): LanguageFamily {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (/^\.env(\..+)?$/.test(base) || /\.env$/.test(base)) return 'dotenv';
  if (/^(Dockerfile|Containerfile)(\..+)?$/.test(base) || /\.dockerfile$/i.test(base)) return 'docker';
  if (JS_LANGUAGES.has(languageId)) return 'js';
  const byId = BY_LANGUAGE[languageId];
  if (byId) return byId;
  return BY_EXTENSION[base.includes('.') ? base.split('.').pop()!.toLowerCase() : ''] ?? 'other';
}

/** The expression each family reads the variable with. */
export function envExpression(family: LanguageFamily, quote: '"' | "'" = '"'): string {
  switch (family) {
    case 'js': return `process.env.${ENV_VAR}`;
    case 'python': return `os.environ[${quote}${ENV_VAR}${quote}]`;
    case 'go': return `os.Getenv("${ENV_VAR}")`;
    case 'dotenv': return '';
    default: return `\${${ENV_VAR}}`;
  }
}

export interface ReplacementPlan {
  readonly family: LanguageFamily;
  /** Non-overlapping edits on the original text, import first; apply them together as one edit. */
  readonly edits: readonly TextEdit[];
}

interface StringContext {
  readonly quote: string;
  /** Offset of the opening quote. */
  readonly open: number;
}

/** Plans the edits that replace the key at [start, end) of `text` and add the import the lookup needs. */
export function planReplacement(text: string, start: number, end: number, languageId: string, fileName: string): ReplacementPlan {
  const family = languageFamily(languageId, fileName);
  const ctx = stringContext(text, start, family);
  const before = ctx ? text[start - 1] === ctx.quote : false;
  const after = ctx ? text[end] === ctx.quote : false;
  const whole = ctx !== undefined && before && after;
  const replace = (from: number, to: number, newText: string): TextEdit => ({ start: from, end: to, newText });
  let edit: TextEdit;

  switch (family) {
    case 'js':
    case 'python':
    case 'go': {
      const q = ctx?.quote;
      const fString = family === 'python' && ctx !== undefined && /[fF]$/.test(text.slice(Math.max(0, ctx.open - 2), ctx.open));
      // Inside an f-string with double quotes, the lookup needs single ones (before Python 3.12).
      const expr = envExpression(family, fString && q === '"' ? "'" : '"');
      if (!ctx || !q) edit = replace(start, end, expr);
      else if (whole) edit = replace(start - 1, end + 1, envExpression(family));
      else if (family === 'js' && q === '`') edit = replace(start, end, `\${${expr}}`);
      else if (fString) edit = replace(start, end, `{${expr}}`);
      else if (before) edit = replace(start - 1, end, `${expr} + ${q}`);
      else if (after) edit = replace(start, end + 1, `${q} + ${expr}`);
      else edit = replace(start, end, `${q} + ${expr} + ${q}`);
      break;
    }
    case 'shell':
    case 'docker': {
      // Single quotes stop expansion: step out of them.
      const expr = envExpression(family);
      if (ctx?.quote !== "'") edit = replace(start, end, expr);
      else if (whole) edit = replace(start - 1, end + 1, `"${expr}"`);
      else if (before) edit = replace(start - 1, end, `"${expr}"'`);
      else if (after) edit = replace(start, end + 1, `'"${expr}"`);
      else edit = replace(start, end, `'"${expr}"'`);
      break;
    }
    case 'dotenv':
      edit = whole ? replace(start - 1, end + 1, '') : replace(start, end, '');
      break;
    default:
      edit = replace(start, end, envExpression(family));
  }

  const imported = family === 'python' ? pythonImportEdit(text) : family === 'go' ? goImportEdit(text) : undefined;
  const edits = imported && imported.end <= edit.start ? [imported, edit] : [edit];
  return { family, edits };
}

/** The quote of the string literal that holds `offset` on its line, if any. Escapes count in code, not in shell single quotes. */
function stringContext(text: string, offset: number, family: LanguageFamily): StringContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const quotes = family === 'js' || family === 'go' ? '"\'`' : '"\'';
  let open: StringContext | undefined;
  for (let i = lineStart; i < offset; i++) {
    const ch = text[i]!;
    if (open) {
      const raw = (open.quote === "'" && (family === 'shell' || family === 'docker')) || (open.quote === '`' && family === 'go');
      if (ch === '\\' && !raw) i++;
      else if (ch === open.quote) open = undefined;
    } else if (quotes.includes(ch)) {
      open = { quote: ch, open: i };
    } else if (ch === '#' && (family === 'python' || family === 'shell' || family === 'yaml' || family === 'docker' || family === 'dotenv')) {
      return undefined; // a comment: replace the bare key
    }
  }
  return open;
}
