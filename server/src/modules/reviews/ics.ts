import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

/**
 * The one iCalendar (RFC 5545) builder for review sessions: the download (PUBLISH) and the emailed invitations
 * (REQUEST, then REQUEST with a higher SEQUENCE when the session moves, CANCEL when it is called off). A session
 * keeps one UID for its life, so calendars update or remove the event they already hold. Times are written in UTC.
 */
export function sessionInvitation(event: {
  uid: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  url: string;
  method?: CalendarMethod;
  sequence?: number;
  /** When this version was made (DTSTAMP); now unless given. */
  stamp?: Date;
  /** Required by calendars for REQUEST and CANCEL: who sends it ("Name <address>" or an address). */
  organizer?: string;
  attendees?: { email: string; name: string }[];
}): string {
  const method = event.method ?? 'PUBLISH';
  const calendar = ical({
    prodId: { company: 'Crosswalk', product: 'Peer review', language: 'EN' },
    method: ICalCalendarMethod[method],
  });
  calendar.createEvent({
    id: `${event.uid}@crosswalk`,
    sequence: event.sequence ?? 0,
    stamp: event.stamp ?? new Date(),
    start: event.startsAt,
    end: event.endsAt,
    summary: event.title,
    description: event.description,
    url: event.url,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: event.organizer ?? null,
    attendees: (event.attendees ?? []).map((attendee) => ({
      email: attendee.email,
      name: attendee.name,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: false,
    })),
  });
  return calendar.toString();
}
