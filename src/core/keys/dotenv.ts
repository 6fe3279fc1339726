/** Finds OpenAI keys in the text of a .env file, with the line each sits on. */
import { detectKeyKind, normalizeKeyInput } from './key-format';

export interface DotEnvKey {
  readonly name: string;
  readonly value: string;
  /** Zero-based line number, for deleting the line afterwards. */
  readonly line: number;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** Assignments whose name is OPENAI_API_KEY, or whose value looks like an OpenAI key. */
export function findKeysInDotEnv(text: string): DotEnvKey[] {
  const found: DotEnvKey[] = [];
  text.split(/\r?\n/).forEach((raw, line) => {
    const m = ASSIGNMENT.exec(raw);
    if (!m) return;
    const name = m[1]!;
    let value = m[2]!.trim();
    const quoted = /^(['"])(.*)\1/.exec(value);
    value = quoted ? quoted[2]! : value.replace(/\s+#.*$/, '');
    value = normalizeKeyInput(value);
    if (!value) return;
    if (name === 'OPENAI_API_KEY' || (value.startsWith('sk-') && detectKeyKind(value) !== 'other' && value.length >= 20)) {
      found.push({ name, value, line });
    }
  });
  return found;
}

/** Other OPENAI_* settings in the same file, to pre-fill the key's base URL, organization and project. */
export function findOpenAISettings(text: string): { baseUrl?: string; organization?: string; project?: string } {
  const out: { baseUrl?: string; organization?: string; project?: string } = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = ASSIGNMENT.exec(raw);
    if (!m) continue;
    const value = m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (m[1] === 'OPENAI_BASE_URL') out.baseUrl = value;
    if (m[1] === 'OPENAI_ORG_ID' || m[1] === 'OPENAI_ORGANIZATION') out.organization = value;
    if (m[1] === 'OPENAI_PROJECT_ID') out.project = value;
  }
  return out;
}
