import * as vscode from 'vscode';

export interface WorkspaceIdentity {
  readonly id: string;
  readonly name: string;
}

/** The identity keys are filed under: the workspace file, else the first folder. None for an empty window. */
export function currentWorkspace(): WorkspaceIdentity | undefined {
  const uri = vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!uri || uri.scheme === 'untitled') return undefined;
  return { id: uri.toString(), name: vscode.workspace.name ?? uri.path.split('/').pop() ?? uri.toString() };
}
