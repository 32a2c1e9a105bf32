import { describeDesignCards } from '../support/design-cards.ts';

// The worker hands each payment to the reader; the kiosk follows it on the session's live channel.
describeDesignCards('server-driven');
