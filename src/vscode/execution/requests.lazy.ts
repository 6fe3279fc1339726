// Everything that sends requests, loaded on the first request (a separate chunk; see scripts/build.mjs).
export { ClientCache } from '../../core/execution/client-cache';
export { executeRequest } from '../../core/execution/execute';
export { testKey } from '../../core/execution/test-key';
export { detectMatrix, runProbes } from '../../core/permissions/permission-probes';
