import { AgendaStatus } from '../../entities/research.enums';
import { GuidelineStatus } from '../../entities/synergy.enums';
import { mayReadStatusUpdateText } from '../../server/auth/deliverables.access';
import { mayReadAuditEvent } from '../../server/auth/people.access';
import { isDraftAgendaVersion } from '../../server/auth/research.access';
import {
  isDraftAssessment,
  isDraftGuideline,
  mayReadAssessmentDraft,
  mayReadGuidelineDraft,
  type ReadScope,
} from '../../server/auth/synergy.access';

/** The pure parts of the access modules (server/auth/<domain>.access.ts), case by case. */
const NOBODY: ReadScope = { all: false, partyIds: [] };
const EVERYONE: ReadScope = { all: true, partyIds: [] };
const FMS: ReadScope = { all: false, partyIds: ['fms'] };
const FMS_AND_NHG: ReadScope = { all: false, partyIds: ['fms', 'nhg'] };

describe('drafts: what counts as one', () => {
  it.each(Object.values(GuidelineStatus))('guideline %s', (status) => {
    expect(isDraftGuideline({ status })).toBe(status === GuidelineStatus.IN_DEVELOPMENT);
  });

  it.each([
    [true, false],
    [false, true],
  ])('assessment published=%s → draft %s', (published, draft) => {
    expect(isDraftAssessment({ published })).toBe(draft);
  });

  it.each(Object.values(AgendaStatus))('agenda version %s', (status) => {
    expect(isDraftAgendaVersion({ status })).toBe(
      status === AgendaStatus.DRAFT || status === AgendaStatus.CONSULTATION,
    );
  });
});

describe('mayReadGuidelineDraft: members of an owner or of an association invited to co-own it, VWS and operators', () => {
  it.each<[string, ReadScope, string[], string[], boolean]>([
    ['anonymous or no party', NOBODY, ['fms'], ['fms'], false],
    ['a member of the owner', FMS, ['fms'], [], true],
    ['a member of one of several owners', FMS, ['nhg', 'fms'], [], true],
    ['a member of another party', FMS, ['nhg'], [], false],
    ['a member of several parties, one an owner', FMS_AND_NHG, ['nhg'], [], true],
    ['everything internal (VWS, operators)', EVERYONE, ['nhg'], [], true],
    ['an owner-less draft, for a party member', FMS, [], [], false],
    ['a member of an association a pending invitation asks to co-own it', FMS, ['nhg'], ['fms'], true],
    ['a member of a party another association is invited as', FMS, ['nhg'], ['mdl'], false],
  ])('%s → %s', (_case, scope, owners, invited, expected) => {
    expect(mayReadGuidelineDraft(scope, owners, false, invited)).toBe(expected);
  });
});

describe('mayReadAssessmentDraft: members of the assessor, VWS and operators', () => {
  it.each<[string, ReadScope, string, boolean]>([
    ['anonymous or no party', NOBODY, 'zin', false],
    ['a member of the assessor', { all: false, partyIds: ['zin'] }, 'zin', true],
    ['a member of another party', FMS, 'zin', false],
    ['everything internal', EVERYONE, 'zin', true],
  ])('%s → %s', (_case, scope, assessor, expected) => {
    expect(mayReadAssessmentDraft(scope, assessor)).toBe(expected);
  });
});

describe('mayReadAuditEvent: events on or by one’s parties; all with an ANY grant', () => {
  it.each<[string, ReadScope, string | null, string | null, boolean]>([
    ['no party', NOBODY, 'fms', 'fms', false],
    ['on the own party’s record', FMS, 'fms', 'zin', true],
    ['by the own party', FMS, 'zin', 'fms', true],
    ['neither', FMS, 'zin', 'nhg', false],
    ['without parties', FMS, null, null, false],
    ['the whole trail', EVERYONE, null, null, true],
  ])('%s → %s', (_case, scope, ownerPartyId, actingPartyId, expected) => {
    expect(mayReadAuditEvent(scope, { ownerPartyId, actingPartyId })).toBe(expected);
  });
});

describe('mayReadStatusUpdateText: signed-in users only', () => {
  it.each([
    [true, true],
    [false, false],
  ])('signed in %s → %s', (isAuthenticated, expected) => {
    expect(mayReadStatusUpdateText({ isAuthenticated })).toBe(expected);
  });
});
