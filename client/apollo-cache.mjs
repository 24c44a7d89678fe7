// Apollo Client cache settings for this API: copy this file (and the two JSON files it reads, which
// `npm run schema:emit` writes from the schema) into a portal, then
//   new ApolloClient({ cache: new InMemoryCache({ possibleTypes, typePolicies }), link })
import { relayStylePagination } from '@apollo/client/utilities';
import cacheShape from '../schema/cache-shape.json' with { type: 'json' };
import possibleTypes from '../schema/possible-types.json' with { type: 'json' };

export { possibleTypes };

/**
 * A connection that pages with `nodes` only (synergyConflicts has no edges): a page with `after` is appended to
 * the list its other arguments name, a page without replaces it, as relayStylePagination does for edges.
 */
function nodesPagination(keyArgs) {
  return {
    keyArgs,
    merge(existing, incoming, { args }) {
      if (!existing || !incoming || !args?.after) return incoming;
      return { ...incoming, nodes: [...existing.nodes, ...incoming.nodes] };
    },
  };
}

/** A paged field the API answers with null to some readers: null stays null, not an empty page. */
function nullable(policy) {
  return {
    ...policy,
    read: (existing, options) => (existing === null ? null : policy.read(existing, options)),
    merge: (existing, incoming, options) =>
      incoming === null ? null : policy.merge(existing ?? undefined, incoming, options),
  };
}

/**
 * Objects without an id (FuzzyDate, DeliverableHealthReport, pages, counts…) live inside their parent:
 * two queries selecting different fields of one are merged, not replaced. Each connection of Query
 * pages with `edges { cursor node }`: fetchMore appends a page to the list its other arguments name.
 * Two views that ask the same list in pages of different sizes keep their own rows with
 * `@connection(key: "…")` on the field (Apollo Client does not send the directive): otherwise a first
 * page of one replaces the rows of the other. `first` is no key argument and a page without `after`
 * replaces the list: to read a list again without losing the pages fetchMore appended (a live update),
 * ask it with `first` as large as what is loaded (at most MAX_PAGE_SIZE), as web/src/pages/party.tsx does.
 */
export const typePolicies = {
  ...Object.fromEntries(cacheShape.mergeTypes.map((type) => [type, { merge: true }])),
  Query: {
    fields: {
      ...Object.fromEntries(
        Object.entries(cacheShape.connectionFields).map(([field, keyArgs]) => [
          field,
          relayStylePagination([...keyArgs, '@connection', ['key']]),
        ]),
      ),
      synergyConflicts: nodesPagination(['filter']),
    },
  },
  // Lists inside a record that page with `after`: fetchMore appends a page to that record's list.
  Deliverable: { fields: { statusUpdates: relayStylePagination(false) } },
  Party: { fields: { consultationInvitations: nullable(relayStylePagination(false)) } },
};
