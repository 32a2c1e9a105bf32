import { createResource, type Accessor } from 'solid-js';
import type { SessionSummary } from '../../../../shared/api.ts';
import { SESSION_STATUSES, type SessionStatus } from '../../../../shared/session-status.ts';
import * as api from '../api.ts';
import { localDayRange } from '../format.ts';
import { valueOf } from './resource-value.ts';

/** The sessions page's filters, as its address carries them (so a filtered list can be bookmarked and shared). */
export interface SessionQuery {
  store: string;
  kiosk: string;
  status: SessionStatus | '';
  /** YYYY-MM-DD, a day in the operator's own time zone. */
  date: string;
  /** The staff reference a kiosk showed a customer (the end of the session id). */
  reference: string;
}

/** What a staff reference looks like (any case): the kiosk shows 6 letters and digits. */
export const isReference = (text: string): boolean => /^[0-9a-f]{6,32}$/i.test(text);

export function sessionQueryOf(search: URLSearchParams): SessionQuery {
  const status = search.get('status') ?? '';
  const date = search.get('date') ?? '';
  const reference = search.get('reference') ?? '';
  return {
    store: search.get('store') ?? '',
    kiosk: search.get('kiosk') ?? '',
    status: (SESSION_STATUSES as readonly string[]).includes(status) ? (status as SessionStatus) : '',
    date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '',
    reference: isReference(reference) ? reference.toUpperCase() : '',
  };
}

export function searchOf(query: SessionQuery): URLSearchParams {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) search.set(name, value);
  return search;
}

function filtersOf(query: SessionQuery): api.SessionFilters {
  return {
    locationId: query.store || undefined,
    kioskId: query.kiosk || undefined,
    status: query.status || undefined,
    reference: query.reference || undefined,
    ...(query.date ? localDayRange(query.date) : {}),
  };
}

/** The ledger's sessions matching the query, newest first, a page at a time. */
export function createSessionList(query: Accessor<SessionQuery>) {
  const asked = () => JSON.stringify(query());
  const [list, { mutate, refetch }] = createResource(
    asked,
    async (filters): Promise<{ filters: string; rows: SessionSummary[]; next: string | null }> => {
      const page = await api.sessions(filtersOf(query()));
      return { filters, rows: page.sessions, next: page.nextCursor };
    },
  );

  async function more() {
    const current = list.latest;
    if (!current?.next) return;
    const page = await api.sessions(filtersOf(query()), current.next);
    // The list was read again meanwhile (other filters): this page follows rows no longer shown.
    if (valueOf(list) !== current) return;
    mutate({ ...current, rows: [...current.rows, ...page.sessions], next: page.nextCursor });
  }

  return {
    list,
    more,
    retry: () => void refetch(),
    /** Whether the rows answer the filters the operator chose last (after a failed read they may not). */
    answers: (loaded: { filters: string }) => loaded.filters === asked(),
  };
}
