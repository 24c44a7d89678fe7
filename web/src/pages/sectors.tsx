import { useQuery } from '@apollo/client/react';
import { useIntl } from 'react-intl';
import { formatMoment, partyName, useT, type PartyRef } from '../format';
import { SECTOR, SECTORS } from '../operations.mjs';
import { href, Link } from '../router';
import { ErrorMessage, Loading, Page } from '../ui';
import type { SectorsData } from './synergy';

interface SectorData {
  sector: {
    id: string;
    key: string;
    nameNl: string;
    nameEn: string;
    maturity: 'EARLY' | 'DEVELOPING' | 'ESTABLISHED';
    maturityRationale: string | null;
    parties: PartyRef[];
    researchAgendas: {
      id: string;
      title: string;
      kind: string;
      status: string;
      ownerParty: PartyRef | null;
      coordinatorParty: PartyRef | null;
      latestVersion: {
        id: string;
        number: number;
        status: string;
        consultationRounds: {
          id: string;
          question: string;
          status: 'OPEN' | 'SCHEDULED' | 'CLOSED' | 'CONCLUDED';
          closesAt: string;
          ownerParty: PartyRef;
        }[];
      } | null;
      adoptedVersion: {
        id: string;
        number: number;
        adoptedAt: string | null;
        items: {
          id: string;
          rank: number;
          rationale: string | null;
          question: {
            id: string;
            title: string;
            status: string;
            projects: { id: string; title: string; status: string; funderParty: PartyRef }[];
          };
        }[];
      } | null;
    }[];
  } | null;
}

export function SectorsPage() {
  const t = useT();
  const intl = useIntl();
  const english = intl.locale.startsWith('en');
  const { data, error } = useQuery<SectorsData>(SECTORS);
  return (
    <Page title={t('sectors.title')} ready={Boolean(data)} name="sectors">
      <p>{t('sectors.intro')}</p>
      {error && <ErrorMessage error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <ul className="cards">
          {data.sectors.map((s) => (
            <li key={s.id}>
              <Link to={`/sectors/${encodeURIComponent(s.id)}`}>{english ? s.nameEn : s.nameNl}</Link>{' '}
              <span className="muted">({t(`sector.maturity.${s.maturity as 'EARLY'}`)})</span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

export function SectorPage({ id }: { id: string }) {
  const t = useT();
  const intl = useIntl();
  const english = intl.locale.startsWith('en');
  const { data, error } = useQuery<SectorData>(SECTOR, { variables: { id } });
  const sector = data?.sector;
  const title = sector ? (english ? sector.nameEn : sector.nameNl) : t('sectors.title');
  const adopted = sector?.researchAgendas.filter((a) => a.adoptedVersion) ?? [];
  // Rounds on the agendas' drafts: the API shows them to the invited parties (and the owner) only.
  const open = (sector?.researchAgendas ?? []).flatMap((a) =>
    (a.latestVersion?.consultationRounds ?? [])
      .filter((r) => r.status === 'OPEN')
      .map((r) => ({ ...r, agenda: a.title })),
  );
  return (
    <Page title={title} ready={Boolean(data)} name="sector">
      {error && <ErrorMessage error={error} />}
      {!data && !error && <Loading />}
      {data && !sector && <p role="alert">{t('app.notFound')}</p>}
      {sector && (
        <>
          <ul className="inline-links">
            <li>
              <Link to={href('/synergy', { sector: sector.id })}>{t('sector.synergyLink')}</Link>
            </li>
            <li>
              <Link to={href('/timeline', { by: 'sector', id: sector.id })}>{t('sector.timelineLink')}</Link>
            </li>
          </ul>
          <dl className="facts">
            <dt>{t('sector.maturity')}</dt>
            <dd>
              {t(`sector.maturity.${sector.maturity}`)}
              {sector.maturityRationale && <span className="block muted">{sector.maturityRationale}</span>}
            </dd>
            <dt>{t('sector.parties')}</dt>
            <dd>{sector.parties.map((p) => partyName(p)).join(', ') || '—'}</dd>
          </dl>
          <section aria-labelledby="agendas">
            <h2 id="agendas">{t('sector.agendas')}</h2>
            {adopted.length === 0 && <p>{t('sector.noAdopted')}</p>}
            {adopted.map((agenda) => (
              <article key={agenda.id} aria-labelledby={`agenda-${agenda.id}`}>
                <h3 id={`agenda-${agenda.id}`}>{agenda.title}</h3>
                <p className="muted">
                  {partyName(agenda.ownerParty)}
                  {agenda.coordinatorParty && ` · ${t('sector.coordinator')}: ${partyName(agenda.coordinatorParty)}`}
                  {' · '}
                  {t('sector.adoptedVersion', {
                    number: agenda.adoptedVersion!.number,
                    date: agenda.adoptedVersion!.adoptedAt ? formatMoment(agenda.adoptedVersion!.adoptedAt) : '—',
                  })}
                </p>
                <div className="table-wrap">
                  <table className="agenda">
                    <caption>{t('sector.itemsCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('sector.rank')}</th>
                        <th scope="col">{t('sector.question')}</th>
                        <th scope="col">{t('sector.projects')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {agenda.adoptedVersion!.items.map((item) => (
                        <tr key={item.id}>
                          <td>{item.rank}</td>
                          <th scope="row">
                            {item.question.title}
                            {item.rationale && <span className="depends">{item.rationale}</span>}
                          </th>
                          <td>
                            {item.question.projects.length === 0 ? (
                              <span className="muted">{t('sector.noProjects')}</span>
                            ) : (
                              <ul className="milestones">
                                {item.question.projects.map((p) => (
                                  <li key={p.id}>
                                    {p.title} <span className="muted">({partyName(p.funderParty)})</span>
                                  </li>
                                ))}
                              </ul>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </article>
            ))}
          </section>
          <section aria-labelledby="consultations">
            <h2 id="consultations">{t('sector.consultations')}</h2>
            {open.length === 0 ? (
              <p>{t('consultation.none')}</p>
            ) : (
              <ul className="plain consultations">
                {open.map((round) => (
                  <li key={round.id}>
                    <strong>{round.question}</strong>
                    <span className="block muted">
                      {round.agenda} · {partyName(round.ownerParty)} ·{' '}
                      {t('consultation.closes', { date: formatMoment(round.closesAt) })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
