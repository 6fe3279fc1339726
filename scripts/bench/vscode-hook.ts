/**
 * Resolves `import 'vscode'` to a small working stand-in (child/vscode-panel-stub.cjs), so the bench
 * loads the production request builder panel outside VS Code. Import this before anything that
 * imports 'vscode'.
 */
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const STUB = pathToFileURL(join(__dirname, 'child', 'vscode-panel-stub.cjs')).href;

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'vscode') return { url: STUB, format: 'commonjs', shortCircuit: true };
    return next(specifier, context);
  },
});
