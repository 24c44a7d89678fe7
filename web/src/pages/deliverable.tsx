import type { ApolloCache, ObservableQuery } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useIntl } from 'react-intl';
import { errorCode, type Handled } from '../errors';
import { codeLabel, formatDay, formatMoment, partyName, useT, type PartyRef } from '../format';
import { DELIVERABLE, DELIVERABLE_UPDATES_PAGE, HISTORY, POST_STATUS_UPDATE } from '../operations.mjs';
import { readOn } from '../paging';
import { href, Link, type Location } from '../router';
import { currentSession } from '../session';
import { useMaxPageSize, useNestedMaxSize, usePageSize } from '../settings';
import {
  ErrorMessage,
  HEALTHS,
  HealthBadge,
  Loading,
  MoreButton,
  Page,
  STATUSES,
  StatusText,
  type Health,
  type Status,
} from '../ui';
import { DueText, type FuzzyDate } from './deliverables';

interface DeliverableData {
  deliverable: {
    id: string;
    version: number;
    status: Status;
    /** The API's answer (statusUpdateRights): whether the viewer posts updates, and whether with a status. */
    mayReport: boolean;
    mayChangeStatus: boolean;
    title: string;
    titleEn: string | null;
    kind: 'DELIVERABLE' | 'MILESTONE' | 'DECISION';
    description: string | null;
    note: string | null;
    synthetic: boolean;
    start: FuzzyDate | null;
    due: FuzzyDate | null;
    healthReport: {
      asOf: string;
      status: Status;
      health: Health | null;
      reportedHealth: Health | null;
      overdue: boolean;
      lateDependency: boolean;
      noRecentUpdate: boolean;
      lastUpdateAt: string | null;
    };
    programme: { id: string; name: string } | null;
    workstream: { id: string; name: string } | null;
    ownerParties: PartyRef[];
    contributorParties: PartyRef[];
    sectors: { id: string; nameNl: string; nameEn: string }[];
    milestones: { id: string; title: string; done: boolean; overdue: boolean; due: FuzzyDate | null }[];
    dependsOn: { id: string; title: string }[];
    dependents: { id: string; title: string }[];
    statusHistory: { changedAt: string; fromStatus: Status; toStatus: Status; party: PartyRef | null }[];
    statusUpdates: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: {
        node: {
          id: string;
          postedAt: string;
          status: Status | null;
          health: Health;
          text: string | null;
          party: PartyRef | null;
        };
      }[];
    };
  } | null;
}

interface HistoryData {
  auditEvents: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        occurredAt: string;
        action: string;
        actor: { id: string; name: string } | null;
        actingParty: PartyRef | null;
        changes: { field: string; before: unknown; after: unknown }[];
      };
    }[];
  };
}

const shown = (value: unknown) =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** Entries of a record's history shown at once (the latest first); "Meer laden" reaches the rest. */
const HISTORY_PAGE = 50;

/** Items of a deliverable's lists shown at once; "Meer laden" shows the next as many. */
const LIST_PAGE = 20;

type CappedList = 'milestones' | 'dependents' | 'statusHistory';

/** A view's own query (its ObservableQuery), as far as the cache needs it. */
type PageQuery = Pick<ObservableQuery, 'query' | 'variables'>;

/** A view on the deliverable's page that reads itself again after an update, keeping what it had loaded. */
interface Reader {
  query: PageQuery;
  read: () => Promise<unknown>;
}

/**
 * The record's changes from the audit trail: only for those who may read it (signed in; the API decides what).
 * With `reader`, it says there how it reads itself again after a change on the page.
 */
export function History({ id, reader }: { id: string; reader?: RefObject<Reader | null> }) {
  const t = useT();
  const signedIn = currentSession() !== null;
  const first = usePageSize(HISTORY_PAGE);
  const maxPageSize = useMaxPageSize();
  const { data, error, loading, fetchMore, refetch, observable } = useQuery<HistoryData>(HISTORY, {
    variables: { entityId: id, first },
    skip: !signedIn,
  });
  const [more, setMore] = useState<unknown>(null);
  const lastShown = useRef(data);
  if (data) lastShown.current = data;
  /**
   * As many entries as were loaded, and those added since (the latest come first, so they push the loaded ones
   * down): one read of at most MAX_PAGE_SIZE, then page by page, appended.
   */
  const readAsLoaded = async () => {
    const had = lastShown.current?.auditEvents;
    const loaded = Math.max(first, had?.edges.length ?? 0);
    const { data: read } = await refetch({ first: Math.min(loaded, maxPageSize) });
    const again = read?.auditEvents;
    if (!again) return;
    const added = had ? Math.max(0, again.totalCount - had.totalCount) : 0;
    await readOn(again, loaded + added, first, async (after, size) => {
      const { data: page } = await fetchMore({ variables: { after, first: size } });
      return page?.auditEvents;
    });
  };
  if (reader) reader.current = signedIn ? { query: observable, read: () => readAsLoaded().catch(setMore) } : null;
  return (
    <section aria-labelledby="history">
      <h2 id="history">{t('detail.history')}</h2>
      {!signedIn && <p>{t('detail.historySignIn')}</p>}
      {error && <ErrorMessage error={error} />}
      {more !== null && <ErrorMessage error={more} />}
      {loading && !data && <Loading />}
      {data &&
        (data.auditEvents.edges.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="history">
              <caption>{t('detail.historyCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('detail.when')}</th>
                  <th scope="col">{t('detail.who')}</th>
                  <th scope="col">{t('detail.action')}</th>
                  <th scope="col">{t('detail.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {data.auditEvents.edges.map(({ node: e }) => (
                  <tr key={e.id}>
                    <td>{formatMoment(e.occurredAt)}</td>
                    <td>
                      {e.actor?.name ?? '—'}
                      {e.actingParty && ` (${partyName(e.actingParty)})`}
                    </td>
                    <td>{codeLabel(t, 'audit.action.', e.action)}</td>
                    <td>
                      <ul className="changes">
                        {e.changes.map((c) => (
                          <li key={c.field}>
                            {codeLabel(t, 'audit.field.', c.field)}: {shown(c.before)} → {shown(c.after)}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {data?.auditEvents.pageInfo.hasNextPage && (
        <MoreButton
          list="history"
          label={t('detail.history')}
          left={data.auditEvents.totalCount - data.auditEvents.edges.length}
          onClick={() => {
            setMore(null);
            fetchMore({ variables: { after: data.auditEvents.pageInfo.endCursor, first } }).catch(setMore);
          }}
        />
      )}
    </section>
  );
}

type Reported = NonNullable<DeliverableData['deliverable']>;

const CAPPED_LABELS = {
  milestones: 'timeline.milestones',
  dependents: 'detail.dependents',
  statusHistory: 'detail.statusHistory',
} as const;

/**
 * An update changes the deliverable's health, and with a status its status and history: drop them and the
 * counts and lists that hold them from the cache, so any view visited later asks again. The page's own views
 * (`keep`) keep what they show: each reads itself again as far as it had loaded (Reader); dropped, Apollo Client
 * would read them again by itself, in first pages, beside that read.
 */
function forgetProgress(cache: ApolloCache, id: string, keep: PageQuery[]): void {
  const kept = keep.map((view) => ({ view, data: cache.readQuery({ query: view.query, variables: view.variables }) }));
  const deliverable = cache.identify({ __typename: 'Deliverable', id });
  for (const fieldName of ['version', 'status', 'health', 'healthReport', 'overdue', 'statusUpdates', 'statusHistory'])
    cache.evict({ id: deliverable, fieldName });
  for (const fieldName of ['deliverableDashboard', 'deliverables', 'myDeliverables', 'myInbox'])
    cache.evict({ id: 'ROOT_QUERY', fieldName });
  cache.evict({ id: 'ROOT_QUERY', fieldName: 'auditEvents', args: { filter: { entityId: id } } });
  for (const { view, data } of kept) if (data) cache.writeQuery({ query: view.query, variables: view.variables, data });
}

/** For a change's onQueryUpdated: a view of the page reads itself again its own way, any other is refetched. */
const readAgainBy = (readers: Reader[]) => (query: ObservableQuery) =>
  readers.find((reader) => reader.query === query)?.read() ?? true;

/** A CONFLICT (the status was sent on a stale version) makes the form read the deliverable again. */
const UPDATE_HANDLED: Handled = { CONFLICT: 'update.changedMeanwhile' };

/**
 * "Voortgang melden": health, a required text and optionally a new status, posted for the viewer's party.
 * `readers` are the page's views that keep what they loaded when read again.
 */
function StatusUpdateForm({ d, readers }: { d: Reported; readers: () => Reader[] }) {
  const t = useT();
  const client = useApolloClient();
  const ids = useId();
  const initialHealth = d.healthReport.reportedHealth ?? d.healthReport.health ?? 'ON_TRACK';
  const [health, setHealth] = useState<Health>(initialHealth);
  const [status, setStatus] = useState<Status | ''>('');
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [posted, setPosted] = useState<number | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);

  // The sent text leaves the field: the focus goes to the sentence that says it was posted.
  useEffect(() => {
    if (posted) statusRef.current?.focus();
  }, [posted]);
  // Read again after a CONFLICT, the chosen status may be the deliverable's own by now.
  useEffect(() => {
    if (status === d.status) setStatus('');
  }, [status, d.status]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!text.trim()) {
      setMissing(true);
      textRef.current?.focus();
      return;
    }
    setMissing(false);
    setFailure(null);
    setPosted(null);
    setBusy(true);
    const input = {
      deliverableId: d.id,
      health,
      text: text.trim(),
      ...(status ? { status, version: d.version } : {}),
    };
    const views = readers();
    const keep = views.map((view) => view.query);
    client
      .mutate({
        mutation: POST_STATUS_UPDATE,
        variables: { input },
        update: (cache) => forgetProgress(cache, d.id, keep),
        onQueryUpdated: readAgainBy(views),
        // The sentence that it was posted comes with the page that shows it.
        awaitRefetchQueries: true,
      })
      .then(
        () => {
          setText('');
          setStatus('');
          setPosted(Date.now());
        },
        (refusal: unknown) => {
          setFailure(refusal);
          if (errorCode(refusal) === 'CONFLICT')
            void client.refetchQueries({
              updateCache: (cache) => forgetProgress(cache, d.id, keep),
              onQueryUpdated: readAgainBy(views),
            });
        },
      )
      .finally(() => setBusy(false));
  };

  const textId = `${ids}-text`;
  const errorId = `${ids}-text-error`;
  return (
    <form noValidate aria-labelledby={`${ids}-title`} className="stack" data-form="status-update" onSubmit={submit}>
      <h3 id={`${ids}-title`}>{t('update.title')}</h3>
      {failure !== null && <ErrorMessage error={failure} handled={UPDATE_HANDLED} />}
      {posted !== null && (
        <p role="status" tabIndex={-1} ref={statusRef} className="done">
          {t('update.posted')}
        </p>
      )}
      <fieldset>
        <legend>{t('update.health')}</legend>
        {HEALTHS.map((h) => (
          <label key={h}>
            <input type="radio" name="health" value={h} checked={health === h} onChange={() => setHealth(h)} />{' '}
            {t(`health.${h}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={textId}>{t('update.text')}</label>
      <textarea
        id={textId}
        name="text"
        rows={4}
        cols={60}
        maxLength={8000}
        ref={textRef}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-required="true"
        aria-invalid={missing || undefined}
        aria-describedby={missing ? errorId : undefined}
      />
      {missing && (
        <p id={errorId} role="alert" className="error field-error">
          {t('update.textRequired')}
        </p>
      )}
      {/* The status only for those the API lets change it; a contributor's update would be refused with one. */}
      {d.mayChangeStatus ? (
        <>
          <label htmlFor={`${ids}-status`}>{t('update.status')}</label>
          <select
            id={`${ids}-status`}
            name="status"
            value={status}
            onChange={(event) => setStatus(event.target.value as Status | '')}
          >
            <option value="">{t('update.statusUnchanged')}</option>
            {STATUSES.filter((s) => s !== d.status).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </>
      ) : (
        <p className="muted">{t('update.statusByOwners', { status: t(`status.${d.status}`) })}</p>
      )}
      <button type="submit" disabled={busy}>
        {t('update.submit')}
      </button>
    </form>
  );
}

export function DeliverablePage({ id, location }: { id: string; location: Location }) {
  const t = useT();
  const intl = useIntl();
  const english = intl.locale.startsWith('en');
  const asOf = location.params.get('asOf');
  const page = usePageSize(LIST_PAGE);
  const nestedMax = useNestedMaxSize();
  // Milestones, dependents and status changes have no cursor: the page asks one more than it shows, to know
  // whether there are more, and shows a page more (asking again) when "Meer laden" is pressed.
  const [shownOf, setShownOf] = useState<Record<CappedList | 'updates', number>>({
    milestones: page,
    dependents: page,
    statusHistory: page,
    updates: page,
  });
  const ask = (list: CappedList) => Math.min(shownOf[list] + 1, nestedMax);
  const result = useQuery<DeliverableData>(DELIVERABLE, {
    variables: {
      id,
      asOf,
      milestonesFirst: ask('milestones'),
      dependentsFirst: ask('dependents'),
      statusHistoryFirst: ask('statusHistory'),
      // Asked again with a longer capped list, the status updates come as far as they are loaded: a page without
      // `after` replaces the list in the cache (client/apollo-cache.mjs).
      updatesFirst: shownOf.updates,
    },
  });
  const { loading, error, fetchMore, refetch, observable } = result;
  // While more of a list is asked, the page keeps what it shows (and the focus on the pressed button).
  const data = result.data ?? (result.previousData?.deliverable?.id === id ? result.previousData : undefined);
  const d = data?.deliverable;
  const [more, setMore] = useState<unknown>(null);
  const updatesPage = async (after: string | null, first: number) => {
    const { data: read } = await fetchMore({ query: DELIVERABLE_UPDATES_PAGE, variables: { id, first, after } });
    return (read as DeliverableData | undefined)?.deliverable?.statusUpdates;
  };
  const lastShown = useRef(d);
  lastShown.current = d;
  /**
   * After an update: the deliverable read again with as many status updates as were loaded ("Meer laden"), and
   * those added since (the newest come first, so they push the loaded ones down), page by page. The capped lists
   * keep their length: the page asks them by what it shows.
   */
  const readAsLoaded = async () => {
    const had = lastShown.current?.statusUpdates;
    const loaded = Math.max(page, had?.edges.length ?? 0);
    const { data: read } = await refetch({ updatesFirst: Math.min(loaded, nestedMax) });
    const again = read?.deliverable?.statusUpdates;
    if (!again) return;
    const added = had ? Math.max(0, again.totalCount - had.totalCount) : 0;
    await readOn(again, loaded + added, page, updatesPage);
  };
  const history = useRef<Reader | null>(null);
  const readers = (): Reader[] => [
    { query: observable, read: () => readAsLoaded().catch(setMore) },
    ...(history.current ? [history.current] : []),
  ];
  const capped = <T,>(list: CappedList, items: T[]) => ({
    items: items.slice(0, shownOf[list]),
    more:
      items.length > shownOf[list] && shownOf[list] < nestedMax ? (
        <MoreButton
          list={list}
          label={t(CAPPED_LABELS[list])}
          left={null}
          onClick={() =>
            setShownOf((shown) => ({
              ...shown,
              [list]: shown[list] + page,
              updates: Math.min(Math.max(page, d?.statusUpdates.edges.length ?? 0), nestedMax),
            }))
          }
        />
      ) : null,
  });
  const milestones = capped('milestones', d?.milestones ?? []);
  const dependents = capped('dependents', d?.dependents ?? []);
  const statusHistory = capped('statusHistory', d?.statusHistory ?? []);
  const title = d ? (english && d.titleEn ? d.titleEn : d.title) : t('list.title');
  const link = (to: { id: string; title: string }) => (
    <Link to={href(`/deliverables/${encodeURIComponent(to.id)}`, { asOf })}>{to.title}</Link>
  );
  return (
    <Page title={title} ready={Boolean(data)} name="deliverable">
      {error && <ErrorMessage error={error} />}
      {more !== null && <ErrorMessage error={more} />}
      {loading && !data && <Loading />}
      {data && !d && <p role="alert">{t('detail.notFound')}</p>}
      {d && (
        <>
          {d.synthetic && <p className="muted">{t('detail.synthetic')}</p>}
          {d.description && <p>{d.description}</p>}
          <section aria-labelledby="facts">
            <h2 id="facts">{t('detail.facts')}</h2>
            <dl className="facts">
              <dt>{t('detail.health', { asOf: formatDay(d.healthReport.asOf) })}</dt>
              <dd>
                <HealthBadge health={d.healthReport.health} /> <StatusText status={d.healthReport.status} />
                {d.healthReport.reportedHealth && (
                  <span className="muted">
                    {' '}
                    · {t('detail.reported', { health: t(`health.${d.healthReport.reportedHealth}`) })}
                  </span>
                )}
                {d.healthReport.overdue && <span className="overdue"> · {t('overview.overdue')}</span>}
                {d.healthReport.lateDependency && <span className="block">{t('detail.lateDependency')}</span>}
                {d.healthReport.noRecentUpdate && <span className="block">{t('detail.noRecentUpdate')}</span>}
              </dd>
              <dt>{t('common.due')}</dt>
              <dd>
                <DueText due={d.due} />
              </dd>
              {d.start && (
                <>
                  <dt>{t('detail.start')}</dt>
                  <dd>
                    <DueText due={d.start} />
                  </dd>
                </>
              )}
              {d.programme && (
                <>
                  <dt>{t('common.programme')}</dt>
                  <dd>
                    {d.programme.name} ·{' '}
                    <Link to={href('/timeline', { by: 'programme', id: d.programme.id, asOf })}>
                      {t('detail.timeline')}
                    </Link>
                  </dd>
                </>
              )}
              {d.workstream && (
                <>
                  <dt>{t('detail.workstream')}</dt>
                  <dd>{d.workstream.name}</dd>
                </>
              )}
              <dt>{t('common.owner')}</dt>
              <dd>{d.ownerParties.map((p) => partyName(p)).join(', ') || '—'}</dd>
              {d.contributorParties.length > 0 && (
                <>
                  <dt>{t('detail.contributors')}</dt>
                  <dd>{d.contributorParties.map((p) => partyName(p)).join(', ')}</dd>
                </>
              )}
              {d.sectors.length > 0 && (
                <>
                  <dt>{t('detail.sectors')}</dt>
                  <dd>{d.sectors.map((s) => (english ? s.nameEn : s.nameNl)).join(', ')}</dd>
                </>
              )}
              {d.dependsOn.length > 0 && (
                <>
                  <dt>{t('timeline.dependsOn')}</dt>
                  <dd>
                    <ul>
                      {d.dependsOn.map((x) => (
                        <li key={x.id}>{link(x)}</li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              {dependents.items.length > 0 && (
                <>
                  <dt>{t('detail.dependents')}</dt>
                  <dd>
                    <ul className="dependents">
                      {dependents.items.map((x) => (
                        <li key={x.id}>{link(x)}</li>
                      ))}
                    </ul>
                    {dependents.more}
                  </dd>
                </>
              )}
            </dl>
          </section>
          {milestones.items.length > 0 && (
            <section aria-labelledby="milestones">
              <h2 id="milestones">{t('timeline.milestones')}</h2>
              <ul className="milestones">
                {milestones.items.map((m) => (
                  <li key={m.id}>
                    <DueText due={m.due} />: {m.title}
                    {m.done && ` (${t('timeline.done')})`}
                    {m.overdue && <span className="overdue"> · {t('overview.overdue')}</span>}
                  </li>
                ))}
              </ul>
              {milestones.more}
            </section>
          )}
          <section aria-labelledby="updates">
            <h2 id="updates">{t('detail.updates')}</h2>
            {/* Reported today: on a past day's page (asOf) the new update would not show. */}
            {!asOf && d.mayReport && <StatusUpdateForm d={d} readers={readers} />}
            {d.statusUpdates.edges.length === 0 ? (
              <p>{t('common.none')}</p>
            ) : (
              <ul className="updates">
                {d.statusUpdates.edges.map(({ node: u }) => (
                  <li key={u.id}>
                    {formatMoment(u.postedAt)} · {partyName(u.party, '')} · <HealthBadge health={u.health} />
                    {u.status && (
                      <>
                        {' '}
                        · <StatusText status={u.status} />
                      </>
                    )}
                    {u.text && <p>{u.text}</p>}
                  </li>
                ))}
              </ul>
            )}
            {d.statusUpdates.pageInfo.hasNextPage && (
              <MoreButton
                list="updates"
                label={t('detail.updates')}
                left={d.statusUpdates.totalCount - d.statusUpdates.edges.length}
                onClick={() => {
                  setMore(null);
                  updatesPage(d.statusUpdates.pageInfo.endCursor, page).catch(setMore);
                }}
              />
            )}
            {statusHistory.items.length > 0 && (
              <>
                <h3>{t('detail.statusHistory')}</h3>
                <ul className="status-history">
                  {statusHistory.items.map((c) => (
                    <li key={c.changedAt}>
                      {formatMoment(c.changedAt)}: {t(`status.${c.fromStatus}`)} → {t(`status.${c.toStatus}`)}
                      {c.party && ` (${partyName(c.party)})`}
                    </li>
                  ))}
                </ul>
                {statusHistory.more}
              </>
            )}
          </section>
          <History id={d.id} reader={history} />
        </>
      )}
    </Page>
  );
}
