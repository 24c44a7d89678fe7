// Apollo Client cache settings for this API: copy this file (and the two JSON files it reads, which
// `npm run schema:emit` writes from the schema) into a portal, then
//   new ApolloClient({ cache: new InMemoryCache({ possibleTypes, typePolicies }), link })
import { relayStylePagination } from '@apollo/client/utilities';
import cacheShape from '../schema/cache-shape.json' with { type: 'json' };
import possibleTypes from '../schema/possible-types.json' with { type: 'json' };

export { possibleTypes };

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
    fields: Object.fromEntries(
      Object.entries(cacheShape.connectionFields).map(([field, keyArgs]) => [
        field,
        relayStylePagination([...keyArgs, '@connection', ['key']]),
      ]),
    ),
  },
};
