/** Checks run in the page (`locator.evaluate`): whether a customer can see and touch an element. */

/** Why a customer cannot see or touch the element (after scrolling it into view), or null when they can. */
export function unreachable(element: Element): string | null {
  element.scrollIntoView({ block: 'center' });
  const box = element.getBoundingClientRect();
  if (box.height === 0) return 'no height';
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const style = getComputedStyle(parent);
    if (style.overflowY !== 'visible') {
      const edge = parent.getBoundingClientRect();
      if (box.bottom > edge.bottom + 1 || box.top < edge.top - 1) {
        return `cut off by .${parent.className}: ${Math.round(box.top)}-${Math.round(box.bottom)} outside ${Math.round(edge.top)}-${Math.round(edge.bottom)}`;
      }
    }
    // A modal dialog is drawn in the top layer: the page's scrollers around it in the document do not clip it.
    if (parent.matches('dialog:modal')) break;
  }
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit && (element === hit || element.contains(hit)) ? null : `covered by ${hit?.outerHTML.slice(0, 80)}`;
}

/** Why the customer cannot see the whole element on the screen as it is (without scrolling), or null when they can. */
export function outOfView(element: Element): string | null {
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight + 1) return `outside the screen: ${Math.round(box.top)}-${Math.round(box.bottom)} of ${innerHeight}`;
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (getComputedStyle(parent).overflowY !== 'visible') {
      const edge = parent.getBoundingClientRect();
      if (box.bottom > edge.bottom + 1 || box.top < edge.top - 1) {
        return `scrolled out of .${parent.className}: ${Math.round(box.top)}-${Math.round(box.bottom)} outside ${Math.round(edge.top)}-${Math.round(edge.bottom)}`;
      }
    }
    // A modal dialog is drawn in the top layer: the page's scrollers around it in the document do not clip it.
    if (parent.matches('dialog:modal')) break;
  }
  return null;
}
