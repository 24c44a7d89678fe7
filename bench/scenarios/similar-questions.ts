import { toGlobalId } from 'graphql-relay';
import type { Scenario } from '../scenario';

const QUERY = /* GraphQL */ `
  query Similar($input: SimilarQuestionsInput!) {
    similarQuestions(input: $input) {
      score
      reasons
      question {
        id
        title
        status
        sectors {
          key
        }
      }
    }
  }
`;

/** Questions whose titles are typed; with 4 requests each, enough that no request repeats in a run. */
const TYPED_QUESTIONS = 20_000;

/**
 * Someone typing a new question: growing prefixes of real titles, plus lookups by question id. Every
 * request differs from every other (texts are deduplicated), so the response cache never answers one:
 * this journey measures the search itself, as real typing would.
 */
export const similarQuestionsScenario: Scenario = {
  name: 'b question search',
  description: 'duplicate search while typing (distinct text prefixes) and by question id, over all sectors',
  once: { checks: 20 },
  async requests(ctx) {
    const rows = await ctx.sql<{ id: string; title: string }>(
      `SELECT id, title FROM knowledge_question WHERE synthetic ORDER BY md5(key) LIMIT $1`,
      [TYPED_QUESTIONS],
    );
    const seen = new Set<string>();
    return rows.flatMap((row) => {
      const words = row.title.split(' ');
      const typed = [3, 6, words.length]
        .map((n) => words.slice(0, n).join(' '))
        .filter((text) => !seen.has(text) && seen.add(text))
        .map((text) => ({ query: QUERY, variables: { input: { text } } }));
      return [
        ...typed,
        { query: QUERY, variables: { input: { questionId: toGlobalId('KnowledgeQuestion', row.id) } } },
      ];
    });
  },
};
