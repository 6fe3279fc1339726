// node:test wrappers for end-to-end scenarios: one code-server + Chromium session per scenario, steps
// that run in order, a screenshot in the run folder when a step fails, and later steps skipped.
import { after, before, describe, it } from 'node:test';
import type { Workbench } from './workbench';
import { openSession, type Session, type SessionOptions } from './session';

export interface ScenarioContext {
  /** Registers a step; steps run in order and share one workbench. */
  step(title: string, body: (workbench: Workbench, session: Session) => Promise<void>, options?: { timeout?: number }): void;
}

/** A scenario: a fresh workbench with the packaged extension installed, driven step by step. */
export function scenario(title: string, options: SessionOptions, body: (context: ScenarioContext) => void): void {
  describe(title, () => {
    let session: Session | undefined;
    let failedStep: string | undefined;

    before(async () => {
      session = await openSession(options);
    }, { timeout: 180_000 });

    after(async () => {
      if (session && session.pageErrors.length > 0 && failedStep) {
        console.log(`page errors seen:\n  ${session.pageErrors.slice(-10).join('\n  ')}`);
      }
      await session?.close();
    }, { timeout: 60_000 });

    body({
      step(stepTitle, run, stepOptions = {}) {
        it(stepTitle, { timeout: stepOptions.timeout ?? 90_000 }, async (t) => {
          if (failedStep) {
            t.skip(`skipped: step "${failedStep}" failed`);
            return;
          }
          if (!session) throw new Error('the workbench did not open');
          try {
            await run(session.workbench, session);
          } catch (error) {
            failedStep = stepTitle;
            const shot = await session.screenshot(`${title}-${stepTitle}`);
            if (shot) console.log(`screenshot: ${shot}`);
            throw error;
          }
        });
      },
    });
  });
}
