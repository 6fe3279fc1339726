import * as vscode from 'vscode';
import { Services } from '../common/services';
import { InjectionDecision, injectionDecision } from '../../core/keys/key-environment';

/** Whether the workspace's active key may be injected now, for terminals or debug sessions alike. */
export function activeKeyInjection(services: Services, enabled: boolean): InjectionDecision {
  const active = services.vault.activeKey();
  return injectionDecision({
    trusted: vscode.workspace.isTrusted,
    enabled,
    active,
    secretMissing: active ? services.vault.isSecretMissing(active.id) : false,
  });
}
