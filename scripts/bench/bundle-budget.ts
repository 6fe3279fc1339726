/**
 * The deterministic budgets of the build, shared by test/unit/budgets.test.ts (which fails when one
 * is crossed) and the benchmark table: bundle sizes, and what must never be in the activation bundle.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const DIST = join(REPO_ROOT, 'dist');

/** The bundles every build writes, relative to dist/ (the *.lazy.js chunks come on top). */
export const BUNDLES = {
  activation: 'extension.js',
  sdk: 'openai-sdk.js',
  catalogue: 'route-catalogue.js',
  webview: 'webview/main.js',
} as const;
export type BundleName = keyof typeof BUNDLES;

/** Activation bundle, minified: loaded on every activation, so it stays small. */
export const ACTIVATION_BUDGET_BYTES = 50 * 1024;

/**
 * Strings that only the openai SDK's own code carries (its client's platform headers and options,
 * its Assistants stream helper); our code never writes them. Case-sensitive on purpose: our code
 * reads 'x-stainless-retry-count' in lower case, and the curl export writes an OpenAI-Organization
 * header, neither of which is SDK code.
 */
export const SDK_MARKERS = ['dangerouslyAllowBrowser', 'X-Stainless-Lang', 'X-Stainless-Package-Version', 'X-Stainless-Runtime-Version', 'AssistantStream'] as const;

/** One generated catalogue row as it appears minified: {id:"listModels",m:"GET",... */
export const CATALOGUE_ROW = /\bid:"[^"]+",m:"(?:GET|POST|PUT|PATCH|DELETE)"/g;

/** The official description has 288 operations; the catalogue chunk carries one row for each. */
export const OFFICIAL_OPERATIONS = 288;

/** A local chunk loaded eagerly: require("./x.js"), as opposed to import("./x.js") on first use. */
const EAGER_LOCAL = /\brequire\(["']\.\/([\w.-]+\.js)["']\)/g;
const LAZY_LOCAL = /\bimport\(["']\.\/([\w.-]+\.js)["']\)/g;

export interface ChunkFacts {
  /** File name under dist/. */
  readonly file: string;
  readonly bytes: number;
  readonly sdkMarkers: string[];
  readonly catalogueRows: number;
  /** Local chunks this one requires at load time. */
  readonly eager: string[];
  /** Local chunks this one imports on first use. */
  readonly lazy: string[];
}

export interface BundleFacts {
  readonly bytes: Record<BundleName, number | undefined>;
  /** dist/*.js: the activation bundle and every chunk beside it. */
  readonly chunks: ChunkFacts[];
}

function chunkFacts(file: string): ChunkFacts {
  const path = join(DIST, file);
  const text = readFileSync(path, 'utf8');
  return {
    file,
    bytes: statSync(path).size,
    sdkMarkers: SDK_MARKERS.filter((m) => text.includes(m)),
    catalogueRows: text.match(CATALOGUE_ROW)?.length ?? 0,
    eager: [...text.matchAll(EAGER_LOCAL)].map((m) => m[1]!),
    lazy: [...text.matchAll(LAZY_LOCAL)].map((m) => m[1]!),
  };
}

/** Sizes and contents of the built bundles under dist/ (undefined sizes for missing files). */
export function bundleFacts(): BundleFacts {
  const bytes = {} as Record<BundleName, number | undefined>;
  for (const name of Object.keys(BUNDLES) as BundleName[]) {
    const path = join(DIST, BUNDLES[name]);
    bytes[name] = existsSync(path) ? statSync(path).size : undefined;
  }
  const files = existsSync(DIST) ? readdirSync(DIST).filter((f) => f.endsWith('.js')).sort() : [];
  return { bytes, chunks: files.map(chunkFacts) };
}

/** Every chunk the activation bundle loads at require() time: itself and what it requires, transitively. */
export function loadedAtActivation(facts: BundleFacts): ChunkFacts[] {
  const byFile = new Map(facts.chunks.map((c) => [c.file, c]));
  const seen = new Map<string, ChunkFacts>();
  const visit = (file: string): void => {
    const chunk = byFile.get(file);
    if (!chunk || seen.has(file)) return;
    seen.set(file, chunk);
    chunk.eager.forEach(visit);
  };
  visit(BUNDLES.activation);
  return [...seen.values()];
}
