/** Every text the kiosk shows, in English and Korean. Components only ever show `t(key)`. */

export type Language = 'en' | 'ko';

const en = {
  'app.title': 'Order here',
  'app.loading': 'Starting…',
  'language.toggle': '한국어',

  'offline.title': 'No connection',
  'offline.body': 'This kiosk is offline. Payments are paused and will resume by themselves when the connection is back.',

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
  'catalog.empty': 'Nothing on the menu right now.',
  'catalog.soldOut': 'Sold out',
  'cart.heading': 'Your order',
  'cart.empty': 'Tap an item to add it.',
  'cart.removeOne': 'Remove one',
  'cart.clear': 'Clear order',
  'cart.total': 'Total',
  'cart.pay': 'Pay {amount}',
  'cart.orderFailed': 'The order could not be started. Please try again.',

  'status.connecting': 'Connecting to the card reader…',
  'status.waiting_card': 'Insert or tap your card',
  'status.processing': 'Processing',
  'status.processingHint': 'Please keep your card on the reader until it is done.',
  'status.success': 'Payment successful',
  'status.failed': 'Payment declined',
  'status.cancelled': 'Payment cancelled',
  'status.checking': 'Checking the payment…',
  'status.attention': 'Please ask a member of staff',
  'status.readerBusy': 'The card reader is busy',

  'payment.amount': 'Amount to pay',
  'payment.cancel': 'Cancel',
  'payment.tryAnotherCard': 'Try another card',
  'payment.tryAgain': 'Try again',
  'payment.done': 'New order',
  'payment.card': '{brand} •••• {last4}',
  'payment.receiptQr': 'Scan for your receipt',
  'payment.returning': 'Back to the start in {seconds} s',
  'payment.tip': 'Including a tip of {amount}',

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

  'error.network': 'The connection dropped. Checking the payment…',
  'error.connectionToken': 'The kiosk could not reach the payment service. Trying again…',
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
  'decline.read_failed': 'The card could not be read. Please try again.',

  'dev.panel': 'Developer panel',
  'dev.testCard': 'Test card',
  'dev.tapCard': 'Tap card',
} as const;

export type MessageKey = keyof typeof en;

const ko: Record<MessageKey, string> = {
  'app.title': '여기에서 주문하세요',
  'app.loading': '시작하는 중…',
  'language.toggle': 'English',

  'offline.title': '연결 없음',
  'offline.body': '키오스크가 오프라인입니다. 결제가 잠시 멈췄으며 연결이 돌아오면 자동으로 다시 시작됩니다.',

  'pairing.title': '키오스크 연결',
  'pairing.body': '관리 콘솔에 표시된 이 키오스크의 연결 코드를 입력하거나 QR 코드를 스캔하세요.',
  'pairing.label': '연결 코드',
  'pairing.submit': '연결',
  'pairing.rejected': '코드가 맞지 않습니다. 확인 후 다시 시도하세요.',
  'pairing.used': '이미 사용된 코드입니다. 관리 콘솔에서 새 코드를 받으세요.',
  'pairing.expired': '만료된 코드입니다. 관리 콘솔에서 새 코드를 받으세요.',
  'pairing.tooMany': '시도 횟수가 너무 많습니다. 1분 후 다시 시도하세요.',
  'pairing.disabled': '사용 중지된 키오스크입니다. 관리 콘솔에서 다시 사용하도록 설정한 뒤 시도하세요.',

  'catalog.heading': '메뉴',
  'catalog.empty': '지금은 메뉴가 없습니다.',
  'catalog.soldOut': '품절',
  'cart.heading': '주문 내역',
  'cart.empty': '상품을 눌러 담으세요.',
  'cart.removeOne': '하나 빼기',
  'cart.clear': '주문 비우기',
  'cart.total': '합계',
  'cart.pay': '{amount} 결제',
  'cart.orderFailed': '주문을 시작하지 못했습니다. 다시 시도하세요.',

  'status.connecting': '카드 리더기에 연결하는 중…',
  'status.waiting_card': '카드를 넣거나 대주세요',
  'status.processing': '결제 처리 중',
  'status.processingHint': '완료될 때까지 카드를 리더기에 두세요.',
  'status.success': '결제 완료',
  'status.failed': '결제 거절',
  'status.cancelled': '결제 취소됨',
  'status.checking': '결제를 확인하는 중…',
  'status.attention': '직원에게 문의하세요',
  'status.readerBusy': '카드 리더기 사용 중',

  'payment.amount': '결제 금액',
  'payment.cancel': '취소',
  'payment.tryAnotherCard': '다른 카드로 결제',
  'payment.tryAgain': '다시 시도',
  'payment.done': '새 주문',
  'payment.card': '{brand} •••• {last4}',
  'payment.receiptQr': '영수증을 보려면 스캔하세요',
  'payment.returning': '{seconds}초 후 처음 화면으로 돌아갑니다',
  'payment.tip': '팁 {amount} 포함',

  'reader.lost': '카드 리더기 연결이 끊겼습니다. 다시 연결하는 중…',
  'reader.inUse': '카드 리더기가 다른 결제에 사용 중입니다. 다시 시도하는 중…',
  'reader.notFound': '카드 리더기를 찾지 못했습니다. 다시 시도하는 중…',
  'reader.busy': '카드 리더기가 이전 작업을 마무리하는 중입니다. 잠시만요…',
  'reader.localNetworkBlocked':
    '브라우저가 로컬 네트워크의 카드 리더기에 접속할 수 없습니다. 직원: Chrome 사이트 설정에서 이 사이트의 “로컬 네트워크 액세스”를 허용한 뒤(관리 태블릿은 LocalNetworkAccessAllowedForUrls 정책으로 허용) 다시 시도를 누르세요.',
  'reader.updateRequired':
    '카드 리더기의 소프트웨어 업데이트가 필요합니다. 직원: 업데이트가 끝날 때까지 리더기를 켜 두고 연결을 유지한 뒤 다시 시도를 누르세요.',
  'reader.softwareUnavailable':
    'Stripe에서 카드 리더기 소프트웨어를 불러오지 못했습니다. 직원: 인터넷 연결을 확인한 뒤 다시 시도를 누르세요.',
  'reader.offline':
    '카드 리더기가 오프라인입니다. 직원: 리더기가 켜져 있고 인터넷에 연결되어 있는지 확인한 뒤 다시 시도를 누르세요.',
  'reader.busyNow': '카드 리더기가 다른 결제를 처리하는 중입니다. 잠시 후 다시 시도를 누르세요.',
  'reader.none': '이 키오스크에는 아직 카드 리더기가 없습니다. 직원: 이 키오스크에 리더기를 등록한 뒤 다시 시도를 누르세요.',

  'error.network': '연결이 끊겼습니다. 결제를 확인하는 중…',
  'error.connectionToken': '결제 서비스에 연결하지 못했습니다. 다시 시도하는 중…',
  'error.generic': '카드 리더기에 문제가 생겼습니다. 다시 시도하는 중…',
  'error.outcomeUnknown': '결제를 확인하지 못했습니다. 다시 결제하기 전에 직원에게 문의하세요.',
  'error.attention': '이 결제는 직원 확인이 필요합니다. 두 번 청구되지 않았습니다.',

  'decline.card_declined': '카드가 거절되었습니다. 다른 카드를 사용하세요.',
  'decline.insufficient_funds': '카드 잔액이 부족합니다.',
  'decline.lost_card': '사용할 수 없는 카드입니다. 다른 카드를 사용하세요.',
  'decline.stolen_card': '사용할 수 없는 카드입니다. 다른 카드를 사용하세요.',
  'decline.expired_card': '유효기간이 지난 카드입니다.',
  'decline.processing_error': '카드를 처리하지 못했습니다. 다시 시도하세요.',
  'decline.incorrect_pin': '비밀번호가 틀렸습니다.',
  'decline.pin_try_exceeded': '비밀번호를 너무 많이 틀렸습니다. 다른 카드를 사용하세요.',
  'decline.call_issuer': '카드사에서 결제를 거절했습니다. 카드사에 문의하거나 다른 카드를 사용하세요.',
  'decline.withdrawal_count_limit_exceeded': '카드 한도에 도달했습니다. 다른 카드를 사용하세요.',
  'decline.card_not_supported': '지원하지 않는 카드입니다. 다른 카드를 사용하세요.',
  'decline.generic_decline': '카드가 거절되었습니다. 다른 카드를 사용하세요.',
  'decline.read_failed': '카드를 읽지 못했습니다. 다시 시도하세요.',

  // The developer panel is a tool for developers and tests, not for customers: it keeps one wording.
  'dev.panel': 'Developer panel',
  'dev.testCard': 'Test card',
  'dev.tapCard': 'Tap card',
};

const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, ko };

/** BCP 47 locale used for money and numbers in each language. */
export const LOCALES: Record<Language, string> = { en: 'en-US', ko: 'ko-KR' };

export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

export const otherLanguage = (language: Language): Language => (language === 'en' ? 'ko' : 'en');
