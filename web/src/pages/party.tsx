import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import type { ViewerData } from '../app';
import { errorCode } from '../errors';
import { formatMoment, formatNumber, partyName, useT, type PartyRef } from '../format';
import { LiveStatus, useLive, useOwnTabs } from '../live';
import type { MessageId } from '../messages';
import {
  ACCEPT_OWNER_INVITATION,
  DECLINE_OWNER_INVITATION,
  MARK_INBOX_READ,
  MY_DELIVERABLES_PAGE,
  MY_INBOX_PAGE,
  MY_CONSULTATIONS_PAGE,
  MY_LINKS_PAGE,
  MY_PARTY,
} from '../operations.mjs';
import { readOn, type PageInfo } from '../paging';
import { href, Link, navigate, type Location } from '../router';
import { currentSession } from '../session';
import { useMaxPageSize, usePageSize } from '../settings';
import { ErrorMessage, HealthBadge, Loading, MoreButton, Page, StatusText, type Health, type Status } from '../ui';
import { DueText, type FuzzyDate } from './deliverables';
import { LinkTable, type LinkRow } from './links';

type InboxKind =
  | 'CONSULTATION_ROUND_OPEN'
  | 'CONTRIBUTION_AWAITING_RESPONSE'
  | 'PACKAGE_SIGNAL_AWAITING_ANSWER'
  | 'LINK_AWAITING_CONFIRMATION'
  | 'LINK_NEEDS_REVIEW'
  | 'LINK_DISPUTED'
  | 'DELIVERABLE_OVERDUE'
  | 'MILESTONE_OVERDUE'
  | 'PERSPECTIVE_AWAITING_RESPONSE'
  | 'GUIDELINE_OWNERSHIP_INVITATION'
  | 'PACKAGE_SIGNAL_CO_SIGNING_INVITATION';

/** The subject of a GUIDELINE_OWNERSHIP_INVITATION item (DashboardOwnerInvitation). */
interface OwnerInvitation {
  id: string;
  version: number;
  status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'WITHDRAWN';
  mayAnswer: boolean;
  guidelineTitle: string | null;
  invitedByParty: PartyRef;
  invitedBy: { id: string; name: string } | null;
}

/** The subject of a MILESTONE_OVERDUE item: the milestone, with the deliverable whose page shows it. */
interface MilestoneSubject {
  id: string;
  deliverable: { id: string };
}

/** The subject of a link's item: the link, with the sectors whose synergy page lists it. */
interface LinkSubject {
  id: string;
  guideline: { id: string; sectors: { id: string }[] };
  assessment: { id: string; sector: { id: string } | null };
}

type InboxSubject = { id: string } | OwnerInvitation | MilestoneSubject | LinkSubject;

type InboxRef = { kind: InboxKind; subject: InboxSubject | null };

const invitationOf = (item: InboxRef): OwnerInvitation | null =>
  item.kind === 'GUIDELINE_OWNERSHIP_INVITATION' && item.subject && 'guidelineTitle' in item.subject
    ? item.subject
    : null;

/**
 * Where the dashboard does what an item announces, its record in view: the deliverable's page (progress and
 * status; for a milestone, its deliverable's), or the link first on its sector's synergy page (confirm, dispute,
 * resolve). Null for kinds the dashboard has no page for, and when the person may not read the subject.
 */
function workPage(item: InboxRef): string | null {
  const { subject } = item;
  if (!subject) return null;
  switch (item.kind) {
    case 'DELIVERABLE_OVERDUE':
      return `/deliverables/${encodeURIComponent(subject.id)}`;
    case 'MILESTONE_OVERDUE':
      return 'deliverable' in subject ? `/deliverables/${encodeURIComponent(subject.deliverable.id)}` : null;
    case 'LINK_AWAITING_CONFIRMATION':
    case 'LINK_NEEDS_REVIEW':
    case 'LINK_DISPUTED': {
      if (!('assessment' in subject)) return null;
      // A link is in the sector of its assessment and in those of its guideline (synergyLinks' sectorIds).
      const sector = subject.assessment.sector?.id ?? subject.guideline.sectors[0]?.id;
      return href('/synergy', { sector, link: subject.id });
    }
    default:
      return null;
  }
}

/** Kinds answered through the API (a partner portal): the dashboard shows the item, not the record. */
const ELSEWHERE = new Set<InboxKind>([
  'CONSULTATION_ROUND_OPEN',
  'CONTRIBUTION_AWAITING_RESPONSE',
  'PACKAGE_SIGNAL_AWAITING_ANSWER',
  'PERSPECTIVE_AWAITING_RESPONSE',
  'PACKAGE_SIGNAL_CO_SIGNING_INVITATION',
]);

/** What became of an answer to an invitation: said above the inbox, where the answered item was. */
type Answered = { id: MessageId; values: Record<string, string>; at: number };

interface MyPartyData {
  myInbox: {
    totalCount: number;
    pageInfo: PageInfo;
    edges: {
      node: {
        key: string;
        kind: InboxKind;
        title: string;
        since: string;
        read: boolean;
        party: { id: string; name: string; shortName: string | null } | null;
        subject: InboxSubject | null;
      };
    }[];
  };
  party: {
    id: string;
    consultationInvitations: {
      totalCount: number;
      pageInfo: PageInfo;
      edges: {
        node: {
          id: string;
          question: string;
          status: 'OPEN' | 'SCHEDULED' | 'CLOSED' | 'CONCLUDED';
          closesAt: string;
          targetKind: string;
          ownerParty: { id: string; name: string; shortName: string | null };
        };
      }[];
    } | null;
  } | null;
  myDeliverables: {
    totalCount: number;
    pageInfo: PageInfo;
    edges: {
      node: {
        id: string;
        title: string;
        titleEn: string | null;
        kind: string;
        due: FuzzyDate | null;
        healthReport: { status: Status; health: Health | null; overdue: boolean };
        ownerParties: { id: string; name: string; shortName: string | null }[];
      };
    }[];
  };
  synergyLinks: { totalCount: number; pageInfo: PageInfo; edges: { node: LinkRow }[] };
}

/** Page sizes the lists of "Mijn partij" wish for; each asks at most the server's MAX_PAGE_SIZE (usePageSize). */
const INBOX_PAGE = 20;
const CONSULTATIONS_PAGE = 20;
const DELIVERABLES_PAGE = 50;
const LINKS_PAGE = 50;

type Paged = { edges: unknown[]; pageInfo: PageInfo };

/** What a page query of "Mijn partij" answers: one of its lists (MY_PARTY's fields of the same name). */
type PageData = Partial<Pick<MyPartyData, 'myInbox' | 'myDeliverables' | 'synergyLinks' | 'party'>>;

/** Where the next page of each list of "Mijn partij" comes from, and where it sits in the answer. */
const PAGE_QUERIES = {
  myInbox: { query: MY_INBOX_PAGE, pick: (d: PageData) => d.myInbox },
  myDeliverables: { query: MY_DELIVERABLES_PAGE, pick: (d: PageData) => d.myDeliverables },
  synergyLinks: { query: MY_LINKS_PAGE, pick: (d: PageData) => d.synergyLinks },
  consultations: { query: MY_CONSULTATIONS_PAGE, pick: (d: PageData) => d.party?.consultationInvitations },
};

/**
 * How many items of a list a live read asks again: all the person has loaded ("Meer laden"), and a page
 * more when they have reached its end, where new items come (the inbox is oldest first).
 */
function keepShown(list: Paged | undefined, page: number): number {
  if (!list) return page;
  return Math.max(page, list.edges.length + (list.pageInfo.hasNextPage ? 0 : page));
}

function PartyContent({ viewer, partyId }: { viewer: NonNullable<ViewerData['me']>; partyId: string }) {
  const t = useT();
  const intl = useIntl();
  const english = intl.locale.startsWith('en');
  const several = viewer.memberships.length > 1;
  const client = useApolloClient();
  const maxPageSize = useMaxPageSize();
  const pages = {
    myInbox: usePageSize(INBOX_PAGE),
    myDeliverables: usePageSize(DELIVERABLES_PAGE),
    synergyLinks: usePageSize(LINKS_PAGE),
    consultations: usePageSize(CONSULTATIONS_PAGE),
  };
  const result = useQuery<MyPartyData>(MY_PARTY, {
    variables: {
      partyId,
      partyIds: [partyId],
      inboxFirst: pages.myInbox,
      consultationsFirst: pages.consultations,
      deliverablesFirst: pages.myDeliverables,
      linksFirst: pages.synergyLinks,
    },
  });
  const { error, fetchMore, refetch, observable } = result;
  // A read after a change asks the lists the change dropped from the cache with other page sizes (as far as the
  // person loaded them), so it has no data until answered: meanwhile the page shows what it read before, and the
  // link table stays, with the sentence saying what was done and the focus on it.
  const data = result.data ?? result.previousData;
  const shown = useRef(data);
  shown.current = data;
  // Marks read that end while a live read is under way: that read may have looked before they were saved.
  const liveReads = useRef(new Set<Set<string>>());
  /**
   * Live: an event about something of this party (a signal to answer, a link to confirm, a round that
   * opens) reads the page again, as far as the person has read its lists, so what they loaded stays; the
   * subscription sees only what the person may read. One read asks at most the server's MAX_PAGE_SIZE of a
   * list (it replaces the list in the cache); what lies beyond comes page by page, appended as "Meer laden" does.
   */
  const liveRefetch = async () => {
    const inboxWanted = keepShown(shown.current?.myInbox, pages.myInbox);
    const deliverablesWanted = keepShown(shown.current?.myDeliverables, pages.myDeliverables);
    const linksWanted = keepShown(shown.current?.synergyLinks, pages.synergyLinks);
    const consultationsWanted = keepShown(
      shown.current?.party?.consultationInvitations ?? undefined,
      pages.consultations,
    );
    const markedMeanwhile = new Set<string>();
    liveReads.current.add(markedMeanwhile);
    try {
      const { data: read } = await refetch({
        inboxFirst: Math.min(inboxWanted, maxPageSize),
        deliverablesFirst: Math.min(deliverablesWanted, maxPageSize),
        linksFirst: Math.min(linksWanted, maxPageSize),
        consultationsFirst: Math.min(consultationsWanted, maxPageSize),
      });
      if (read)
        await Promise.all([
          readOnList('myInbox', read.myInbox, inboxWanted),
          readOnList('myDeliverables', read.myDeliverables, deliverablesWanted),
          readOnList('synergyLinks', read.synergyLinks, linksWanted),
          readOnList('consultations', read.party?.consultationInvitations, consultationsWanted),
        ]);
    } finally {
      liveReads.current.delete(markedMeanwhile);
      if (markedMeanwhile.size > 0) showRead([...markedMeanwhile]);
    }
  };
  /** The next page of a list after `after` (its own small query, the same arguments): the cache appends it. */
  const nextPage = async (list: keyof typeof pages, after: string | null): Promise<Paged | null | undefined> => {
    const { query, pick } = PAGE_QUERIES[list];
    const { data: page } = await fetchMore({
      query,
      variables: { partyId, partyIds: [partyId], first: pages[list], after },
    });
    return page ? pick(page as PageData) : null;
  };
  // Next pages of the size "Meer laden" asks, not only what is missing: a live read pages a list as the person did.
  const readOnList = (list: keyof typeof pages, read: Paged | null | undefined, wanted: number) =>
    readOn(read, wanted, pages[list], (after) => nextPage(list, after));
  const live = useLive(
    useMemo(() => ({ partyIds: [partyId] }), [partyId]),
    liveRefetch,
  );
  const { updatedAt } = live;
  const inbox = data?.myInbox.edges ?? [];
  const unread = inbox.filter((e) => !e.node.read).map((e) => e.node.key);
  const [more, setMore] = useState<unknown>(null);
  const loadMore = (list: keyof typeof pages, after: string | null) => {
    setMore(null);
    nextPage(list, after).catch(setMore);
  };
  // The items have no id of their own: mark them read where the inbox's pages keep them.
  const showRead = (keys: string[]) =>
    client.cache.modify({
      id: 'ROOT_QUERY',
      fields: {
        myInbox(value) {
          const existing = value as { edges?: { node: { key: string; read: boolean } }[] };
          if (!existing?.edges) return value;
          const marked = new Set(keys);
          return {
            ...existing,
            edges: existing.edges.map((edge) =>
              marked.has(edge.node.key) ? { ...edge, node: { ...edge.node, read: true } } : edge,
            ),
          };
        },
      },
    });
  /** Items marked read, in this tab or another of the person's: shown read, also by a live read under way. */
  const takeRead = (keys: string[]) => {
    showRead(keys);
    for (const meanwhile of liveReads.current) for (const key of keys) meanwhile.add(key);
  };
  // A read mark makes no event: the person's other tabs hear it from this one and show it without asking.
  const tellOtherTabs = useOwnTabs<{ keys: string[] }>(viewer.user.id, 'inbox-read', (message) => {
    if (Array.isArray(message?.keys)) takeRead(message.keys.filter((key) => typeof key === 'string'));
  });
  const [marking, setMarking] = useState(false);
  const [marked, setMarked] = useState<{ at: number } | null>(null);
  const [markFailed, setMarkFailed] = useState<unknown>(null);
  const markedRef = useRef<HTMLParagraphElement>(null);
  // The pressed button goes once its items are read: keep the focus on the sentence that says so.
  useEffect(() => {
    if (marked) markedRef.current?.focus();
  }, [marked]);
  const [answering, setAnswering] = useState<string | null>(null);
  const [answered, setAnswered] = useState<Answered | null>(null);
  const [answerFailed, setAnswerFailed] = useState<{ invitationId: string; error: unknown } | null>(null);
  const answeredRef = useRef<HTMLParagraphElement>(null);
  // An answered invitation loses its buttons and then its item: keep the focus in the page, on the sentence
  // that says what happened. After a CONFLICT the item may still be there, the pressed button with it.
  useEffect(() => {
    const active = document.activeElement;
    if (answered && (!active || active === document.body)) answeredRef.current?.focus();
  }, [answered]);
  /**
   * Accepts or declines an invitation with the version last read. Whether the person may is the API's to
   * say: a refusal shows at the item; a CONFLICT reads the page again, so a second try sends the version now
   * current (or finds the invitation gone).
   */
  const answer = async (decision: 'accept' | 'decline', invitation: OwnerInvitation, party: PartyRef | null) => {
    // aria-disabled, not disabled, while one is sent: a disabled button drops the keyboard focus to <body>.
    if (answering !== null) return;
    setAnswered(null);
    setAnswerFailed(null);
    setMarked(null);
    setAnswering(invitation.id);
    try {
      await client.mutate({
        mutation: decision === 'accept' ? ACCEPT_OWNER_INVITATION : DECLINE_OWNER_INVITATION,
        variables: { input: { id: invitation.id, version: invitation.version } },
        // Counts of other views change with a new owner; they read again when next shown.
        update: (cache) => {
          for (const fieldName of ['synergyOverview', 'synergyConflicts']) cache.evict({ id: 'ROOT_QUERY', fieldName });
        },
      });
    } catch (refusal) {
      if (errorCode(refusal) !== 'CONFLICT') {
        setAnswerFailed({ invitationId: invitation.id, error: refusal });
        setAnswering(null);
        return;
      }
      await live.readNow().catch(setMore);
      setAnswered({ id: 'invitation.changedMeanwhile', values: {}, at: Date.now() });
      setAnswering(null);
      return;
    }
    const values = { title: invitation.guidelineTitle ?? '', party: partyName(party) };
    setAnswered({ id: decision === 'accept' ? 'invitation.accepted' : 'invitation.declined', values, at: Date.now() });
    setAnswering(null);
    // The answer's own event comes live too: the read after it holds the answer, so that event reads nothing again.
    const type = decision === 'accept' ? 'GUIDELINE_OWNER_INVITATION_ACCEPTED' : 'GUIDELINE_OWNER_INVITATION_DECLINED';
    await live.readNow([{ type, subjectId: invitation.id }]).catch(setMore);
  };
  const markRead = (keys: string[]) => {
    setMarked(null);
    setMarkFailed(null);
    setAnswered(null);
    setMarking(true);
    // At most 100 keys per call (MarkInboxItemsReadInput).
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100));
    Promise.all(
      batches.map((batch) => client.mutate({ mutation: MARK_INBOX_READ, variables: { input: { keys: batch } } })),
    )
      .then(() => {
        takeRead(keys);
        tellOtherTabs({ keys });
        setMarked({ at: Date.now() });
      }, setMarkFailed)
      .finally(() => setMarking(false));
  };
  return (
    <Page title={t('party.title')} ready={Boolean(data)} name="party">
      {several && (
        <form
          className="as-of"
          onSubmit={(event) => {
            event.preventDefault();
            navigate(href('/party', { party: String(new FormData(event.currentTarget).get('party')) }));
          }}
        >
          <label htmlFor="party-choice">{t('party.choose')}</label>
          <select id="party-choice" name="party" defaultValue={partyId}>
            {viewer.memberships.map((m) => (
              <option key={m.party.id} value={m.party.id}>
                {m.party.shortName ?? m.party.name}
              </option>
            ))}
          </select>
          <button type="submit">{t('timeline.show')}</button>
        </form>
      )}
      <LiveStatus updatedAt={updatedAt} />
      {error && <ErrorMessage error={error} />}
      {more !== null && <ErrorMessage error={more} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <section aria-labelledby="inbox">
            <h2 id="inbox">
              {t('party.inbox')} ({formatNumber(data.myInbox.totalCount)})
            </h2>
            {markFailed !== null && <ErrorMessage error={markFailed} />}
            {marked && (
              <p role="status" tabIndex={-1} ref={markedRef}>
                {t('inbox.markedRead')}
              </p>
            )}
            {answered && (
              <p
                role="status"
                tabIndex={-1}
                ref={answeredRef}
                className={answered.id === 'invitation.changedMeanwhile' ? 'notice' : 'done'}
              >
                {t(answered.id, answered.values)}
              </p>
            )}
            {inbox.length === 0 ? (
              <p>{t('common.none')}</p>
            ) : (
              <>
                {unread.length > 1 && (
                  <p>
                    <button type="button" disabled={marking} onClick={() => markRead(unread)}>
                      {t('inbox.markAllRead', { count: unread.length })}
                    </button>
                  </p>
                )}
                <ul className="plain inbox">
                  {inbox.map(({ node: item }) => {
                    const invitation = invitationOf(item);
                    const title = invitation?.guidelineTitle ?? item.title;
                    const about = <span className="visually-hidden">: {title}</span>;
                    const target = workPage(item);
                    return (
                      <li
                        key={item.key}
                        data-key={item.key}
                        data-invitation={invitation?.id}
                        className={item.read ? 'read' : 'unread'}
                      >
                        <span className="kind">{t(`inbox.kind.${item.kind}`)}</span>:{' '}
                        {target ? <Link to={target}>{title}</Link> : title}{' '}
                        <span className="muted">
                          · {formatMoment(item.since)}
                          {!item.read && ` · ${t('inbox.unread')}`}
                        </span>
                        {item.kind === 'LINK_NEEDS_REVIEW' && (
                          <span className="block muted">{t('inbox.needsReview')}</span>
                        )}
                        {ELSEWHERE.has(item.kind) && <span className="block muted">{t('inbox.elsewhere')}</span>}
                        {invitation && (
                          <span className="block">
                            {invitation.invitedBy
                              ? t('invitation.invitedByPerson', {
                                  person: invitation.invitedBy.name,
                                  party: partyName(invitation.invitedByParty),
                                })
                              : t('invitation.invitedBy', { party: partyName(invitation.invitedByParty) })}
                          </span>
                        )}
                        {invitation?.status === 'PENDING' && !invitation.mayAnswer && (
                          <span className="block muted">
                            {t('invitation.answeredByEditors', { party: partyName(item.party) })}
                          </span>
                        )}
                        {invitation?.status === 'PENDING' && invitation.mayAnswer && (
                          <span className="actions">
                            <button
                              type="button"
                              className="inline"
                              data-action="accept"
                              aria-disabled={answering !== null || undefined}
                              onClick={() => void answer('accept', invitation, item.party)}
                            >
                              {t('invitation.accept')}
                              {about}
                            </button>
                            <button
                              type="button"
                              className="inline"
                              data-action="decline"
                              aria-disabled={answering !== null || undefined}
                              onClick={() => void answer('decline', invitation, item.party)}
                            >
                              {t('invitation.decline')}
                              {about}
                            </button>
                          </span>
                        )}
                        {!item.read && (
                          <button
                            type="button"
                            className="inline"
                            disabled={marking}
                            onClick={() => markRead([item.key])}
                          >
                            {t('inbox.markRead')}
                            {about}
                          </button>
                        )}
                        {invitation && answerFailed?.invitationId === invitation.id && (
                          <ErrorMessage error={answerFailed.error} />
                        )}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
            {data.myInbox.pageInfo.hasNextPage && (
              <MoreButton
                list="inbox"
                label={t('party.inbox')}
                left={data.myInbox.totalCount - inbox.length}
                onClick={() => loadMore('myInbox', data.myInbox.pageInfo.endCursor)}
              />
            )}
          </section>
          <section aria-labelledby="our-consultations">
            <h2 id="our-consultations">
              {t('party.consultations')} ({formatNumber(data.party?.consultationInvitations?.totalCount ?? 0)})
            </h2>
            {(data.party?.consultationInvitations?.edges.length ?? 0) === 0 ? (
              <p>{t('common.none')}</p>
            ) : (
              <ul className="plain consultations">
                {data.party!.consultationInvitations!.edges.map(({ node: round }) => (
                  <li key={round.id} data-round={round.id}>
                    <strong>{round.question}</strong>
                    <span className="block muted">
                      {t(`consultation.status.${round.status}`)} · {round.ownerParty.shortName ?? round.ownerParty.name}{' '}
                      · {t('consultation.closes', { date: formatMoment(round.closesAt) })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {data.party?.consultationInvitations?.pageInfo.hasNextPage && (
              <MoreButton
                list="consultations"
                label={t('party.consultations')}
                left={data.party.consultationInvitations.totalCount - data.party.consultationInvitations.edges.length}
                onClick={() => loadMore('consultations', data.party!.consultationInvitations!.pageInfo.endCursor)}
              />
            )}
          </section>
          <section aria-labelledby="our-deliverables">
            <h2 id="our-deliverables">
              {t('party.deliverables')} ({data.myDeliverables.totalCount})
            </h2>
            {data.myDeliverables.edges.length === 0 ? (
              <p>{t('common.none')}</p>
            ) : (
              <ul className="plain">
                {data.myDeliverables.edges.map(({ node: d }) => (
                  <li key={d.id}>
                    <Link to={`/deliverables/${encodeURIComponent(d.id)}`}>
                      {english && d.titleEn ? d.titleEn : d.title}
                    </Link>{' '}
                    · <DueText due={d.due} /> ·{' '}
                    <HealthBadge health={d.healthReport.health} status={d.healthReport.status} />{' '}
                    <StatusText status={d.healthReport.status} />
                  </li>
                ))}
              </ul>
            )}
            {data.myDeliverables.pageInfo.hasNextPage && (
              <MoreButton
                list="deliverables"
                label={t('party.deliverables')}
                left={data.myDeliverables.totalCount - data.myDeliverables.edges.length}
                onClick={() => loadMore('myDeliverables', data.myDeliverables.pageInfo.endCursor)}
              />
            )}
          </section>
          <section aria-labelledby="our-links">
            <h2 id="our-links">
              {t('party.links')} ({data.synergyLinks.totalCount})
            </h2>
            <LinkTable
              links={data.synergyLinks.edges.map((e) => e.node)}
              caption={t('party.links')}
              viewer={viewer}
              readAgain={{ query: observable, read: (announced) => live.readNow(announced).catch(setMore) }}
            />
            {data.synergyLinks.pageInfo.hasNextPage && (
              <MoreButton
                list="links"
                label={t('party.links')}
                left={data.synergyLinks.totalCount - data.synergyLinks.edges.length}
                onClick={() => loadMore('synergyLinks', data.synergyLinks.pageInfo.endCursor)}
              />
            )}
          </section>
        </>
      )}
    </Page>
  );
}

export function PartyPage({
  location,
  viewer,
  viewerError,
}: {
  location: Location;
  viewer: ViewerData['me'];
  /** Why who-am-I could not be read: without it this page cannot know the party, and must say so. */
  viewerError?: unknown;
}) {
  const t = useT();
  if (!currentSession())
    return (
      <Page title={t('party.title')} ready name="party">
        <p>{t('party.signIn')}</p>
        <p>
          <Link to={href('/sign-in', { return: '/party' })}>{t('auth.signIn')}</Link>
        </p>
      </Page>
    );
  if (!viewer)
    return (
      <Page title={t('party.title')} ready={false} name="party">
        {viewerError ? <ErrorMessage error={viewerError} /> : <Loading />}
      </Page>
    );
  const chosen = location.params.get('party');
  const membership = viewer.memberships.find((m) => m.party.id === chosen) ?? viewer.memberships[0];
  if (!membership)
    return (
      <Page title={t('party.title')} ready name="party">
        <p>{t('party.noParty')}</p>
      </Page>
    );
  return <PartyContent viewer={viewer} partyId={membership.party.id} key={membership.party.id} />;
}
