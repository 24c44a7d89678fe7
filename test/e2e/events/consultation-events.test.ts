import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { runTimeSweep } from '../../../server/services/events/time-sweep';
import { day } from '../../fixtures/deliverables';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser, tokenFor } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';
import { outboxOf } from './scenario';
import { collect, settle, wsClient } from './ws-client';

/**
 * Consultation (issue 21) in the event stream and the inbox (issue 23): a round's events reach exactly
 * those who may read the round, through subscriptions and the change feed; the time sweep records the
 * transitions that come from the clock once; the inbox shows rounds open to us and contributions that
 * await our response.
 */
let app: TestApp;
let parties: Record<string, string>;
const clients: { dispose(): void | Promise<void> }[] = [];

const ZIN = 'zin.editor@example.org';
const PFN = 'pfn.contributor@example.org';
const ZN = 'zn.contributor@example.org';
const OUTSIDER = 'fms.editor@example.org';
const HOUR = 3_600_000;
const CONSULTATION_TYPES = [
  'CONSULTATION_ROUND_OPENED',
  'CONSULTATION_ROUND_CLOSING_SOON',
  'CONSULTATION_ROUND_CLOSED',
  'CONSULTATION_ROUND_CONCLUDED',
  'CONTRIBUTION_ANSWERED',
];

beforeAll(async () => {
  app = await createTestApp({ EVENTS_SWEEP_SECONDS: '0' });
  parties = await idsByKey(app, 'Party', 'party');
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});
afterAll(() => app.close());

async function ok(email: string, query: string, input: Record<string, unknown>) {
  const res = await app.gql(query, { input }, await asUser(app, email));
  if (res.errors) throw new Error(`${query.slice(0, 70)}: ${JSON.stringify(res.errors)}`);
  return res.data!;
}

let counter = 0;
/** A draft standpunt of Zorginstituut: only its own party (and VWS, operators) read it unless consulted. */
async function draftAssessment(): Promise<string> {
  const data = await ok(
    ZIN,
    `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`,
    { kind: 'STANDPUNT', title: `Concept-standpunt gebeurtenissen ${++counter}` },
  );
  return data.createPackageAssessment.id;
}

type Ref = { id: string; version: number };

/** A round on a new draft that invites the Patiëntenfederatie and Zorgverzekeraars Nederland by name. */
async function openRound(extra: Record<string, unknown> = {}): Promise<Ref> {
  const data = await ok(
    ZIN,
    `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id version } }`,
    {
      targetId: await draftAssessment(),
      question: 'Wat vindt u van dit concept?',
      closesAt: new Date(Date.now() + HOUR).toISOString(),
      invitedPartyIds: [parties.patientenfederatie, parties.zn],
      ...extra,
    },
  );
  return data.openConsultationRound;
}

async function contribute(email: string, round: Ref): Promise<Ref> {
  const data = await ok(
    email,
    `mutation($input: AddContributionInput!) { addContribution(input: $input) { id version } }`,
    { roundId: round.id, type: 'GENERAL', text: 'Onze inbreng.' },
  );
  return data.addContribution;
}

async function closeRound(round: Ref): Promise<Ref> {
  const data = await ok(
    ZIN,
    `mutation($input: ConsultationRoundRefInput!) { closeConsultationRound(input: $input) { id version } }`,
    { roundId: round.id, version: round.version },
  );
  return data.closeConsultationRound;
}

async function respond(contribution: Ref, response = 'ACCEPTED'): Promise<Ref> {
  const data = await ok(
    ZIN,
    `mutation($input: RespondToContributionInput!) { respondToContribution(input: $input) { id version } }`,
    { contributionId: contribution.id, version: contribution.version, response, reasoning: 'Overgenomen.' },
  );
  return data.respondToContribution;
}

async function subscriber(email: string | null, filter: Record<string, unknown>) {
  const token = email ? await tokenFor(app, email) : undefined;
  const { client } = wsClient(app.url, token);
  clients.push(client);
  return collect(client, { filter });
}

const CHANGES = `query($filter: EventFilter) {
  changes(first: 50, filter: $filter) { nodes { type subjectId before after } }
}`;

/** The change feed as `email` reads it, narrowed to some subjects. */
async function feed(email: string | null, subjectIds: string[]) {
  const res = await app.gql(CHANGES, { filter: { subjectIds } }, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!.changes.nodes as { type: string; subjectId: string; before: any; after: any }[];
}

const types = async (subject: string) => (await outboxOf(app, subject)).map((e) => e.type);

describe('consultation events reach those who may read the round', () => {
  it('a round opened: the invited party’s subscriber and change feed get it; an outsider and anonymous do not', async () => {
    const filter = { types: CONSULTATION_TYPES };
    const invited = await subscriber(PFN, filter);
    const owner = await subscriber(ZIN, filter);
    const outsider = await subscriber(OUTSIDER, filter);
    const anonymous = await subscriber(null, filter);
    await settle(300);
    const round = await openRound();
    await invited.next(1);
    await owner.next(1);
    await settle();
    expect(invited.events.map((e) => [e.type, e.subjectId])).toEqual([['CONSULTATION_ROUND_OPENED', round.id]]);
    expect(owner.events.map((e) => [e.type, e.subjectId])).toEqual([['CONSULTATION_ROUND_OPENED', round.id]]);
    expect(outsider.events).toEqual([]);
    expect(anonymous.events).toEqual([]);
    expect([invited, owner, outsider, anonymous].flatMap((s) => s.errors)).toEqual([]);

    expect((await feed(PFN, [round.id])).map((e) => e.type)).toEqual(['CONSULTATION_ROUND_OPENED']);
    expect((await feed(ZN, [round.id])).map((e) => e.type)).toEqual(['CONSULTATION_ROUND_OPENED']);
    expect(await feed(OUTSIDER, [round.id])).toEqual([]);
    expect(await feed(null, [round.id])).toEqual([]);

    // Its scope: the owner and the invited parties, so the party filter (and webhooks by party) find it.
    const [row] = await app.dataSource.query(
      `SELECT party_ids::text[] AS parties FROM domain_event WHERE subject_id = $1`,
      [fromGlobalId(round.id).id],
    );
    expect([...row.parties].sort()).toEqual(
      [parties.zorginstituut!, parties.patientenfederatie!, parties.zn!].map((id) => fromGlobalId(id).id).sort(),
    );
    const byParty = await app.gql(
      CHANGES,
      { filter: { subjectIds: [round.id], partyIds: [parties.zn] } },
      await asUser(app, PFN),
    );
    expect(byParty.data!.changes.nodes.map((e: any) => e.type)).toEqual(['CONSULTATION_ROUND_OPENED']);
  });

  it('a contribution answered reaches the contributor’s party, not an outsider; concluding is an event too', async () => {
    let round = await openRound();
    const fromZn = await contribute(ZN, round);
    const contributor = await subscriber(ZN, { types: ['CONTRIBUTION_ANSWERED'] });
    const outsider = await subscriber(OUTSIDER, { types: ['CONTRIBUTION_ANSWERED'] });
    await settle(300);
    round = await closeRound(round);
    await respond(fromZn, 'PARTLY_ACCEPTED');
    await contributor.next(1);
    await settle();
    expect(contributor.events.map((e) => [e.type, e.subjectId, e.after])).toEqual([
      ['CONTRIBUTION_ANSWERED', fromZn.id, { response: 'PARTLY_ACCEPTED' }],
    ]);
    expect(outsider.events).toEqual([]);
    expect((await feed(ZN, [fromZn.id])).map((e) => e.type)).toEqual(['CONTRIBUTION_ANSWERED']);
    expect(await feed(OUTSIDER, [fromZn.id])).toEqual([]);
    expect(await feed(null, [fromZn.id])).toEqual([]);

    await ok(ZIN, `mutation($input: ConsultationRoundRefInput!) { concludeConsultationRound(input: $input) { id } }`, {
      roundId: round.id,
      version: round.version,
    });
    expect((await feed(ZN, [round.id])).map((e) => e.type)).toEqual([
      'CONSULTATION_ROUND_OPENED',
      'CONSULTATION_ROUND_CLOSED',
      'CONSULTATION_ROUND_CONCLUDED',
    ]);
    expect(await feed(OUTSIDER, [round.id])).toEqual([]);
  });

  it('no event from a rolled-back consultation write', async () => {
    // A fault at commit, after the round, its audit entry and its event were written in the transaction.
    await app.dataSource.query(`
      CREATE FUNCTION test_fail_round() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.question = 'Deze ronde mislukt bij commit' THEN RAISE EXCEPTION 'injected fault at commit'; END IF;
        RETURN NULL;
      END $$`);
    await app.dataSource.query(`
      CREATE CONSTRAINT TRIGGER test_fail_round AFTER INSERT ON consultation_round
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_round()`);
    try {
      const invited = await subscriber(PFN, { types: CONSULTATION_TYPES });
      await settle(300);
      const count = async () =>
        (await app.dataSource.query(`SELECT count(*)::int AS n FROM domain_event`))[0].n as number;
      const before = await count();
      const res = await app.gql(
        `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`,
        {
          input: {
            targetId: await draftAssessment(),
            question: 'Deze ronde mislukt bij commit',
            closesAt: new Date(Date.now() + HOUR).toISOString(),
            invitedPartyIds: [parties.patientenfederatie],
          },
        },
        await asUser(app, ZIN),
      );
      expect(res.errors).toHaveLength(1);
      await settle();
      expect(await count()).toBe(before);
      expect(
        await app.dataSource.query(
          `SELECT id FROM consultation_round WHERE question = 'Deze ronde mislukt bij commit'`,
        ),
      ).toEqual([]);
      expect(invited.events).toEqual([]);
    } finally {
      await app.dataSource.query(`DROP TRIGGER test_fail_round ON consultation_round`);
      await app.dataSource.query(`DROP FUNCTION test_fail_round()`);
    }
  });
});

describe('the time sweep and consultation rounds', () => {
  it('records “closing within 7 days” once per round and closing time', async () => {
    const round = await openRound({ closesAt: new Date(Date.now() + 10 * 24 * HOUR).toISOString() });
    await runTimeSweep(app.dataSource, day(0));
    expect(await types(round.id)).toEqual(['CONSULTATION_ROUND_OPENED']);
    await runTimeSweep(app.dataSource, day(5));
    await runTimeSweep(app.dataSource, day(5));
    await runTimeSweep(app.dataSource, day(6));
    expect(await types(round.id)).toEqual(['CONSULTATION_ROUND_OPENED', 'CONSULTATION_ROUND_CLOSING_SOON']);
    const soon = (await feed(PFN, [round.id])).find((e) => e.type === 'CONSULTATION_ROUND_CLOSING_SOON');
    expect(soon?.after).toEqual({ closesAt: expect.any(String) });
    expect(await feed(OUTSIDER, [round.id])).toEqual([]);
  });

  it('records a scheduled round’s opening and a round’s closing once, when their time passes', async () => {
    const opensAt = Date.now() + 1_500;
    const closesAt = opensAt + 1_500;
    const round = await openRound({
      opensAt: new Date(opensAt).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
    });
    await runTimeSweep(app.dataSource, day(0));
    expect(await types(round.id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, opensAt - Date.now() + 100));
    await runTimeSweep(app.dataSource, day(0));
    await runTimeSweep(app.dataSource, day(0));
    // Open now, and closing within 7 days (within seconds, here).
    const opened = ['CONSULTATION_ROUND_OPENED', 'CONSULTATION_ROUND_CLOSING_SOON'];
    expect(await types(round.id)).toEqual(opened);
    await new Promise((resolve) => setTimeout(resolve, closesAt - Date.now() + 100));
    await runTimeSweep(app.dataSource, day(0));
    await runTimeSweep(app.dataSource, day(0));
    expect(await types(round.id)).toEqual([...opened, 'CONSULTATION_ROUND_CLOSED']);
  });

  it('a round closed early by its owner is not closed again by the sweep', async () => {
    const round = await openRound();
    await closeRound(round);
    await runTimeSweep(app.dataSource, day(0));
    expect(await types(round.id)).toEqual(['CONSULTATION_ROUND_OPENED', 'CONSULTATION_ROUND_CLOSED']);
  });
});

describe('the time sweep and topic calls', () => {
  it('records a call’s deadline once when it passes, for the coordinator and the invited parties', async () => {
    const [agenda] = await app.dataSource.query(
      `SELECT a.id, a.sector_id FROM research_agenda a JOIN party p ON p.id = a.coordinator_party_id
        WHERE p.key = 'zorginstituut' AND a.sector_id IS NOT NULL ORDER BY a.key LIMIT 1`,
    );
    const closesAt = Date.now() + 1_500;
    const data = await ok(ZIN, `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`, {
      agendaId: toGlobalId('ResearchAgenda', agenda.id),
      title: 'Uitvraag die zo sluit',
      closesAt: new Date(closesAt).toISOString(),
      invitedPartyIds: [parties.patientenfederatie],
    });
    const call = data.openTopicCall.id as string;
    await runTimeSweep(app.dataSource, day(0));
    expect(await types(call)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, closesAt - Date.now() + 100));
    // Two instances sweeping at once, then once more: written once (its dedupe key).
    const swept = await Promise.all([runTimeSweep(app.dataSource, day(0)), runTimeSweep(app.dataSource, day(0))]);
    expect(swept.map((s) => s.calls).sort()).toEqual([0, 1]);
    expect((await runTimeSweep(app.dataSource, day(0))).calls).toBe(0);
    expect(await types(call)).toEqual(['TOPIC_CALL_CLOSED']);

    expect(await feed(PFN, [call])).toEqual([
      { type: 'TOPIC_CALL_CLOSED', subjectId: call, before: null, after: { closesAt: expect.any(String) } },
    ]);
    expect((await feed(ZIN, [call])).map((e) => e.type)).toEqual(['TOPIC_CALL_CLOSED']);
    // Not invited, and nothing placed from the call yet: not theirs to read.
    expect(await feed(ZN, [call])).toEqual([]);
    expect(await feed(null, [call])).toEqual([]);

    // Its scope: the coordinator and the invited parties, the agenda's sector.
    const [row] = await app.dataSource.query(
      `SELECT party_ids::text[] AS parties, sector_ids::text[] AS sectors FROM domain_event WHERE subject_id = $1`,
      [fromGlobalId(call).id],
    );
    expect([...row.parties].sort()).toEqual(
      [parties.zorginstituut!, parties.patientenfederatie!].map((id) => fromGlobalId(id).id).sort(),
    );
    expect(row.sectors).toEqual([agenda.sector_id]);
    const byParty = await app.gql(
      CHANGES,
      { filter: { subjectIds: [call], partyIds: [parties.patientenfederatie] } },
      await asUser(app, ZIN),
    );
    expect(byParty.data!.changes.nodes.map((e: { type: string }) => e.type)).toEqual(['TOPIC_CALL_CLOSED']);
  });
});

const INBOX = `query($filter: InboxFilter) {
  myInbox(filter: $filter, first: 100) {
    countsByKind { kind total unread }
    nodes { key kind subjectId title read party { key } subject { id } }
  }
}`;

async function inbox(email: string, kinds: string[]) {
  const res = await app.gql(INBOX, { filter: { kinds } }, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!.myInbox as {
    countsByKind: { kind: string; total: number; unread: number }[];
    nodes: { key: string; kind: string; subjectId: string; title: string; read: boolean; party: { key: string } }[];
  };
}

async function markRead(email: string, keys: string[]) {
  const res = await app.gql(
    `mutation($input: MarkInboxItemsReadInput!) { markInboxItemsRead(input: $input) }`,
    { input: { keys } },
    await asUser(app, email),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.markInboxItemsRead as number;
}

const countOf = (box: Awaited<ReturnType<typeof inbox>>, kind: string) => box.countsByKind.find((c) => c.kind === kind);

describe('the inbox and consultation', () => {
  it('a round open to us: shown to the invited party until it contributes, counted and marked read', async () => {
    const KIND = 'CONSULTATION_ROUND_OPEN';
    const round = await openRound();
    const before = await inbox(PFN, [KIND]);
    const item = before.nodes.find((i) => i.subjectId === round.id);
    expect(item).toMatchObject({ kind: KIND, read: false, party: { key: 'patientenfederatie' } });
    expect(item!.title).toMatch(/^Concept-standpunt gebeurtenissen/);
    expect((await inbox(OUTSIDER, [KIND])).nodes.map((i) => i.subjectId)).not.toContain(round.id);
    expect((await inbox(ZIN, [KIND])).nodes.map((i) => i.subjectId)).not.toContain(round.id);

    expect(await markRead(PFN, [item!.key])).toBe(1);
    const after = await inbox(PFN, [KIND]);
    expect(countOf(after, KIND)).toEqual({ ...countOf(before, KIND), unread: countOf(before, KIND)!.unread - 1 });
    expect(after.nodes.find((i) => i.subjectId === round.id)?.read).toBe(true);

    await contribute(PFN, round);
    const contributed = await inbox(PFN, [KIND]);
    expect(contributed.nodes.map((i) => i.subjectId)).not.toContain(round.id);
    expect(countOf(contributed, KIND)!.total).toBe(countOf(after, KIND)!.total - 1);
    // Zorgverzekeraars Nederland has not contributed: the round still waits for it.
    expect((await inbox(ZN, [KIND])).nodes.map((i) => i.subjectId)).toContain(round.id);
  });

  it('a round open to us again after we withdrew our contribution: shown unread, from the withdrawal', async () => {
    const KIND = 'CONSULTATION_ROUND_OPEN';
    const round = await openRound();
    const itemOf = async () => (await inbox(PFN, [KIND])).nodes.filter((i) => i.subjectId === round.id);
    const [opened] = await itemOf();
    expect(await markRead(PFN, [opened!.key])).toBe(1);
    const contribution = await contribute(PFN, round);
    expect(await itemOf()).toEqual([]);
    await ok(PFN, `mutation($input: ContributionRefInput!) { withdrawContribution(input: $input) { id } }`, {
      contributionId: contribution.id,
      version: contribution.version,
    });
    const again = await itemOf();
    expect(again.map((i) => [i.party.key, i.read])).toEqual([['patientenfederatie', false]]);
    expect(again[0]!.key).not.toBe(opened!.key);
    // Zorgverzekeraars Nederland never contributed: its item still waits from the opening.
    expect((await inbox(ZN, [KIND])).nodes.filter((i) => i.subjectId === round.id).map((i) => i.key)).toEqual([
      opened!.key,
    ]);
  });

  it('a round waiting again keeps one key when the list is narrowed to one party, so marking it read there holds', async () => {
    const KIND = 'CONSULTATION_ROUND_OPEN';
    // A person in both invited parties; the patients' federation withdraws its contribution, ZN never gave one.
    const email = `both.${Date.now()}@example.org`;
    const [user] = await app.dataSource.query(`INSERT INTO "user" (email, name) VALUES ($1, 'Beide') RETURNING id`, [
      email,
    ]);
    for (const key of ['patientenfederatie', 'zn'])
      await app.dataSource.query(
        `INSERT INTO membership (user_id, party_id, role) SELECT $1, id, 'VIEWER' FROM party WHERE key = $2`,
        [user.id, key],
      );
    const round = await openRound();
    const contribution = await contribute(PFN, round);
    await ok(PFN, `mutation($input: ContributionRefInput!) { withdrawContribution(input: $input) { id } }`, {
      contributionId: contribution.id,
      version: contribution.version,
    });
    const itemIn = async (partyKeys: string[] | null) => {
      const filter = { kinds: [KIND], ...(partyKeys ? { partyIds: partyKeys.map((k) => parties[k]) } : {}) };
      const res = await app.gql(INBOX, { filter }, await asUser(app, email));
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.myInbox.nodes as {
        key: string;
        subjectId: string;
        read: boolean;
        party: { key: string };
      }[];
      return nodes
        .filter((i) => i.subjectId === round.id)
        .map((i) => ({ key: i.key, party: i.party.key, read: i.read }));
    };
    const [whole] = await itemIn(null);
    expect(whole).toMatchObject({ party: 'patientenfederatie', read: false });
    expect(await itemIn(['zn'])).toEqual([{ key: whole!.key, party: 'zn', read: false }]);

    expect(await markRead(email, [whole!.key])).toBe(1);
    expect(await itemIn(['zn'])).toEqual([{ key: whole!.key, party: 'zn', read: true }]);
    expect(await itemIn(null)).toEqual([{ ...whole, read: true }]);
  });

  it('a contribution awaiting our response: shown to the owner once the round is closed, until answered', async () => {
    const KIND = 'CONTRIBUTION_AWAITING_RESPONSE';
    const round = await openRound();
    const fromPfn = await contribute(PFN, round);
    const fromZn = await contribute(ZN, round);
    // While the round is open no response can be given yet.
    expect((await inbox(ZIN, [KIND])).nodes.map((i) => i.subjectId)).not.toContain(fromPfn.id);
    await closeRound(round);
    const before = await inbox(ZIN, [KIND]);
    const waiting = before.nodes.filter((i) => [fromPfn.id, fromZn.id].includes(i.subjectId));
    expect(waiting.map((i) => [i.subjectId, i.party.key, i.read]).sort()).toEqual(
      [
        [fromPfn.id, 'zorginstituut', false],
        [fromZn.id, 'zorginstituut', false],
      ].sort(),
    );
    expect((await inbox(PFN, [KIND])).nodes.map((i) => i.subjectId)).not.toContain(fromPfn.id);

    const pfnItem = waiting.find((i) => i.subjectId === fromPfn.id)!;
    expect(await markRead(ZIN, [pfnItem.key])).toBe(1);
    const marked = await inbox(ZIN, [KIND]);
    expect(countOf(marked, KIND)).toEqual({ ...countOf(before, KIND), unread: countOf(before, KIND)!.unread - 1 });
    // Read marks are per person: a colleague still has it unread.
    expect((await inbox('zin.viewer@example.org', [KIND])).nodes.find((i) => i.key === pfnItem.key)?.read).toBe(false);

    await respond(fromZn);
    const answered = await inbox(ZIN, [KIND]);
    expect(answered.nodes.map((i) => i.subjectId)).toContain(fromPfn.id);
    expect(answered.nodes.map((i) => i.subjectId)).not.toContain(fromZn.id);
    expect(countOf(answered, KIND)!.total).toBe(countOf(marked, KIND)!.total - 1);
  });

  it('reads the subjects of consultation items and events in a constant number of statements', async () => {
    // Five contributions awaiting a response and their events: each page loads rounds, parties and
    // access in batches, so a page of all of them costs what a page of two does.
    const round = await openRound();
    const contributions: Ref[] = [];
    for (const email of [PFN, PFN, PFN, ZN, ZN]) contributions.push(await contribute(email, round));
    await closeRound(round);
    for (const c of contributions) await respond(c, 'NOTED');
    const KIND = 'CONTRIBUTION_AWAITING_RESPONSE';
    const others = await openRound();
    for (const email of [PFN, PFN, ZN, ZN, ZN]) await contribute(email, others);
    await closeRound(others);
    // The instance reads the new events once when their notification arrives; let that pass first.
    await settle(300);
    const headers = await asUser(app, ZIN);
    const inboxCount = async (first: number) =>
      (
        await app.countQueries(() =>
          app.gql(
            `query($filter: InboxFilter, $first: Int) {
              myInbox(filter: $filter, first: $first) { nodes { key title party { key } subject { id } } }
            }`,
            { filter: { kinds: [KIND] }, first },
            headers,
          ),
        )
      ).count;
    expect((await inbox(ZIN, [KIND])).nodes.length).toBeGreaterThanOrEqual(5);
    expect(await inboxCount(100)).toBe(await inboxCount(2));
    const zn = await asUser(app, ZN);
    const feedCount = async (subjects: Ref[]) =>
      (
        await app.countQueries(() =>
          app.gql(
            `query($filter: EventFilter) { changes(first: 50, filter: $filter) { nodes { type subject { id } } } }`,
            { filter: { types: ['CONTRIBUTION_ANSWERED'], subjectIds: subjects.map((c) => c.id) } },
            zn,
          ),
        )
      ).count;
    expect(await feedCount(contributions)).toBe(await feedCount(contributions.slice(0, 2)));
  });
});
