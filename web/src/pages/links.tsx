import type { ApolloCache, DocumentNode, ObservableQuery } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ViewerData } from '../app';
import { errorCode, type Handled } from '../errors';
import { partyName, useT, type PartyRef } from '../format';
import type { LiveEvent } from '../live';
import type { MessageId } from '../messages';
import { CONFIRM_LINK, DISPUTE_LINK, RESOLVE_LINK_DISPUTE } from '../operations.mjs';
import { Link } from '../router';
import { currentSession } from '../session';
import { ErrorMessage } from '../ui';
import { eventsOf, type LinkAction } from './link-events';

export type Side = 'GUIDELINE_OWNER' | 'ASSESSOR';

export interface LinkRow {
  id: string;
  version: number;
  alignment: string;
  linkType: string;
  confirmed: boolean;
  awaitingConfirmationFrom: Side[];
  /** The sides the API says this viewer may confirm now (it decides again when a button is pressed). */
  confirmableSides: Side[];
  dispute: { side: Side; reason: string; party: PartyRef | null } | null;
  guideline: { id: string; title: string; owners: PartyRef[] };
  recommendation: { id: string; text: string } | null;
  assessment: { id: string; title: string; assessorParty: PartyRef | null };
}

/**
 * Whether the viewer may resolve disputes on `link` (Zorginstituut, for the assessments of its party):
 * only to offer the form; the API decides again when it is sent.
 */
function mayResolve(viewer: ViewerData['me'], link: LinkRow): boolean {
  return (viewer?.capabilities ?? []).some(
    (c) =>
      c.capability === 'RESOLVE_LINK_DISPUTES' &&
      (c.scope === 'ANY_PARTY' || (c.party !== null && c.party.id === link.assessment.assessorParty?.id)),
  );
}

/** A page's own query (its ObservableQuery), as far as the cache needs it. */
type PageQuery = Pick<ObservableQuery, 'query' | 'variables'>;

/**
 * A confirmation changes counts, lists and inboxes on every view, not only this one: drop them from the
 * cache, or a view visited before comes back (cache-first) with the numbers from before. The views on
 * screen then ask again (`onQueryUpdated`), keeping what they show until the answer is there. The
 * link's own history gained an entry too: a history read before would otherwise come back without it.
 * `keep`, the page's own query, keeps its lists: the page reads them itself (readAgain), also after a CONFLICT.
 * Dropped, they would be read twice: Apollo Client reads an incomplete query again by itself, beside the page's
 * read, and its answer could replace the pages the page's read appended; and when the change's events came
 * before its answer, a read they began already holds the change.
 */
function forgetSynergy(cache: ApolloCache, linkId?: string, keep?: PageQuery): void {
  const kept = keep && cache.readQuery({ query: keep.query, variables: keep.variables });
  for (const fieldName of ['synergyOverview', 'synergyConflicts', 'synergyLinks', 'myInbox'])
    cache.evict({ id: 'ROOT_QUERY', fieldName });
  if (linkId) cache.evict({ id: 'ROOT_QUERY', fieldName: 'auditEvents', args: { filter: { entityId: linkId } } });
  if (kept) cache.writeQuery({ query: keep.query, variables: keep.variables, data: kept });
}

/** A CONFLICT makes the page read the link again (below): news to tell, not a failure. */
const CONFIRM_HANDLED: Handled = { CONFLICT: 'synergy.changedMeanwhile' };
const FORM_HANDLED: Handled = { CONFLICT: 'synergy.changedMeanwhileForm' };

const DONE: Record<LinkAction, MessageId> = {
  confirm: 'synergy.confirmedNow',
  dispute: 'synergy.disputedNow',
  resolve: 'synergy.resolvedNow',
};

/** The form open in the table: one at a time, below its link's row. */
type OpenForm = { linkId: string; action: 'dispute'; side: Side } | { linkId: string; action: 'resolve' };

const ALIGNMENTS = ['ALIGNED', 'PARTIALLY_ALIGNED', 'DIVERGENT', 'UNDER_REVIEW'] as const;

export function LinkTable({
  links,
  caption,
  only,
  viewer,
  readAgain,
}: {
  links: LinkRow[];
  caption: string;
  /** A list of links awaiting one side offers to act for that side only. */
  only?: Side;
  viewer: ViewerData['me'];
  /**
   * The page's own query (its ObservableQuery) and how the page reads it after a change here, instead of a
   * plain refetch, which asks each list's first page only: "Mijn partij" and the synergy page keep what "Meer
   * laden" loaded.
   * `announced` are the live events of the change (none after a CONFLICT), so that they read nothing again.
   */
  readAgain?: { query: PageQuery; read: (announced: LiveEvent[]) => Promise<unknown> };
}) {
  const t = useT();
  const client = useApolloClient();
  const formIds = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; handled: Handled } | null>(null);
  const [done, setDone] = useState<{ action: LinkAction; at: number } | null>(null);
  const [open, setOpen] = useState<OpenForm | null>(null);
  const [missing, setMissing] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const openerRef = useRef<HTMLButtonElement | null>(null);

  // The pressed button goes with its row (or the form with its link): keep the keyboard focus in the
  // page, on the sentence that says what happened, instead of letting it fall back to <body>.
  useEffect(() => {
    if (done) statusRef.current?.focus();
  }, [done]);
  useEffect(() => {
    if (open) fieldRef.current?.focus();
  }, [open]);

  // A view on screen that read what the change touched asks again: the page's own query the page's way.
  const readsAgain = (query: ObservableQuery, announced: LiveEvent[]) =>
    query === readAgain?.query ? readAgain.read(announced) : true;

  /** Sends one change; a CONFLICT reads the links again, so the next try sends the version now current. */
  const send = (action: LinkAction, mutation: DocumentNode, input: Record<string, unknown>, link: LinkRow) => {
    setDone(null);
    setFailure(null);
    setBusy(true);
    let announced: LiveEvent[] = [];
    return client
      .mutate({
        mutation,
        variables: { input },
        update: (cache, { data }) => {
          announced = eventsOf(action, link, input, data);
          forgetSynergy(cache, link.id, readAgain?.query);
        },
        // `announced` is set by `update`, which runs before the views are asked again.
        onQueryUpdated: (query) => readsAgain(query, announced),
      })
      .then(
        () => {
          setOpen(null);
          setDone({ action, at: Date.now() });
        },
        (refusal: unknown) => {
          setFailure({ error: refusal, handled: action === 'confirm' ? CONFIRM_HANDLED : FORM_HANDLED });
          if (errorCode(refusal) === 'CONFLICT')
            void client.refetchQueries({
              updateCache: (cache) => forgetSynergy(cache, undefined, readAgain?.query),
              onQueryUpdated: (query) => readsAgain(query, []),
            });
        },
      )
      .finally(() => setBusy(false));
  };

  const close = () => {
    setOpen(null);
    setMissing(false);
    openerRef.current?.focus();
  };

  const submitForm = (event: FormEvent<HTMLFormElement>, link: LinkRow, form: OpenForm) => {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const text = String(values.get('text') ?? '').trim();
    if (!text) {
      setMissing(true);
      fieldRef.current?.focus();
      return;
    }
    setMissing(false);
    if (form.action === 'dispute')
      void send('dispute', DISPUTE_LINK, { id: link.id, version: link.version, side: form.side, reason: text }, link);
    else {
      const alignment = String(values.get('alignment') ?? '');
      void send(
        'resolve',
        RESOLVE_LINK_DISPUTE,
        { id: link.id, version: link.version, resolution: text, ...(alignment ? { alignment } : {}) },
        link,
      );
    }
  };

  // Also above an empty list: the last link of a list may just have been confirmed or changed.
  const outcome = (
    <>
      {failure && <ErrorMessage error={failure.error} handled={failure.handled} />}
      {done && (
        <p role="status" tabIndex={-1} ref={statusRef} className="done">
          {t(DONE[done.action])}
        </p>
      )}
    </>
  );
  if (links.length === 0)
    return (
      <>
        {outcome}
        <p>{t('common.none')}</p>
      </>
    );
  return (
    <>
      {outcome}
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
            {links.flatMap((link) => {
              const sides = link.confirmableSides.filter((s) => !only || s === only);
              // On a page with a list per side, the dispute is resolved in the list of the side that disputed.
              const resolvable =
                link.dispute !== null && (!only || link.dispute.side === only) && mayResolve(viewer, link);
              const about = (
                <span className="visually-hidden">
                  : {link.guideline.title} – {link.assessment.title}
                </span>
              );
              const form =
                open?.linkId === link.id &&
                ((open.action === 'dispute' && sides.includes(open.side)) || (open.action === 'resolve' && resolvable))
                  ? open
                  : null;
              const fieldId = `${formIds}-${link.id}-text`;
              const errorId = `${formIds}-${link.id}-error`;
              const row = (
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
                    {link.dispute && (
                      <span className="block dispute">
                        {t('synergy.disputedBy', {
                          party: partyName(link.dispute.party, t(`party.side.${link.dispute.side}`)),
                          reason: link.dispute.reason,
                        })}
                      </span>
                    )}
                    {sides.map((side) => (
                      <span key={side} className="actions">
                        <button
                          type="button"
                          className="inline"
                          data-side={side}
                          data-action="confirm"
                          disabled={busy}
                          onClick={() =>
                            void send('confirm', CONFIRM_LINK, { id: link.id, version: link.version, side }, link)
                          }
                        >
                          {t('synergy.confirm')}
                          {sides.length > 1 && ` (${t(`party.side.${side}`)})`}
                          {about}
                        </button>
                        <button
                          type="button"
                          className="inline"
                          data-side={side}
                          data-action="dispute"
                          aria-expanded={form?.action === 'dispute' && form.side === side}
                          disabled={busy}
                          onClick={(event) => {
                            openerRef.current = event.currentTarget;
                            setMissing(false);
                            setOpen({ linkId: link.id, action: 'dispute', side });
                          }}
                        >
                          {t('synergy.dispute')}
                          {sides.length > 1 && ` (${t(`party.side.${side}`)})`}
                          {about}
                        </button>
                      </span>
                    ))}
                    {resolvable && (
                      <button
                        type="button"
                        className="inline"
                        data-action="resolve"
                        aria-expanded={form?.action === 'resolve'}
                        disabled={busy}
                        onClick={(event) => {
                          openerRef.current = event.currentTarget;
                          setMissing(false);
                          setOpen({ linkId: link.id, action: 'resolve' });
                        }}
                      >
                        {t('synergy.resolve')}
                        {about}
                      </button>
                    )}
                  </td>
                </tr>
              );
              if (!form) return [row];
              const dispute = form.action === 'dispute';
              return [
                row,
                <tr key={`${link.id}-form`} data-form={link.id} className="link-form">
                  <td colSpan={4}>
                    <form
                      noValidate
                      aria-label={`${t(dispute ? 'synergy.dispute' : 'synergy.resolve')}: ${link.guideline.title} – ${link.assessment.title}`}
                      className="stack"
                      onSubmit={(event) => submitForm(event, link, form)}
                    >
                      <label htmlFor={fieldId}>{t(dispute ? 'synergy.disputeReason' : 'synergy.resolution')}</label>
                      <textarea
                        id={fieldId}
                        name="text"
                        rows={3}
                        cols={60}
                        ref={fieldRef}
                        aria-required="true"
                        aria-invalid={missing || undefined}
                        aria-describedby={missing ? errorId : undefined}
                      />
                      {missing && (
                        <p id={errorId} role="alert" className="error field-error">
                          {t(dispute ? 'synergy.reasonRequired' : 'synergy.resolutionRequired')}
                        </p>
                      )}
                      {!dispute && (
                        <>
                          <label htmlFor={`${fieldId}-alignment`}>{t('synergy.newAlignment')}</label>
                          <select id={`${fieldId}-alignment`} name="alignment" defaultValue="">
                            <option value="">{t('synergy.alignmentUnchanged')}</option>
                            {ALIGNMENTS.map((a) => (
                              <option key={a} value={a}>
                                {t(`synergy.alignment.${a}`)}
                              </option>
                            ))}
                          </select>
                        </>
                      )}
                      <span className="actions">
                        <button type="submit" disabled={busy}>
                          {t(dispute ? 'synergy.disputeSubmit' : 'synergy.resolveSubmit')}
                        </button>
                        <button type="button" className="inline" onClick={close}>
                          {t('synergy.cancel')}
                        </button>
                      </span>
                    </form>
                  </td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
