import { useEffect, useRef, useState, type ReactNode } from 'react';
import { describeError, requestFailed, type Handled } from './errors';
import { formatNumber, useT } from './format';
import { currentSession } from './session';

export type Health = 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK';
export type Status = 'PLANNED' | 'IN_PROGRESS' | 'DONE' | 'DELAYED' | 'CANCELLED';
export const STATUSES: Status[] = ['PLANNED', 'IN_PROGRESS', 'DELAYED', 'DONE', 'CANCELLED'];
export const HEALTHS: Health[] = ['ON_TRACK', 'AT_RISK', 'OFF_TRACK'];

/**
 * Health in words and colour; the word carries the meaning, the colour only repeats it. DONE and
 * CANCELLED have no health: the badge then names the status.
 */
export function HealthBadge({ health, status }: { health: Health | null | undefined; status?: Status }) {
  const t = useT();
  const label = health ? t(`health.${health}`) : status ? t(`status.${status}`) : t('health.NONE');
  return <span className={`badge health-${health ?? 'NONE'}`}>{label}</span>;
}

export function StatusText({ status }: { status: Status }) {
  const t = useT();
  return <span className={`status status-${status}`}>{t(`status.${status}`)}</span>;
}

/**
 * A page: its heading takes the focus when the page opens (a screen reader announces where it is), and
 * `ready` marks the moment its first data is on screen (the browser tests measure first views by it).
 */
export function Page({
  title,
  ready,
  name,
  children,
}: {
  title: string;
  ready: boolean;
  name: string;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const t = useT();
  useEffect(() => {
    document.title = `${title} — ${t('app.title')}`;
    heading.current?.focus();
  }, [title, t]);
  useEffect(() => {
    if (!ready) return;
    performance.mark(`iza:ready:${name}`);
    document.body.dataset.ready = name;
    return () => {
      delete document.body.dataset.ready;
    };
  }, [ready, name]);
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p role="status" className="loading">
      {t('app.loading')}
    </p>
  );
}

/**
 * A failure in the page's language, by the error's code (web/src/errors.ts); what the API said stays
 * under "Technische details". Codes in `handled` are ones the page recovers from itself: their sentence
 * shows as a notice, not an alert.
 */
export function ErrorMessage({ error, handled }: { error: unknown; handled?: Handled }) {
  const t = useT();
  const { code, id, values, field, detail } = describeError(error);
  const own = code ? handled?.[code] : undefined;
  if (own)
    return (
      <p role="status" className="notice">
        {t(own)}
      </p>
    );
  return (
    <div role="alert" className="error">
      <p>{t(id, values)}</p>
      {field && <p>{t('error.field', { field })}</p>}
      {detail && (
        <details>
          <summary>{t('error.detail')}</summary>
          <p lang="en">{detail}</p>
        </details>
      )}
    </div>
  );
}

/**
 * A link to an export. Signed in, the file is fetched with the session's token and handed to the browser
 * (a plain link sends no token, and the export would answer as to an anonymous visitor); anonymous, it is
 * a plain link.
 */
export function DownloadLink({ href, filename, children }: { href: string; filename: string; children: ReactNode }) {
  const [failed, setFailed] = useState<unknown>(null);
  return (
    <>
      <a
        href={href}
        download={filename}
        onClick={(event) => {
          const session = currentSession();
          if (!session) return;
          event.preventDefault();
          setFailed(null);
          fetch(href, { headers: { authorization: `Bearer ${session.token}` } })
            .then(async (response) => {
              if (!response.ok) throw await requestFailed(response);
              const url = URL.createObjectURL(await response.blob());
              const link = document.createElement('a');
              link.href = url;
              link.download = filename;
              link.click();
              setTimeout(() => URL.revokeObjectURL(url), 10_000);
            })
            .catch(setFailed);
        }}
      >
        {children}
      </a>
      {failed !== null && <ErrorMessage error={failed} />}
    </>
  );
}

/** The `asOf` (peildatum) picker: a form, so the day is applied once, by the button or Enter. */
export function AsOfPicker({ value, onApply }: { value: string; onApply: (day: string | null) => void }) {
  const t = useT();
  return (
    <form
      className="as-of"
      onSubmit={(event) => {
        event.preventDefault();
        const day = new FormData(event.currentTarget).get('asOf');
        onApply(typeof day === 'string' && day ? day : null);
      }}
    >
      <label htmlFor="as-of">{t('common.asOf')}</label>
      <input id="as-of" name="asOf" type="date" defaultValue={value} key={value} />
      <button type="submit">{t('common.apply')}</button>
    </form>
  );
}

/**
 * "Meer laden" under a list that has more than it shows: says how many are left (when the API counts them)
 * and, for a screen reader, which list it extends. Every paged list of the dashboard uses this one button.
 */
export function MoreButton({
  list,
  label,
  left,
  onClick,
}: {
  /** data-more, by which the browser tests find it. */
  list: string;
  /** The list's name (its heading). */
  label: string;
  /** How many items are not shown yet; null when the API gives no count. */
  left: number | null;
  onClick: () => void;
}) {
  const t = useT();
  return (
    <button type="button" data-more={list} onClick={onClick}>
      {t('common.more')}
      {left !== null && ` (${formatNumber(left)})`}
      <span className="visually-hidden">: {label}</span>
    </button>
  );
}
