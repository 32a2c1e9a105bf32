/** Every text the kiosk shows, in Korean. */
import type { LanguageFile } from '../i18n.ts';

export default {
  locale: 'ko-KR',
  texts: {
    'language.name': '한국어',
    'language.choose': '언어',

    'app.title': '여기에서 주문하세요',
    'app.loading': '시작하는 중…',

    'attract.title': '어서 오세요',
    'attract.start': '화면을 눌러 주문을 시작하세요',
    'attract.languages': '언어를 선택하세요',

    'access.toggle': '접근성 모드',

    'offline.title': '연결 없음',
    'offline.body': '키오스크가 오프라인입니다. 결제가 잠시 멈췄으며 연결이 돌아오면 자동으로 다시 시작됩니다.',
    'offline.kept': '주문은 그대로 있습니다. 연결이 돌아오면 결제가 자동으로 이어집니다.',
    'offline.checking': '카드가 이미 결제되었을 수 있습니다. 확인하고 있으니 다시 결제하지 마세요.',

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
    'catalog.categories': '분류',
    'catalog.empty': '지금은 메뉴가 없습니다.',
    'catalog.soldOut': '품절',
    'catalog.all': '전체',

    'options.chooseOne': '1개 선택',
    'options.chooseUpTo': '최대 {max}개 선택',
    'options.chooseRange': '{min}~{max}개 선택',
    'options.add': '주문에 담기, {amount}',
    'options.back': '메뉴로 돌아가기',
    'options.missing': '먼저 {group}을(를) 선택하세요.',

    'cart.heading': '주문 내역',
    'cart.empty': '상품을 눌러 담으세요.',
    'cart.lineName': '{item} ({options})',
    'cart.addOne': '{item} 하나 더하기',
    'cart.removeOne': '{item} 하나 빼기',
    'cart.added': '{item}을(를) 담았습니다. 합계 {total}.',
    'cart.removed': '{item} 하나를 뺐습니다. 합계 {total}.',
    'cart.startOver': '처음부터 다시',
    'cart.total': '합계',
    'cart.pay': '{amount} 결제',
    'cart.orderFailed': '주문을 시작하지 못했습니다. 다시 시도하세요.',

    'startOver.title': '처음부터 다시 할까요?',
    'startOver.body': '주문 내역이 모두 지워집니다.',
    'startOver.confirm': '네, 처음부터 다시',
    'startOver.keep': '아니요, 주문 유지',

    'idle.title': '계속 주문하시겠어요?',
    'idle.order': '{seconds}초 후 주문 내역이 지워집니다.',
    'idle.payment': '{seconds}초 후 이 결제가 취소됩니다.',
    'idle.continue': '계속하기',
    'idle.cancelPayment': '결제 취소',

    'service.title': '매장에서 드시나요, 포장하시나요?',
    'service.dine_in': '매장에서 먹기',
    'service.take_away': '포장하기',

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

    'waiting.reader': '이 화면 옆의 카드 리더기를 사용하세요.',
    'waiting.wallets': '휴대폰과 스마트워치로도 결제할 수 있습니다.',

    'payment.amount': '결제 금액',
    'payment.cancel': '취소',
    'payment.tryAnotherCard': '다른 카드로 결제',
    'payment.tryAgain': '다시 시도',
    'payment.done': '새 주문',
    'payment.finish': '완료',
    'payment.backToOrder': '주문으로 돌아가기',
    'payment.card': '{brand} •••• {last4}',
    'payment.receiptQr': '영수증을 보려면 스캔하세요',
    'payment.returning': '{seconds}초 후 처음 화면으로 돌아갑니다',
    'payment.tip': '팁 {amount} 포함',
    'payment.orderNumber': '주문 번호',
    'payment.orderNumberSoon': '주문 번호를 받는 중…',
    'payment.reference': '직원 확인용 번호: {reference}',

    'connection.lost': '연결이 끊겼습니다. 주문은 그대로 있습니다. 다시 연결하는 중…',
    'connection.checking': '연결이 끊겼습니다. 결제를 확인하고 있으니 다시 결제하지 마세요.',

    'reader.lost': '카드 리더기 연결이 끊겼습니다. 다시 연결하는 중…',
    'reader.inUse': '카드 리더기가 다른 결제에 사용 중입니다. 다시 시도하는 중…',
    'reader.notFound': '카드 리더기를 찾지 못했습니다. 다시 시도하는 중…',
    'reader.busy': '카드 리더기가 이전 작업을 마무리하는 중입니다. 잠시만요…',
    'reader.localNetworkBlocked':
      '브라우저가 로컬 네트워크의 카드 리더기에 접속할 수 없습니다. 직원: Chrome 사이트 설정에서 이 사이트의 “로컬 네트워크 액세스”를 허용한 뒤(관리 태블릿은 LocalNetworkAccessAllowedForUrls 정책으로 허용) 다시 시도를 누르세요.',
    'reader.updateRequired':
      '카드 리더기의 소프트웨어 업데이트가 필요합니다. 직원: 업데이트가 끝날 때까지 리더기를 켜 두고 연결을 유지한 뒤 다시 시도를 누르세요.',
    'reader.softwareUnavailable': 'Stripe에서 카드 리더기 소프트웨어를 불러오지 못했습니다. 직원: 인터넷 연결을 확인한 뒤 다시 시도를 누르세요.',
    'reader.offline': '카드 리더기가 오프라인입니다. 직원: 리더기가 켜져 있고 인터넷에 연결되어 있는지 확인한 뒤 다시 시도를 누르세요.',
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
  },
} satisfies LanguageFile;
