import { useQuery } from '@apollo/client/react';
import type { DocumentNode } from '@apollo/client';
import { useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import type { ViewerData } from '../app';
import { codeLabel, formatNumber, useT } from '../format';
import { SECTORS, SYNERGY, SYNERGY_AWAITING_PAGE, SYNERGY_CONFLICTS_PAGE, SYNERGY_LINK } from '../operations.mjs';
import { readOn, type PageInfo } from '../paging';
import { href, navigate, type Location } from '../router';
import { useMaxPageSize, usePageSize } from '../settings';
import { ErrorMessage, Loading, MoreButton, Page } from '../ui';
import { LinkTable, type LinkRow, type Side } from './links';

interface Counts {
  totalLinks: number;
  confirmedLinks: number;
  awaitingAssessorConfirmation: number;
  awaitingGuidelineOwnerConfirmation: number;
  disputedLinks: number;
  openConflicts: number;
  linksByAlignment: { alignment: string; count: number }[];
}

interface SynergyData {
  synergyOverview: {
    counts: Counts;
    trajectories: { trajectory: { id: string; name: string; phase: string }; counts: Counts }[];
  };
  synergyConflicts: {
    totalCount: number;
    pageInfo: PageInfo;
    nodes: {
      key: string;
      kind: string;
      explanation: string;
      guideline: { id: string; title: string };
      assessment: { id: string; title: string } | null;
    }[];
  };
  awaitingOwner: LinkPage;
  awaitingAssessor: LinkPage;
}

type LinkPage = { totalCount: number; pageInfo: PageInfo; edges: { node: LinkRow }[] };

/** The record behind `?link=`: a link, or another kind of record (only its id), or nothing the viewer may read. */
type FocusedLinkData = { node: LinkRow | { id: string } | null };

export interface SectorsData {
  sectors: { id: string; key: string; nameNl: string; nameEn: string; maturity: string }[];
}

function CountList({ counts }: { counts: Counts }) {
  const t = useT();
  const rows: [string, number][] = [
    [t('synergy.total'), counts.totalLinks],
    [t('synergy.confirmed'), counts.confirmedLinks],
    [t('synergy.awaitingOwner'), counts.awaitingGuidelineOwnerConfirmation],
    [t('synergy.awaitingAssessor'), counts.awaitingAssessorConfirmation],
    [t('synergy.disputed'), counts.disputedLinks],
    [t('synergy.openConflicts'), counts.openConflicts],
  ];
  return (
    <dl className="facts counts-list">
      {rows.map(([label, value]) => (
        <div key={label} className="pair">
          <dt>{label}</dt>
          <dd data-count={label}>{formatNumber(value)}</dd>
        </div>
      ))}
      {counts.linksByAlignment.length > 0 && (
        <div className="pair">
          <dt>{t('synergy.byAlignment')}</dt>
          <dd>
            {counts.linksByAlignment
              .map((a) => `${t(`synergy.alignment.${a.alignment as 'ALIGNED'}`)}: ${formatNumber(a.count)}`)
              .join(' · ')}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** Conflicts and links awaiting each side the page shows at once; "Meer laden" reaches the rest. */
const LIST_SIZE = 20;

export function SynergyPage({ location, viewer }: { location: Location; viewer: ViewerData['me'] }) {
  const t = useT();
  const intl = useIntl();
  const english = intl.locale.startsWith('en');
  const sectorId = location.params.get('sector');
  const asOf = location.params.get('asOf');
  const sectors = useQuery<SectorsData>(SECTORS);
  const first = usePageSize(LIST_SIZE);
  const maxPageSize = useMaxPageSize();
  const sectorIds = sectorId ? [sectorId] : null;
  const current = useQuery<SynergyData>(SYNERGY, {
    variables: { sectorId, sectorIds, asOf, conflictsFirst: first, ownerFirst: first, assessorFirst: first },
  });
  const { loading, error, fetchMore, refetch, observable } = current;
  // The link an inbox item of "Mijn partij" leads to: read by itself, since the lists below may hold it on a page
  // not loaded yet (or not at all, once its side has confirmed).
  const linkId = location.params.get('link');
  const focused = useQuery<FocusedLinkData>(SYNERGY_LINK, { variables: { id: linkId }, skip: !linkId });
  const focusedLink = focused.data?.node && 'guideline' in focused.data.node ? focused.data.node : null;
  const focusedShown = Boolean(linkId && focused.data);
  const focusedHeading = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef<string | null>(null);
  // Once the link is shown the keyboard focus goes to it, once per link: after the page's heading took it (Page
  // runs its effects before this one), and not again when a change there reads it again.
  useEffect(() => {
    if (!focusedShown || focusedFor.current === linkId) return;
    focusedFor.current = linkId;
    focusedHeading.current?.focus();
  }, [focusedShown, linkId]);
  // The next page of a list, asked with the filter of its first (the cache appends it to that list).
  const [more, setMore] = useState<unknown>(null);
  const nextPage = async (query: DocumentNode, variables: Record<string, unknown>) =>
    (await fetchMore({ query, variables: { sectorIds, first, ...variables } })).data as Partial<SynergyData> & {
      synergyLinks?: LinkPage;
    };
  const loadMore = (query: DocumentNode, variables: Record<string, unknown>) => {
    setMore(null);
    nextPage(query, variables).catch(setMore);
  };
  // While a change's refetch runs (its lists were evicted), the page keeps showing what it read before:
  // the tables stay mounted, and with them the message saying what just happened and the keyboard focus on it.
  const shown = useRef<{ key: string; data: SynergyData } | null>(null);
  const key = `${sectorId}|${asOf}`;
  if (current.data) shown.current = { key, data: current.data };
  const data = current.data ?? (shown.current?.key === key ? shown.current.data : undefined);
  /**
   * After a change of a link here (LinkTable): each list read again as far as the person had loaded it with
   * "Meer laden", so they keep their place, and with it the changed link in its new state and the counts as
   * they are now. One read asks at most MAX_PAGE_SIZE of a list (it replaces the list in the cache); the rest
   * comes page by page, appended. Other views read again when next shown (LinkTable drops them from the cache).
   */
  const readAsLoaded = async () => {
    const had = shown.current?.data;
    const wanted = {
      conflicts: Math.max(first, had?.synergyConflicts.nodes.length ?? 0),
      owner: Math.max(first, had?.awaitingOwner.edges.length ?? 0),
      assessor: Math.max(first, had?.awaitingAssessor.edges.length ?? 0),
    };
    const { data: read } = await refetch({
      conflictsFirst: Math.min(wanted.conflicts, maxPageSize),
      ownerFirst: Math.min(wanted.owner, maxPageSize),
      assessorFirst: Math.min(wanted.assessor, maxPageSize),
    });
    if (!read) return;
    const links = (side: Side) => (after: string | null, size: number) =>
      nextPage(SYNERGY_AWAITING_PAGE, { side, after, first: size }).then((page) => page.synergyLinks);
    await Promise.all([
      readOn(read.synergyConflicts, wanted.conflicts, first, (after, size) =>
        nextPage(SYNERGY_CONFLICTS_PAGE, { asOf, after, first: size }).then((page) => page.synergyConflicts),
      ),
      readOn(read.awaitingOwner, wanted.owner, first, links('GUIDELINE_OWNER')),
      readOn(read.awaitingAssessor, wanted.assessor, first, links('ASSESSOR')),
    ]);
  };
  const readAgain = { query: observable, read: () => readAsLoaded().catch(setMore) };
  return (
    <Page
      title={t('synergy.title')}
      ready={Boolean(data) && Boolean(sectors.data) && (!linkId || focusedShown)}
      name="synergy"
    >
      <div className="toolbar">
        <form
          className="as-of"
          onSubmit={(event) => {
            event.preventDefault();
            navigate(href('/synergy', { sector: String(new FormData(event.currentTarget).get('sector') ?? ''), asOf }));
          }}
        >
          <label htmlFor="synergy-sector">{t('synergy.sector')}</label>
          <select
            id="synergy-sector"
            name="sector"
            defaultValue={sectorId ?? ''}
            key={`${sectorId}-${sectors.data?.sectors.length}`}
          >
            <option value="">{t('synergy.allSectors')}</option>
            {sectors.data?.sectors.map((s) => (
              <option key={s.id} value={s.id}>
                {english ? s.nameEn : s.nameNl}
              </option>
            ))}
          </select>
          <button type="submit">{t('timeline.show')}</button>
        </form>
      </div>
      {linkId && (
        <section aria-labelledby="synergy-link" data-focused-link={linkId}>
          <h2 id="synergy-link" tabIndex={-1} ref={focusedHeading}>
            {t('synergy.link')}
          </h2>
          {focused.error && <ErrorMessage error={focused.error} />}
          {focused.loading && !focused.data && <Loading />}
          {focusedShown &&
            (focusedLink ? (
              <LinkTable links={[focusedLink]} caption={t('synergy.link')} viewer={viewer} readAgain={readAgain} />
            ) : (
              <p>{t('synergy.linkNotFound')}</p>
            ))}
        </section>
      )}
      {error && <ErrorMessage error={error} />}
      {more !== null && <ErrorMessage error={more} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          <section aria-labelledby="synergy-counts">
            <h2 id="synergy-counts">{t('synergy.counts')}</h2>
            <CountList counts={data.synergyOverview.counts} />
          </section>
          {data.synergyOverview.trajectories.length > 0 && (
            <section aria-labelledby="synergy-trajectories">
              <h2 id="synergy-trajectories">{t('synergy.trajectories')}</h2>
              {data.synergyOverview.trajectories.map(({ trajectory, counts }) => (
                <div key={trajectory.id}>
                  <h3>
                    {trajectory.name}{' '}
                    <span className="muted">
                      ({t('synergy.phase', { phase: codeLabel(t, 'synergy.phase.', trajectory.phase) })})
                    </span>
                  </h3>
                  <CountList counts={counts} />
                </div>
              ))}
            </section>
          )}
          <section aria-labelledby="synergy-conflicts">
            <h2 id="synergy-conflicts">{t('synergy.conflicts')}</h2>
            {data.synergyConflicts.nodes.length === 0 ? (
              <p>{t('common.none')}</p>
            ) : (
              <>
                {data.synergyConflicts.totalCount > data.synergyConflicts.nodes.length && (
                  <p>
                    {t('synergy.conflictsMore', {
                      shown: data.synergyConflicts.nodes.length,
                      total: data.synergyConflicts.totalCount,
                    })}
                  </p>
                )}
                <ul className="conflicts">
                  {data.synergyConflicts.nodes.map((c) => (
                    <li key={c.key}>
                      <strong>{c.guideline.title}</strong>
                      {c.assessment && <> ↔ {c.assessment.title}</>}: {c.explanation}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {data.synergyConflicts.pageInfo.hasNextPage && (
              <MoreButton
                list="conflicts"
                label={t('synergy.conflicts')}
                left={data.synergyConflicts.totalCount - data.synergyConflicts.nodes.length}
                onClick={() =>
                  loadMore(SYNERGY_CONFLICTS_PAGE, { asOf, after: data.synergyConflicts.pageInfo.endCursor })
                }
              />
            )}
          </section>
          <section aria-labelledby="awaiting-owner">
            <h2 id="awaiting-owner">
              {t('synergy.awaitingOwnerList')} ({formatNumber(data.awaitingOwner.totalCount)})
            </h2>
            <LinkTable
              links={data.awaitingOwner.edges.map((e) => e.node)}
              caption={t('synergy.awaitingOwnerList')}
              only="GUIDELINE_OWNER"
              viewer={viewer}
              readAgain={readAgain}
            />
            {data.awaitingOwner.pageInfo.hasNextPage && (
              <MoreButton
                list="awaiting-owner"
                label={t('synergy.awaitingOwnerList')}
                left={data.awaitingOwner.totalCount - data.awaitingOwner.edges.length}
                onClick={() =>
                  loadMore(SYNERGY_AWAITING_PAGE, {
                    side: 'GUIDELINE_OWNER',
                    after: data.awaitingOwner.pageInfo.endCursor,
                  })
                }
              />
            )}
          </section>
          <section aria-labelledby="awaiting-assessor">
            <h2 id="awaiting-assessor">
              {t('synergy.awaitingAssessorList')} ({formatNumber(data.awaitingAssessor.totalCount)})
            </h2>
            <LinkTable
              links={data.awaitingAssessor.edges.map((e) => e.node)}
              caption={t('synergy.awaitingAssessorList')}
              only="ASSESSOR"
              viewer={viewer}
              readAgain={readAgain}
            />
            {data.awaitingAssessor.pageInfo.hasNextPage && (
              <MoreButton
                list="awaiting-assessor"
                label={t('synergy.awaitingAssessorList')}
                left={data.awaitingAssessor.totalCount - data.awaitingAssessor.edges.length}
                onClick={() =>
                  loadMore(SYNERGY_AWAITING_PAGE, { side: 'ASSESSOR', after: data.awaitingAssessor.pageInfo.endCursor })
                }
              />
            )}
          </section>
        </>
      )}
    </Page>
  );
}
