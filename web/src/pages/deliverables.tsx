import { useQuery } from '@apollo/client/react';
import { useIntl } from 'react-intl';
import { formatDay, formatNumber, useT } from '../format';
import { DELIVERABLE_LIST } from '../operations.mjs';
import { href, Link, navigate, type Location } from '../router';
import { usePageSize } from '../settings';
import {
  AsOfPicker,
  ErrorMessage,
  HealthBadge,
  HEALTHS,
  Loading,
  Page,
  STATUSES,
  StatusText,
  type Health,
  type Status,
} from '../ui';

/** Deliverables a page of the list shows (at most the server's MAX_PAGE_SIZE). */
const PAGE_SIZE = 50;

export interface FuzzyDate {
  label: string | null;
  earliest: string | null;
  latest: string | null;
}

interface ListData {
  deliverables: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      cursor: string;
      node: {
        id: string;
        title: string;
        titleEn: string | null;
        kind: 'DELIVERABLE' | 'MILESTONE' | 'DECISION';
        healthReport: { status: Status; health: Health | null; overdue: boolean };
        due: FuzzyDate | null;
        programme: { id: string; name: string } | null;
        ownerParties: { id: string; name: string; shortName: string | null }[];
      };
    }[];
  };
}

/** A fuzzy date in words: its label and the span it stands for (earliest–latest). */
export function DueText({ due }: { due: FuzzyDate | null }) {
  const t = useT();
  if (!due?.latest) return <>{due?.label ?? t('common.noDate')}</>;
  const span =
    due.earliest && due.earliest !== due.latest
      ? `${formatDay(due.earliest)} – ${formatDay(due.latest)}`
      : formatDay(due.latest);
  return <>{due.label && due.label !== span ? `${due.label} (${span})` : span}</>;
}

/** The URL's filters as the API's DeliverableFilter; unknown values are ignored, not sent. */
export function filterFromParams(params: URLSearchParams) {
  const one = (name: string) => params.get(name) || undefined;
  const status = STATUSES.find((s) => s === params.get('status'));
  const health = HEALTHS.find((h) => h === params.get('health'));
  const flag = (name: string) =>
    params.get(name) === 'true' ? true : params.get(name) === 'false' ? false : undefined;
  const programme = one('programme');
  const party = one('party');
  const sector = one('sector');
  return {
    ...(programme ? { programmeIds: [programme] } : {}),
    ...(party ? { ownerPartyIds: [party] } : {}),
    ...(sector ? { sectorIds: [sector] } : {}),
    ...(status ? { status } : {}),
    ...(health ? { health } : {}),
    ...(flag('overdue') !== undefined ? { overdue: flag('overdue') } : {}),
    ...(flag('open') !== undefined ? { open: flag('open') } : {}),
    ...(one('dueAfter') ? { dueAfter: one('dueAfter') } : {}),
    ...(one('dueBefore') ? { dueBefore: one('dueBefore') } : {}),
  };
}

export function DeliverablesPage({ location }: { location: Location }) {
  const t = useT();
  const intl = useIntl();
  const asOf = location.params.get('asOf');
  const filter = filterFromParams(location.params);
  const first = usePageSize(PAGE_SIZE);
  const { data, loading, error, fetchMore } = useQuery<ListData>(DELIVERABLE_LIST, {
    variables: { filter, asOf, first },
  });
  const list = data?.deliverables;
  const english = intl.locale.startsWith('en');
  const shown: string[] = [];
  if (filter.status) shown.push(`${t('list.filter.status')}: ${t(`status.${filter.status}`)}`);
  if (filter.health) shown.push(`${t('list.filter.health')}: ${t(`health.${filter.health}`)}`);
  if (filter.overdue) shown.push(t('list.filter.overdue'));
  if (filter.open && filter.dueBefore) shown.push(t('list.filter.dueSoon'));
  const back = href('/', { asOf });
  return (
    <Page title={t('list.title')} ready={Boolean(list)} name="deliverables">
      <p>
        <Link to={back}>{t('list.back')}</Link>
      </p>
      <div className="toolbar">
        {shown.length > 0 && (
          <p>
            {t('list.filters')}: {shown.join(', ')}
          </p>
        )}
        <AsOfPicker
          value={asOf ?? ''}
          onApply={(day) => {
            const params = new URLSearchParams(location.params);
            if (day) params.set('asOf', day);
            else params.delete('asOf');
            navigate(`/deliverables?${params.toString()}`);
          }}
        />
      </div>
      {error && <ErrorMessage error={error} />}
      {loading && !list && <Loading />}
      {list && (
        <>
          <p role="status">{t('list.count', { count: list.totalCount })}</p>
          <div className="table-wrap">
            <table className="list">
              <caption>{t('list.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.name')}</th>
                  <th scope="col">{t('common.due')}</th>
                  <th scope="col">{t('common.status')}</th>
                  <th scope="col">{t('common.health')}</th>
                  <th scope="col">{t('common.programme')}</th>
                  <th scope="col">{t('common.owner')}</th>
                </tr>
              </thead>
              <tbody>
                {list.edges.map(({ node: d }) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link to={href(`/deliverables/${encodeURIComponent(d.id)}`, { asOf })}>
                        {english && d.titleEn ? d.titleEn : d.title}
                      </Link>
                      {d.kind !== 'DELIVERABLE' && <span className="kind"> · {t(`kind.${d.kind}`)}</span>}
                    </th>
                    <td>
                      <DueText due={d.due} />
                      {d.healthReport.overdue && <span className="overdue"> · {t('overview.overdue')}</span>}
                    </td>
                    <td>
                      <StatusText status={d.healthReport.status} />
                    </td>
                    <td>
                      <HealthBadge health={d.healthReport.health} status={d.healthReport.status} />
                    </td>
                    <td>{d.programme?.name}</td>
                    <td>{d.ownerParties.map((p) => p.shortName ?? p.name).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.pageInfo.hasNextPage && (
            <button type="button" onClick={() => void fetchMore({ variables: { after: list.pageInfo.endCursor } })}>
              {t('common.more')} ({formatNumber(list.totalCount - list.edges.length)})
            </button>
          )}
        </>
      )}
    </Page>
  );
}
