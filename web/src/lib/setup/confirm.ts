/** The thing a confirmation dialog asks about, and the button that opened it, where focus goes back to. */
export interface Asked<T> {
  item: T;
  opener: HTMLElement | null;
}

/** What to ask about after a click on `event`'s button. */
export function askAbout<T>(item: T, event: MouseEvent): Asked<T> {
  return { item, opener: event.currentTarget instanceof HTMLElement ? event.currentTarget : null };
}
