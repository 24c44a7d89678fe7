import { useQuery } from '@apollo/client/react';
import { addDays, formatDay, formatNumber, useT } from '../format';
import { OVERVIEW } from '../operations.mjs';
import { href, Link, navigate, type Location } from '../router';
import {
  AsOfPicker,
  DownloadLink,
  ErrorMessage,
  HEALTHS,
  Loading,
  Page,
  STATUSES,
  type Health,
  type Status,
} from '../ui';
import type { ViewerData } from '../app';
import { useIntl } from 'react-intl';
import { Fragment, useMemo } from 'react';
import { LiveStatus, useLiveRefetch } from '../live';

type GroupBy = 'PROGRAMME' | 'PARTY' | 'SECTOR';
const GROUPS: GroupBy[] = ['PROGRAMME', 'PARTY', 'SECTOR'];
const PARAM: Record<GroupBy, string> = { PROGRAMME: 'programme', PARTY: 'party', SECTOR: 'sector' };

interface Counts {
  total: number;
  overdue: number;
  dueNext90Days: number;
  byStatus: { status: Status; count: number }[];
  byHealth: { health: Health; count: number }[];
}

interface OverviewData {
  deliverableDashboard: {
    asOf: string;
    groupBy: GroupBy;
    totals: Counts;
    groups: {
      programme: { id: string; name: string } | null;
      party: { id: string; name: string; shortName: string | null } | null;
      sector: { id: string; key: string; nameNl: string; nameEn: string } | null;
      counts: Counts;
    }[];
  };
}

/** The list behind one count of the overview: same filter, same day. */
function drillDown(group: { param: string; id: string } | null, asOf: string | null, extra: Record<string, string>) {
  return href('/deliverables', { ...(group ? { [group.param]: group.id } : {}), asOf, ...extra });
}

export function OverviewPage({ location, viewer }: { location: Location; viewer: ViewerData['me'] }) {
  const t = useT();
  const intl = useIntl();
  const groupBy = GROUPS.find((g) => g === location.params.get('by')) ?? 'PROGRAMME';
  const asOfParam = location.params.get('asOf');
  const { data, loading, error, refetch } = useQuery<OverviewData>(OVERVIEW, {
    variables: { groupBy, asOf: asOfParam },
  });
  // Live for today only (a past reference day does not change): a deliverable's status or health changed.
  // Deliverables are public, so this listens anonymously too.
  const updatedAt = useLiveRefetch(
    useMemo(
      () => (asOfParam ? null : { types: ['DELIVERABLE_STATUS_CHANGED', 'DELIVERABLE_HEALTH_CHANGED'] }),
      [asOfParam],
    ),
    refetch,
  );
  const dashboard = data?.deliverableDashboard;
  const asOf = dashboard?.asOf ?? asOfParam ?? '';
  const english = intl.locale.startsWith('en');

  const row = (
    name: string,
    group: { param: string; id: string } | null,
    counts: Counts,
    key: string,
    header = false,
  ) => {
    const cell = (count: number, extra: Record<string, string>, what: string) => (
      <td>
        {count > 0 && (group || header) ? (
          <Link to={drillDown(group, asOfParam, extra)}>
            {formatNumber(count)}
            <span className="visually-hidden">
              {' '}
              {what}, {name}
            </span>
          </Link>
        ) : (
          formatNumber(count)
        )}
      </td>
    );
    const status = (s: Status) => counts.byStatus.find((c) => c.status === s)?.count ?? 0;
    const health = (h: Health) => counts.byHealth.find((c) => c.health === h)?.count ?? 0;
    return (
      <tr key={key} className={header ? 'total' : undefined}>
        <th scope="row">{name}</th>
        {cell(counts.total, {}, t('overview.total'))}
        {STATUSES.map((s) => (
          <Fragment key={s}>{cell(status(s), { status: s }, t(`status.${s}`))}</Fragment>
        ))}
        {HEALTHS.map((h) => (
          <Fragment key={h}>{cell(health(h), { health: h }, t(`health.${h}`))}</Fragment>
        ))}
        {cell(counts.overdue, { overdue: 'true' }, t('overview.overdue'))}
        {cell(
          counts.dueNext90Days,
          { open: 'true', dueAfter: asOf, dueBefore: asOf ? addDays(asOf, 90) : '' },
          t('overview.dueSoon'),
        )}
      </tr>
    );
  };

  const myParties = viewer?.memberships.map((m) => m.party) ?? [];
  return (
    <Page title={t('overview.title')} ready={Boolean(dashboard)} name="overview">
      <p>{t('overview.intro')}</p>
      <div className="toolbar">
        <nav aria-label={t('overview.groupBy')} className="segmented">
          <span aria-hidden="true">{t('overview.groupBy')}:</span>
          <ul>
            {GROUPS.map((g) => (
              <li key={g}>
                <Link
                  to={href('/', { by: g === 'PROGRAMME' ? null : g, asOf: asOfParam })}
                  aria-current={g === groupBy ? 'true' : undefined}
                >
                  {t(`overview.group.${g}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <AsOfPicker
          value={asOf}
          onApply={(day) => navigate(href('/', { by: groupBy === 'PROGRAMME' ? null : groupBy, asOf: day }))}
        />
      </div>
      <LiveStatus updatedAt={updatedAt} />
      {error && <ErrorMessage error={error} />}
      {loading && !dashboard && <Loading />}
      {dashboard && (
        <div className="table-wrap">
          <table className="counts">
            <caption>
              {t('overview.caption', {
                groupBy: t(`overview.group.${groupBy}`).toLowerCase(),
                asOf: formatDay(dashboard.asOf),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t(`overview.group.${groupBy}`)}</th>
                <th scope="col">{t('overview.total')}</th>
                {STATUSES.map((s) => (
                  <th scope="col" key={s}>
                    {t(`status.${s}`)}
                  </th>
                ))}
                {HEALTHS.map((h) => (
                  <th scope="col" key={h}>
                    {t(`health.${h}`)}
                  </th>
                ))}
                <th scope="col">{t('overview.overdue')}</th>
                <th scope="col">{t('overview.dueSoon')}</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.groups.map((g, index) => {
                const item = g.programme ?? g.party ?? g.sector;
                const name =
                  g.programme?.name ??
                  (g.party ? (g.party.shortName ?? g.party.name) : null) ??
                  (g.sector ? (english ? g.sector.nameEn : g.sector.nameNl) : null) ??
                  t('overview.none');
                return row(
                  name,
                  item ? { param: PARAM[groupBy], id: item.id } : null,
                  g.counts,
                  item?.id ?? `none-${index}`,
                );
              })}
            </tbody>
            <tfoot>{row(t('overview.all'), null, dashboard.totals, 'total', true)}</tfoot>
          </table>
        </div>
      )}
      <section aria-labelledby="exports">
        <h2 id="exports">{t('overview.exports')}</h2>
        <ul>
          <li>
            <DownloadLink href={href('/exports/deliverables.csv', { asOf: asOfParam })} filename="deliverables.csv">
              {t('overview.csv')}
            </DownloadLink>
          </li>
          {myParties.map((party) => (
            <li key={party.id}>
              <a href={href('/exports/milestones.ics', { partyId: party.id, asOf: asOfParam })} download>
                {t('overview.ical', { party: party.shortName ?? party.name })}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
