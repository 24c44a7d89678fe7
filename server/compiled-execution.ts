import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** An operation is compiled at this use of its document; one-off queries stay on graphql-js. */
const COMPILE_AT_USE = 2;

/**
 * Documents whose compiled plans are kept (least recently used go first). A plan is generated code, far
 * larger than the parsed document Apollo's store sizes its cache by, so the plans get a bound of their
 * own: many distinct documents sent twice each cost compile time, never unbounded memory.
 */
export const MAX_COMPILED_DOCUMENTS = 200;

/** Per operation name; `null` where graphql-jit could not compile it (graphql-js then runs it). */
type Plans = Map<string, CompiledQuery | null>;

/**
 * Runs queries and mutations compiled by graphql-jit, through Apollo's gateway hook: graphql-js builds an
 * info object, a path and a promise for every field it resolves, up to a fifth of an uncached answer's CPU
 * (BENCHMARKS.md, issue 25). Resolvers, validation and plugins are the same; only the walk over the
 * selection changes. Keyed by the parsed document, which Apollo's document store reuses for the same text.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface & { readonly compiled: number } {
  const uses = new WeakMap<DocumentNode, number>();
  const plans = new LRUCache<DocumentNode, Plans>({ max: MAX_COMPILED_DOCUMENTS });
  let compiledCount = 0;
  const planFor = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    const used = (uses.get(document) ?? 0) + 1;
    uses.set(document, used);
    if (used < COMPILE_AT_USE) return null;
    let forDocument = plans.get(document);
    if (!forDocument) plans.set(document, (forDocument = new Map()));
    const name = operationName ?? '';
    let plan = forDocument.get(name);
    if (plan === undefined) {
      const result = compileQuery(schema, document, operationName ?? undefined, {
        // Errors keep the resolver's own error and its stack; a second one per error is not needed.
        disablingCapturingStackErrors: true,
      });
      forDocument.set(name, (plan = isCompiledQuery(result) ? result : null));
      if (plan) compiledCount += 1;
    }
    return plan;
  };
  const executor: GatewayExecutor = async ({ document, operationName, operation, request, context }) => {
    const variables = request.variables;
    const plan = operation.operation === 'subscription' ? null : planFor(document, operationName);
    if (!plan) return graphqlJs(schema, document, operationName, variables, context);
    const result = (await plan.query(undefined, context, variables ?? {})) as ExecutionResult;
    // Variables that do not fit their types fail before any resolver runs: graphql-js answers them, with
    // the messages and error shape clients and Apollo's 400 rule know.
    if (result.data === undefined && result.errors?.length) {
      return graphqlJs(schema, document, operationName, variables, context);
    }
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };
  return {
    /** Operations compiled so far (tests read it to know which path answered). */
    get compiled() {
      return compiledCount;
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: async () => ({ executor }),
    stop: async () => undefined,
  };
}

function graphqlJs(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null,
  variableValues: Record<string, unknown> | undefined,
  contextValue: unknown,
) {
  return execute({ schema, document, operationName, variableValues, contextValue }) as Promise<ExecutionResult>;
}

/**
 * graphql-jit's errors have no `extensions` object unless the resolver's error had one, and Apollo reads
 * `extensions.code` of every error: rebuilt as graphql-js would have built them (extensions taken from the
 * original error), so formatError and logging see the same thing on both paths.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof GraphQLError && original.path) return original;
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: original ?? undefined });
  (rebuilt as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}
