/** Every text the kiosk shows, in Japanese. */
import type { LanguageFile } from '../i18n.ts';

export default {
  locale: 'ja-JP',
  texts: {
    'language.name': '日本語',
    'language.choose': '言語',

    'app.title': 'こちらでご注文ください',
    'app.loading': '起動しています…',

    'attract.title': 'いらっしゃいませ',
    'attract.start': '画面にタッチしてご注文を始めてください',
    'attract.languages': '言語を選んでください',

    'access.toggle': 'アクセシビリティモード',

    'offline.title': '接続がありません',
    'offline.body': 'このキオスクはオフラインです。決済は一時停止中で、接続が戻ると自動的に再開します。',
    'offline.kept': 'ご注文はそのまま残っています。接続が戻ると決済は自動的に続きます。',
    'offline.checking': 'カードはすでに決済されている可能性があります。確認中ですので、もう一度お支払いにならないでください。',

    'pairing.title': 'キオスクを接続',
    'pairing.body': '管理コンソールに表示されたこのキオスクの接続コードを入力するか、QRコードを読み取ってください。',
    'pairing.label': '接続コード',
    'pairing.submit': '接続',
    'pairing.rejected': 'このコードは使えませんでした。確認してもう一度お試しください。',
    'pairing.used': 'このコードは使用済みです。管理コンソールで新しいコードを発行してください。',
    'pairing.expired': 'このコードは期限切れです。管理コンソールで新しいコードを発行してください。',
    'pairing.tooMany': '試行回数が多すぎます。1分待ってからもう一度お試しください。',
    'pairing.disabled': 'このキオスクは無効になっています。管理コンソールで有効にしてからお試しください。',

    'catalog.heading': 'メニュー',
    'catalog.categories': 'カテゴリー',
    'catalog.empty': '現在メニューはありません。',
    'catalog.soldOut': '売り切れ',
    'catalog.all': 'すべて',

    'options.chooseOne': '1つ選択',
    'options.chooseExactly': '{count}個選択',
    'options.chooseUpTo': '{max}個まで選択',
    'options.chooseRange': '{min}〜{max}個選択',
    'options.add': '注文に追加、{amount}',
    'options.back': 'メニューに戻る',
    'options.missing': '先に{group}を選んでください。',

    'cart.heading': 'ご注文',
    'cart.empty': '商品をタッチして追加してください。',
    'cart.lineName': '{item}（{options}）',
    'cart.inOrder': '注文に{count}個',
    'cart.addOne': '{item}を1つ追加',
    'cart.removeOne': '{item}を1つ減らす',
    'cart.added': '{item}を追加しました。合計 {total}。',
    'cart.removed': '{item}を1つ減らしました。合計 {total}。',
    'cart.startOver': '最初からやり直す',
    'cart.total': '合計',
    'cart.pay': '{amount} を支払う',
    'cart.orderFailed': '注文を開始できませんでした。もう一度お試しください。',
    'cart.menuChanged': 'ご注文の中に注文できなくなった商品があったため、取り除きました。ご注文の内容をご確認ください。',

    'startOver.title': '最初からやり直しますか？',
    'startOver.body': 'ご注文の内容はすべて消去されます。',
    'startOver.confirm': 'はい、やり直す',
    'startOver.keep': 'いいえ、注文を続ける',

    'idle.title': 'ご注文を続けますか？',
    'idle.order': 'あと{seconds}秒でご注文の内容が消去されます。',
    'idle.payment': 'あと{seconds}秒でこのお支払いは取り消されます。',
    'idle.continue': '続ける',
    'idle.cancelPayment': '支払いを取り消す',

    'service.title': '店内でお召し上がりですか、お持ち帰りですか？',
    'service.dine_in': '店内で食べる',
    'service.take_away': '持ち帰る',

    'status.connecting': 'カードリーダーに接続しています…',
    'status.waiting_card': 'カードを挿入するか、かざしてください',
    'status.processing': '処理しています',
    'status.processingHint': '完了するまでカードをリーダーから離さないでください。',
    'status.success': 'お支払いが完了しました',
    'status.failed': 'お支払いが承認されませんでした',
    'status.cancelled': 'お支払いは取り消されました',
    'status.cancelling': 'お支払いを取り消しています…',
    'status.checking': 'お支払いを確認しています…',
    'status.attention': 'スタッフにお声がけください',
    'status.readerBusy': 'カードリーダーは使用中です',
    'status.readerStopped': '支払いは行われませんでした',

    'waiting.reader': 'この画面の横にあるカードリーダーをお使いください。',
    'waiting.wallets': 'スマートフォンやスマートウォッチでもお支払いいただけます。',

    'payment.amount': 'お支払い金額',
    'payment.cancel': '取り消す',
    'payment.tryAnotherCard': '別のカードで支払う',
    'payment.tryAgain': 'もう一度試す',
    'payment.done': '新しい注文',
    'payment.finish': '完了',
    'payment.backToOrder': 'ご注文に戻る',
    'payment.card': '{brand} •••• {last4}',
    'payment.receiptQr': '読み取ってレシートを表示',
    'payment.returning': 'あと{seconds}秒で最初の画面に戻ります',
    'payment.tip': 'チップ {amount} を含む',
    'payment.orderNumber': 'ご注文番号',
    'payment.orderNumberSoon': 'ご注文番号を発行しています…',
    'payment.orderNumberSaid': 'ご注文番号は{number}番です。',
    'payment.reference': 'スタッフ確認用番号：{reference}',

    'connection.lost': '接続が切れました。ご注文はそのままです。再接続しています…',
    'connection.checking': '接続が切れました。お支払いを確認中ですので、もう一度お支払いにならないでください。',

    'reader.lost': 'カードリーダーとの接続が切れました。再接続しています…',
    'reader.inUse': 'カードリーダーは別のお支払いに使用中です。再試行しています…',
    'reader.notFound': 'カードリーダーが見つかりません。再試行しています…',
    'reader.busy': 'カードリーダーが前の処理を終えるところです。少々お待ちください…',
    'reader.localNetworkBlocked':
      'このブラウザはローカルネットワーク上のカードリーダーに接続できない可能性があります。スタッフの方へ：Chromeのサイト設定でこのサイトの「ローカルネットワークへのアクセス」を許可し（管理対象のタブレットではLocalNetworkAccessAllowedForUrlsポリシー）、「もう一度試す」をタッチしてください。',
    'reader.updateRequired':
      'カードリーダーのソフトウェア更新が必要です。スタッフの方へ：更新が終わるまでリーダーの電源と接続を保ち、「もう一度試す」をタッチしてください。',
    'reader.softwareUnavailable':
      'Stripeからカードリーダーのソフトウェアを読み込めませんでした。スタッフの方へ：インターネット接続を確認し、「もう一度試す」をタッチしてください。',
    'reader.offline':
      'カードリーダーがオフラインです。スタッフの方へ：リーダーの電源が入り、インターネットに接続されていることを確認し、「もう一度試す」をタッチしてください。',
    'reader.busyNow': 'カードリーダーは別のお支払いを処理中です。少し待ってから「もう一度試す」をタッチしてください。',
    'reader.none': 'このキオスクにはまだカードリーダーがありません。スタッフの方へ：リーダーを登録してから「もう一度試す」をタッチしてください。',

    'error.connectionToken': '決済サービスに接続できませんでした。再試行しています…',
    'error.busy': '決済サービスが混み合っています。再試行しています…',
    'error.generic': 'カードリーダーで問題が起きました。再試行しています…',
    'error.outcomeUnknown': 'お支払いを確認できませんでした。もう一度お支払いになる前にスタッフにお声がけください。',
    'error.attention': 'このお支払いはスタッフの確認が必要です。二重に請求されてはいません。',

    'decline.card_declined': 'カードが承認されませんでした。別のカードをお使いください。',
    'decline.insufficient_funds': 'このカードの残高が不足しています。',
    'decline.lost_card': 'このカードはご利用いただけません。別のカードをお使いください。',
    'decline.stolen_card': 'このカードはご利用いただけません。別のカードをお使いください。',
    'decline.expired_card': 'このカードは有効期限が切れています。',
    'decline.processing_error': 'カードを処理できませんでした。もう一度お試しください。',
    'decline.incorrect_pin': '暗証番号が正しくありません。',
    'decline.pin_try_exceeded': '暗証番号の入力回数が上限を超えました。別のカードをお使いください。',
    'decline.call_issuer': 'カード会社がお支払いを承認しませんでした。カード会社にお問い合わせいただくか、別のカードをお使いください。',
    'decline.withdrawal_count_limit_exceeded': 'このカードは利用上限に達しています。別のカードをお使いください。',
    'decline.card_not_supported': 'このカードには対応していません。別のカードをお使いください。',
    'decline.generic_decline': 'カードが承認されませんでした。別のカードをお使いください。',
    'decline.reader_stopped': 'カードを読み取る前にカードリーダーが停止しました。請求はされていません。',
    'decline.reader_failed': 'お支払いは完了しませんでした。請求はされていません。もう一度お試しください。',
    'decline.read_failed': 'カードを読み取れませんでした。もう一度お試しください。',

    // The developer panel is a tool for developers and tests, not for customers: it keeps one wording.
    'dev.panel': 'Developer panel',
    'dev.testCard': 'Test card',
    'dev.tapCard': 'Tap card',
  },
} satisfies LanguageFile;
