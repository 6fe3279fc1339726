import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { redactError } from '../../core/redaction';
import { Services } from '../services';
import { activeKeyInjection } from './active-key-injection';
import { envFileNames, keyVariables, mergeDebugEnv } from './key-variables';

export const DEBUG_TYPES = ['node', 'pwa-node', 'python', 'debugpy'] as const;

/**
 * Adds the active key's variables to Node and Python launch configurations, behind
 * openaiConnector.debug.injectActiveKey. Runs after variable substitution, so a configuration's own
 * env and envFile values, as the user wrote them, win.
 */
export class KeyDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly services: Services) {}

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration> {
    if (config.request !== 'launch') return config;
    const { vault, settings, logger } = this.services;
    const decision = activeKeyInjection(this.services, settings.injectIntoDebug);
    if (!decision.inject) return config;
    try {
      const vars = keyVariables(decision.key, await vault.getSecret(decision.key.id));
      const names = typeof config.envFile === 'string' ? envFileNames(await readEnvFile(config.envFile, folder)) : new Set<string>();
      config.env = mergeDebugEnv(config.env, names, vars);
      logger.info('environment', `Debug session '${config.name}' gets the variables of key '${decision.key.name}'.`);
    } catch (error) {
      logger.warn('environment', `Debug session '${config.name}' starts without the key: ${redactError(error)}`);
    }
    return config;
  }
}

function readEnvFile(file: string, folder: vscode.WorkspaceFolder | undefined): Promise<string> {
  const full = path.isAbsolute(file) || !folder ? file : path.join(folder.uri.fsPath, file);
  return readFile(full, 'utf8').catch(() => '');
}
