// Generates src/core/catalogue/route-catalogue.data.ts from OpenAI's official OpenAPI description.
// Usage: node scripts/generate-catalogue.mjs [path/to/openapi.yaml]   (or OPENAI_OPENAPI_SPEC=path)
// Default: the vendored third_party/openai-openapi/openapi.yaml. `--check` only compares.
// To move to a newer description use `npm run update:openapi` (it also records the source).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { tsImport } from 'tsx/esm/api';

const args = process.argv.slice(2);
const check = args.includes('--check');
const { VENDORED_SPEC, CATALOGUE_DATA } = await tsImport('./vendored-openapi.ts', import.meta.url);
const specPath = resolve(args.find((a) => !a.startsWith('--')) ?? process.env.OPENAI_OPENAPI_SPEC ?? VENDORED_SPEC);
const outPath = CATALOGUE_DATA;

if (!existsSync(specPath)) {
  console.error(`generate-catalogue: no OpenAPI description at ${specPath}; pass its path as an argument or set OPENAI_OPENAPI_SPEC.`);
  process.exit(2);
}

const { buildCatalogue, renderCatalogueModule } = await tsImport('../src/core/catalogue/spec-to-catalogue.ts', import.meta.url);
const spec = parse(readFileSync(specPath, 'utf8'), { maxAliasCount: -1 });
const build = buildCatalogue(spec);
if (build.unplaced.length > 0) {
  console.error(`generate-catalogue: ${build.unplaced.length} operation(s) the classifier cannot place:\n  ${build.unplaced.join('\n  ')}`);
  process.exit(1);
}
const text = renderCatalogueModule(build);
if (check) {
  const current = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
  if (current !== text) {
    console.error('generate-catalogue: route-catalogue.data.ts is out of date; run `npm run generate:catalogue`.');
    process.exit(1);
  }
  console.log(`generate-catalogue: up to date (${build.rows.length} operations).`);
} else {
  writeFileSync(outPath, text);
  console.log(`generate-catalogue: wrote ${build.rows.length} operations (spec ${build.version}, ${(text.length / 1024).toFixed(0)} KiB) to ${outPath}.`);
}
