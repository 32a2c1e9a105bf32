import type { CatalogResponse } from '../../shared/api.ts';
import { log } from '../log.ts';
import { kioskMenu } from './catalog-store.ts';

/**
 * How old a kiosk's menu may be: an operator's change (a price, a sold-out item) reaches the kiosk's menu and the
 * prices of its new sessions within this, plus one D1 read, which keeps it under the promised 5 seconds.
 */
export const MENU_MAX_AGE_MS = 4_000;

/**
 * A kiosk's menu as its object keeps it in memory: read from D1 only once it is older than MENU_MAX_AGE_MS, by one
 * read however many requests want it meanwhile. Reads go to D1's primary (Sessions API `first-primary`): a read
 * replica may be arbitrarily far behind (D1's read replication docs), which would break the promise above, and one
 * read per kiosk every few seconds is a small load. While D1 fails, the kiosk keeps selling from the menu it has.
 */
export class MenuCache {
  private cached: { key: string; menu: CatalogResponse; readAt: number } | null = null;
  private reading: { key: string; menu: Promise<CatalogResponse> } | null = null;

  constructor(private readonly db: D1Database) {}

  async menuFor(currency: string, locationId: string): Promise<CatalogResponse> {
    const key = `${currency} ${locationId}`;
    if (this.cached?.key === key && Date.now() - this.cached.readAt < MENU_MAX_AGE_MS) return this.cached.menu;
    if (this.reading?.key !== key) {
      const menu = this.read(key, currency, locationId).finally(() => {
        if (this.reading?.menu === menu) this.reading = null;
      });
      this.reading = { key, menu };
    }
    return this.reading.menu;
  }

  private async read(key: string, currency: string, locationId: string): Promise<CatalogResponse> {
    // As fresh as the moment the read began: that is when its age starts.
    const readAt = Date.now();
    try {
      const menu = await kioskMenu(this.db.withSession('first-primary'), currency, locationId);
      this.cached = { key, menu, readAt };
      return menu;
    } catch (err) {
      if (this.cached?.key !== key) throw err;
      log.warn('menu_read_failed', { locationId, error: String(err) });
      return this.cached.menu;
    }
  }
}
