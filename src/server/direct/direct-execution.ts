import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener, HTTPGraphQLRequest, HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema, getOperationAST } from 'graphql';
import Negotiator from 'negotiator';
import type { GatewayContext } from '../../context.js';
import { isRecord } from '../../is-record.js';
import type { Logger } from '../logger.js';
import { type EveryRequestListener, everyRequest, listenerOf } from '../plugins/every-request.js';
import { asUserInputError, ensureGraphQLError, type FormatError, normalizeAndFormatErrors } from './apollo-errors.js';
import { CompiledQueries, type ExecutionPath } from './compiled-queries.js';
import { DocumentCache } from './document-cache.js';

/** Apollo Server 5's media types for a single result (ApolloServer.ts MEDIA_TYPES), in its order of preference. */
const JSON_TYPE = 'application/json; charset=utf-8';
const SINGLE_RESULT_TYPES = [JSON_TYPE, 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];
/** Distinct Accept headers whose negotiation is remembered: clients send a handful. */
const MAX_ACCEPT_MEMO = 256;
/** The request-listener hooks this path runs where Apollo would; a plugin with any other makes it step aside. */
const HOOKS = new Set(['didResolveOperation', 'didEncounterErrors', 'willSendResponse', 'parsingDidStart', 'validationDidStart']);

export interface DirectExecutionOptions {
  schema: GraphQLSchema;
  /** The plugins Apollo runs, whose request hooks this path runs in its place. */
  plugins: readonly ApolloServerPlugin<GatewayContext>[];
  formatError: FormatError;
  /** Apollo's logger (the gateway's), which plugins see as `requestContext.logger`. */
  logger: Logger;
  /** Run queries with graphql-jit's compiled functions (compiled-queries.ts; the default); false: graphql-js's `execute` for all. */
  compile?: boolean;
  /** Told which path executed each request this path answered (for the executions metric). */
  onExecuted?: (path: ExecutionPath) => void;
}

/** The response as the hooks see it (`requestContext.response`): what they set is what is sent. */
interface ResponseState {
  http: { status: number | undefined; headers: HeaderMap };
  body: unknown;
}

/** A request listener: Apollo's (a promise from every hook), or an everyRequest one (a promise only from a hook that waits). */
type Listener = GraphQLRequestListener<GatewayContext> | EveryRequestListener;

/** What `run` needs of a POST: its headers as the handler read them (lower-cased names, one string each) and its decoded body. */
export interface DirectRequest {
  method: string;
  headers: Readonly<Record<string, string>>;
  search: string;
  body: unknown;
}

/**
 * Queries whose text Apollo Server has already parsed and validated, executed without Apollo's
 * HTTP layer and request pipeline (by graphql-jit's compiled function, else graphql-js:
 * compiled-queries.ts): per request those parse the Accept header twice, hash the query (SHA-256),
 * copy the context and await every hook of every plugin, about a third of what `{ __typename }`
 * cost (bench/README.md). The answer is Apollo's, byte for byte: the same plugin
 * hooks in the same order (didResolveOperation, didEncounterErrors, willSendResponse), errors
 * normalized and formatted as Apollo does, the same status, headers and JSON. One difference:
 * where several fields fail, a compiled query lists their errors in the document's order, and
 * graphql-js in the order they happened (the same errors; GraphQL gives their order no meaning).
 *
 * Anything else is left to Apollo (`run` returns undefined before the context is made): a text
 * Apollo has not validated yet, GET, batches, `extensions`, mutations, an operation name that
 * resolves to nothing, an Accept header that allows neither JSON type, a plugin hook this path
 * does not run. Off for a federation subgraph, where Apollo adds its inline-trace plugin.
 */
export class DirectExecution {
  readonly #documents: DocumentCache;
  readonly #compiled: CompiledQueries;
  readonly #options: DirectExecutionOptions;
  readonly #accept = new Map<string, string | null>();
  /** Listeners whose hooks are known to be ones this path runs. */
  readonly #checked = new WeakSet<Listener>();
  /** Every request's listeners, when each plugin that has any is an everyRequest one (ours are): no requestDidStart per request. */
  readonly #fixed: readonly Listener[] | undefined;
  #enabled = true;

  constructor(options: DirectExecutionOptions) {
    this.#options = options;
    this.#documents = new DocumentCache({ maxDocuments: 1_000, maxChars: 2_000_000 });
    this.#compiled = new CompiledQueries(options.schema, options.compile ?? true);
    const fixed: Listener[] = [];
    for (const plugin of options.plugins) {
      const listener = listenerOf(plugin);
      if (listener) fixed.push(listener);
      else if (plugin.requestDidStart) return;
    }
    this.#fixed = this.#allRun(fixed) ? fixed : undefined;
  }

  /** The plugin that hands this path each document Apollo validated (it reaches didResolveOperation only after validation). */
  recorder(): ApolloServerPlugin<GatewayContext> {
    const documents = this.#documents;
    return everyRequest({
      didResolveOperation({ source, document, operation }) {
        // Mutations always go to Apollo: their texts would only take room.
        if (operation?.operation === 'query') documents.set(source, document);
      },
    });
  }

  /** From now on every request goes to Apollo (the gateway is stopping). */
  disable(): void {
    this.#enabled = false;
  }

  /**
   * Apollo's answer to `request`, or undefined when Apollo must give it: known at once, without a
   * promise, for a request this path does not take; a promise that answers undefined only where a
   * plugin's requestDidStart must be awaited first.
   */
  run(request: DirectRequest, context: () => GatewayContext): Promise<HTTPGraphQLResponse | undefined> | undefined {
    if (!this.#enabled || request.method !== 'POST' || !isJsonContent(request.headers['content-type'])) return undefined;
    const body = request.body;
    if (!isRecord(body) || typeof body['query'] !== 'string') return undefined;
    const { query, operationName, variables, extensions } = body;
    if (extensions !== undefined && extensions !== null) return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
    if (variables !== undefined && variables !== null && !isRecord(variables)) return undefined;
    const document = this.#documents.get(query);
    if (!document) return undefined;
    const name = typeof operationName === 'string' ? operationName : undefined;
    const operation = getOperationAST(document, name);
    if (operation?.operation !== 'query') return undefined;
    const contentType = this.#contentType(request.headers['accept']);
    if (contentType === null) return undefined;

    const requestContext = {
      logger: this.#options.logger,
      schema: this.#options.schema,
      request: {
        query,
        operationName: name,
        variables: isRecord(variables) ? variables : undefined,
        extensions: undefined,
        http: new LazyHttpRequest(request),
      },
      response: { http: { status: undefined, headers: new HeaderMap() }, body: undefined } as ResponseState,
      contextValue: undefined as unknown as GatewayContext,
      metrics: {},
      requestIsBatched: false,
      source: query,
      document,
      operation,
      operationName: operation.name?.value || null,
      errors: undefined as readonly GraphQLError[] | undefined,
    };
    // Apollo's context type has fields (cache, overallCachePolicy, queryHash) no plugin of ours
    // reads; the listeners get the object Apollo would hand them, less those.
    const apolloContext = requestContext as unknown as GraphQLRequestContext<GatewayContext>;
    if (this.#fixed) return this.#start(requestContext, apolloContext, this.#fixed, context, document, contentType);
    return this.#listeners(apolloContext).then((listeners) =>
      listeners && this.#enabled ? this.#start(requestContext, apolloContext, listeners, context, document, contentType) : undefined,
    );
  }

  /** Makes the request's context, then answers; a context that throws is Apollo's generic 500. */
  #start(
    requestContext: { response: ResponseState; errors: readonly GraphQLError[] | undefined; contextValue: GatewayContext },
    apolloContext: GraphQLRequestContext<GatewayContext>,
    listeners: readonly Listener[],
    context: () => GatewayContext,
    document: DocumentNode,
    contentType: string,
  ): Promise<HTTPGraphQLResponse> {
    try {
      requestContext.contextValue = context();
    } catch {
      return Promise.resolve(this.#internalError(contentType));
    }
    return this.#respond(requestContext, apolloContext, listeners, document, contentType);
  }

  async #respond(
    requestContext: { response: ResponseState; errors: readonly GraphQLError[] | undefined },
    apolloContext: GraphQLRequestContext<GatewayContext>,
    listeners: readonly Listener[],
    document: DocumentNode,
    contentType: string,
  ): Promise<HTTPGraphQLResponse> {
    const { request, contextValue } = apolloContext;
    try {
      try {
        const resolved = runHook(listeners, 'didResolveOperation', apolloContext);
        if (resolved) await resolved;
      } catch (err) {
        return await this.#sendErrors(requestContext, apolloContext, listeners, [ensureGraphQLError(err)], contentType);
      }
      let result: ExecutionResult;
      try {
        const executed = await this.#compiled.execute({ document, contextValue, variableValues: request.variables, operationName: request.operationName });
        result = executed.result;
        this.#options.onExecuted?.(executed.path);
      } catch (err) {
        return await this.#sendErrors(requestContext, apolloContext, listeners, [ensureGraphQLError(err)], contentType);
      }
      const errors = result.errors?.map(asUserInputError);
      let formatted: ReturnType<typeof normalizeAndFormatErrors>['formatted'] | undefined;
      if (errors) {
        requestContext.errors = errors;
        const encountered = runHook(listeners, 'didEncounterErrors', apolloContext);
        if (encountered) await encountered;
        const out = this.#formatErrors(requestContext.response, errors);
        formatted = out.formatted;
        // Variables that do not coerce: no execution, so no data, and 400 (Apollo 5's status400ForVariableCoercionErrors).
        if (errors.length > 0 && result.data === undefined && !out.http.status) requestContext.response.http.status = 400;
      }
      requestContext.response.body = { kind: 'single', singleResult: { ...result, errors: formatted } };
      const sending = runHook(listeners, 'willSendResponse', apolloContext);
      if (sending) await sending;
      return this.#complete(requestContext.response, contentType);
    } catch (err) {
      // The error's name only: its message is whatever a plugin threw.
      this.#options.logger.error({ error: err instanceof Error ? err.name : typeof err }, 'a request hook threw; answered 500 as Apollo Server does');
      return this.#internalError(contentType);
    }
  }

  /** Errors before or instead of execution (a hook's refusal, an execution that threw): no data, 500 unless they say otherwise. */
  async #sendErrors(
    requestContext: { response: ResponseState; errors: readonly GraphQLError[] | undefined },
    apolloContext: GraphQLRequestContext<GatewayContext>,
    listeners: readonly Listener[],
    errors: readonly GraphQLError[],
    contentType: string,
  ): Promise<HTTPGraphQLResponse> {
    requestContext.errors = errors;
    await runHook(listeners, 'didEncounterErrors', apolloContext);
    const { formatted } = this.#formatErrors(requestContext.response, errors);
    requestContext.response.body = { kind: 'single', singleResult: { errors: formatted } };
    requestContext.response.http.status ??= 500;
    await runHook(listeners, 'willSendResponse', apolloContext);
    return this.#complete(requestContext.response, contentType);
  }

  /** Apollo's formatting of `errors`, with the status and headers their `extensions.http` ask for. */
  #formatErrors(response: ResponseState, errors: readonly GraphQLError[]): ReturnType<typeof normalizeAndFormatErrors> {
    const out = normalizeAndFormatErrors(errors, this.#options.formatError);
    if (out.http.status) response.http.status = out.http.status;
    for (const [key, value] of out.http.headers) response.http.headers.set(key, value);
    return out;
  }

  /** Where Apollo catches what a hook or the context threw: its generic 500. */
  #internalError(contentType: string): HTTPGraphQLResponse {
    const { formatted, http } = normalizeAndFormatErrors([new Error('Internal server error')], this.#options.formatError);
    const headers = new HeaderMap([...http.headers, ['content-type', contentType]]);
    return { status: http.status ?? 500, headers, body: { kind: 'complete', string: `${JSON.stringify({ errors: formatted })}\n` } };
  }

  /** The body as Apollo writes it: errors, data, extensions in that order, and a newline. */
  #complete(response: ResponseState, contentType: string): HTTPGraphQLResponse {
    const { http, body } = response;
    const result = (body as { singleResult: ExecutionResult }).singleResult;
    if (!http.headers.get('content-type')) http.headers.set('content-type', contentType);
    const string = `${JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions })}\n`;
    return { status: http.status, headers: http.headers, body: { kind: 'complete', string } };
  }

  /** This request's listeners, where a plugin other than an everyRequest one makes a listener per request. */
  async #listeners(requestContext: GraphQLRequestContext<GatewayContext>): Promise<Listener[] | undefined> {
    // All plugins at once, as Apollo starts them (requestPipeline.ts).
    const started = await Promise.all(this.#options.plugins.map((plugin) => listenerOf(plugin) ?? plugin.requestDidStart?.(requestContext)));
    const listeners = started.filter((listener) => listener !== undefined && listener !== null);
    return this.#allRun(listeners) ? listeners : undefined;
  }

  /** Whether this path runs every hook of these listeners; if not, it steps aside for good. A listener kept across requests is looked at once. */
  #allRun(listeners: readonly Listener[]): boolean {
    for (const listener of listeners) {
      if (this.#checked.has(listener)) continue;
      for (const key of Object.keys(listener)) {
        if (!HOOKS.has(key)) {
          this.#options.logger.warn(`a plugin's ${key} hook is not run by direct execution: every request goes through Apollo Server`);
          this.#enabled = false;
          return false;
        }
      }
      this.#checked.add(listener);
    }
    return true;
  }

  /** Apollo's choice of media type for a single result (chooseContentTypeForSingleResultResponse); null is its 406. */
  #contentType(accept: string | undefined): string | null {
    if (!accept) return JSON_TYPE;
    const known = this.#accept.get(accept);
    if (known !== undefined) return known;
    const chosen = new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_TYPES) ?? null;
    if (this.#accept.size < MAX_ACCEPT_MEMO) this.#accept.set(accept, chosen);
    return chosen;
  }
}

/**
 * Runs hook `name` of every listener, as Apollo does: each is called, then they are awaited
 * together, and the first to fail is the hook's error. Undefined when none returned a promise
 * (an everyRequest hook that had nothing to wait for), so the caller awaits nothing.
 */
function runHook(
  listeners: readonly Listener[],
  name: 'didResolveOperation' | 'didEncounterErrors' | 'willSendResponse',
  requestContext: GraphQLRequestContext<GatewayContext>,
): Promise<unknown> | undefined {
  let pending: Promise<unknown>[] | undefined;
  let failure: { error: unknown } | undefined;
  for (const listener of listeners) {
    const hook = listener[name] as ((rc: GraphQLRequestContext<GatewayContext>) => unknown) | undefined;
    if (!hook) continue;
    try {
      const called = hook.call(listener, requestContext);
      if (called instanceof Promise) {
        pending ??= [];
        pending.push(called);
      }
    } catch (error) {
      // An async hook that throws at once rejects; a synchronous one throws: the others still run.
      failure ??= { error };
    }
  }
  if (failure) {
    // Apollo's Promise.all would take the synchronous failure first; the rest are still handled.
    if (pending) Promise.all(pending).catch(() => undefined);
    throw failure.error;
  }
  if (!pending) return undefined;
  return pending.length === 1 ? pending[0] : Promise.all(pending);
}

/**
 * `requestContext.request.http` as Apollo gives it (method, a HeaderMap, search, body), its
 * HeaderMap made only if a plugin reads it: none of ours does.
 */
class LazyHttpRequest implements HTTPGraphQLRequest {
  readonly #request: DirectRequest;
  #headers: HeaderMap | undefined;

  constructor(request: DirectRequest) {
    this.#request = request;
  }

  get method(): string {
    return this.#request.method;
  }

  get headers(): HeaderMap {
    this.#headers ??= new HeaderMap(Object.entries(this.#request.headers));
    return this.#headers;
  }

  get search(): string {
    return this.#request.search;
  }

  get body(): unknown {
    return this.#request.body;
  }
}

/** A content type whose media type is application/json (a POST with it is never a CSRF "simple" request). */
function isJsonContent(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() === 'application/json';
}
