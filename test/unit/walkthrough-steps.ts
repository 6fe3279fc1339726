// Reads the Getting Started walkthrough out of the manifest: its steps, the buttons in each step's
// description and its completion events. Shared by the manifest unit test and the integration test
// that opens the walkthrough inside VS Code.

export interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: unknown; svg?: string; altText?: string };
  completionEvents?: string[];
}

export interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: WalkthroughStep[];
}

export interface ManifestWithWalkthroughs {
  name: string;
  publisher: string;
  contributes: { walkthroughs?: Walkthrough[]; viewsWelcome?: { view: string; contents: string }[] };
}

/** A completion event, split into its kind and what it names. */
export type CompletionEvent =
  | { kind: 'command'; id: string }
  | { kind: 'context'; key: string }
  | { kind: 'link'; url: string }
  | { kind: 'other'; raw: string };

/** The id `workbench.action.openWalkthrough` takes: "<publisher>.<name>#<walkthrough id>". */
export function qualifiedWalkthroughId(manifest: ManifestWithWalkthroughs, walkthroughId: string): string {
  return `${manifest.publisher}.${manifest.name}#${walkthroughId}`;
}

/**
 * Buttons of a step: a line that holds nothing but one Markdown link, as the Getting Started page
 * renders it. Links inside a sentence stay links.
 */
export function stepButtons(description: string): { label: string; target: string }[] {
  return description
    .split('\n')
    .map((line) => /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ label: m[1]!, target: m[2]! }));
}

/** Every command a step's description links to, buttons and inline links alike. */
export function linkedCommands(description: string): string[] {
  return [...description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!);
}

export function parseCompletionEvent(raw: string): CompletionEvent {
  const [, kind, rest] = /^(onCommand|onContext|onLink):(.+)$/.exec(raw) ?? [];
  if (kind === 'onCommand') return { kind: 'command', id: rest! };
  if (kind === 'onContext') return { kind: 'context', key: rest! };
  if (kind === 'onLink') return { kind: 'link', url: rest! };
  return { kind: 'other', raw };
}

/** The first argument of a `command:<id>?<encoded JSON array>` link. */
export function commandLinkArguments(link: string): unknown[] {
  const query = link.split('?')[1];
  return query ? (JSON.parse(decodeURIComponent(query)) as unknown[]) : [];
}
