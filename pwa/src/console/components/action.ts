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
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ ok: true, text: await work() });
      return true;
    } catch (err) {
      setOutcome({ ok: false, text: problem(err) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** Says why the action was not even tried (the operator's input), as a failure. */
  const refuse = (text: string) => setOutcome({ ok: false, text });

  return { busy, outcome, run, refuse, clear: () => setOutcome(null) };
}
