import { toGlobalId } from 'graphql-relay';
import type { TestApp } from './app';
import { asUser } from './auth';

/** Global ids of seeded records by key, e.g. `ids(app, 'Party', 'party')`. */
export async function idsByKey(app: TestApp, type: string, table: string): Promise<Record<string, string>> {
  const rows: { key: string; id: string }[] = await app.dataSource.query(`SELECT key, id FROM ${table}`);
  return Object.fromEntries(rows.map((r) => [r.key, toGlobalId(type, r.id)]));
}

export const PROPOSE = /* GraphQL */ `
  mutation Propose($input: ProposeKnowledgeQuestionInput!) {
    proposeKnowledgeQuestion(input: $input) {
      id
      version
      status
      title
      proposedByParty {
        key
      }
    }
  }
`;

export const AGENDA = /* GraphQL */ `
  query Agenda($id: ID!) {
    researchAgenda(id: $id) {
      id
      version
      status
      versions {
        id
        number
        status
        items {
          rank
          question {
            id
          }
        }
      }
      adoptedVersion {
        number
      }
    }
  }
`;

/** Proposes a question as `email` and returns its global id and version. */
export async function propose(
  app: TestApp,
  email: string,
  input: Record<string, unknown>,
): Promise<{ id: string; version: number }> {
  const res = await app.gql(PROPOSE, { input }, await asUser(app, email));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.proposeKnowledgeQuestion;
}
