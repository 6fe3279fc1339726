// Names the Getting Started walkthrough shares with package.json (contributes.walkthroughs). No vscode
// import, so the manifest's unit test can check the two agree.

/** The walkthrough's id in package.json; `workbench.action.openWalkthrough` takes "<publisher>.<name>#<id>". */
export const WALKTHROUGH_ID = 'openaiConnector.gettingStarted';

/**
 * Context keys that the walkthrough's `onContext:` completion events watch. They tick a step only when
 * the user really did it (a key exists, a request completed), not merely ran the command and cancelled.
 * The workbench remembers completed steps, so the keys need not persist.
 */
export const WALKTHROUGH_CONTEXT_KEYS = {
  hasKeys: 'openaiConnector.hasKeys',
  sentRequest: 'openaiConnector.sentRequest',
} as const;
