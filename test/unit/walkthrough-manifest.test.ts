// The Getting Started walkthrough in package.json: the seed guide's six steps in order, a button per
// step that runs a declared command (or opens platform.openai.com), completion events that can fire,
// media that exists, and the keys view's welcome content pointing at it.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH_CONTEXT_KEYS, WALKTHROUGH_ID } from '../../src/vscode/walkthrough/walkthrough-ids';
import {
  commandLinkArguments,
  linkedCommands,
  parseCompletionEvent,
  qualifiedWalkthroughId,
  stepButtons,
  type ManifestWithWalkthroughs,
} from './walkthrough-steps';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as ManifestWithWalkthroughs & {
  contributes: { commands: { command: string }[] };
};
const commandIds = new Set(manifest.contributes.commands.map((c) => c.command));
const contextKeys = new Set<string>(Object.values(WALKTHROUGH_CONTEXT_KEYS));
const walkthrough = manifest.contributes.walkthroughs?.find((w) => w.id === WALKTHROUGH_ID);

describe('Getting Started walkthrough (manifest)', () => {
  it('is declared once, with a title and a description', () => {
    assert.equal(manifest.contributes.walkthroughs?.length, 1);
    assert.ok(walkthrough, `no walkthrough with id ${WALKTHROUGH_ID}`);
    assert.ok(walkthrough.title.length > 0 && walkthrough.description.length > 0);
  });

  it("follows the seed guide's path: create, add, test, permissions, first request, scan", () => {
    assert.deepEqual(walkthrough?.steps.map((s) => s.id), ['createKey', 'addKey', 'testKey', 'permissions', 'firstRequest', 'scanWorkspace']);
    const [create] = walkthrough!.steps;
    assert.deepEqual(stepButtons(create!.description).map((b) => b.target), ['https://platform.openai.com/api-keys']);
    assert.match(create!.description, /one key per app/i);
    assert.match(create!.description, /All, Restricted or Read only/);
  });

  it('gives every step a button, and every command link a declared command', () => {
    for (const step of walkthrough!.steps) {
      const buttons = stepButtons(step.description);
      assert.ok(buttons.length > 0, `step ${step.id} has no button`);
      for (const button of buttons) assert.match(button.target, /^(command:openaiConnector\.[\w.]+|https:\/\/platform\.openai\.com\/)/, `step ${step.id}: ${button.target}`);
      for (const id of linkedCommands(step.description)) assert.ok(commandIds.has(id), `step ${step.id} links undeclared command ${id}`);
    }
  });

  it('ticks every step off by an event that can fire: a linked command, a context key the extension sets, or its link', () => {
    for (const step of walkthrough!.steps) {
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `step ${step.id} has no completion event`);
      for (const raw of events) {
        const event = parseCompletionEvent(raw);
        if (event.kind === 'command') {
          assert.ok(commandIds.has(event.id), `step ${step.id}: ${raw} names an undeclared command`);
          assert.ok(linkedCommands(step.description).includes(event.id), `step ${step.id}: ${raw} but the step has no button for it`);
        } else if (event.kind === 'context') {
          assert.ok(contextKeys.has(event.key), `step ${step.id}: ${raw} is not a context key the extension sets (src/vscode/walkthrough/walkthrough-ids.ts)`);
        } else if (event.kind === 'link') {
          assert.ok(step.description.includes(`](${event.url})`), `step ${step.id}: ${raw} but the step does not link it`);
        } else {
          assert.fail(`step ${step.id}: unexpected completion event ${raw}`);
        }
      }
    }
  });

  it('uses every context key it declares, so none is set for nothing', () => {
    const used = new Set(walkthrough!.steps.flatMap((s) => (s.completionEvents ?? []).map(parseCompletionEvent)).flatMap((e) => (e.kind === 'context' ? [e.key] : [])));
    assert.deepEqual([...contextKeys].filter((k) => !used.has(k)), []);
  });

  it('shows media that exists for every step', () => {
    for (const step of walkthrough!.steps) {
      const path = step.media.markdown ?? step.media.svg ?? (typeof step.media.image === 'string' ? step.media.image : undefined);
      assert.ok(path, `step ${step.id} has no media`);
      assert.ok(existsSync(join(root, path)), `step ${step.id}: ${path} does not exist`);
      if (step.media.image) assert.ok(step.media.altText, `step ${step.id}: an image needs altText`);
    }
  });

  it("points the keys view's welcome content at the walkthrough", () => {
    const welcome = manifest.contributes.viewsWelcome?.find((w) => w.view === 'openaiConnector.keys');
    const link = /\]\((command:workbench\.action\.openWalkthrough[^)]*)\)/.exec(welcome?.contents ?? '')?.[1];
    assert.ok(link, 'the keys view welcome content has no openWalkthrough link');
    assert.deepEqual(commandLinkArguments(link), [qualifiedWalkthroughId(manifest, WALKTHROUGH_ID), false]);
  });
});
