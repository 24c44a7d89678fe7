import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { en, nl } from '../../web/src/messages';

/**
 * The dashboard names each inbox item's kind in words: a kind the schema gains without a wording shows as
 * its message id ("inbox.kind.…") on "Mijn partij".
 */
describe('dashboard messages', () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));

  it('word every inbox kind of the schema in Dutch and English', () => {
    const kind = schema.getType('InboxItemKind');
    if (!isEnumType(kind)) throw new Error('the schema has no enum InboxItemKind');
    const ids = kind.getValues().map((value) => `inbox.kind.${value.name}`);
    expect(ids.length).toBeGreaterThan(0);
    const missing = (messages: Record<string, string>) => ids.filter((id) => !messages[id]);
    expect({ nl: missing(nl), en: missing(en) }).toEqual({ nl: [], en: [] });
  });

  it('word every synergy trajectory phase of the schema in Dutch and English', () => {
    const phase = schema.getType('TrajectoryPhase');
    if (!isEnumType(phase)) throw new Error('the schema has no enum TrajectoryPhase');
    const ids = phase.getValues().map((value) => `synergy.phase.${value.name}`);
    expect(ids.length).toBeGreaterThan(0);
    const missing = (messages: Record<string, string>) => ids.filter((id) => !messages[id]);
    expect({ nl: missing(nl), en: missing(en) }).toEqual({ nl: [], en: [] });
  });
});
