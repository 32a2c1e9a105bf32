/**
 * Every text the kiosk shows, in English: the keys every language has. A new language is one more file like this one
 * (`ko.ts`, `ja.ts`): its locale, for numbers and money, and its texts.
 */
const texts = {
  'language.name': 'English',
  'language.choose': 'Language',

  'app.title': 'Order here',

  'attract.title': 'Welcome',
  'attract.start': 'Touch to start your order',
  'attract.languages': 'Choose your language',

  'access.toggle': 'Accessibility mode',

  'offline.title': 'No connection',
  'offline.body': 'This kiosk is offline. Payments are paused and will resume by themselves when the connection is back.',
  'offline.kept': 'Your order is kept. The payment goes on by itself when the connection is back.',
  'offline.checking': 'Your card may already have been charged. We are checking: please do not pay again.',

  'pairing.title': 'Pair this kiosk',
  'pairing.body': 'Enter the pairing code the admin console shows for this kiosk, or scan its QR code.',
  'pairing.label': 'Pairing code',
  'pairing.submit': 'Pair',
  'pairing.rejected': 'That code was not accepted. Check it and try again.',
  'pairing.used': 'That code was already used. Ask the admin console for a new one.',
  'pairing.expired': 'That code has expired. Ask the admin console for a new one.',
  'pairing.tooMany': 'Too many attempts. Wait a minute, then try again.',
  'pairing.disabled': 'This kiosk is disabled. Enable it in the admin console, then try again.',

  'catalog.heading': 'Menu',
  'catalog.categories': 'Categories',
  'catalog.empty': 'Nothing on the menu right now.',
  'catalog.soldOut': 'Sold out',
  'catalog.all': 'All',

  'options.chooseOne': 'Choose 1',
  'options.chooseExactly': 'Choose {count}',
  'options.chooseUpTo': 'Choose up to {max}',
  'options.chooseRange': 'Choose {min} to {max}',
  'options.add': 'Add to order, {amount}',
  'options.back': 'Back to the menu',
  'options.missing': 'Choose {group} first.',

  'cart.heading': 'Your order',
  'cart.empty': 'Tap an item to add it.',
  /** A line of the order with its options: in the cart's − and + buttons' names (two lines of one item differ only by their options), and on the payment screen. */
  'cart.lineName': '{item} ({options})',
  /** How many of an item or a line are in the order, for screen readers (the screen shows ×2). */
  'cart.inOrder': '{count} in your order',
  'cart.addOne': 'Add one {item}',
  'cart.removeOne': 'Remove one {item}',
  'cart.added': '{item} added. Total {total}.',
  'cart.removed': 'One {item} removed. Total {total}.',
  'cart.startOver': 'Start over',
  'cart.total': 'Total',
  'cart.pay': 'Pay {amount}',
  'cart.orderFailed': 'The order could not be started. Please try again.',
  'cart.totalTooHigh': 'The total is more than this kiosk can take. Please remove something, or ask staff.',
  'cart.totalRefused': 'This kiosk cannot take this total. Please change your order, or ask staff.',
  'cart.menuChanged': 'Something in your order is no longer available and was taken out. Please check your order.',

  'startOver.title': 'Start over?',
  'startOver.body': 'Your order will be cleared.',
  'startOver.confirm': 'Yes, start over',
  'startOver.keep': 'No, keep my order',

  'idle.title': 'Are you still there?',
  'idle.order': 'Your order will be cleared in {seconds} s.',
  'idle.payment': 'This payment will be cancelled in {seconds} s.',
  'idle.continue': 'Continue',
  'idle.cancelPayment': 'Cancel payment',

  'service.title': 'Eat here or take away?',
  'service.dine_in': 'Eat here',
  'service.take_away': 'Take away',

  'status.connecting': 'Connecting to the card reader…',
  'status.waiting_card': 'Insert or tap your card',
  'status.processing': 'Processing',
  'status.processingHint': 'Please keep your card on the reader until it is done.',
  'status.success': 'Payment successful',
  'status.failed': 'Payment declined',
  'status.cancelled': 'Payment cancelled',
  'status.cancelling': 'Cancelling the payment…',
  'status.checking': 'Checking the payment…',
  'status.attention': 'Please ask a member of staff',
  'status.readerBusy': 'The card reader is busy',
  'status.readerStopped': 'Payment not taken',

  'waiting.reader': 'Use the card reader next to this screen.',
  'waiting.wallets': 'Phones and watches work too.',

  'payment.amount': 'Amount to pay',
  'payment.cancel': 'Cancel',
  'payment.tryAnotherCard': 'Try another card',
  'payment.tryAgain': 'Try again',
  'payment.done': 'New order',
  'payment.finish': 'Done',
  'payment.backToOrder': 'Back to your order',
  'payment.card': '{brand} •••• {last4}',
  'payment.receiptQr': 'Scan for your receipt',
  'payment.returning': 'Back to the start in {seconds} s',
  'payment.tip': 'Including a tip of {amount}',
  'payment.orderNumber': 'Your order number',
  'payment.orderNumberSoon': 'Your order number is on its way…',
  /** For screen readers: focus is on the paid screen's heading, and the number shown under it is not read by itself. */
  'payment.orderNumberSaid': 'Your order number is {number}.',
  'payment.reference': 'Reference for staff: {reference}',

  'connection.lost': 'The connection dropped. Your order is kept: reconnecting…',
  'connection.checking': 'The connection dropped. We are checking your payment: please do not pay again.',

  'reader.lost': 'The card reader was disconnected. Reconnecting…',
  'reader.inUse': 'The card reader is busy with another payment. Trying again…',
  'reader.notFound': 'No card reader found. Trying again…',
  'reader.busy': 'The card reader is finishing something. One moment…',
  'reader.localNetworkBlocked':
    'This browser may not reach the card reader on the local network. Staff: allow “Local network access” for this site in Chrome’s site settings (or the LocalNetworkAccessAllowedForUrls policy on managed tablets), then tap Try again.',
  'reader.updateRequired':
    'The card reader needs a software update. Staff: keep the reader switched on and connected until it has updated itself, then tap Try again.',
  'reader.softwareUnavailable':
    'The card reader software could not be loaded from Stripe. Staff: check the internet connection, then tap Try again.',
  'reader.offline':
    'The card reader is offline. Staff: make sure it is switched on and connected to the internet, then tap Try again.',
  'reader.busyNow': 'The card reader is busy with another payment. Please wait a moment, then tap Try again.',
  'reader.none': 'This kiosk has no card reader yet. Staff: register one for this kiosk, then tap Try again.',

  'error.connectionToken': 'The kiosk could not reach the payment service. Trying again…',
  'error.busy': 'The payment service is busy. Trying again…',
  'error.generic': 'Something went wrong with the card reader. Trying again…',
  'error.outcomeUnknown': 'We could not confirm the payment. Please ask a member of staff before paying again.',
  'error.attention': 'This payment needs a member of staff. You have not been charged twice.',

  'decline.card_declined': 'Your card was declined. Please try another card.',
  'decline.insufficient_funds': 'There is not enough money on this card.',
  'decline.lost_card': 'This card cannot be used. Please use another card.',
  'decline.stolen_card': 'This card cannot be used. Please use another card.',
  'decline.expired_card': 'This card has expired.',
  'decline.processing_error': 'The card could not be processed. Please try again.',
  'decline.incorrect_pin': 'The PIN was incorrect.',
  'decline.pin_try_exceeded': 'Too many wrong PIN attempts. Please use another card.',
  'decline.call_issuer': 'Your bank declined the payment. Please contact your bank or use another card.',
  'decline.withdrawal_count_limit_exceeded': 'This card has reached its limit. Please use another card.',
  'decline.card_not_supported': 'This card is not supported. Please use another card.',
  'decline.generic_decline': 'Your card was declined. Please try another card.',
  'decline.reader_stopped': 'The card reader stopped before a card was read. You have not been charged.',
  'decline.reader_failed': 'The payment did not go through. You have not been charged. Please try again.',
  'decline.read_failed': 'The card could not be read. Please try again.',

  'dev.panel': 'Developer panel',
  'dev.testCard': 'Test card',
  'dev.tapCard': 'Tap card',
};

export default { locale: 'en-US', texts };
