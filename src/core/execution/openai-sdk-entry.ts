// The separate chunk loaded on the first request (see scripts/build.mjs): the whole openai SDK.
export { default, default as OpenAI, APIError, APIUserAbortError, APIConnectionError, APIConnectionTimeoutError } from 'openai';
