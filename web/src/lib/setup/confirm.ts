/** The thing a confirmation dialog asks about, and the button that opened it, where focus goes back to. */
export interface Asked<T> {
  item: T;
  opener: HTMLElement | null;
}

/** What to ask about after a click on `event`'s button. */
export function askAbout<T>(item: T, event: MouseEvent): Asked<T> {
  return { item, opener: event.currentTarget instanceof HTMLElement ? event.currentTarget : null };
}

/**
 * Once a confirmation dialog closes: focus goes back to the button that opened it, or (that button gone, e.g. its row
 * removed by the change just confirmed) wherever `otherwise` puts it.
 */
export function returnFocus(asked: Asked<unknown> | null, otherwise?: () => void): void {
  if (asked?.opener?.isConnected) {
    asked.opener.focus();
  } else {
    otherwise?.();
  }
}
