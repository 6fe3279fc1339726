/** Types of the route catalogue: the compact rows the generator writes, and the readable view of a route. */
import type { ModelCapabilityId, ResourceGroupId } from '../permissions/permission-model';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** What a route does: read data, change data, or call a model. */
export type RouteAccess = 'read' | 'write' | 'request';
/** How the request body travels; 'sdp' is the raw SDP offer of POST /realtime/calls. */
export type BodyKind = 'json' | 'multipart' | 'sdp' | 'none';
export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A path or query parameter, compact: name, in ('p' path / 'q' query), required, type, enum. */
export interface ParamRow {
  readonly n: string;
  readonly i: 'p' | 'q';
  readonly r?: 1;
  readonly t: ParamType;
  readonly e?: readonly string[];
}

/** One operation as stored in route-catalogue.data.ts (generated; short keys keep the file small). */
export interface RouteRow {
  /** operationId */
  readonly id: string;
  readonly m: HttpMethod;
  /** Path template as in the spec, without /v1 and without the fixed query in `q`. */
  readonly p: string;
  /** A fixed query the spec writes into the path, e.g. 'beta=true'. */
  readonly q?: string;
  /** Tag: the resource the route picker groups by. */
  readonly t: string;
  /** Short summary, at most 80 characters. */
  readonly s: string;
  readonly g: ResourceGroupId;
  readonly a: RouteAccess;
  /** Sub-item of Model capabilities the route falls under. */
  readonly c?: ModelCapabilityId;
  /** Only admin keys may call it. */
  readonly ad?: 1;
  /** Body kind the spec lists first, and a second one if it accepts two. */
  readonly b: BodyKind;
  readonly b2?: BodyKind;
  /** The request body has a `stream` property. */
  readonly st?: 1;
  readonly dep?: 1;
  /** Date the API was shut down (YYYY-MM-DD). */
  readonly sd?: string;
  readonly pp?: readonly ParamRow[];
  /** Minimal valid example body (without the files of a multipart body). */
  readonly ex?: JsonValue;
  /** Multipart fields that carry files: the builder asks for them. */
  readonly ff?: readonly string[];
}

export interface RouteParam {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly type: ParamType;
  readonly enum?: readonly string[];
}

/** A route as the rest of the extension sees it. */
export interface RouteInfo {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly fixedQuery?: string;
  readonly tag: string;
  readonly summary: string;
  readonly group: ResourceGroupId;
  readonly access: RouteAccess;
  readonly capability?: ModelCapabilityId;
  readonly adminOnly: boolean;
  readonly body: BodyKind;
  readonly altBody?: BodyKind;
  readonly streaming: boolean;
  readonly deprecated: boolean;
  readonly shutDown?: string;
  readonly params: readonly RouteParam[];
  readonly example?: JsonValue;
  readonly fileFields: readonly string[];
}
