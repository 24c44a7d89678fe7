import { useQuery } from '@apollo/client/react';
import { scaleUtc } from 'd3-scale';
import { utcMonth } from 'd3-time';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { formatDay, today, useT } from '../format';
import { FILTER_OPTIONS, PARTY_CHOICES, TIMELINE } from '../operations.mjs';
import { href, Link, navigate, type Location } from '../router';
import { usePageSize } from '../settings';
import { AsOfPicker, ErrorMessage, HealthBadge, Loading, MoreButton, Page, type Health, type Status } from '../ui';
import { DueText, type FuzzyDate } from './deliverables';

/** Deliverables one read of the timeline asks: this many, or the server's MAX_PAGE_SIZE when smaller. */
const PAGE = 100;
/**
 * A timeline is read as a whole: its axis runs from the first date to the last, its rows are in due order and
 * name what they depend on, so one page would end the programme at an arbitrary date and say nothing of what
 * comes after. It reads every page of what it shows by itself, up to this many rows (a programme, party or
 * sector has far fewer); beyond it, as a timeline of everything on a large platform, "Meer laden" goes on.
 */
const READ_ALL_UP_TO = 500;
/** Parties the picker reads at once (it reads them all, page by page). */
const PARTIES_PAGE = 100;
type Scope = 'programme' | 'party' | 'sector';
const SCOPES: Scope[] = ['programme', 'party', 'sector'];
const FILTER_FIELD: Record<Scope, string> = { programme: 'programmeIds', party: 'ownerPartyIds', sector: 'sectorIds' };

interface FilterOptions {
  programmes: { id: string; name: string }[];
  sectors: { id: string; key: string; nameNl: string; nameEn: string }[];
}

type PartyChoice = { id: string; name: string; shortName: string | null };

/** The order of the names a picker shows (Dutch, as the parties' names are). */
const byShownName = new Intl.Collator('nl');

interface PartyChoices {
  parties: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: PartyChoice }[];
  };
}

/**
 * Every party, for the picker: a select offers them all (85 seeded, more than one page when MAX_PAGE_SIZE is
 * small), so the next page is read as soon as one comes, appended to the list by the cache.
 */
function useAllParties(): { parties: PartyChoice[] | undefined; error: unknown } {
  const first = usePageSize(PARTIES_PAGE);
  const { data, error, fetchMore } = useQuery<PartyChoices>(PARTY_CHOICES, { variables: { first } });
  const [failed, setFailed] = useState<unknown>(null);
  const asked = useRef<string | null>(null);
  const { hasNextPage, endCursor } = data?.parties.pageInfo ?? { hasNextPage: false, endCursor: null };
  useEffect(() => {
    if (!hasNextPage || asked.current === endCursor) return;
    asked.current = endCursor;
    fetchMore({ variables: { after: endCursor } }).catch(setFailed);
  }, [hasNextPage, endCursor, fetchMore]);
  return { parties: data?.parties.edges.map((e) => e.node), error: error ?? failed };
}

interface TimelineData {
  deliverables: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        title: string;
        titleEn: string | null;
        kind: string;
        start: FuzzyDate | null;
        due: FuzzyDate | null;
        healthReport: { status: Status; health: Health | null; overdue: boolean };
        milestones: { id: string; title: string; done: boolean; overdue: boolean; due: FuzzyDate | null }[];
        dependsOn: { id: string; title: string }[];
      };
    }[];
  };
}

const WIDTH = 1000;
const day = (value: string) => new Date(`${value}T00:00:00Z`);

/**
 * The chart's time scale (d3-scale): every date shown and the reference day, rounded out to whole
 * quarters, mapped onto WIDTH.
 */
function timeScale(days: string[], asOf: string) {
  const dates = [...days, asOf].map(day);
  const from = utcMonth.every(3)!.floor(new Date(Math.min(...dates.map(Number))));
  const to = utcMonth.every(3)!.ceil(new Date(Math.max(...dates.map(Number)) + 1));
  return scaleUtc().domain([from, to]).range([0, WIDTH]);
}

/** Quarter lines (d3-time); labelled per quarter on a short span, per year on a long one (labels must not overlap). */
function quarters(scale: ReturnType<typeof timeScale>): { at: Date; label: string | null }[] {
  const [start, end] = scale.domain() as [Date, Date];
  const many = end.getTime() - start.getTime() > 3 * 365 * 86_400_000;
  return utcMonth
    .every(3)!
    .range(start, end)
    .map((at) => {
      const quarter = Math.floor(at.getUTCMonth() / 3) + 1;
      return {
        at,
        label: many ? (quarter === 1 ? String(at.getUTCFullYear()) : null) : `Q${quarter} ${at.getUTCFullYear()}`,
      };
    });
}

/**
 * Which programme, party or sector the timeline shows. The second list offers what the first one names
 * now, before the form is sent (the URL holds the scope shown); a change of the URL starts it afresh.
 */
function ScopeForm({
  by,
  id,
  asOf,
  options,
  parties,
}: {
  by: Scope;
  id: string | null;
  asOf: string | null;
  options: FilterOptions | undefined;
  parties: PartyChoice[] | undefined;
}) {
  const t = useT();
  const intl = useIntl();
  const english = intl.locale.startsWith('en');
  const [kind, setKind] = useState(by);
  const choices =
    kind === 'programme'
      ? (options?.programmes ?? []).map((p) => ({ id: p.id, name: p.name }))
      : kind === 'party'
        ? (parties ?? [])
            .map((p) => ({ id: p.id, name: p.shortName ?? p.name }))
            // The API orders parties by full name; the picker shows short names, so it orders by those.
            .sort((a, b) => byShownName.compare(a.name, b.name))
        : (options?.sectors ?? []).map((s) => ({ id: s.id, name: english ? s.nameEn : s.nameNl }));
  return (
    <form
      className="as-of"
      aria-label={t('timeline.scope')}
      onSubmit={(event) => {
        event.preventDefault();
        navigate(href('/timeline', { by: kind, id: String(new FormData(event.currentTarget).get('id') ?? ''), asOf }));
      }}
    >
      <label htmlFor="tl-by">{t('timeline.by')}</label>
      <select id="tl-by" name="by" value={kind} onChange={(event) => setKind(event.target.value as Scope)}>
        {SCOPES.map((s) => (
          <option key={s} value={s}>
            {t(`list.filter.${s}`)}
          </option>
        ))}
      </select>
      <label htmlFor="tl-id">{t('timeline.item')}</label>
      <select id="tl-id" name="id" defaultValue={kind === by ? (id ?? '') : ''} key={`id-${kind}-${choices.length}`}>
        <option value="">{t('timeline.all')}</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="submit">{t('timeline.show')}</button>
    </form>
  );
}

export function TimelinePage({ location }: { location: Location }) {
  const t = useT();
  const intl = useIntl();
  const english = intl.locale.startsWith('en');
  const by = SCOPES.find((s) => s === location.params.get('by')) ?? 'programme';
  const id = location.params.get('id');
  const asOfParam = location.params.get('asOf');
  const asOf = asOfParam ?? today();
  const first = usePageSize(PAGE);
  const options = useQuery<FilterOptions>(FILTER_OPTIONS);
  const parties = useAllParties();
  const { data, loading, error, fetchMore } = useQuery<TimelineData>(TIMELINE, {
    variables: { filter: id ? { [FILTER_FIELD[by]]: [id] } : null, asOf: asOfParam, first },
  });
  const rows = data?.deliverables.edges.map((e) => e.node) ?? [];
  // The next page as soon as one is shown, appended to the rows by the cache. A page that fails stops the
  // reading: "Meer laden" then tries again, and reading goes on from there. A failure belongs to its scope.
  const scope = JSON.stringify([by, id, asOfParam]);
  const [failure, setFailure] = useState<{ scope: string; error: unknown } | null>(null);
  const failed = failure?.scope === scope ? failure.error : null;
  const { hasNextPage, endCursor } = data?.deliverables.pageInfo ?? { hasNextPage: false, endCursor: null };
  const nextPage = useCallback(
    (after: string | null) => {
      setFailure(null);
      fetchMore({ variables: { after, first } }).catch((error: unknown) => setFailure({ scope, error }));
    },
    [fetchMore, first, scope],
  );
  // Asked once per scope and cursor: two scopes' pages may end at the same deliverable.
  const asked = useRef<string | null>(null);
  const reading = hasNextPage && rows.length < READ_ALL_UP_TO;
  useEffect(() => {
    const page = `${scope}|${endCursor}`;
    if (!reading || asked.current === page) return;
    asked.current = page;
    nextPage(endCursor);
  }, [reading, scope, endCursor, nextPage]);
  const dated = rows.flatMap((r) =>
    [r.start?.earliest, r.due?.earliest, r.due?.latest, ...r.milestones.map((m) => m.due?.latest)].filter(
      (d): d is string => Boolean(d),
    ),
  );
  const span = timeScale(dated, asOf);
  const xAt = (time: Date) => span(time);
  const x = (value: string) => span(day(value));

  return (
    <Page
      title={t('timeline.title')}
      ready={Boolean(data) && Boolean(options.data) && Boolean(parties.parties)}
      name="timeline"
    >
      <p>{t('timeline.intro')}</p>
      <div className="toolbar">
        <ScopeForm
          by={by}
          id={id}
          asOf={asOfParam}
          options={options.data}
          parties={parties.parties}
          key={`${by}-${id}`}
        />
        <AsOfPicker value={asOf} onApply={(day) => navigate(href('/timeline', { by, id, asOf: day }))} />
      </div>
      {Boolean(error ?? options.error ?? parties.error) && (
        <ErrorMessage error={error ?? options.error ?? parties.error} />
      )}
      {failed !== null && <ErrorMessage error={failed} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          {hasNextPage && (
            <p role="status">
              {t(reading && failed === null ? 'timeline.reading' : 'timeline.more', {
                shown: rows.length,
                total: data.deliverables.totalCount,
              })}
            </p>
          )}
          <div className="table-wrap">
            <table className="timeline">
              <caption>{t('timeline.caption', { count: data.deliverables.totalCount, asOf: formatDay(asOf) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.name')}</th>
                  <th scope="col">{t('timeline.period')}</th>
                  <th scope="col">{t('common.health')}</th>
                  <th scope="col">{t('timeline.milestones')}</th>
                  <th scope="col" className="chart-cell">
                    <span className="visually-hidden">{t('timeline.chart')}</span>
                    {/* Labels as text laid over the lines: an SVG stretched to the column would stretch its letters. */}
                    <div className="axis" aria-hidden="true">
                      <svg viewBox={`0 0 ${WIDTH} 20`} preserveAspectRatio="none" focusable="false">
                        {quarters(span).map((q) => (
                          <line
                            key={q.at.getTime()}
                            x1={xAt(q.at)}
                            x2={xAt(q.at)}
                            y1={0}
                            y2={20}
                            vectorEffect="non-scaling-stroke"
                          />
                        ))}
                      </svg>
                      {quarters(span)
                        .filter((q) => q.label)
                        .map((q) => (
                          <span key={q.at.getTime()} style={{ left: `${(xAt(q.at) / WIDTH) * 100}%` }}>
                            {q.label}
                          </span>
                        ))}
                    </div>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => {
                  const health = d.healthReport.health ?? 'NONE';
                  const dueFrom = d.due?.earliest ?? d.due?.latest;
                  return (
                    <tr key={d.id} data-health={health}>
                      <th scope="row">
                        <Link to={href(`/deliverables/${encodeURIComponent(d.id)}`, { asOf: asOfParam })}>
                          {english && d.titleEn ? d.titleEn : d.title}
                        </Link>
                        {d.dependsOn.length > 0 && (
                          <span className="depends">
                            {t('timeline.dependsOn')}:{' '}
                            {d.dependsOn.map((dep, i) => (
                              <span key={dep.id}>
                                {i > 0 && ', '}
                                <Link to={href(`/deliverables/${encodeURIComponent(dep.id)}`, { asOf: asOfParam })}>
                                  {dep.title}
                                </Link>
                              </span>
                            ))}
                          </span>
                        )}
                      </th>
                      <td className="period">
                        <DueText due={d.due} />
                        {d.start?.earliest && (
                          <span className="muted">
                            {' '}
                            · {t('timeline.start', { date: d.start.label ?? formatDay(d.start.earliest) })}
                          </span>
                        )}
                      </td>
                      <td>
                        <HealthBadge health={d.healthReport.health} status={d.healthReport.status} />
                      </td>
                      <td>
                        {d.milestones.length > 0 && (
                          <ul className="milestones">
                            {d.milestones.map((m) => (
                              <li key={m.id}>
                                {m.due?.label ?? (m.due?.latest ? formatDay(m.due.latest) : t('common.noDate'))}:{' '}
                                {m.title}
                                {m.done && ` (${t('timeline.done')})`}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td className="chart-cell">
                        <div className="track" aria-hidden="true">
                          <svg viewBox={`0 0 ${WIDTH} 24`} preserveAspectRatio="none" focusable="false">
                            <line className="as-of-line" x1={x(asOf)} x2={x(asOf)} y1={0} y2={24} />
                            {d.start?.earliest && dueFrom && (
                              <line className="lead" x1={x(d.start.earliest)} x2={x(dueFrom)} y1={12} y2={12} />
                            )}
                            {dueFrom && d.due?.latest && (
                              <rect
                                className={`range health-${health}`}
                                x={x(dueFrom)}
                                width={Math.max(3, x(d.due.latest) - x(dueFrom))}
                                y={5}
                                height={14}
                              />
                            )}
                          </svg>
                          {/* Milestones as glyphs over the track: they keep their shape however wide the column. */}
                          {d.milestones
                            .filter((m) => m.due?.latest)
                            .map((m) => (
                              <span
                                key={m.id}
                                className={m.done ? 'milestone done' : 'milestone'}
                                style={{ left: `${(x(m.due!.latest!) / WIDTH) * 100}%` }}
                              >
                                {m.done ? '◆' : '◇'}
                              </span>
                            ))}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {hasNextPage && (!reading || failed !== null) && (
            <MoreButton
              list="timeline"
              label={t('timeline.title')}
              left={data.deliverables.totalCount - rows.length}
              onClick={() => nextPage(endCursor)}
            />
          )}
        </>
      )}
    </Page>
  );
}
