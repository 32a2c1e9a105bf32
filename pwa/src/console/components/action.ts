import { createSignal } from 'solid-js';
import { useTexts } from '../text.ts';
import type { Outcome } from './Feedback.tsx';

/** One kind of operator action on a page: whether it is running, and how it went (for <Feedback>). */
export function useAction() {
  const { problem } = useTexts();
  const [busy, setBusy] = createSignal(false);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  /** Runs the work; what it answers is said as its success. Answers whether it worked. */
  async function run(work: () => Promise<string>): Promise<boolean> {
    // The button that started the work is disabled while it runs, which takes the keyboard's focus from it: it gets the
    // focus back before the outcome is said, unless the operator has moved on.
    const started = document.activeElement;
    setBusy(true);
    setOutcome(null);
    let done: Outcome;
    try {
      done = { ok: true, text: await work() };
    } catch (err) {
      done = { ok: false, text: problem(err) };
    }
    setBusy(false);
    if (started instanceof HTMLElement && started.isConnected && document.activeElement === document.body) started.focus();
    setOutcome(done);
    return done.ok;
  }

  /** Says why the action was not even tried (the operator's input), as a failure. */
  const refuse = (text: string) => setOutcome({ ok: false, text });

  return { busy, outcome, run, refuse, clear: () => setOutcome(null) };
}
