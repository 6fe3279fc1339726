/**
 * The one answer to "may this key send this request?". Every sender asks here before anything
 * leaves: the request builder, Test Key and Detect Permissions. Pure: the catalogue and the origins
 * the test host adds come in as arguments.
 */
import { isOpenAIOrigin } from '../common/base-url';
import type { RouteInfo } from '../catalogue/route-types';
import { bindPathToOrigin } from '../execution/origin';
import { CheckedKey, PermissionCheck, RouteFinder, checkRoute, noOpinion } from './permission-check';

/** A request to decide on: the method and the concrete path (parameters filled in). */
export interface SendTarget {
  readonly method: string;
  readonly path: string;
}

export type SendDecision =
  /** Send. `openAI` is false for a compatible server, about which OpenAI's model has no opinion. */
  | { readonly kind: 'allow'; readonly openAI: boolean; readonly check: PermissionCheck }
  /** The declared permissions deny it: send only when the user says so. */
  | { readonly kind: 'confirm'; readonly why: string; readonly check: PermissionCheck }
  /** Never send, whatever the user says. */
  | { readonly kind: 'refuse'; readonly why: string; readonly route?: RouteInfo };

/**
 * Decides on one send. Refused: a path that would take the key off its base URL's origin, and an
 * admin key on a model route (OpenAI rejects it, and the key would travel for nothing). Confirm: the
 * key's declared permission level denies the route. Allowed otherwise, and always for servers that
 * are not OpenAI's (`testOrigins`: origins the test host treats as OpenAI's).
 */
export function decideSend(key: CheckedKey, request: SendTarget, catalogue: RouteFinder, testOrigins: readonly string[] = []): SendDecision {
  try {
    bindPathToOrigin(key.baseUrl, request.path);
  } catch (error) {
    // By name: each bundle chunk has its own copy of the class.
    const why = error instanceof Error && error.name === 'ForeignOriginError' ? error.message : `Refused: the base URL of '${key.name}' is not a valid URL.`;
    return { kind: 'refuse', why };
  }
  if (!isOpenAIOrigin(key.baseUrl, testOrigins)) return { kind: 'allow', openAI: false, check: noOpinion(key) };
  const method = request.method.toUpperCase();
  const route = catalogue.find(method, request.path)?.route;
  if (key.kind === 'admin' && route && !route.adminOnly && route.access === 'request') {
    return { kind: 'refuse', route, why: `Refused: '${key.name}' is an admin key, and admin keys cannot call models (${method} /v1${route.path}). Pick a project key.` };
  }
  const check = checkRoute(key, method, request.path, route);
  if (check.verdict !== 'denied') return { kind: 'allow', openAI: true, check };
  return { kind: 'confirm', why: check.note ? `${check.reason} ${check.note}` : check.reason, check };
}
