/** 7. Webview in the real VS Code (code-server + Chromium). */
import type { Row } from './measure';

export async function benchWebview(_opts: { rounds: number; tmpDir: string }): Promise<Row[]> {
  throw new Error('not written yet');
}
