// The request builder's host code, loaded on the first command, panel restore or Saved Requests
// view (a separate chunk; see scripts/build.mjs). Keeps dist/extension.js small.
export { RequestBuilder } from './request-builder';
