/**
 * Settings that could expose a key or send it elsewhere (openaiConnector.<name>). They are read from
 * the user's own settings only: package.json scopes them "application", so VS Code keeps them out of
 * workspace and folder settings, and the extension reads the user value (globalValue) itself, so a
 * workspace value is ignored even by a VS Code that does not honour the scope.
 */
export const USER_ONLY_SETTINGS = ['terminal.injectActiveKey', 'debug.injectActiveKey'] as const;

export type UserOnlySetting = (typeof USER_ONLY_SETTINGS)[number];

/** The scope package.json declares for each of them. */
export const USER_ONLY_SCOPE = 'application';

/** What VS Code's `inspect()` reports for a setting, in the parts that matter here. */
export interface InspectedFlag {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/** On only when the user turned it on (or the default is on): workspace and folder values never count. */
export function userOnlyFlag(inspected: InspectedFlag | undefined): boolean {
  return (inspected?.globalValue ?? inspected?.defaultValue) === true;
}
