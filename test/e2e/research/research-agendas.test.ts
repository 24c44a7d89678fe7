import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { readRows } from '../../../server/db/data-source';
import { SEARCH_WORDS_SQL, wordBeingTyped } from '../../../server/services/research/duplicate-search.service';
import { piecesOf, questionIndexAt } from '../../../server/services/research/question-index';
import { AGENDA, idsByKey, propose } from '../../helpers/research';

let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;
let agendas: Record<string, string>;
let questions: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  questions = await idsByKey(app, 'KnowledgeQuestion', 'knowledge_question');
});
afterAll(() => app.close());

const ZIN = 'zin.editor@example.org';

async function gqlAs(email: string | null, query: string, variables?: Record<string, unknown>) {
  return app.gql(query, variables, await asUser(app, email));
}

async function agenda(id: string, email: string | null = ZIN) {
  const res = await gqlAs(email, AGENDA, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.researchAgenda;
}

const CREATE_AGENDA = `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id version status } }`;
const ADD = `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id number status items { rank question { id } } } }`;
const REMOVE = `mutation($input: RemoveQuestionFromAgendaInput!) { removeQuestionFromAgenda(input: $input) { number items { question { id } } } }`;
const REORDER = `mutation($input: ReorderAgendaItemsInput!) { reorderAgendaItems(input: $input) { number items { rank question { id } } } }`;
const SUBMIT = `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { number status } }`;
const ADOPT = `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { number status adoptedAt } }`;
const TRANSITION = `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { status version possiblyAnswered } }`;
const MERGE = `mutation($input: MergeKnowledgeQuestionsInput!) { mergeKnowledgeQuestions(input: $input) { status version mergedInto { id } } }`;
const SIMILAR = `query($input: SimilarQuestionsInput!) { similarQuestions(input: $input) { score textScore reasons question { id sectors { key } } } }`;

async function newAgenda(title: string, sectorKey = 'ggz') {
  const res = await gqlAs(ZIN, CREATE_AGENDA, {
    input: {
      title,
      kind: 'SECTOR_MULTIYEAR',
      sectorId: sectors[sectorKey],
      coordinatorPartyId: parties.zorginstituut,
    },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.createResearchAgenda as { id: string; version: number };
}

async function newQuestion(title: string, sectorKey = 'ggz', email = 'pfn.contributor@example.org') {
  return propose(app, email, { title, sectorIds: [sectors[sectorKey]] });
}

describe('portal reads', () => {
  it('lists a sector’s adopted agenda with ranked questions to anonymous readers', async () => {
    const res = await gqlAs(
      null,
      `query($sectorId: ID!) { researchAgendas(filter: { sectorId: $sectorId, status: ADOPTED }) { totalCount nodes { key coordinatorParty { key } adoptedVersion { number status items { rank synthetic question { key status proposedByParty { key } sectors { key } projects { key programmeKey funderParty { key } } } } } } } }`,
      { sectorId: sectors.msz },
    );
    expect(res.errors).toBeUndefined();
    const zegg = res.data!.researchAgendas.nodes.find(
      (a: any) => a.key === 'zegg-plan-van-aanpak-agendering-onderzoek',
    );
    expect(zegg.coordinatorParty.key).toBe('zegg');
    expect(zegg.adoptedVersion.items[0]).toMatchObject({
      rank: 1,
      synthetic: true,
      question: {
        key: 'less-is-more-laag-risico-barrett',
        status: 'IN_RESEARCH',
        proposedByParty: { key: 'mdl-artsen' },
        sectors: [{ key: 'msz' }],
        projects: [{ key: 'less-is-more-evaluatie-barrett', programmeKey: 'zegg', funderParty: { key: 'zegg' } }],
      },
    });
    expect(res.data!.researchAgendas.nodes.every((a: any) => a.adoptedVersion)).toBe(true);
  });

  it('maps the documents’ PLANNED agendas to a first draft version with a note, hidden from anonymous readers', async () => {
    const query = `query($id: ID!) { researchAgenda(id: $id) { status statusAsOf due { label } versions { number status note } } }`;
    const anonymous = await gqlAs(null, query, { id: agendas['onderzoeksagenda-ggz'] });
    expect(anonymous.data!.researchAgenda).toMatchObject({ status: 'DRAFT', statusAsOf: '2025-03-01', versions: [] });
    const coordinator = await gqlAs(ZIN, query, { id: agendas['onderzoeksagenda-ggz'] });
    expect(coordinator.data!.researchAgenda.versions).toEqual([
      { number: 1, status: 'DRAFT', note: expect.stringMatching(/PLANNED/) },
    ]);
  });

  it.each([
    ['vws.viewer@example.org', true],
    ['operator@example.org', true],
    ['zin.viewer@example.org', true],
    ['zegg.editor@example.org', false],
    ['fms.editor@example.org', false],
    [null, false],
  ])('shows draft versions of a Zorginstituut agenda to %s: %s', async (email, visible) => {
    const data = await agenda(agendas['pakketagenda-2026-2028']!, email);
    expect(data.versions.length > 0).toBe(visible);
  });

  it('shows where a question sits, on several agendas', async () => {
    const res = await gqlAs(
      ZIN,
      `query($id: ID!) { knowledgeQuestion(id: $id) { agendas { rank agenda { key } agendaVersion { number } } } }`,
      { id: questions['lichte-ggz-problematiek-juiste-niveau'] },
    );
    expect(res.data!.knowledgeQuestion.agendas.map((a: any) => a.agenda.key).sort()).toEqual([
      'onderzoeksagenda-ggz',
      'onderzoeksagenda-huisartsenzorg',
    ]);
    const anonymous = await gqlAs(
      null,
      `query($id: ID!) { knowledgeQuestion(id: $id) { agendas { agenda { key } } } }`,
      { id: questions['lichte-ggz-problematiek-juiste-niveau'] },
    );
    expect(anonymous.data!.knowledgeQuestion.agendas).toEqual([]);
  });

  it('searches Dutch text ignoring accents and word forms, with totalCount and stable cursors', async () => {
    const search = async (text: string) => {
      const res = await gqlAs(
        null,
        `query($search: String) { knowledgeQuestions(filter: { search: $search }) { totalCount nodes { key } } }`,
        { search: text },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.knowledgeQuestions;
    };
    // Among the seeded questions: other tests in this file propose similar ones (duplicate search).
    const seeded = (nodes: { key: string }[]) => nodes.map((n) => n.key).filter((key) => key in questions);
    expect(seeded((await search('controle barrettslokdarm')).nodes)).toEqual(['less-is-more-laag-risico-barrett']);
    expect((await search('patienten')).nodes.map((n: any) => n.key)).toContain('less-is-more-laag-risico-barrett');
    expect((await search('clienten ggz')).nodes.map((n: any) => n.key)).toContain(
      'lichte-ggz-problematiek-juiste-niveau',
    );
    expect((await search('zwangerschapsdiabetes')).totalCount).toBe(0);

    const page = `query($after: String) { knowledgeQuestions(first: 3, after: $after, orderBy: TITLE) { totalCount pageInfo { endCursor hasNextPage } nodes { key } } }`;
    const keys: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await gqlAs(null, page, { after });
      keys.push(...res.data.knowledgeQuestions.nodes.map((n: any) => n.key));
      if (!res.data.knowledgeQuestions.pageInfo.hasNextPage) break;
      after = res.data.knowledgeQuestions.pageInfo.endCursor;
    }
    const [{ n }] = await app.dataSource.query('SELECT count(*)::int AS n FROM knowledge_question');
    expect(keys).toHaveLength(n);
    expect(new Set(keys).size).toBe(n);
  });

  it('filters questions by sector, status, criterion and proposing party', async () => {
    const criteria = await idsByKey(app, 'PackageCriterion', 'package_criterion');
    const res = await gqlAs(
      null,
      `query($f: KnowledgeQuestionFilter) { knowledgeQuestions(filter: $f) { nodes { key } } }`,
      {
        f: {
          sectorIds: [sectors.msz],
          status: ['IN_RESEARCH'],
          criterionId: criteria.effectiviteit,
          proposedByPartyId: parties['mdl-artsen'],
        },
      },
    );
    expect(res.data!.knowledgeQuestions.nodes).toEqual([{ key: 'less-is-more-laag-risico-barrett' }]);
  });
});

describe('agenda lifecycle', () => {
  it('goes DRAFT → CONSULTATION → ADOPTED; an adopted version never changes, editing starts a new draft', async () => {
    const created = await newAgenda('Lifecycle-agenda ggz');
    const q1 = await newQuestion('Helpt beweegtherapie bij lichte depressie bij jongeren?');
    const q2 = await newQuestion('Is groepsbehandeling even effectief als individuele behandeling bij angst?');
    let version = created.version;
    for (const q of [q1, q2]) {
      const res = await gqlAs(ZIN, ADD, { input: { agendaId: created.id, version, questionId: q.id } });
      expect(res.errors).toBeUndefined();
      version += 1;
    }
    const early = await gqlAs(ZIN, ADOPT, { input: { agendaId: created.id, version } });
    expect(early.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', allowed: ['CONSULTATION'] });

    expect((await gqlAs(ZIN, SUBMIT, { input: { agendaId: created.id, version } })).data!).toEqual({
      submitResearchAgendaForConsultation: { number: 1, status: 'CONSULTATION' },
    });
    version += 1;
    const adopted = await gqlAs(ZIN, ADOPT, { input: { agendaId: created.id, version } });
    expect(adopted.data!.adoptResearchAgenda).toMatchObject({ number: 1, status: 'ADOPTED' });
    version += 1;

    // The database itself refuses to change the adopted version's items.
    const v1 = (await agenda(created.id)).versions[0];
    await expect(
      app.dataSource.query('UPDATE agenda_item SET rank = rank + 10 WHERE version_id = $1', [
        (
          await app.dataSource.query(
            'SELECT id FROM research_agenda_version WHERE agenda_id = (SELECT id FROM research_agenda WHERE title = $1)',
            ['Lifecycle-agenda ggz'],
          )
        )[0].id,
      ]),
    ).rejects.toThrow(/cannot change/);

    const q3 = await newQuestion('Wat is de meerwaarde van e-health naast face-to-face behandeling in de ggz?');
    const edited = await gqlAs(ZIN, ADD, { input: { agendaId: created.id, version, questionId: q3.id, rank: 1 } });
    expect(edited.data!.addQuestionToAgenda).toMatchObject({
      number: 2,
      status: 'DRAFT',
      items: [
        { rank: 1, question: { id: q3.id } },
        { rank: 2, question: { id: q1.id } },
        { rank: 3, question: { id: q2.id } },
      ],
    });
    version += 1;
    const after = await agenda(created.id);
    expect(after.status).toBe('DRAFT');
    expect(after.adoptedVersion).toEqual({ number: 1 });
    expect(after.versions[1]).toEqual(v1);
    expect(after.versions[1].items.map((i: any) => i.question.id)).toEqual([q1.id, q2.id]);

    // The anonymous portal still sees version 1 only.
    const anonymous = await agenda(created.id, null);
    expect(anonymous.versions.map((v: any) => v.number)).toEqual([1]);

    const reordered = await gqlAs(ZIN, REORDER, {
      input: { agendaId: created.id, version, questionIds: [q2.id, q3.id, q1.id] },
    });
    expect(reordered.data!.reorderAgendaItems.items.map((i: any) => [i.rank, i.question.id])).toEqual([
      [1, q2.id],
      [2, q3.id],
      [3, q1.id],
    ]);
    version += 1;
    const removed = await gqlAs(ZIN, REMOVE, { input: { agendaId: created.id, version, questionId: q3.id } });
    expect(removed.data!.removeQuestionFromAgenda.items.map((i: any) => i.question.id)).toEqual([q2.id, q1.id]);
    version += 1;

    await gqlAs(ZIN, SUBMIT, { input: { agendaId: created.id, version } });
    version += 1;
    expect((await gqlAs(ZIN, ADOPT, { input: { agendaId: created.id, version } })).errors).toBeUndefined();
    const final = await agenda(created.id, null);
    expect(final.versions.map((v: any) => [v.number, v.status])).toEqual([
      [2, 'ADOPTED'],
      [1, 'ARCHIVED'],
    ]);
    expect(final.versions[1].items.map((i: any) => i.question.id)).toEqual([q1.id, q2.id]);

    // The same order again changes nothing: no new draft of the adopted agenda, the same version.
    const same = await gqlAs(ZIN, REORDER, {
      input: { agendaId: created.id, version: version + 1, questionIds: [q2.id, q1.id] },
    });
    expect(same.errors).toBeUndefined();
    const unchanged = await gqlAs(ZIN, `query($id: ID!) { researchAgenda(id: $id) { version status } }`, {
      id: created.id,
    });
    expect(unchanged.data!.researchAgenda).toEqual({ version: version + 1, status: 'ADOPTED' });
  });

  it('refuses a stale agenda version with CONFLICT', async () => {
    const created = await newAgenda('Conflict-agenda ggz');
    const q = await newQuestion('Werkt lotgenotencontact bij chronische psychische aandoeningen?');
    await gqlAs(ZIN, ADD, { input: { agendaId: created.id, version: created.version, questionId: q.id } });
    const stale = await gqlAs(ZIN, REMOVE, {
      input: { agendaId: created.id, version: created.version, questionId: q.id },
    });
    expect(stale.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: created.version + 1 });
  });

  it.each([
    ['a merged-away question', 'input.questionId'],
    ['the same question twice', 'input.questionId'],
    ['a rank beyond the end', 'input.rank'],
  ])('refuses %s with BAD_USER_INPUT', async (what, field) => {
    const created = await newAgenda(`Invoer-agenda ${what}`);
    const q = await newQuestion(`Invoervraag voor ${what}: helpt slaaptherapie bij burn-out?`);
    let input: Record<string, unknown> = { agendaId: created.id, version: created.version, questionId: q.id };
    if (what === 'a rank beyond the end') input = { ...input, rank: 5 };
    if (what === 'the same question twice') {
      await gqlAs(ZIN, ADD, { input });
      input = { ...input, version: created.version + 1 };
    }
    if (what === 'a merged-away question') {
      await gqlAs(ZIN, MERGE, {
        input: {
          questionId: q.id,
          version: q.version,
          intoQuestionId: questions['lichte-ggz-problematiek-juiste-niveau'],
        },
      });
    }
    const res = await gqlAs(ZIN, ADD, { input });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('question life cycle', () => {
  const ALL = ['PROPOSED', 'PRIORITISED', 'IN_RESEARCH', 'ANSWERED', 'IMPLEMENTED', 'REJECTED', 'MERGED'];
  const NEXT: Record<string, string[]> = {
    PROPOSED: ['PRIORITISED', 'REJECTED'],
    PRIORITISED: ['IN_RESEARCH', 'REJECTED'],
    IN_RESEARCH: ['ANSWERED'],
    ANSWERED: ['IMPLEMENTED'],
    IMPLEMENTED: [],
    REJECTED: [],
    MERGED: [],
  };
  const PATH: Record<string, string[]> = {
    PROPOSED: [],
    PRIORITISED: ['PRIORITISED'],
    IN_RESEARCH: ['PRIORITISED', 'IN_RESEARCH'],
    ANSWERED: ['PRIORITISED', 'IN_RESEARCH', 'ANSWERED'],
    IMPLEMENTED: ['PRIORITISED', 'IN_RESEARCH', 'ANSWERED', 'IMPLEMENTED'],
    REJECTED: ['REJECTED'],
  };

  /** A fresh question brought to `status` through allowed transitions. */
  async function questionIn(status: string) {
    const q = await newQuestion(
      `Levensloopvraag ${status} ${Math.random().toString(36).slice(2, 8)}`,
      'wijkverpleging',
    );
    let version = q.version;
    if (status === 'MERGED') {
      const res = await gqlAs(ZIN, MERGE, {
        input: { questionId: q.id, version, intoQuestionId: questions['passende-meerzorg-wlz'] },
      });
      expect(res.errors).toBeUndefined();
      return { id: q.id, version: res.data!.mergeKnowledgeQuestions.version };
    }
    for (const next of PATH[status]!) {
      const res = await gqlAs(ZIN, TRANSITION, { input: { questionId: q.id, version, status: next } });
      expect(res.errors).toBeUndefined();
      version = res.data!.transitionKnowledgeQuestion.version;
    }
    return { id: q.id, version };
  }

  const cases = ALL.flatMap((from) =>
    ALL.filter((to) => to !== from).map((to) => [from, to, NEXT[from]!.includes(to)] as const),
  );

  it.each(cases)('%s → %s allowed: %s', async (from, to, allowed) => {
    const q = await questionIn(from);
    const res = await gqlAs(ZIN, TRANSITION, { input: { questionId: q.id, version: q.version, status: to } });
    expect(res.errors?.[0]?.extensions ?? res.data!.transitionKnowledgeQuestion).toMatchObject(
      allowed ? { status: to } : { code: 'BAD_USER_INPUT', field: 'input.status', allowed: NEXT[from] },
    );
  });
});

describe('merging duplicates', () => {
  it('keeps the duplicate with its history, points it to the survivor and moves its agenda places', async () => {
    const created = await newAgenda('Merge-agenda paramedisch', 'paramedische-zorg');
    const duplicate = await newQuestion('Is fysiotherapie bij knieartrose effectief?', 'paramedische-zorg');
    const survivor = await newQuestion('Wat is de effectiviteit van oefentherapie bij artrose van de knie?', 'msz');
    const other = await newQuestion('Helpt ergotherapie bij reuma in de thuissituatie?', 'paramedische-zorg');
    let version = created.version;
    for (const q of [other, duplicate]) {
      await gqlAs(ZIN, ADD, { input: { agendaId: created.id, version, questionId: q.id } });
      version += 1;
    }
    await gqlAs(ZIN, SUBMIT, { input: { agendaId: created.id, version } });
    await gqlAs(ZIN, ADOPT, { input: { agendaId: created.id, version: version + 1 } });

    const merged = await gqlAs(ZIN, MERGE, {
      input: { questionId: duplicate.id, version: duplicate.version, intoQuestionId: survivor.id, note: 'Dubbel' },
    });
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.mergeKnowledgeQuestions).toMatchObject({ status: 'MERGED', mergedInto: { id: survivor.id } });

    const after = await agenda(created.id);
    expect(after.versions.map((v: any) => [v.number, v.status])).toEqual([
      [2, 'DRAFT'],
      [1, 'ADOPTED'],
    ]);
    expect(after.versions[0].items.map((i: any) => i.question.id)).toEqual([other.id, survivor.id]);
    expect(after.versions[1].items.map((i: any) => i.question.id)).toEqual([other.id, duplicate.id]);

    const survivorNow = await gqlAs(null, `query($id: ID!) { knowledgeQuestion(id: $id) { sectors { key } } }`, {
      id: survivor.id,
    });
    expect(survivorNow.data!.knowledgeQuestion.sectors.map((s: any) => s.key).sort()).toEqual([
      'msz',
      'paramedische-zorg',
    ]);
    const history = await gqlAs(
      'vws.viewer@example.org',
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action } } }`,
      { id: duplicate.id },
    );
    expect(history.data!.auditEvents.nodes.map((n: any) => n.action)).toEqual(['MERGE', 'CREATE']);
    const again = await gqlAs(ZIN, MERGE, {
      input: { questionId: duplicate.id, version: duplicate.version + 1, intoQuestionId: other.id },
    });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', allowed: [] });
    const project = await gqlAs(
      'zonmw.editor@example.org',
      `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id } }`,
      {
        input: {
          title: 'Project op een samengevoegde vraag',
          funderPartyId: parties.zonmw,
          questionIds: [duplicate.id],
        },
      },
    );
    expect(project.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.questionIds'],
    ]);
  });
});

describe('merging a scored duplicate', () => {
  it('gives the survivor its scores on a version still being prioritised, and drops it from that ranking', async () => {
    const criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
    const [first, second] = Object.values(criteria);
    const created = await newAgenda('Merge-agenda met scores');
    const duplicate = await newQuestion('Helpt lotgenotencontact bij angststoornissen in de ggz?');
    const survivor = await newQuestion('Werkt lotgenotencontact bij angst in de ggz?');
    const added = await gqlAs(ZIN, ADD, {
      input: { agendaId: created.id, version: created.version, questionId: duplicate.id },
    });
    const versionId = added.data!.addQuestionToAgenda.id as string;
    const scored = await gqlAs(
      ZIN,
      `mutation($input: ScoreKnowledgeQuestionInput!) { scoreKnowledgeQuestion(input: $input) { version priorityTotal } }`,
      {
        input: {
          questionId: duplicate.id,
          version: duplicate.version,
          scores: [
            { criterionId: first, score: 5 },
            { criterionId: second, score: 4 },
          ],
        },
      },
    );
    expect(scored.data!.scoreKnowledgeQuestion.priorityTotal).toBe(9);
    const round = await gqlAs(
      ZIN,
      `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`,
      {
        input: {
          targetId: versionId,
          question: 'Wat vindt u?',
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          invitedPartyIds: [parties.patientenfederatie],
        },
      },
    );
    expect(round.errors).toBeUndefined();
    const card = await gqlAs(
      'pfn.contributor@example.org',
      `mutation($input: SubmitPriorityScorecardInput!) { submitPriorityScorecard(input: $input) { id } }`,
      { input: { agendaVersionId: versionId, scores: [{ questionId: duplicate.id, criterionId: first, score: 3 }] } },
    );
    expect(card.errors).toBeUndefined();
    const merged = await gqlAs(ZIN, MERGE, {
      input: {
        questionId: duplicate.id,
        version: scored.data!.scoreKnowledgeQuestion.version,
        intoQuestionId: survivor.id,
      },
    });
    expect(merged.errors).toBeUndefined();
    const after = await gqlAs(
      ZIN,
      `query($v: ID!, $s: ID!) {
         node(id: $v) { ... on ResearchAgendaVersion { items { question { id } } sharedPriorities { question { id } overall { mean parties } } } }
         knowledgeQuestion(id: $s) { priorityTotal }
       }`,
      { v: versionId, s: survivor.id },
    );
    expect(after.errors).toBeUndefined();
    expect(after.data!.knowledgeQuestion.priorityTotal).toBe(9);
    expect(after.data!.node.items.map((i: any) => i.question.id)).toEqual([survivor.id]);
    expect(after.data!.node.sharedPriorities).toEqual([
      { question: { id: survivor.id }, overall: { mean: 3, parties: 1 } },
    ]);
    // The party's scorecard changed: a new version (a client holding the old one gets CONFLICT) and its history.
    const cardId = fromGlobalId(card.data!.submitPriorityScorecard.id).id;
    const [{ version }] = await app.dataSource.query('SELECT version FROM priority_scorecard WHERE id = $1', [cardId]);
    const actions = await app.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'PriorityScorecard' AND entity_id = $1 ORDER BY occurred_at`,
      [cardId],
    );
    expect([version, actions.map((a: { action: string }) => a.action)]).toEqual([2, ['CREATE', 'UPDATE']]);
  });
});

describe('duplicates across sectors', () => {
  it('finds a reworded question from another sector and not an unrelated one', async () => {
    const reworded = await propose(app, 'nhg.editor@example.org', {
      title: 'Kunnen de controles bij patiënten met een laag-risico Barrettslokdarm veilig worden gestopt?',
      sectorIds: [sectors.huisartsenzorg],
    });
    const unrelated = await propose(app, 'nhg.editor@example.org', {
      title: 'Welke hulpmiddelen helpen ouderen met incontinentie thuis?',
      sectorIds: [sectors.hulpmiddelenzorg],
    });
    for (const input of [{ questionId: reworded.id }, { text: 'controles laag-risico Barrettslokdarm stoppen' }]) {
      const res = await gqlAs(null, SIMILAR, { input });
      expect(res.errors).toBeUndefined();
      const found = res.data!.similarQuestions.filter((s: any) => s.question.id !== reworded.id);
      expect(found[0]).toMatchObject({
        question: { id: questions['less-is-more-laag-risico-barrett'], sectors: [{ key: 'msz' }] },
        reasons: ['TEXT'],
      });
      expect(found[0].score).toBeGreaterThanOrEqual(0.3);
      expect(res.data!.similarQuestions.map((s: any) => s.question.id)).not.toContain(unrelated.id);
    }
  });

  it('gives SAME_INTERVENTION as a reason', async () => {
    const interventions = await idsByKey(app, 'Intervention', 'intervention');
    const res = await gqlAs(null, SIMILAR, {
      input: {
        text: 'Surveillance endoscopie',
        interventionId: interventions['controles-laag-risico-barrettslokdarm'],
      },
    });
    expect(res.data!.similarQuestions[0]).toMatchObject({
      question: { id: questions['less-is-more-laag-risico-barrett'] },
      reasons: expect.arrayContaining(['SAME_INTERVENTION']),
    });
  });

  it.each([
    ['a typing error', 'Barretslokdarm'],
    ['a word still being typed', 'Barre'],
  ])('reads %s as the word it stands for', async (_case, text) => {
    // The only word of the text is not a word of any question: read as it is, it finds nothing.
    const res = await gqlAs(null, SIMILAR, { input: { text } });
    expect(res.errors).toBeUndefined();
    const barrett = questions['less-is-more-laag-risico-barrett'];
    expect(res.data!.similarQuestions.find((s: any) => s.question.id === barrett)).toMatchObject({ reasons: ['TEXT'] });
  });

  it('finds a new question by its words at once, and duplicates that lack the rarest word of the text', async () => {
    const friesland = await propose(app, 'nhg.editor@example.org', {
      title: 'Zijn de wachttijden voor een maagscopie in Friesland langer dan elders?',
      sectorIds: [sectors.huisartsenzorg],
    });
    const byItsWords = await gqlAs(null, SIMILAR, { input: { text: 'wachttijden maagscopie Friesland' } });
    expect(byItsWords.data!.similarQuestions[0].question.id).toBe(friesland.id);
    // No other question says Friesland; the Barrett question shares every other word.
    const res = await gqlAs(null, SIMILAR, {
      input: { text: 'stoppen met controles bij laag-risico Barrettslokdarm in Friesland' },
    });
    expect(res.data!.similarQuestions.map((s: any) => s.question.id)).toContain(
      questions['less-is-more-laag-risico-barrett'],
    );
  });

  it('keeps the word counts of the vocabulary equal to the words of the questions through every write', async () => {
    const drift = () =>
      app.dataSource.query(
        `SELECT coalesce(t.term, c.term) AS term, t.questions AS kept, c.questions AS counted
           FROM knowledge_question_term t
           FULL JOIN (SELECT w AS term, count(*)::int AS questions
                        FROM knowledge_question, unnest(tsvector_to_array(search_vector)) AS w GROUP BY w) c
             ON c.term = t.term
          WHERE coalesce(t.questions, 0) <> coalesce(c.questions, 0)`,
      );
    const proposed = await propose(app, 'nhg.editor@example.org', {
      title: 'Helpt zwemtherapie bij chronische rugpijn?',
      sectorIds: [sectors.huisartsenzorg],
    });
    const id = fromGlobalId(proposed.id).id;
    expect(await drift()).toEqual([]);
    await app.dataSource.query(
      `UPDATE knowledge_question SET title = 'Helpt aquatherapie bij nekpijn?' WHERE id = $1`,
      [id],
    );
    expect(await drift()).toEqual([]);
    const edited = await gqlAs(null, SIMILAR, { input: { text: 'aquatherapie nekpijn' } });
    expect(edited.data!.similarQuestions[0].question.id).toBe(proposed.id);
    await app.dataSource.query('DELETE FROM knowledge_question WHERE id = $1', [id]);
    expect(await drift()).toEqual([]);
  });

  it('reads questions merged, deleted or reworded anywhere at the next search, and only then', async () => {
    const version = async () =>
      Number((await app.dataSource.query('SELECT version FROM knowledge_question_index_version'))[0].version);
    const found = async (text: string) =>
      (await gqlAs(null, SIMILAR, { input: { text } })).data!.similarQuestions.map((s: any) => s.question.id);
    const proposed = await propose(app, 'nhg.editor@example.org', {
      title: 'Helpt hydrotherapie bij artrose van de knie?',
      sectorIds: [sectors.huisartsenzorg],
    });
    const id = fromGlobalId(proposed.id).id;
    expect(await found('hydrotherapie artrose knie')).toContain(proposed.id);
    // What the search does not read (priorities, notes), or a statement that changes nothing, leaves the version.
    const before = await version();
    await app.dataSource.query('UPDATE knowledge_question SET priority_total = priority_total + 1 WHERE id = $1', [id]);
    await app.dataSource.query(`UPDATE knowledge_question SET title = title WHERE id = $1`, [id]);
    await app.dataSource.query(`DELETE FROM knowledge_question WHERE key = 'no such question'`);
    expect(await version()).toBe(before);
    await app.dataSource.query(`UPDATE knowledge_question SET status = 'MERGED' WHERE id = $1`, [id]);
    expect(await version()).toBeGreaterThan(before);
    expect(await found('hydrotherapie artrose knie')).not.toContain(proposed.id);
    await app.dataSource.query(`UPDATE knowledge_question SET status = 'PROPOSED' WHERE id = $1`, [id]);
    expect(await found('hydrotherapie artrose knie')).toContain(proposed.id);
    await app.dataSource.query('DELETE FROM knowledge_question WHERE id = $1', [id]);
    expect(await found('hydrotherapie artrose knie')).not.toContain(proposed.id);
  });

  it('reads the words of a text or a question from its index as knowledge_question_search_words does', async () => {
    // Words that start alike, held by more and by fewer questions: more completions than are taken, some equal.
    const kinds = [
      ['teleconsult', 3],
      ['telefonische nazorg', 3],
      ['telemonitoring', 2],
      ['telezorg', 2],
      ['telecoaching', 1],
      ['telegeneeskunde', 1],
      ['telerevalidatie', 4],
      ['e-health-coaching', 2],
      ['zorg-op-afstand', 1],
    ] as const;
    const conditions = ['hartfalen', 'COPD', 'diabetes', 'artrose'];
    const made = kinds.flatMap(([kind, n]) =>
      Array.from({ length: n }, (_, i) => `Helpt ${kind} bij ${conditions[i % conditions.length]}?`),
    );
    // A tag across two fields is one token of the whole text, and none of the search vector's.
    const tagged = await propose(app, 'nhg.editor@example.org', {
      title: 'Helpt telezorg <b',
      population: 'class=x> bij artrose?',
      sectorIds: [sectors.huisartsenzorg],
    });
    await app.dataSource.query(
      `INSERT INTO knowledge_question (key, title, synthetic)
       SELECT 'words-' || n, t, true FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n)`,
      [made],
    );
    try {
      const titles: { title: string }[] = await app.dataSource.query(
        'SELECT title FROM knowledge_question ORDER BY key',
      );
      const texts = new Set([
        'controles laag-risico Barrettslokdarm stoppen',
        'Helpt e-health bij COVID-19 na 65 jaar?',
        'coördinatie van zorg, thuis!  En daarna?',
        'de het een',
        'zorg <b>thuis</b>',
      ]);
      for (const condition of conditions)
        for (const typing of [
          'te',
          'tel',
          'tele',
          'telem',
          'telez',
          'e-h',
          'e-health-c',
          'zorg-op',
          'telefonische naz',
        ])
          texts.add(`${condition} ${typing}`);
      for (const { title } of titles) {
        const words = title.split(' ');
        for (let n = 1; n <= words.length; n++) texts.add(words.slice(0, n).join(' '));
        for (const cut of [0.3, 0.5, 0.7]) texts.add(title.slice(0, Math.ceil(title.length * cut))); // a word half typed
        // The first letters of a word: many completions, some equally frequent.
        for (const word of words.filter((w) => w.length >= 5)) texts.add(`${words[0]} ${word.slice(0, 3)}`);
      }
      const [{ version }] = await app.dataSource.query('SELECT version FROM knowledge_question_index_version');
      const index = await questionIndexAt(app.dataSource, Number(version));
      expect(index.wordsOfQuestion(fromGlobalId(tagged.id).id)).toBeNull();
      let read = 0;
      for (const text of [...texts].map((t) => t.trim()).filter((t) => t.length >= 3)) {
        const typed = wordBeingTyped(text);
        const pieces = piecesOf(text);
        const [db] = await readRows<{ words: string[][]; stems: number; piece_stems: Record<string, string[]> }>(
          app.dataSource,
          SEARCH_WORDS_SQL,
          [text, typed, null, typed === null ? pieces : [...new Set([...pieces, typed])]],
        );
        const stems = pieces.flatMap((piece) => db!.piece_stems[piece]!);
        const words = index.words(stems, typed === null ? null : { word: typed, stems: db!.piece_stems[typed]! });
        if (words === null) continue;
        read += 1;
        expect({ text, ...words }).toEqual({ text, words: db!.words, stems: db!.stems });
      }
      // Only typing errors (and words no question holds) are left to the database.
      expect(read).toBeGreaterThan(0.8 * texts.size);

      // A question's own words and intervention, for every question the index holds (not one with a tag).
      const all: { id: string }[] = await app.dataSource.query(
        `SELECT id FROM knowledge_question WHERE status <> 'MERGED' AND strpos(search_text, '<') = 0 ORDER BY key`,
      );
      for (const { id } of all) {
        const [db] = await app.dataSource.query(
          'SELECT words, stems, intervention FROM knowledge_question_search_words(NULL, NULL, $1)',
          [id],
        );
        expect({ id, ...index.wordsOfQuestion(id) }).toEqual({ id, ...db });
      }
      expect(all.length).toBeGreaterThan(made.length);
    } finally {
      await app.dataSource.query(`DELETE FROM knowledge_question WHERE key LIKE 'words-%' OR id = $1`, [
        fromGlobalId(tagged.id).id,
      ]);
    }
  });

  it('fails as an internal error, not as a missing question, when the index version is gone', async () => {
    const [{ version }] = await app.dataSource.query('SELECT version FROM knowledge_question_index_version');
    await app.dataSource.query('DELETE FROM knowledge_question_index_version');
    try {
      const res = await gqlAs(null, SIMILAR, { input: { text: 'controles laag-risico Barrettslokdarm' } });
      expect(res.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      expect(res.errors![0]!.message).not.toContain('knowledge_question');
    } finally {
      await app.dataSource.query('INSERT INTO knowledge_question_index_version (id, version) VALUES (true, $1)', [
        version,
      ]);
    }
  });

  it('answers in one SQL statement for known words or a question, two for new words, with 5 or 50 results', async () => {
    const [{ id: sectorId }] = await app.dataSource.query(`SELECT id FROM sector WHERE key = 'wijkverpleging'`);
    await app.dataSource.query(
      `WITH q AS (
         INSERT INTO knowledge_question (key, title, synthetic)
         SELECT 'count-similar-' || n, 'Telemonitoring bij hartfalen in regio ' || n, true FROM generate_series(1, 60) n
         RETURNING id)
       INSERT INTO knowledge_question_sector SELECT id, $1 FROM q`,
      [sectorId],
    );
    const QUERY = `query($input: SimilarQuestionsInput!) { similarQuestions(input: $input) { score reasons question { id title status sectors { key } } } }`;
    const search = (input: Record<string, unknown>) =>
      app.countQueries(() => gqlAs(null, QUERY, { input: { minScore: 0, ...input } }));
    const few = await search({ text: 'telemonitoring bij hartfalen', first: 5 });
    const many = await search({ text: 'telemonitoring bij hartfalen', first: 50 });
    expect(few.result.errors).toBeUndefined();
    expect(few.result.data!.similarQuestions).toHaveLength(5);
    expect(many.result.data!.similarQuestions).toHaveLength(50);
    expect(many.result.data!.similarQuestions[49].question.sectors).toEqual([{ key: 'wijkverpleging' }]);
    // The words, then the answer, and the first search after the questions changed reads the index again;
    // then its words are known: the answer alone (with the version of the data, to know the index is current).
    expect([few.count, many.count]).toEqual([3, 1]);
    const again = await search({ text: 'telemonitoring bij hartfalen', first: 5 });
    expect(again.result.data).toEqual(few.result.data);
    expect(again.count).toBe(1);
    const byQuestion = await search({ questionId: many.result.data!.similarQuestions[0].question.id, first: 50 });
    expect(byQuestion.result.data!.similarQuestions).toHaveLength(50);
    // The index holds the question, its words and intervention: the answer alone.
    expect(byQuestion.count).toBe(1);
  });

  it('answers NOT_FOUND for a question that does not exist', async () => {
    const res = await gqlAs(null, SIMILAR, {
      input: { questionId: toGlobalId('KnowledgeQuestion', '00000000-0000-0000-0000-000000000000') },
    });
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it.each([
    [{}],
    [{ text: 'ab' }],
    [{ text: 'abc def', questionId: toGlobalId('KnowledgeQuestion', '00000000-0000-0000-0000-000000000000') }],
  ])('refuses input %j with BAD_USER_INPUT', async (input) => {
    const res = await gqlAs(null, SIMILAR, { input });
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('projects', () => {
  it('completing a project flags its open questions “possibly answered” until the coordinator confirms', async () => {
    const q = await newQuestion('Is thuismonitoring bij hartfalen kosteneffectief?', 'msz');
    const prioritised = await gqlAs(ZIN, TRANSITION, {
      input: { questionId: q.id, version: q.version, status: 'PRIORITISED' },
    });
    const inResearch = await gqlAs(ZIN, TRANSITION, {
      input: {
        questionId: q.id,
        version: prioritised.data!.transitionKnowledgeQuestion.version,
        status: 'IN_RESEARCH',
      },
    });
    expect(inResearch.data!.transitionKnowledgeQuestion.status).toBe('IN_RESEARCH');
    const zonmw = 'zonmw.editor@example.org';
    const created = await gqlAs(
      zonmw,
      `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id version status programmeKey questions { id } } }`,
      {
        input: {
          title: 'KPPZ-project thuismonitoring',
          funderPartyId: parties.zonmw,
          programmeKey: 'kppz',
          round: 'ronde 1',
          questionIds: [q.id],
        },
      },
    );
    expect(created.data!.createResearchProject).toMatchObject({
      status: 'PLANNED',
      programmeKey: 'kppz',
      questions: [{ id: q.id }],
    });
    const project = created.data!.createResearchProject;
    const UPDATE = `mutation($input: UpdateResearchProjectInput!) { updateResearchProject(input: $input) { version status } }`;
    const skip = await gqlAs(zonmw, UPDATE, {
      input: { id: project.id, version: project.version, status: 'COMPLETED' },
    });
    expect(skip.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', allowed: ['RUNNING', 'CANCELLED'] });
    const running = await gqlAs(zonmw, UPDATE, {
      input: { id: project.id, version: project.version, status: 'RUNNING' },
    });
    await gqlAs(zonmw, UPDATE, {
      input: {
        id: project.id,
        version: running.data!.updateResearchProject.version,
        status: 'COMPLETED',
        resultSummary: 'Ja.',
      },
    });
    const flagged = await gqlAs(
      null,
      `query($id: ID!) { knowledgeQuestion(id: $id) { version possiblyAnswered status } }`,
      { id: q.id },
    );
    expect(flagged.data!.knowledgeQuestion).toMatchObject({ possiblyAnswered: true, status: 'IN_RESEARCH' });
    const confirmed = await gqlAs(ZIN, TRANSITION, {
      input: { questionId: q.id, version: flagged.data!.knowledgeQuestion.version, status: 'ANSWERED' },
    });
    expect(confirmed.data!.transitionKnowledgeQuestion).toMatchObject({ status: 'ANSWERED', possiblyAnswered: false });
  });
});
