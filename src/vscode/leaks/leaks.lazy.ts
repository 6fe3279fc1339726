// The leak scanner's on-demand parts (Move Key and the workspace scan), loaded on first use.
export { moveKeyToVault } from './move-key-action';
export { scanWorkspace } from './workspace-scan';
