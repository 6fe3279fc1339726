/**
 * The deterministic budgets of the build, shared by test/unit/budgets.test.ts (which fails when one
 * is crossed) and the benchmark table: bundle sizes, and what must never be in the activation bundle.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const DIST = join(REPO_ROOT, 'dist');

/** The bundles the build writes, relative to dist/. */
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
 * Strings that only the openai SDK's own code carries (its client sets these headers and options);
 * our code never writes them. Case-sensitive on purpose: our code reads 'x-stainless-retry-count' in
 * lower case, which is not SDK code.
 */
export const SDK_MARKERS = ['dangerouslyAllowBrowser', 'X-Stainless-Lang', 'X-Stainless-Package-Version', 'OpenAI-Organization', 'Stainless'] as const;

/** One generated catalogue row as it appears minified: {id:"listModels",m:"GET",... */
export const CATALOGUE_ROW = /\bid:"[^"]+",m:"(?:GET|POST|PUT|PATCH|DELETE)"/g;

/** The official description has 288 operations; the catalogue chunk carries one row for each. */
export const OFFICIAL_OPERATIONS = 288;

export interface BundleFacts {
  readonly bytes: Record<BundleName, number | undefined>;
  /** SDK markers found in the activation bundle. */
  readonly sdkMarkersInActivation: string[];
  /** SDK markers found in the SDK chunk (all of them, when the chunk is the SDK). */
  readonly sdkMarkersInSdkChunk: string[];
  readonly catalogueRowsInActivation: number;
  readonly catalogueRowsInChunk: number;
  /** The activation bundle loads the SDK chunk with import("./openai-sdk.js") (or require). */
  readonly activationRequiresSdkChunk: boolean;
}

function read(name: BundleName): string | undefined {
  const path = join(DIST, BUNDLES[name]);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Sizes and contents of the built bundles under dist/ (undefined sizes for missing files). */
export function bundleFacts(): BundleFacts {
  const bytes = {} as Record<BundleName, number | undefined>;
  for (const name of Object.keys(BUNDLES) as BundleName[]) {
    const path = join(DIST, BUNDLES[name]);
    bytes[name] = existsSync(path) ? statSync(path).size : undefined;
  }
  const activation = read('activation') ?? '';
  const sdk = read('sdk') ?? '';
  const catalogue = read('catalogue') ?? '';
  return {
    bytes,
    sdkMarkersInActivation: SDK_MARKERS.filter((m) => activation.includes(m)),
    sdkMarkersInSdkChunk: SDK_MARKERS.filter((m) => sdk.includes(m)),
    catalogueRowsInActivation: activation.match(CATALOGUE_ROW)?.length ?? 0,
    catalogueRowsInChunk: catalogue.match(CATALOGUE_ROW)?.length ?? 0,
    activationRequiresSdkChunk: /\b(?:import|require)\(["']\.\/openai-sdk\.js["']\)/.test(activation),
  };
}
