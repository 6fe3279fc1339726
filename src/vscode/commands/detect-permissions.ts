import * as vscode from 'vscode';
import { loadRouteCatalogue } from '../../core/catalogue/route-catalogue';
import type { JsonValue } from '../../core/catalogue/route-types';
import { KeyRecord } from '../../core/keys/key-index';
import type { DetectedMatrix, ProbeSend } from '../../core/permissions/permission-probes';
import { ACCESS_LABELS, RESOURCE_GROUPS, ResourceGroup, declaredAccess, toPermission } from '../../core/permissions/permission-model';
import { decideSend } from '../../core/permissions/send-policy';
import { UserError } from '../../core/common/user-error';
import { resolveKey } from '../keys/key-prompts';
import { Services } from '../common/services';
import { CommandHandlers, KeyRef, scriptedKeyId } from './command-surface';

/** Scripted arguments (test mode only). */
export interface DetectArgs {
  readonly keyId?: string;
  /** Scripted answer to "save the detected matrix?". */
  readonly save?: boolean;
}

export interface DetectOutcome {
  readonly detected: DetectedMatrix;
  readonly saved: boolean;
}

export function detectPermissionsCommand(services: Services): CommandHandlers<'openaiConnector.detectPermissions'> {
  const { vault } = services;
  return {
  'openaiConnector.detectPermissions': async ({ target, script }): Promise<DetectOutcome> => {
    const [key, opts] = script ?? [];
    const record = await resolveKey(vault, target ?? scriptedKeyId(key as KeyRef | undefined), 'Key whose permissions to detect', (k) => !vault.isSecretMissing(k.id) && k.kind !== 'admin');
    if (record.kind === 'admin') {
      throw new UserError(`'${record.name}' is an admin key: it can call only /v1/organization/* routes, has no permission matrix and cannot call models.`, 'info');
    }
    // The probes start with GET /models; what they find out is the point, so a denial is not asked about.
    const decision = decideSend(record, { method: 'GET', path: '/models' }, await loadRouteCatalogue(), services.settings.testOpenAIOrigins);
    if (decision.kind === 'refuse') throw new UserError(decision.why);
    if (decision.kind === 'allow' && !decision.openAI) {
      throw new UserError(`Detect Permissions works only with OpenAI's API; '${record.name}' points at ${record.baseUrl}, whose permissions OpenAI's model does not describe.`, 'info');
    }
    const detected = await probe(services, record);
    await vault.update(record.id, { lastVerifiedAt: new Date().toISOString() });
    const save = opts?.save ?? (await offerToSave(record, detected));
    if (save) {
      await vault.update(record.id, { permission: toPermission(detected.matrix) });
      services.logger.info('permissions', `Saved the detected permissions of '${record.name}'.`);
    }
    return { detected, saved: save };
  },
  };
}

export async function probe(services: Services, record: KeyRecord): Promise<DetectedMatrix> {
  const abort = new AbortController();
  // A redirect is never followed; it stops the run, since every later probe would meet it too.
  let redirect: string | undefined;
  const send: ProbeSend = async (method, path, body, options) => {
    const [pathname = path, search = ''] = path.split('?');
    const query = Object.fromEntries(new URLSearchParams(search));
    const result = await services.runner.run(record, {
      method, path: pathname, query, headers: { ...options.headers },
      body: body === undefined ? { kind: 'none' } : { kind: 'json', text: JSON.stringify(body satisfies JsonValue) },
      stream: false,
    }, { maxRetries: 0, ...(options.signal ? { signal: options.signal } : {}) });
    if (result.error?.kind === 'redirect') {
      redirect ??= result.error.message;
      abort.abort();
    }
    if (result.status === undefined) throw new Error(result.error?.message ?? result.outcome);
    return { status: result.status, body: parseBody(result.body?.bytes) };
  };
  const { runProbes, detectMatrix } = (await services.runner.requests()).module;
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Detecting the permissions of '${record.name}'`, cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      return runProbes(send, {
        concurrency: 3,
        signal: abort.signal,
        onProgress: (done, total, result) => {
          progress.report({ increment: 100 / total, message: `${done}/${total} ${result.probe.method} ${result.probe.path}` });
          services.logger.info('permissions', `Probe ${result.probe.id}: ${result.detail}`);
        },
      });
    },
  );
  if (redirect) throw new UserError(`Detect Permissions stopped for '${record.name}': ${redirect} Nothing was saved.`);
  if (run.cancelled) throw new UserError('Detect Permissions was cancelled; nothing was saved.', 'info');
  if (run.invalidKey) throw new UserError(`'${record.name}' was rejected as an invalid key; rotate it with a current one.`);
  return detectMatrix(run.results);
}

function parseBody(bytes: Uint8Array | undefined): unknown {
  if (!bytes || bytes.length === 0) return undefined;
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function offerToSave(record: KeyRecord, detected: DetectedMatrix): Promise<boolean> {
  const lines = (RESOURCE_GROUPS as readonly ResourceGroup[]).filter((g) => !g.admin).map((g) => {
    const found = detected.unknown.includes(g.id) ? `${ACCESS_LABELS[detected.matrix[g.id]]}?` : ACCESS_LABELS[detected.matrix[g.id]];
    const declared = declaredAccess(record.permission, g);
    return `${g.label}: declared ${declared}, detected ${found}${declared === ACCESS_LABELS[detected.matrix[g.id]] ? '' : '  ◀'}`;
  });
  const detail = [...lines, '', ...detected.notes, '', 'Permission changes can take up to 15 minutes to apply at OpenAI.'].join('\n');
  const choice = await vscode.window.showInformationMessage(`Detected permissions of '${record.name}'`, { modal: true, detail }, 'Save Detected Permissions');
  return choice === 'Save Detected Permissions';
}
