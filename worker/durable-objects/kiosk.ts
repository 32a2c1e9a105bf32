import { DurableObject } from 'cloudflare:workers';
import type { CatalogResponse, CreateSessionRequest, KioskView, SessionView } from '../../shared/api.ts';
import { kioskAccess } from '../auth/kiosk-access.ts';
import { DEV_KIOSK_ID, type KioskCredential } from '../auth/kiosk-token.ts';
import { MenuCache } from '../catalog/menu-cache.ts';
import { requestFingerprint } from '../checkout/session-record.ts';
import { sessionTimeoutMs } from '../config.ts';
import { failure, isFailure, type Failure } from '../errors.ts';
import { KioskBudgets } from '../kiosks/kiosk-budgets.ts';
import { tellCheckouts } from '../kiosks/credential-push.ts';
import { authOf, kioskRow, kioskView, type KioskAuth, type KioskRecord } from '../kiosks/kiosk-record.ts';
import { adoptedKiosk, devKioskInput, DEV_KIOSK_NAME, provisionedKiosk, withLaterSettings, type LegacyKiosk, type ProvisionInput } from '../kiosks/kiosk-creation.ts';
import { defaultLanguage, languageProblem, orderProblem, type KioskSettings } from '../kiosks/kiosk-settings.ts';
import { kioskRetryDelay } from '../kiosks/kiosk-retries.ts';
import { priceCart } from '../kiosks/pricing.ts';
import { readerStatusOfOpening, type ReaderStatus } from '../kiosks/presence.ts';
import { PresenceKeeper } from '../kiosks/presence-keeper.ts';
import { provisionDevStore } from '../kiosks/provisioning.ts';
import { RecentSessions, sessionIdFor } from '../kiosks/recent-sessions.ts';
import { LedgerOutbox } from '../ledger/outbox.ts';
import { log } from '../log.ts';
import { sessionObject } from '../objects.ts';

type Ok<T> = { ok: true } & T;

/** A reader webhook, reduced to what routing it needs. */
export interface ReaderEvent {
  id: string;
  type: string;
  readerId: string;
  /** The PaymentIntent of the reader's action, if it is a payment. */
  paymentIntentId: string | null;
}

/**
 * One kiosk: its token hash, configuration, enabled/disabled, failed-authentication throttling, its recent sessions
 * and last seen. Every request of this kiosk that is not about one checkout comes here, and only here; nothing
 * shared by the fleet is on its path. Its checkouts check the kiosk's token themselves, from a copy this object
 * pushes to them whenever the token or `disabled` changes, so a rotation or a disable holds on their very next request.
 * Its parts live in `kiosks/`: its recent checkouts (`recent-sessions.ts`, `credential-push.ts`), presence and the
 * store's notices (`presence-keeper.ts`), budgets (`kiosk-budgets.ts`), how its record is made (`kiosk-creation.ts`)
 * and what its settings refuse of an order (`kiosk-settings.ts`).
 */
export class Kiosk extends DurableObject<Env> {
  private readonly ledger: LedgerOutbox;
  private readonly menus: MenuCache;
  private readonly sessions: RecentSessions;
  private devProvisioning: Promise<KioskRecord> | null = null;
  private readonly budgets = new KioskBudgets(() => this.load()?.id);
  private readonly presence: PresenceKeeper;
  /**
   * Alarms in a row whose work failed (see `kioskRetryDelay`); an alarm whose work all succeeds starts again from the
   * first delay. Kept in memory, as a checkout's ledger failures are: a restarted object starts again from it too.
   */
  private alarmFailures = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ledger = new LedgerOutbox(ctx.storage.sql, env.DB);
    this.menus = new MenuCache(env.DB);
    this.sessions = new RecentSessions(ctx.storage.sql);
    this.presence = new PresenceKeeper(ctx.storage, env, () => this.load(), () => this.retryDelay());
  }

  private load(): KioskRecord | undefined {
    return withLaterSettings(this.ctx.storage.kv.get<KioskRecord>('kiosk'));
  }

  /** Saves a change operators can see: the ledger gets the new snapshot, written off this request's path. */
  private save(kiosk: KioskRecord): KioskRecord {
    const saved = { ...kiosk, revision: kiosk.revision + 1 };
    this.ctx.storage.kv.put('kiosk', saved);
    this.ledger.put({ table: 'kiosks', row: kioskRow(saved) });
    this.presence.kioskChanged();
    void this.ctx.storage.setAlarm(Date.now());
    return saved;
  }

  // ---- operators --------------------------------------------------------------------------------------------------

  /** Creates the kiosk; provisioning the same id again returns it unchanged. */
  provision(input: ProvisionInput): KioskView {
    const existing = this.load();
    if (existing) return kioskView(existing);
    return kioskView(this.save(provisionedKiosk(input, Date.now(), sessionTimeoutMs(this.env) / 1000)));
  }

  /** Takes over a kiosk from the pre-upgrade registry (once; afterwards this object is the truth). */
  adoptLegacy(legacy: LegacyKiosk): void {
    if (this.load()) return;
    this.save(adoptedKiosk(legacy, sessionTimeoutMs(this.env) / 1000));
  }

  view(): KioskView | null {
    const kiosk = this.load();
    return kiosk ? kioskView(kiosk) : null;
  }

  /** Changes the kiosk's settings; its default language must stay one it offers. */
  configure(settings: KioskSettings): KioskView | Failure | null {
    const kiosk = this.load();
    if (!kiosk) return null;
    const changed = { ...kiosk, ...settings };
    return languageProblem(changed.language, changed.languages) ?? kioskView(this.save(changed));
  }

  /** Makes the reader this kiosk's own; false when it already has another. */
  bindReader(readerId: string, status: ReaderStatus | null = null): { bound: boolean; kiosk: KioskView } | null {
    const kiosk = this.load();
    if (!kiosk) return null;
    if (kiosk.readerId && kiosk.readerId !== readerId) return { bound: false, kiosk: kioskView(kiosk) };
    if (kiosk.readerId === readerId) return { bound: true, kiosk: kioskView(kiosk) };
    const saved = this.save({ ...kiosk, readerId });
    this.presence.readerReplaced(status);
    return { bound: true, kiosk: kioskView(saved) };
  }

  unbindReader(readerId: string): KioskView | null {
    const kiosk = this.load();
    if (!kiosk) return null;
    if (kiosk.readerId !== readerId) return kioskView(kiosk);
    const saved = this.save({ ...kiosk, readerId: null, readerSessionId: null });
    this.presence.readerReplaced(null);
    return kioskView(saved);
  }

  async setDisabled(disabled: boolean): Promise<KioskView | null> {
    const kiosk = this.load();
    if (!kiosk) return null;
    if (kiosk.disabled === disabled) return kioskView(kiosk);
    const saved = this.save({ ...kiosk, disabled, credentialVersion: kiosk.credentialVersion + 1 });
    await this.pushCredentials();
    return kioskView(saved);
  }

  /** Replaces the kiosk's token: the old one stops working at once, here and in every open checkout. */
  async rotateToken(tokenHash: string): Promise<KioskView | null> {
    const kiosk = this.load();
    if (!kiosk) return null;
    const saved = this.save({
      ...kiosk,
      tokenHash,
      legacyTokenHash: null,
      onDevToken: false,
      credentialVersion: kiosk.credentialVersion + 1,
      tokenRotatedAt: Date.now(),
    });
    await this.pushCredentials();
    return kioskView(saved);
  }

  // ---- the kiosk's own requests -----------------------------------------------------------------------------------

  /** Checks the kiosk's token; answers with the kiosk's configuration and the auth its checkouts hold. */
  async authenticate(credential: KioskCredential): Promise<Ok<{ kiosk: KioskView; auth: KioskAuth }> | Failure> {
    const kiosk = await this.current(credential);
    if (!kiosk) return failure(401, 'unauthorized', 'This kiosk token is not valid');
    const refused = kioskAccess(authOf(kiosk), credential);
    if (refused) return refused.status === 401 ? this.budgets.failedAttempt(refused) : refused;
    await this.presence.seen();
    return { ok: true, kiosk: kioskView(kiosk), auth: authOf(kiosk) };
  }

  /** The kiosk's sign of life every half minute, with what the tablet knows of its reader (SDK mode). */
  async heartbeat(credential: KioskCredential, reader?: 'connected' | 'disconnected'): Promise<Ok<{ kiosk: KioskView }> | Failure> {
    const authenticated = await this.authenticate(credential);
    if (isFailure(authenticated)) return authenticated;
    if (reader && this.load()!.readerMode === 'js-sdk') await this.presence.readerSeen(reader === 'connected' ? 'online' : 'offline');
    return { ok: true, kiosk: authenticated.kiosk };
  }

  /**
   * May the kiosk make a request its budget counts now (a connection token, a call about its reader)? Its token is
   * checked first: a wrong one spends nothing of the kiosk's budget.
   */
  async spend(credential: KioskCredential, budget: 'connectionTokens' | 'readerActions'): Promise<Ok<{ kiosk: KioskView }> | Failure> {
    const authenticated = await this.authenticate(credential);
    if (isFailure(authenticated)) return authenticated;
    return this.budgets.overQuota(budget) ?? { ok: true, kiosk: authenticated.kiosk };
  }

  /**
   * May the kiosk have Stripe act on this reader (simulated mode), and on this payment if the action is about one? Only
   * its own reader, and only a PaymentIntent one of its own checkouts created: another kiosk's, or one that does not
   * exist, is the same 404, so nothing tells which. The action counts against the kiosk's budget either way.
   */
  async actOnReader(credential: KioskCredential, readerId: string, paymentIntentId?: string): Promise<Ok<{ kiosk: KioskView }> | Failure> {
    const spent = await this.spend(credential, 'readerActions');
    if (isFailure(spent)) return spent;
    if (readerId !== spent.kiosk.readerId) return failure(404, 'reader_not_found', 'No such reader at this kiosk');
    if (paymentIntentId === undefined) return spent;
    return this.sessions.ownsPaymentIntent(paymentIntentId) ? spent : failure(404, 'payment_intent_not_found', 'No such payment');
  }

  /**
   * Prices the cart and opens the checkout: the kiosk's object records it (to tell it about token changes) and the
   * checkout's own object creates the PaymentIntent. A retried create (same Idempotency-Key) reaches the same checkout,
   * which answers an order sent exactly as before itself: what changed since on the menu or the kiosk does not touch it.
   */
  async openSession(
    credential: KioskCredential,
    request: CreateSessionRequest,
    idempotencyKey: string | undefined,
  ): Promise<Ok<{ session: SessionView; created: boolean }> | Failure> {
    const authenticated = await this.authenticate(credential);
    if (isFailure(authenticated)) return authenticated;
    const { kiosk, auth } = authenticated;
    // Every create counts, a replay too: its checkout may call Stripe again (a PaymentIntent it could not create yet).
    const limited = this.budgets.overQuota('sessions');
    if (limited) return limited;
    const sessionId = await sessionIdFor(kiosk.id, idempotencyKey);
    const order = requestFingerprint(request);
    const retried = this.sessions.knows(sessionId) ? await sessionObject(this.env, sessionId).reopen(kiosk.id, order) : null;
    const opened = retried ?? (await this.openNewSession(kiosk, auth, sessionId, request, order));
    if (!isFailure(opened) && opened.session.paymentIntentId) this.sessions.paymentIntentCreated(opened.session.paymentIntentId);
    // Server-driven mode: whether the reader took the payment is the freshest word on it the fleet view can get.
    const reader = kiosk.readerMode === 'server-driven' ? readerStatusOfOpening(opened) : null;
    if (reader) await this.presence.readerSeen(reader);
    return opened;
  }

  /** A new order (or one the checkout cannot answer alone): checked against the kiosk's settings and menu, and opened. */
  private async openNewSession(
    kiosk: KioskView,
    auth: KioskAuth,
    sessionId: string,
    { items, serviceMode }: CreateSessionRequest,
    order: string,
  ): Promise<Ok<{ session: SessionView; created: boolean }> | Failure> {
    const serverDriven = kiosk.readerMode === 'server-driven';
    const refused = orderProblem(kiosk, serviceMode);
    if (refused) return refused;
    const menu = await this.menuOf(kiosk);
    if (isFailure(menu)) return menu;
    const priced = priceCart(items, menu.menu);
    if (isFailure(priced)) return priced;
    // A replayed create of an order the kiosk has since moved on from (a later one exists) gets its own checkout back
    // as it is: it never takes the reader from the later one. A retry of the latest order is handled as it was.
    const overtaken = this.sessions.overtaken(sessionId);
    this.sessions.opening(sessionId, auth.version);
    if (serverDriven && !overtaken) {
      // One reader takes one payment at a time: an earlier checkout still holding it (its customer walked away) ends.
      const previous = this.load()!.readerSessionId;
      if (previous && previous !== sessionId && !this.sessions.hasEnded(previous)) {
        const ended = await sessionObject(this.env, previous).supersede();
        if (isFailure(ended) && ended.code === 'payment_in_progress') {
          return failure(409, 'reader_busy', 'The card reader is still processing the previous payment. Please try again in a moment.');
        }
      }
      // The reader's webhooks name the reader, not the checkout: remember whose payment the reader is taking.
      this.ctx.storage.kv.put('kiosk', { ...this.load()!, readerSessionId: sessionId });
    }
    // The latest auth: the kiosk may have been disabled or its token rotated while the menu was read or the reader freed.
    const kioskAuth = authOf(this.load()!);
    const opened = await sessionObject(this.env, sessionId).open({
      sessionId,
      kioskId: kiosk.id,
      locationId: kiosk.locationId,
      items: priced.lines,
      serviceMode: serviceMode ?? null,
      amount: priced.amount,
      currency: kiosk.currency,
      timeZone: kiosk.timeZone,
      timeoutMs: kiosk.sessionTimeoutSeconds * 1000,
      kioskAuth,
      reader: serverDriven ? { id: kiosk.readerId!, tipping: kiosk.tipping } : null,
      requestFingerprint: order,
    });
    if (authOf(this.load()!).version !== kioskAuth.version) {
      // Changed while the checkout was opening: the change may have reached it before it existed. It hears it now.
      this.sessions.told(sessionId, kioskAuth.version);
      await this.pushCredentials();
    }
    return opened;
  }

  /**
   * A webhook about this kiosk's reader: handed to the checkout the reader is working for, if the event is about that
   * checkout's payment (the checkout checks that itself).
   */
  async readerEvent(event: ReaderEvent): Promise<{ known: boolean; duplicate: boolean }> {
    const kiosk = this.load();
    if (!kiosk || kiosk.readerId !== event.readerId || !kiosk.readerSessionId) return { known: false, duplicate: false };
    return sessionObject(this.env, kiosk.readerSessionId).applyReaderEvent(event);
  }

  // ---- the menu ---------------------------------------------------------------------------------------------------

  /** The kiosk's menu (`GET /api/catalog`): the fleet catalog in its currency, with its store's sold-out items. */
  async catalog(credential: KioskCredential): Promise<Ok<{ menu: CatalogResponse }> | Failure> {
    const authenticated = await this.authenticate(credential);
    if (isFailure(authenticated)) return authenticated;
    return this.menuOf(authenticated.kiosk);
  }

  /** The menu new sessions are priced from: at most a few seconds behind the fleet catalog (see MenuCache). */
  private async menuOf(kiosk: KioskView): Promise<Ok<{ menu: CatalogResponse }> | Failure> {
    try {
      return { ok: true, menu: await this.menus.menuFor(kiosk.currency, kiosk.locationId) };
    } catch (err) {
      log.error('menu_unavailable', { kioskId: kiosk.id, error: String(err) });
      return failure(503, 'menu_unavailable', 'The menu could not be loaded. Please try again in a moment.');
    }
  }

  // ---- pairing -----------------------------------------------------------------------------------------------------

  /**
   * A tablet paired with a one-time code gets a fresh token, as a rotation gives: the tablet that had the kiosk's
   * token before is signed out. A disabled kiosk pairs no tablet, and a code given before the token last changed
   * pairs none either: the rotation may have landed while this code was being exchanged.
   */
  async pairTablet(tokenHash: string, codeIssuedAt: number): Promise<Ok<{ kiosk: KioskView }> | Failure> {
    const kiosk = this.load();
    if (!kiosk) return failure(404, 'kiosk_not_found', 'This kiosk no longer exists');
    if (kiosk.disabled) return failure(403, 'kiosk_disabled', 'This kiosk has been disabled by an operator');
    if (codeIssuedAt < kiosk.tokenRotatedAt) return failure(410, 'pairing_code_expired', 'That pairing code has expired. Ask for a new one.');
    return { ok: true, kiosk: (await this.rotateToken(tokenHash))! };
  }

  /** A checkout of this kiosk has ended: it no longer holds the reader, and hears token changes for a while yet. */
  sessionEnded(sessionId: string): void {
    this.sessions.ended(sessionId);
  }

  /**
   * The kiosk record, provisioning the development kiosk on its first use (simulated mode only: the worker gives a
   * `dev` credential only there) and following a changed DEV_KIOSK_TOKEN until an operator rotates it.
   */
  private async current(credential: KioskCredential): Promise<KioskRecord | undefined> {
    const kiosk = this.load();
    if (!credential.dev || credential.kioskId !== DEV_KIOSK_ID) return kiosk;
    if (!kiosk) {
      this.devProvisioning ??= this.provisionDevKiosk(credential.tokenHash).finally(() => (this.devProvisioning = null));
      return this.devProvisioning;
    }
    if (kiosk.onDevToken && kiosk.tokenHash !== credential.tokenHash) {
      // DEV_KIOSK_TOKEN was changed: the new value takes over, and the old one stops working (here and in checkouts).
      const saved = this.save({ ...kiosk, tokenHash: credential.tokenHash, credentialVersion: kiosk.credentialVersion + 1 });
      await this.pushCredentials();
      return saved;
    }
    return kiosk;
  }

  private async provisionDevKiosk(tokenHash: string): Promise<KioskRecord> {
    const store = await provisionDevStore(this.env, DEV_KIOSK_ID, DEV_KIOSK_NAME);
    const existing = this.load();
    if (existing) return existing;
    this.provision(devKioskInput(store, defaultLanguage(this.env), tokenHash));
    return this.save({ ...this.load()!, onDevToken: true });
  }

  /**
   * Tells this kiosk's checkouts its current auth (see `tellCheckouts`); the alarm retries those that could not be told.
   * Answers whether all were told.
   */
  private async pushCredentials(): Promise<boolean> {
    const kiosk = this.load();
    if (!kiosk) return true;
    const untold = await tellCheckouts(this.env, this.sessions, kiosk.id, authOf(kiosk));
    if (untold) await this.armRetry();
    return !untold;
  }

  /** Writes the kiosk's pending ledger rows to D1; answers whether D1 took them (the alarm retries if not). */
  private async flushLedger(): Promise<boolean> {
    try {
      await this.ledger.flush();
      return true;
    } catch (err) {
      log.error('ledger_write_failed', { kioskId: this.load()?.id, failures: this.alarmFailures + 1, error: String(err) });
      await this.armRetry();
      return false;
    }
  }

  /** The wait before trying again, should the work being tried now fail. */
  private retryDelay(): number {
    return kioskRetryDelay(this.alarmFailures + 1);
  }

  /** Arms the alarm to try failed work again; one already due sooner stays. */
  private async armRetry(): Promise<void> {
    const at = Date.now() + this.retryDelay();
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  override async alarm(): Promise<void> {
    if (!this.load()) return;
    const written = await this.flushLedger();
    const checkoutsTold = await this.pushCredentials();
    this.sessions.forgetOld();
    this.presence.noticeQuiet();
    const storeTold = await this.presence.tellStore();
    this.alarmFailures = written && checkoutsTold && storeTold ? 0 : this.alarmFailures + 1;
    await this.presence.armAlarm();
  }
}
