import { type DocumentNode, type ExecutionResult, execute, GraphQLError, type GraphQLSchema, type Source } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { GatewayContext } from '../../context.js';

/** One execution: the document (validated), the operation's name, the context and the raw variables. */
export interface Execution {
  document: DocumentNode;
  operationName: string | undefined;
  contextValue: GatewayContext;
  variableValues: Readonly<Record<string, unknown>> | undefined;
}

/** What ran an execution: graphql-jit's compiled function, or graphql-js's `execute`. */
export type ExecutionPath = 'compiled' | 'interpreted';

/** A document graphql-jit could not compile (none of ours so far): graphql-js runs it. */
const NOT_COMPILED = Symbol('not compiled');

/**
 * Queries run by functions graphql-jit compiled from their document (once per document and
 * operation, kept as long as the document is: the direct path's document cache bounds both),
 * with graphql-js's `execute` wherever the answer could differ:
 *
 * - a document graphql-jit cannot compile;
 * - variables graphql-jit does not accept: those that do not coerce (graphql-js's messages, which
 *   the masking and BAD_USER_INPUT rules read), and those it refuses where graphql-js would not (a
 *   non-null variable with a default, left out). Nothing has run yet, so running again costs nothing.
 *
 * graphql-jit's errors are made graphql-js GraphQLErrors again (same message, locations, path,
 * original error and extensions), so formatting, plugins and logs see what they always saw; where
 * several fields fail, they come in the document's order (graphql-js: the order they happened).
 * Measured in bench/README.md: the Waldur `user(id)` path 18% less CPU a request.
 */
export class CompiledQueries {
  readonly #schema: GraphQLSchema;
  readonly #enabled: boolean;
  /** Per document, per operation name ('' for the only one). */
  readonly #compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | typeof NOT_COMPILED>>();

  /** `enabled` false: graphql-js for every query (server.compileQueries). */
  constructor(schema: GraphQLSchema, enabled = true) {
    this.#schema = schema;
    this.#enabled = enabled;
  }

  /** The result, and which path gave it. */
  async execute(execution: Execution): Promise<{ result: ExecutionResult; path: ExecutionPath }> {
    const compiled = this.#enabled ? this.#compile(execution.document, execution.operationName) : NOT_COMPILED;
    if (compiled !== NOT_COMPILED) {
      const result = await compiled.query(undefined, execution.contextValue, execution.variableValues);
      // No data at all: graphql-jit did not accept the variables, and nothing ran.
      if (result.data !== undefined) return { result: locatedErrors(result, execution.document), path: 'compiled' };
    }
    return { result: await this.#interpret(execution), path: 'interpreted' };
  }

  #interpret({ document, operationName, contextValue, variableValues }: Execution): Promise<ExecutionResult> | ExecutionResult {
    return execute({ schema: this.#schema, document, contextValue, variableValues, operationName });
  }

  #compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | typeof NOT_COMPILED {
    let byName = this.#compiled.get(document);
    if (!byName) {
      byName = new Map();
      this.#compiled.set(document, byName);
    }
    const key = operationName ?? '';
    let compiled = byName.get(key);
    if (compiled === undefined) {
      compiled = NOT_COMPILED;
      try {
        // Stacks are never sent or logged: capturing them is work for nothing.
        const made = compileQuery(this.#schema, document, operationName, { disablingCapturingStackErrors: true });
        if (isCompiledQuery(made)) compiled = made;
      } catch {
        // Left to graphql-js, as a document compileQuery answers with errors is.
      }
      byName.set(key, compiled);
    }
    return compiled;
  }
}

/**
 * graphql-jit's errors as graphql-js would have made them: graphql-jit's own GraphQLError has
 * locations but neither the source nor the positions that graphql-js (and Apollo's formatting,
 * which rebuilds each error from them) derive locations from, and no extensions object when the
 * original error had none.
 */
function locatedErrors(result: ExecutionResult, document: DocumentNode): ExecutionResult {
  if (!result.errors || result.errors.length === 0) return result;
  const source = document.loc?.source;
  const lines = source ? lineStarts(source) : undefined;
  const errors = result.errors.map((error) => {
    const positions = source && lines && error.locations ? error.locations.map(({ line, column }) => (lines[line - 1] ?? 0) + column - 1) : undefined;
    return new GraphQLError(error.message, {
      ...(source && positions ? { source, positions } : {}),
      path: error.path,
      originalError: error.originalError,
      extensions: error.extensions,
    });
  });
  return { ...result, errors };
}

/** Where each line of `source` starts, as graphql-js counts lines (\r\n, \n and \r each end one). */
function lineStarts(source: Source): number[] {
  const starts = [0];
  const body = source.body;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 13 && body.charCodeAt(i + 1) === 10) {
      starts.push(i + 2);
      i++;
    } else if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}
