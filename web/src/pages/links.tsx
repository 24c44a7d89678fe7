import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { ViewerData } from '../app';
import { partyName, useT, type PartyRef } from '../format';
import { CONFIRM_LINK } from '../operations.mjs';
import { Link } from '../router';
import { currentSession } from '../session';
import { ErrorMessage } from '../ui';

export type Side = 'GUIDELINE_OWNER' | 'ASSESSOR';

export interface LinkRow {
  id: string;
  version: number;
  alignment: string;
  linkType: string;
  confirmed: boolean;
  awaitingConfirmationFrom: Side[];
  guideline: { id: string; title: string; owners: PartyRef[] };
  recommendation: { id: string; text: string } | null;
  assessment: { id: string; title: string; assessorParty: PartyRef | null };
}

/**
 * Whether the viewer's capabilities (data: the capability grants) let them confirm this side of the
 * link. Only decides whether to offer the button; the API decides again when it is pressed.
 */
function mayConfirm(viewer: ViewerData['me'], link: LinkRow, side: Side): boolean {
  const parties =
    side === 'GUIDELINE_OWNER'
      ? link.guideline.owners.map((p) => p.id)
      : link.assessment.assessorParty
        ? [link.assessment.assessorParty.id]
        : [];
  return (viewer?.capabilities ?? []).some(
    (c) =>
      c.capability === 'CONFIRM_SYNERGY_LINKS' &&
      (c.scope === 'ANY_PARTY' || (c.party && parties.includes(c.party.id))),
  );
}

export function LinkTable({
  links,
  caption,
  viewer,
  onConfirmed,
  only,
}: {
  links: LinkRow[];
  caption: string;
  viewer: ViewerData['me'];
  onConfirmed: () => void;
  /** A list of links awaiting one side offers to confirm that side only. */
  only?: Side;
}) {
  const t = useT();
  const [confirm, { error, loading }] = useMutation(CONFIRM_LINK);
  const [done, setDone] = useState(false);
  if (links.length === 0) return <p>{t('common.none')}</p>;
  return (
    <>
      {error && <ErrorMessage error={error} />}
      {done && <p role="status">{t('synergy.confirmedNow')}</p>}
      <div className="table-wrap">
        <table className="links">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('synergy.guideline')}</th>
              <th scope="col">{t('synergy.assessment')}</th>
              <th scope="col">{t('synergy.alignment')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => {
              const side = link.awaitingConfirmationFrom.find(
                (s) => (!only || s === only) && mayConfirm(viewer, link, s),
              );
              return (
                <tr key={link.id} data-link={link.id}>
                  <th scope="row">
                    {link.guideline.title}
                    <span className="depends">
                      {link.guideline.owners.map((p) => partyName(p)).join(', ')}
                      {currentSession() && (
                        <>
                          {' · '}
                          <Link to={`/history/${encodeURIComponent(link.id)}`}>
                            {t('detail.historyLink')}
                            <span className="visually-hidden">: {link.guideline.title}</span>
                          </Link>
                        </>
                      )}
                    </span>
                  </th>
                  <td>
                    {link.assessment.title}
                    <span className="depends">{partyName(link.assessment.assessorParty)}</span>
                  </td>
                  <td>{t(`synergy.alignment.${link.alignment as 'ALIGNED'}`)}</td>
                  <td>
                    {link.confirmed
                      ? t('party.linkConfirmed')
                      : t('party.awaiting', {
                          sides: link.awaitingConfirmationFrom.map((s) => t(`party.side.${s}`)).join(', '),
                        })}
                    {side && (
                      <button
                        type="button"
                        className="inline"
                        disabled={loading}
                        onClick={() =>
                          // A refusal shows as `error` above; nothing else to do with it here.
                          void confirm({ variables: { input: { id: link.id, version: link.version, side } } }).then(
                            () => {
                              setDone(true);
                              onConfirmed();
                            },
                            () => undefined,
                          )
                        }
                      >
                        {t('synergy.confirm')}
                        <span className="visually-hidden">
                          : {link.guideline.title} – {link.assessment.title}
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
