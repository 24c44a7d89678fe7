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

/** Someone typing a new question: growing prefixes of real titles, plus lookups by question id. */
export const similarQuestionsScenario: Scenario = {
  name: 'b question search',
  description: 'duplicate search while typing (text prefixes) and by question id, over all sectors',
  async requests(ctx) {
    const rows = await ctx.sql<{ id: string; title: string }>(
      `SELECT id, title FROM knowledge_question WHERE synthetic ORDER BY key LIMIT 20`,
    );
    return rows.flatMap((row) => {
      const words = row.title.split(' ');
      const typed = [3, 6, words.length].map((n) => ({
        query: QUERY,
        variables: { input: { text: words.slice(0, n).join(' ') } },
      }));
      return [
        ...typed,
        { query: QUERY, variables: { input: { questionId: toGlobalId('KnowledgeQuestion', row.id) } } },
      ];
    });
  },
};
