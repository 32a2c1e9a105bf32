/**
 * Run in the page (`page.evaluate`): the Korean words (runs of Hangul, with any digits they hold: "결제", "37분") that
 * the visible text breaks over two lines, each with the text around it. Korean keeps a word whole and breaks at spaces
 * (or at punctuation, before "(" say); a word wider than its whole box cannot stay on one line, and is left out.
 */
export function splitKoreanWords(): string[] {
  const found: string[] = [];
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = texts.nextNode(); text; text = texts.nextNode()) {
    const parent = text.parentElement;
    if (!parent || parent.closest('.visually-hidden, script, style') || !parent.checkVisibility({ visibilityProperty: true })) continue;
    let box: Element = parent;
    while (['inline', 'contents'].includes(getComputedStyle(box).display) && box.parentElement) box = box.parentElement;
    const style = getComputedStyle(box);
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of (text.textContent ?? '').matchAll(/[\d\uac00-\ud7a3]*[\uac00-\ud7a3][\d\uac00-\ud7a3]*/g)) {
      const range = document.createRange();
      range.setStart(text, word.index);
      range.setEnd(text, word.index + word[0].length);
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
      if (rects.length < 2) continue;
      const tops = rects.map((rect) => rect.top);
      if (Math.max(...tops) - Math.min(...tops) < rects[0]!.height / 2) continue;
      if (rects.reduce((width, rect) => width + rect.width, 0) > room + 1) continue;
      found.push(`"${word[0]}" in "${(text.textContent ?? '').trim().slice(0, 60)}"`);
    }
  }
  return found;
}
