import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Redirect, envFileValues, findRedirect, keyVariables, mergeDebugEnv, redirectMessage } from '../../core/keys/key-environment';
import { redactError } from '../../core/common/redaction';
import { Services } from '../common/services';
import { activeKeyInjection } from './active-key-injection';
import { WithheldNotices } from './withheld-notices';

export const DEBUG_TYPES = ['node', 'pwa-node', 'python', 'debugpy'] as const;

/**
 * Adds the active key's variables to Node and Python launch configurations, behind
 * openaiConnector.debug.injectActiveKey. Runs after variable substitution; the key's variables win
 * over the configuration's env and envFile. A configuration that points the key at another server
 * (OPENAI_BASE_URL and the like, in env or envFile) gets no key at all, with a warning saying why.
 */
export class KeyDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly services: Services, private readonly notices: WithheldNotices) {}

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration> {
    if (config.request !== 'launch') return config;
    const { vault, settings, logger } = this.services;
    const decision = activeKeyInjection(this.services, settings.injectIntoDebug);
    if (!decision.inject) return config;
    try {
      const redirect = await configRedirect(config, folder, decision.key.baseUrl);
      if (redirect) {
        this.notices.tell(`Debug session '${String(config.name)}': ${redirectMessage(redirect, decision.key.name, 'debug session')}`);
        return config;
      }
      config.env = mergeDebugEnv(config.env, keyVariables(decision.key, await vault.getSecret(decision.key.id)));
      logger.info('environment', `Debug session '${config.name}' gets the variables of key '${decision.key.name}'.`);
    } catch (error) {
      logger.warn('environment', `Debug session '${config.name}' starts without the key: ${redactError(error)}`);
    }
    return config;
  }
}

/** A base URL for another server in the configuration's env or envFile (Python's default .env included). */
async function configRedirect(config: vscode.DebugConfiguration, folder: vscode.WorkspaceFolder | undefined, keyBaseUrl: string): Promise<Redirect | undefined> {
  const env = typeof config.env === 'object' && config.env !== null ? (config.env as Record<string, unknown>) : {};
  const sources = [{ source: `the launch configuration '${String(config.name)}' (env)`, env }];
  const pythonDefault = (config.type === 'python' || config.type === 'debugpy') && folder ? '.env' : undefined;
  const envFile = typeof config.envFile === 'string' ? config.envFile : pythonDefault;
  if (envFile) sources.push({ source: `the launch configuration's env file ${envFile}`, env: envFileValues(await readEnvFile(envFile, folder)) });
  return findRedirect(sources, keyBaseUrl);
}

function readEnvFile(file: string, folder: vscode.WorkspaceFolder | undefined): Promise<string> {
  const full = path.isAbsolute(file) || !folder ? file : path.join(folder.uri.fsPath, file);
  return readFile(full, 'utf8').catch(() => '');
}
