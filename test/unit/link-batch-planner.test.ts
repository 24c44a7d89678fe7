import { randomUUID } from 'node:crypto';
import type { SynergyLink } from '../../entities';
import { SynergyAlignment, SynergyLinkType } from '../../entities/synergy.enums';
import { toGlobalId } from '../../schema/global-id';
import type { GuidelineLinkInput } from '../../schema/inputs/synergy.input';
import { getMetadataArgsStorage } from 'typeorm';
import { snakeCase } from 'typeorm/util/StringUtils';
import { SynergyLink as SynergyLinkEntity } from '../../entities';
import { ConflictError } from '../../server/errors';
import {
  checkLinkItem,
  CONFIRMATIONS_CLEARED_SQL,
  confirmationsCleared,
  decodeLinkItem,
  decodeLinkItems,
  editResets,
  planLinkItems,
  refusalError,
  type LinkBatchFacts,
  type LinkItemIds,
} from '../../server/services/synergy/synergy-link.service';
import { versionConflict } from '../../server/shared/versioning';

const guidelineId = randomUUID();
const otherGuidelineId = randomUUID();
const recommendation = randomUUID();
const foreignRecommendation = randomUUID();
const unknownRecommendation = randomUUID();
const assessment = randomUUID();
const secondAssessment = randomUUID();
const hiddenAssessment = randomUUID();
const { SHARED_EVIDENCE, GUIDELINE_BASIS_FOR_COVERAGE } = SynergyLinkType;
const { ALIGNED, DIVERGENT, NEEDS_REVIEW } = SynergyAlignment;

/** A stored link of the guideline, at version 3. */
function stored(over: Partial<SynergyLink> = {}): SynergyLink {
  return {
    id: randomUUID(),
    guidelineId,
    recommendationId: recommendation,
    assessmentId: assessment,
    linkType: SHARED_EVIDENCE,
    alignment: ALIGNED,
    rationale: 'Same trials.',
    version: 3,
    ...over,
  } as SynergyLink;
}

function facts(existing: SynergyLink[] = []): LinkBatchFacts {
  return {
    recommendationGuideline: new Map([
      [recommendation, guidelineId],
      [foreignRecommendation, otherGuidelineId],
    ]),
    visibleAssessmentIds: new Set([assessment, secondAssessment]),
    existing,
  };
}

function item(over: Partial<GuidelineLinkInput> = {}): GuidelineLinkInput {
  return {
    recommendationId: toGlobalId('Recommendation', recommendation),
    assessmentId: toGlobalId('PackageAssessment', assessment),
    linkType: SHARED_EVIDENCE,
    alignment: ALIGNED,
    ...over,
  } as GuidelineLinkInput;
}

/** The planner on already decoded ids, as the service calls it after its reads. */
function plan(items: GuidelineLinkInput[], existing: SynergyLink[] = []) {
  const { ids, errors } = decodeLinkItems(items);
  expect(errors).toEqual([]);
  return planLinkItems(guidelineId, items, ids, facts(existing));
}

describe('decodeLinkItems', () => {
  it('decodes the ids of each item; a whole-guideline link has no recommendation', () => {
    const { ids, errors } = decodeLinkItems([item(), item({ recommendationId: null })]);
    expect(errors).toEqual([]);
    expect(ids).toEqual<LinkItemIds[]>([
      { recommendationId: recommendation, assessmentId: assessment },
      { recommendationId: null, assessmentId: assessment },
    ]);
  });

  it.each<[string, Partial<GuidelineLinkInput>, string, LinkItemIds]>([
    [
      'a recommendation id that is no global id',
      { recommendationId: 'nonsense' },
      'recommendationId',
      { recommendationId: null, assessmentId: assessment },
    ],
    [
      'a recommendation id of another type',
      { recommendationId: toGlobalId('Guideline', guidelineId) },
      'recommendationId',
      { recommendationId: null, assessmentId: assessment },
    ],
    [
      'an assessment id of another type',
      { assessmentId: toGlobalId('Recommendation', recommendation) },
      'assessmentId',
      { recommendationId: recommendation, assessmentId: null },
    ],
  ])('refuses only the item with %s', (_case, over, field, decoded) => {
    const { ids, errors } = decodeLinkItems([item(), item(over)]);
    expect(errors).toEqual([
      { index: 1, code: 'BAD_USER_INPUT', field: `input.links[1].${field}`, message: expect.any(String) },
    ]);
    expect(ids[0]).toEqual({ recommendationId: recommendation, assessmentId: assessment });
    expect(ids[1]).toEqual(decoded);
  });
});

describe('planLinkItems: what each item does', () => {
  it('creates a new link, with the rationale trimmed and an empty one as null', () => {
    const result = plan([
      item({ rationale: '  Shared evidence base.  ' }),
      item({ recommendationId: null, linkType: GUIDELINE_BASIS_FOR_COVERAGE, alignment: DIVERGENT, rationale: ' ' }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.plan).toEqual([
      {
        index: 0,
        action: 'CREATE',
        recommendationId: recommendation,
        assessmentId: assessment,
        linkType: SHARED_EVIDENCE,
        alignment: ALIGNED,
        rationale: 'Shared evidence base.',
      },
      {
        index: 1,
        action: 'CREATE',
        recommendationId: null,
        assessmentId: assessment,
        linkType: GUIDELINE_BASIS_FOR_COVERAGE,
        alignment: DIVERGENT,
        rationale: null,
      },
    ]);
  });

  it('tells a whole-guideline link and a recommendation link to the same assessment apart', () => {
    const current = stored();
    const result = plan([item({ recommendationId: null })], [current]);
    expect(result.plan).toEqual([expect.objectContaining({ index: 0, action: 'CREATE', recommendationId: null })]);
  });

  it.each<[string, Partial<GuidelineLinkInput>, Record<string, unknown>]>([
    [
      'a new alignment',
      { version: 3, alignment: DIVERGENT },
      { action: 'UPDATE', alignment: DIVERGENT, rationale: 'Same trials.' },
    ],
    [
      'a new rationale',
      { version: 3, rationale: 'Other trials.' },
      { action: 'UPDATE', alignment: ALIGNED, rationale: 'Other trials.' },
    ],
    [
      'a rationale cleared with null',
      { version: 3, rationale: null },
      { action: 'UPDATE', alignment: ALIGNED, rationale: null },
    ],
    ['the same values', { version: 3, alignment: ALIGNED, rationale: ' Same trials. ' }, { action: 'UNCHANGED' }],
    ['no alignment and no rationale', { version: 3, alignment: null, rationale: undefined }, { action: 'UNCHANGED' }],
    ['remove with its version', { version: 3, remove: true }, { action: 'REMOVE' }],
  ])('on an existing link, %s', (_case, over, expected) => {
    const current = stored();
    const result = plan([item(over)], [current]);
    expect(result.errors).toEqual([]);
    expect(result.plan).toEqual([{ index: 0, current, ...expected }]);
  });
});

describe('planLinkItems: refused items', () => {
  it.each<[string, Partial<GuidelineLinkInput>, SynergyLink[], string, string, Record<string, unknown>]>([
    [
      'an unknown recommendation',
      { recommendationId: toGlobalId('Recommendation', unknownRecommendation) },
      [],
      'NOT_FOUND',
      'recommendationId',
      {},
    ],
    [
      'a recommendation of another guideline',
      { recommendationId: toGlobalId('Recommendation', foreignRecommendation) },
      [],
      'BAD_USER_INPUT',
      'recommendationId',
      {},
    ],
    [
      'an assessment that does not exist or is hidden',
      { assessmentId: toGlobalId('PackageAssessment', hiddenAssessment) },
      [],
      'NOT_FOUND',
      'assessmentId',
      {},
    ],
    ['NEEDS_REVIEW, which only the platform sets', { alignment: NEEDS_REVIEW }, [], 'BAD_USER_INPUT', 'alignment', {}],
    ['a new link without alignment', { alignment: null }, [], 'BAD_USER_INPUT', 'alignment', {}],
    ['a version for a link that does not exist', { version: 1 }, [], 'NOT_FOUND', 'version', {}],
    [
      'a change of an existing link without its version',
      { alignment: DIVERGENT },
      [stored()],
      'BAD_USER_INPUT',
      'version',
      {},
    ],
    [
      'a change with a stale version',
      { version: 2, alignment: DIVERGENT },
      [stored()],
      'CONFLICT',
      'version',
      { currentVersion: 3 },
    ],
    ['removing a link that does not exist', { remove: true, version: 1 }, [], 'NOT_FOUND', 'assessmentId', {}],
    ['removing without the version', { remove: true }, [stored()], 'BAD_USER_INPUT', 'version', {}],
    [
      'removing with a stale version',
      { remove: true, version: 4 },
      [stored()],
      'CONFLICT',
      'version',
      { currentVersion: 3 },
    ],
  ])('%s', (_case, over, existing, code, field, extra) => {
    const result = plan([item(over)], existing);
    expect(result.plan).toEqual([]);
    expect(result.errors).toEqual([
      { index: 0, code, field: `input.links[0].${field}`, message: expect.any(String), ...extra },
    ]);
  });

  it('refuses the second of two items that name the same link, and plans the first', () => {
    const result = plan([item(), item({ assessmentId: toGlobalId('PackageAssessment', secondAssessment) }), item()]);
    expect(result.plan.map((p) => [p.index, p.action])).toEqual([
      [0, 'CREATE'],
      [1, 'CREATE'],
    ]);
    expect(result.errors).toEqual([
      {
        index: 2,
        code: 'BAD_USER_INPUT',
        field: 'input.links[2].linkType',
        message: 'The same link as item 0; send each link once.',
      },
    ]);
  });

  it('judges each item on its own: refused items do not change the plan of the others', () => {
    const current = stored({ assessmentId: secondAssessment });
    const items = [
      item({ alignment: NEEDS_REVIEW }),
      item({ assessmentId: toGlobalId('PackageAssessment', secondAssessment), version: 3, alignment: DIVERGENT }),
      item({ assessmentId: toGlobalId('PackageAssessment', hiddenAssessment) }),
    ];
    const result = plan(items, [current]);
    expect(result.plan).toEqual([
      { index: 1, action: 'UPDATE', current, alignment: DIVERGENT, rationale: 'Same trials.' },
    ]);
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([
      [0, 'BAD_USER_INPUT'],
      [2, 'NOT_FOUND'],
    ]);
  });

  it('skips the planning of an item whose assessment id did not decode (decoding refused it)', () => {
    const items = [item({ assessmentId: 'nonsense' })];
    const { ids, errors } = decodeLinkItems(items);
    expect(errors.map((e) => e.field)).toEqual(['input.links[0].assessmentId']);
    expect(planLinkItems(guidelineId, items, ids, facts())).toEqual({ plan: [], errors: [] });
  });
});

describe('checkLinkItem: one item on its own, as the single link write uses it', () => {
  it('gives what the batch plans for the same item, without an index', () => {
    const single = item();
    const { ids } = decodeLinkItem(single);
    const { outcome } = checkLinkItem(guidelineId, single, ids, facts(), new Map());
    const [planned] = plan([single]).plan;
    expect({ index: 0, ...outcome }).toEqual(planned);
  });

  it.each([
    ['NOT_FOUND', 'input.assessmentId', undefined],
    ['BAD_USER_INPUT', 'input.alignment', 'input.alignment'],
    ['CONFLICT', 'input.version', undefined],
  ])('turns a %s refusal into an error with that code about %s', (code, field, shownField) => {
    const error = refusalError({ code: code as never, field: 'x', message: 'm', currentVersion: 3 }, field);
    expect(error.extensions).toEqual({
      code,
      ...(shownField ? { field: shownField } : {}),
      ...(code === 'CONFLICT' ? { currentVersion: 3 } : {}),
    });
  });
});

describe('the rule “an edit clears both confirmations”, once', () => {
  const columns = (fields: string[]) => fields.map((f) => snakeCase(f)).sort();

  it('clears every confirmation column of the entity, and nothing the SQL twin does not', () => {
    const confirmationColumns = getMetadataArgsStorage()
      .columns.filter(
        (c) => c.target === SynergyLinkEntity && /ConfirmedAt|ConfirmedById|ConfirmedPartyId/.test(c.propertyName),
      )
      .map((c) => c.propertyName);
    const cleared = Object.entries(confirmationsCleared(new Date(0)))
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    expect(columns(cleared)).toEqual(columns(confirmationColumns));
    const sqlNulls = [...CONFIRMATIONS_CLEARED_SQL.matchAll(/(\w+) = NULL/g)].map((m) => m[1]!).sort();
    expect(sqlNulls).toEqual(columns(cleared));
    expect(CONFIRMATIONS_CLEARED_SQL).toContain('pending_since = now()');
  });

  it('makes the link wait from now, and an edit settles a pending review only by leaving NEEDS_REVIEW', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(confirmationsCleared(now).pendingSince).toEqual(now);
    expect(editResets(SynergyAlignment.ALIGNED, now)).toEqual({ ...confirmationsCleared(now), reviewReason: null });
    expect(editResets(SynergyAlignment.NEEDS_REVIEW, now)).toEqual(confirmationsCleared(now));
  });
});

describe('versionConflict (shared/versioning.ts)', () => {
  it('is null for the current version and a CONFLICT carrying the current one otherwise', () => {
    expect(versionConflict(3, 3, 'synergy link')).toBeNull();
    const conflict = versionConflict(3, 2, 'synergy link');
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict!.extensions).toEqual({ code: 'CONFLICT', currentVersion: 3 });
  });
});
