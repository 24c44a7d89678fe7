import { useQuery } from '@apollo/client/react';
import { useIntl } from 'react-intl';
import type { ViewerData } from '../app';
import { formatMoment, formatNumber, useT } from '../format';
import { MY_PARTY } from '../operations.mjs';
import { href, Link, navigate, type Location } from '../router';
import { currentSession } from '../session';
import { ErrorMessage, HealthBadge, Loading, Page, StatusText, type Health, type Status } from '../ui';
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
  | 'MILESTONE_OVERDUE';

interface MyPartyData {
  myInbox: {
    totalCount: number;
    edges: {
      node: {
        key: string;
        kind: InboxKind;
        title: string;
        since: string;
        read: boolean;
        party: { id: string; name: string; shortName: string | null } | null;
      };
    }[];
  };
  party: {
    id: string;
    consultationInvitations: {
      totalCount: number;
      nodes: {
        id: string;
        question: string;
        status: 'OPEN' | 'SCHEDULED' | 'CLOSED' | 'CONCLUDED';
        closesAt: string;
        targetKind: string;
        ownerParty: { id: string; name: string; shortName: string | null };
      }[];
    } | null;
  } | null;
  myDeliverables: {
    totalCount: number;
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
  synergyLinks: { totalCount: number; edges: { node: LinkRow }[] };
}

function PartyContent({ viewer, partyId }: { viewer: NonNullable<ViewerData['me']>; partyId: string }) {
  const t = useT();
  const intl = useIntl();
  const english = intl.locale.startsWith('en');
  const several = viewer.memberships.length > 1;
  const { data, error } = useQuery<MyPartyData>(MY_PARTY, { variables: { partyId, partyIds: [partyId] } });
  const inbox = data?.myInbox.edges ?? [];
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
      {error && <ErrorMessage error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <section aria-labelledby="inbox">
            <h2 id="inbox">
              {t('party.inbox')} ({formatNumber(data.myInbox.totalCount)})
            </h2>
            {inbox.length === 0 ? (
              <p>{t('common.none')}</p>
            ) : (
              <ul className="plain inbox">
                {inbox.map(({ node: item }) => (
                  <li key={item.key}>
                    <span className="kind">{t(`inbox.kind.${item.kind}`)}</span>: {item.title}{' '}
                    <span className="muted">
                      · {formatMoment(item.since)}
                      {!item.read && ` · ${t('inbox.unread')}`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="our-consultations">
            <h2 id="our-consultations">
              {t('party.consultations')} ({formatNumber(data.party?.consultationInvitations?.totalCount ?? 0)})
            </h2>
            {(data.party?.consultationInvitations?.nodes.length ?? 0) === 0 ? (
              <p>{t('common.none')}</p>
            ) : (
              <ul className="plain consultations">
                {data.party!.consultationInvitations!.nodes.map((round) => (
                  <li key={round.id}>
                    <strong>{round.question}</strong>
                    <span className="block muted">
                      {t(`consultation.status.${round.status}`)} · {round.ownerParty.shortName ?? round.ownerParty.name}{' '}
                      · {t('consultation.closes', { date: formatMoment(round.closesAt) })}
                    </span>
                  </li>
                ))}
              </ul>
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
          </section>
          <section aria-labelledby="our-links">
            <h2 id="our-links">
              {t('party.links')} ({data.synergyLinks.totalCount})
            </h2>
            <LinkTable links={data.synergyLinks.edges.map((e) => e.node)} caption={t('party.links')} />
          </section>
        </>
      )}
    </Page>
  );
}

export function PartyPage({ location, viewer }: { location: Location; viewer: ViewerData['me'] }) {
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
        <Loading />
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
