/**
 * The loopback mock (test/fixtures/mock-openai-server.ts) in its own process, so its work does not
 * share the benchmark's event loop. Scripted over its HTTP control routes.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './bundle-budget';

export interface MockProcess {
  /** http://127.0.0.1:PORT/v1 */
  readonly baseUrl: string;
  /** POST /__mock/script: a behaviour for a route (see the fixture's Behaviour type). */
  script(route: string, behaviour: Record<string, unknown>): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the mock with `streamEvents` deltas in a default stream; resolves once it listens. */
export async function startMockProcess(streamEvents: number): Promise<MockProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/fixtures/mock-openai-server.ts'), '--port', '0', '--stream-events', String(streamEvents)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the mock server did not start within 30 s')), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('http://127.0.0.1:'));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock server exited (${code})`));
    });
  });
  const origin = new URL(baseUrl).origin;
  const control = async (path: string, body?: unknown): Promise<void> => {
    const res = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    if (!res.ok) throw new Error(`mock control ${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  return {
    baseUrl,
    script: (route, behaviour) => control('/__mock/script', { route, behaviour }),
    // The mock records every request; clearing between sections keeps its memory flat.
    reset: () => control('/__mock/reset'),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
