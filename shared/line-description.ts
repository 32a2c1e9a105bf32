import type { SessionLine } from './api.ts';

/** A session line as a reader's cart shows it: "Café Latte (Large, Iced, Extra shot)", in English. */
export const lineDescription = (line: Pick<SessionLine, 'name' | 'options'>): string =>
  line.options.length > 0 ? `${line.name} (${line.options.map((option) => option.name).join(', ')})` : line.name;
