import type { DataSource } from 'typeorm';
import { InboxItem, InboxItemKind } from '../../../entities/inbox.types';
import type { Policy } from '../../auth/policy';
import type { Config } from '../../config';
import { LINK_VISIBLE_SQL, type SynergyAccess } from '../../auth/synergy.access';
import type { PackageSignalAccess } from '../../auth/package-signal.access';
import { BadUserInputError, UnauthenticatedError } from '../../errors';
import { decodeCursor, encodeCursor, pageSize, readPage } from '../../shared/pagination';
import { today } from '../../today';
import { decodeIdOf } from '../../../schema/global-id';

/** One row of ITEMS_SQL; read by the GraphQL type InboxItem. */
export interface InboxRow {
  key: string;
  kind: InboxItemKind;
  subject_type: string;
  subject_id: string;
  party_id: string;
  title: string;
  since: Date;
  read: boolean;
}

/** The title of a round's consulted draft (`r` a consultation_round): the assessment's, guideline's or agenda's. */
const ROUND_TARGET_TITLE = `coalesce(
    (SELECT pa.title FROM package_assessment pa WHERE pa.id = r.assessment_id),
    (SELECT g.title FROM guideline g WHERE g.id = r.guideline_id),
    (SELECT ra.title || ' (versie ' || v.number || ')' FROM research_agenda_version v
       JOIN research_agenda ra ON ra.id = v.agenda_id WHERE v.id = r.agenda_version_id))`;

/** Of the viewer's parties, the first of a kind that owns deliverable `d` (when no party of theirs is named). */
const KIND_OWNER = `(SELECT p.id FROM party p JOIN mine m ON m.party_id = p.id
                     WHERE p.kind = ANY(d.owner_party_kinds) ORDER BY p.id LIMIT 1)`;

/**
 * Everything that waits for one of the viewer's parties, one row per item. Each branch is one kind; a new
 * kind is one more UNION ALL branch here and a value of InboxItemKind. `$1` the viewer's parties, `$2`
 * their kinds, `$3` today, `$4` the viewer, `$5`/`$6` the read scope of the synergy rules (a link on a
 * draft the viewer may not read is no item: its title and count would tell of the draft), `$7` the viewer's
 * parties that answer package signals (PackageSignalAccess.answeringParties).
 */
const ITEMS_SQL = `
  WITH mine AS (SELECT unnest($1::uuid[]) AS party_id),
  -- Our guidelines, each with the party of ours that owns it (the first by id when several do).
  our_guidelines AS (
    SELECT o.guideline_id, (array_agg(o.party_id ORDER BY o.party_id))[1] AS party_id
      FROM guideline_owner o WHERE o.party_id = ANY($1::uuid[]) GROUP BY o.guideline_id
  ),
  -- The links we are a side of and may read that wait on something (a confirmation, a review, a dispute), read
  -- once, with our party on each side (null where the side is not ours). Found from our guidelines and from our
  -- assessments through the indexes on a link's two ends, each side its own branch so the planner sees how many
  -- links it has (a few hundred for an association, every link for Zorginstituut): the work grows with our
  -- links, not with every link in the country.
  our_links AS (
    SELECT l.id, l.alignment, l.dispute_side, l.owner_confirmed_at, l.assessor_confirmed_at, l.pending_since,
           l.updated_at, l.dispute_resolved_at, l.disputed_at, og.party_id AS owner_party_id,
           CASE WHEN a.assessor_party_id = ANY($1::uuid[]) THEN a.assessor_party_id END AS assessor_party_id,
           g.title || ' ↔ ' || a.title AS title
      FROM our_guidelines og
      JOIN synergy_link l ON l.guideline_id = og.guideline_id
      JOIN guideline g ON g.id = l.guideline_id
      JOIN package_assessment a ON a.id = l.assessment_id
     WHERE (l.owner_confirmed_at IS NULL OR l.alignment = 'NEEDS_REVIEW'
            OR ((l.assessor_confirmed_at IS NULL OR l.dispute_side IS NOT NULL) AND a.assessor_party_id = ANY($1::uuid[])))
       AND ${LINK_VISIBLE_SQL('l', '$5::boolean', '$6::uuid[]')}
    UNION ALL
    SELECT l.id, l.alignment, l.dispute_side, l.owner_confirmed_at, l.assessor_confirmed_at, l.pending_since,
           l.updated_at, l.dispute_resolved_at, l.disputed_at, NULL, a.assessor_party_id, g.title || ' ↔ ' || a.title
      FROM package_assessment a
      JOIN synergy_link l ON l.assessment_id = a.id
      JOIN guideline g ON g.id = l.guideline_id
     WHERE a.assessor_party_id = ANY($1::uuid[]) AND l.guideline_id NOT IN (SELECT guideline_id FROM our_guidelines)
       AND (l.assessor_confirmed_at IS NULL OR l.alignment = 'NEEDS_REVIEW' OR l.dispute_side IS NOT NULL)
       AND ${LINK_VISIBLE_SQL('l', '$5::boolean', '$6::uuid[]')}
  ),
  -- The deliverables we own (as a party, or as a party of an owning kind) that are not done or cancelled, with
  -- the party of ours that owns each: a named owner first, else the first of ours of an owning kind.
  our_open_deliverables AS (
    SELECT d.id, d.title, d.due_latest,
           coalesce((SELECT o.party_id FROM deliverable_owner o JOIN mine m ON m.party_id = o.party_id
                      WHERE o.deliverable_id = d.id ORDER BY o.party_id LIMIT 1), ${KIND_OWNER}) AS party_id
      FROM deliverable d
     WHERE d.status NOT IN ('DONE', 'CANCELLED')
       AND (d.id = ANY(ARRAY(SELECT o.deliverable_id FROM deliverable_owner o WHERE o.party_id = ANY($1::uuid[])))
            OR d.owner_party_kinds && $2::party_kind[])
  ),
  items AS (
    -- A link whose side we are on and have not confirmed (NEEDS_REVIEW and disputed links are their own kinds:
    -- neither can be confirmed until it is set again or the dispute resolved). It names the side of ours that
    -- waits, the guideline's owner first when both do; it waits again from a dispute's resolution.
    SELECT '${InboxItemKind.LINK_AWAITING_CONFIRMATION}' AS kind, 'SynergyLink' AS subject_type, l.id AS subject_id,
           CASE WHEN l.owner_party_id IS NOT NULL AND l.owner_confirmed_at IS NULL THEN l.owner_party_id
                ELSE l.assessor_party_id END AS party_id,
           l.title, greatest(coalesce(l.pending_since, l.updated_at), l.dispute_resolved_at) AS since
      FROM our_links l
     WHERE l.alignment <> 'NEEDS_REVIEW' AND l.dispute_side IS NULL
       AND ((l.owner_party_id IS NOT NULL AND l.owner_confirmed_at IS NULL)
         OR (l.assessor_party_id IS NOT NULL AND l.assessor_confirmed_at IS NULL))
    UNION ALL
    -- A disputed link on one of our assessments: the assessor resolves the dispute.
    SELECT '${InboxItemKind.LINK_DISPUTED}', 'SynergyLink', l.id, l.assessor_party_id, l.title, l.disputed_at
      FROM our_links l
     WHERE l.dispute_side IS NOT NULL AND l.assessor_party_id IS NOT NULL
    UNION ALL
    -- A link on NEEDS_REVIEW on either of our sides.
    SELECT '${InboxItemKind.LINK_NEEDS_REVIEW}', 'SynergyLink', l.id, coalesce(l.owner_party_id, l.assessor_party_id),
           l.title, coalesce(l.pending_since, l.updated_at)
      FROM our_links l
     WHERE l.alignment = 'NEEDS_REVIEW'
    UNION ALL
    -- A deliverable we own whose latest due day has passed.
    SELECT '${InboxItemKind.DELIVERABLE_OVERDUE}', 'Deliverable', d.id, d.party_id, d.title,
           (d.due_latest + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
      FROM our_open_deliverables d
     WHERE d.due_latest < $3::date
    UNION ALL
    -- An open milestone of a deliverable we own whose latest due day has passed.
    SELECT '${InboxItemKind.MILESTONE_OVERDUE}', 'Milestone', ms.id, d.party_id, ms.title,
           (ms.due_latest + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
      FROM our_open_deliverables d JOIN milestone ms ON ms.deliverable_id = d.id
     WHERE ms.due_latest < $3::date AND ms.completed_at IS NULL
    UNION ALL
    -- An OPEN round that invites one of our parties which has not contributed to it yet (withdrawn
    -- contributions do not count): the round waits for our inbreng, from its opening or, once a party of the
    -- person's withdrew its contribution, from the latest withdrawal. Of several such parties it names the one
    -- that waits again last, so a withdrawal by any of them makes the item new. The moment is taken over all
    -- the person's parties ($4's memberships), not only those a filter narrows to: the item keeps one key,
    -- so marking it read from a narrowed list marks it everywhere.
    SELECT '${InboxItemKind.CONSULTATION_ROUND_OPEN}', 'ConsultationRound', r.id, ip.party_id,
           ${ROUND_TARGET_TITLE},
           greatest(r.opens_at,
                    (SELECT max(c.withdrawn_at) FROM contribution c
                       JOIN consultation_round_party p ON p.round_id = c.round_id AND p.party_id = c.party_id
                       JOIN membership ms ON ms.party_id = c.party_id AND ms.user_id = $4
                      WHERE c.round_id = r.id
                        AND NOT EXISTS (SELECT 1 FROM contribution a WHERE a.round_id = r.id
                                           AND a.party_id = c.party_id AND a.withdrawn_at IS NULL)))
      FROM consultation_round r
      JOIN LATERAL (SELECT p.party_id,
                           (SELECT max(c.withdrawn_at) FROM contribution c
                             WHERE c.round_id = r.id AND c.party_id = p.party_id) AS withdrawn_at
                      FROM consultation_round_party p JOIN mine m ON m.party_id = p.party_id
                     WHERE p.round_id = r.id
                       AND NOT EXISTS (SELECT 1 FROM contribution c WHERE c.round_id = r.id AND c.party_id = p.party_id
                                          AND c.withdrawn_at IS NULL)
                     ORDER BY withdrawn_at DESC NULLS LAST, p.party_id LIMIT 1) ip ON true
     WHERE r.concluded_at IS NULL AND r.opens_at <= now() AND r.closes_at > now()
    UNION ALL
    -- A contribution to a round on our draft, without a response, once the round is CLOSED (responses are
    -- given then) and until it is concluded.
    SELECT '${InboxItemKind.CONTRIBUTION_AWAITING_RESPONSE}', 'Contribution', c.id, r.owner_party_id,
           ${ROUND_TARGET_TITLE} || ' — ' || cp.name, r.closes_at
      FROM contribution c
      JOIN consultation_round r ON r.id = c.round_id
      JOIN party cp ON cp.id = c.party_id
     WHERE r.owner_party_id IN (SELECT party_id FROM mine) AND r.concluded_at IS NULL AND r.closes_at <= now()
       AND c.withdrawn_at IS NULL AND c.response IS NULL
    UNION ALL
    -- An OPEN package signal waits for the answer of its addressee when that is a party of ours that answers
    -- signals (PackageSignalAccess.assertAnswerer), from when it was raised.
    SELECT '${InboxItemKind.PACKAGE_SIGNAL_AWAITING_ANSWER}', 'PackageSignal', s.id, s.addressee_party_id, s.title, s.created_at
      FROM package_signal s
     WHERE s.status = 'OPEN' AND s.addressee_party_id IN (SELECT party_id FROM mine)
       AND s.addressee_party_id = ANY($7::uuid[])
    UNION ALL
    -- A standing perspective on a record of ours without a response: the party of ours that may answer it, from
    -- when it was added. The SQL twin of PerspectiveAccess.assertAnswerer (a question's proposer, an agenda's
    -- managing party as agendaRunningParty, a link's side, the guideline's owner first; a grant that reaches every
    -- party answers but is nobody's inbox): change both together. A link hidden from us is no item.
    SELECT '${InboxItemKind.PERSPECTIVE_AWAITING_RESPONSE}', 'Perspective', pv.id, t.party_id,
           pp.name || ' — ' || t.title, pv.created_at
      FROM perspective pv
      JOIN party pp ON pp.id = pv.party_id
      JOIN LATERAL (
        SELECT q.proposed_by_party_id AS party_id, q.title FROM knowledge_question q
         WHERE pv.target_kind = 'KNOWLEDGE_QUESTION' AND q.id = pv.target_id
        UNION ALL
        SELECT CASE WHEN ra.kind = 'ASSOCIATION_KNOWLEDGE_AGENDA' AND ra.owner_party_id IS NOT NULL
                    THEN ra.owner_party_id ELSE ra.coordinator_party_id END, ra.title
          FROM research_agenda ra
         WHERE (pv.target_kind = 'RESEARCH_AGENDA' AND ra.id = pv.target_id)
            OR (pv.target_kind = 'AGENDA_VERSION'
                AND ra.id = (SELECT v.agenda_id FROM research_agenda_version v WHERE v.id = pv.target_id))
        UNION ALL
        SELECT coalesce((SELECT o.party_id FROM guideline_owner o JOIN mine m ON m.party_id = o.party_id
                          WHERE o.guideline_id = l.guideline_id ORDER BY o.party_id LIMIT 1), a.assessor_party_id),
               g.title || ' ↔ ' || a.title
          FROM synergy_link l
          JOIN guideline g ON g.id = l.guideline_id
          JOIN package_assessment a ON a.id = l.assessment_id
         WHERE pv.target_kind = 'SYNERGY_LINK' AND l.id = pv.target_id
           AND ${LINK_VISIBLE_SQL('l', '$5::boolean', '$6::uuid[]')}
        UNION ALL
        SELECT (SELECT o.party_id FROM guideline_owner o JOIN mine m ON m.party_id = o.party_id
                 WHERE o.guideline_id = g.id ORDER BY o.party_id LIMIT 1), g.title
          FROM guideline g
         WHERE pv.target_kind = 'GUIDELINE' AND g.id = pv.target_id
      ) t ON t.party_id IN (SELECT party_id FROM mine)
     WHERE pv.withdrawn_at IS NULL AND pv.response IS NULL
    UNION ALL
    -- A PENDING invitation to co-own a guideline waits for the invited association's answer, from when it was
    -- made, titled with the guideline (which the invited party reads while the invitation is PENDING: mayReadGuidelineDraft).
    SELECT '${InboxItemKind.GUIDELINE_OWNERSHIP_INVITATION}', 'GuidelineOwnerInvitation', gi.id, gi.invited_party_id,
           g.title, gi.created_at
      FROM guideline_owner_invitation gi
      JOIN guideline g ON g.id = gi.guideline_id
     WHERE gi.status = 'PENDING' AND gi.invited_party_id IN (SELECT party_id FROM mine)
    UNION ALL
    -- A PENDING invitation to co-sign an OPEN package signal waits for the invited party's answer, from when it was
    -- asked (it reads the signal meanwhile: CO_SIGNER_READS).
    SELECT '${InboxItemKind.PACKAGE_SIGNAL_CO_SIGNING_INVITATION}', 'PackageSignal', s.id, cs.party_id, s.title, cs.invited_at
      FROM package_signal_co_signer cs
      JOIN package_signal s ON s.id = cs.signal_id
     WHERE cs.status = 'PENDING' AND cs.party_id IN (SELECT party_id FROM mine) AND s.status = 'OPEN'
  ),
  keyed AS (
    SELECT i.kind, i.subject_type, i.subject_id, i.party_id, i.title,
           date_trunc('milliseconds', i.since) AS since, i.kind || ':' || i.subject_id || ':' || (extract(epoch FROM date_trunc('milliseconds', i.since)) * 1000)::bigint AS key
      FROM items i
  )
  SELECT k.*, (r.user_id IS NOT NULL) AS read
    FROM keyed k LEFT JOIN inbox_read r ON r.user_id = $4 AND r.item_key = k.key`;

const KINDS = new Set<string>(Object.values(InboxItemKind));

export interface InboxFilterInput {
  unread?: boolean | null;
  kinds?: InboxItemKind[] | null;
  partyIds?: string[] | null;
}

/** The inbox of the signed-in person's parties (“wat wacht op ons”), with read marks per person. */
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly synergy: SynergyAccess,
    private readonly signals: PackageSignalAccess,
  ) {}

  /** $5–$7 of ITEMS_SQL: the synergy read scope and the parties that answer package signals. */
  private async scopeParams(): Promise<[boolean, string[], string[]]> {
    const [scope, answering] = await Promise.all([this.synergy.scopeParams(), this.signals.answeringParties()]);
    return [...scope, answering];
  }

  /** $1–$4 of ITEMS_SQL: the person's parties (those of `partyIds` when given), their kinds, today, the user. */
  private viewerParams(partyIds?: readonly string[] | null): [string[], string[], string, string] {
    const viewer = this.policy.viewer;
    if (!viewer.user) throw new UnauthenticatedError('Sign in to read your inbox.');
    const memberships = viewer.membershipsIn(partyIds);
    return [
      memberships.map((m) => m.partyId),
      [...new Set(memberships.map((m) => m.partyKind))],
      today(),
      viewer.user.id,
    ];
  }

  async inbox(filter: InboxFilterInput | null | undefined, after: string | null | undefined, firstArg?: number | null) {
    const first = pageSize(firstArg, this.config.maxPageSize);
    const partyIds = filter?.partyIds?.map((id, i) => decodeIdOf('Party', id, `filter.partyIds.${i}`));
    const params = [...this.viewerParams(partyIds), ...(await this.scopeParams())];
    const [since, key] = after ? (decodeCursor(after, 2) as [string, string]) : [null, null];
    // A list narrows to what it names; an empty one names nothing (as in every other list's filter).
    const kinds = filter?.kinds ?? null;
    const where = `($8::text[] IS NULL OR kind = ANY($8)) AND (NOT $9 OR NOT read)`;
    const [page, counts] = await readPage(after, () =>
      Promise.all([
        this.dataSource.query(
          `SELECT * FROM (${ITEMS_SQL}) x WHERE ${where}
            AND ($10::timestamptz IS NULL OR (since, key) > ($10::timestamptz, $11::text))
          ORDER BY since, key LIMIT $12`,
          [...params, kinds, filter?.unread === true, since, key, first + 1],
        ) as Promise<InboxRow[]>,
        this.dataSource.query(
          `SELECT kind, count(*)::int AS total, count(*) FILTER (WHERE NOT read)::int AS unread
           FROM (${ITEMS_SQL}) x WHERE ${where} GROUP BY kind`,
          [...params, kinds, filter?.unread === true],
        ) as Promise<{ kind: InboxItemKind; total: number; unread: number }[]>,
      ]),
    );
    const rows = page.slice(0, first).map((row) => Object.assign(new InboxItem(), row));
    const edges = rows.map((node) => ({ node, cursor: encodeCursor([node.since.toISOString(), node.key]) }));
    const byKind = Object.values(InboxItemKind).map((kind) => {
      const found = counts.find((c) => c.kind === kind);
      return { kind, total: found?.total ?? 0, unread: found?.unread ?? 0 };
    });
    return {
      edges,
      nodes: rows,
      totalCount: byKind.reduce((sum, c) => sum + c.total, 0),
      countsByKind: byKind,
      pageInfo: {
        hasNextPage: page.length > first,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  /**
   * Marks items read (or unread again) for the signed-in person only. Only what is in their inbox now is
   * marked read: a key of an item that has gone (the link was confirmed meanwhile) is passed over, and
   * made-up keys add nothing to the table.
   */
  async mark(keys: string[], read: boolean): Promise<number> {
    const viewer = this.viewerParams();
    const userId = viewer[3];
    if (keys.length === 0) return 0;
    if (keys.length > 100) throw new BadUserInputError('Mark at most 100 items at once.', 'input.keys');
    const wrong = keys.findIndex((k) => {
      const [kind] = /^([A-Z_]{1,40}):[0-9a-f-]{36}:\d{1,16}$/.exec(k)?.slice(1) ?? [];
      return !kind || !KINDS.has(kind);
    });
    if (wrong >= 0) throw new BadUserInputError('Not a key from myInbox.', `input.keys.${wrong}`);
    if (read) {
      const rows: unknown[] = await this.dataSource.query(
        `INSERT INTO inbox_read (user_id, item_key)
         SELECT DISTINCT $4::uuid, x.key FROM (${ITEMS_SQL}) x WHERE x.key = ANY($8::text[])
         ON CONFLICT (user_id, item_key) DO NOTHING RETURNING 1`,
        [...viewer, ...(await this.scopeParams()), keys],
      );
      return rows.length;
    }
    const [, count]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM inbox_read WHERE user_id = $1 AND item_key = ANY($2::text[]) RETURNING 1`,
      [userId, keys],
    );
    return count;
  }
}
