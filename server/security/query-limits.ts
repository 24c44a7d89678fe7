import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  GraphQLError,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../services/pagination';

/** One stable `extensions.code` per limit, so clients can tell which one they hit. */
export enum LimitCode {
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  QUERY_TOO_LARGE = 'QUERY_TOO_LARGE',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** Assumed length of lists without a `first` argument (e.g. a party's sectors). */
  listCost: number;
}

/**
 * graphql-armor's rules measure depth, aliases and directives; their rejections are re-raised with
 * our codes (Apollo marks every validation error GRAPHQL_VALIDATION_FAILED; formatError restores ours
 * from the original error).
 */
function withCode(code: LimitCode) {
  return (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } }));
}

export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: true };
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, onReject: [withCode(LimitCode.QUERY_TOO_DEEP)] }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [withCode(LimitCode.TOO_MANY_ALIASES)] }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: [withCode(LimitCode.TOO_MANY_DIRECTIVES)] }),
  ];
}

/**
 * Cost of a field: leaves are free, objects cost 1, connections multiply their selection by the page
 * size the client asks for (`first`, from arguments or variables), other lists by `listCost`.
 */
export function costEstimator(listCost: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    let type = field.type;
    if (isNonNullType(type)) type = type.ofType;
    if (isLeafType(getNamedType(type))) return 0;
    if ('first' in args || field.args.some((a) => a.name === 'first')) {
      const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
      return 1 + Math.max(first, 1) * childComplexity;
    }
    if (isListType(type)) return 1 + listCost * childComplexity;
    return 1 + childComplexity;
  };
}

/**
 * Names of the variables the estimate reads: those giving a `first` argument, and those in directive
 * arguments (`@include(if: $x)` and `@skip` decide which fields count).
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      if (node.value.kind !== Kind.VARIABLE) return;
      const owner = ancestors[ancestors.length - 1];
      const inDirective = owner !== undefined && !Array.isArray(owner) && (owner as ASTNode).kind === Kind.DIRECTIVE;
      if (node.name.value === 'first' || inDirective) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

/**
 * Refuses an operation whose estimated cost is over the limit, before anything is executed.
 * The estimate depends only on the document, the operation and the variables named by
 * costVariables, so it is computed once per such combination (Apollo hands the same parsed document to every request
 * with the same query text): a portal repeating one query pays for the analysis once.
 */
export function costLimitPlugin(limits: QueryLimits): ApolloServerPlugin {
  const estimators = [costEstimator(limits.listCost)];
  const costs = new WeakMap<DocumentNode, { variables: string[]; byKey: Map<string, number> }>();
  /** The cost, or null when the variables do not fit the operation (execution reports those). */
  const costOf = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ): number | null => {
    let entry = costs.get(document);
    if (!entry) {
      entry = { variables: costVariables(document), byKey: new Map() };
      costs.set(document, entry);
    }
    // An omitted variable (its default in the document counts) is not an explicit null (the page size
    // default counts): both are part of the key.
    const key = JSON.stringify([
      operationName ?? null,
      ...entry.variables.map((name) => (Object.hasOwn(variables, name) ? { value: variables[name] } : 'omitted')),
    ]);
    const known = entry.byKey.get(key);
    if (known !== undefined) return known;
    let cost: number;
    try {
      cost = getComplexity({ schema, query: document, variables, operationName, estimators });
    } catch {
      // Not remembered: the next request's variables may fit, and must then be measured.
      return null;
    }
    // Bounded: page sizes are few, but a client could send many; forget them all rather than grow.
    if (entry.byKey.size >= 100) entry.byKey.clear();
    entry.byKey.set(key, cost);
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const cost = costOf(schema, document, request.operationName ?? undefined, request.variables ?? {});
          if (cost !== null && cost > limits.maxCost) {
            throw new GraphQLError(
              `This query is too expensive: estimated cost ${cost}, the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`,
              {
                extensions: { code: LimitCode.QUERY_TOO_COMPLEX, cost, maxCost: limits.maxCost, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}
