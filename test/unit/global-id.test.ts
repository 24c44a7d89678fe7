import { toGlobalId as relayToGlobalId } from 'graphql-relay';
import { decodeGlobalId, toGlobalId } from '../../schema/global-id';

describe('toGlobalId', () => {
  it('encodes exactly as graphql-relay does, for every length and non-ASCII type names', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const types = ['A', 'Ab', 'Abc', 'KnowledgeQuestion', 'SynergyLink', 'Zorgvormé', 'Ωmega'];
    for (const type of types) {
      for (let cut = 0; cut <= 3; cut++) {
        const value = id.slice(cut);
        expect(toGlobalId(type, value)).toBe(relayToGlobalId(type, value));
      }
    }
  });

  it('round-trips through decodeGlobalId', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(decodeGlobalId(toGlobalId('Party', id))).toEqual({ type: 'Party', id });
  });
});
