import { describeDesignCards } from '../support/design-cards.ts';

// The kiosk drives its reader itself (Stripe's JS SDK; in simulated mode the worker's simulated reader).
describeDesignCards('js-sdk');
