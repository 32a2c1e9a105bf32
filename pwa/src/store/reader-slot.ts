import type { KioskConfigResponse } from '../../../shared/api.ts';
import { createCheckoutDriver, type CheckoutDriver, type ReaderStatus } from '../checkout/driver.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

const ignore = () => undefined;

/** Whether the reader's software loaded, for the kiosk's reload policy. */
export interface SoftwareWatch {
  loaded(): void;
  failed(): void;
}

/**
 * The kiosk's reader driver: loaded with its chunk for the kiosk's configuration, replaced (the old one disposed) when
 * the kiosk's modes or reader change. `current` rejects when the chunk could not be loaded.
 */
export function createReaderSlot(dispatch: KioskStateSignal['dispatch'], software: SoftwareWatch) {
  const status: ReaderStatus = {
    trouble: (notice) => dispatch({ type: 'reader_trouble', notice }),
    recovered: () => dispatch({ type: 'reader_recovered' }),
    softwareLoaded: () => software.loaded(),
    softwareUnavailable: () => software.failed(),
  };
  let driver: Promise<CheckoutDriver> | null = null;
  let driverFor: string | null = null;
  /** The driver once loaded, for questions that cannot wait for it. */
  let loaded: CheckoutDriver | null = null;

  function prepare(config: KioskConfigResponse) {
    const key = `${config.mode} ${config.readerMode} ${config.readerId}`;
    if (driver && driverFor === key) return;
    driver?.then((old) => old.dispose(), ignore);
    driverFor = key;
    loaded = null;
    const created = createCheckoutDriver(config, status);
    driver = created;
    created.then((ready) => {
      if (driver === created) loaded = ready;
      ready.warmUp();
    }, status.softwareUnavailable);
  }

  /** Runs `use` with the driver once it is loaded; nothing if there is none or it could not load. */
  const withDriver = async (use: (reader: CheckoutDriver) => unknown): Promise<void> => {
    await driver?.then(use, ignore);
  };

  return {
    prepare,
    current: () => driver,
    loaded: () => loaded,
    withDriver,
  };
}

export type ReaderSlot = ReturnType<typeof createReaderSlot>;
