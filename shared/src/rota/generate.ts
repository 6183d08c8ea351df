import { addDays, dayInWords, daysBetween, isWeekend, isoWeekday, type CalendarDay } from '../calendar/dates.ts';
import { RotaContext, reviewersOf } from './check.ts';
import type { RotaEntry, RotaInput, RotaPerson, RotaProblem, RotaResult, RotaSchool } from './schemas.ts';
import { reviewWindow, termOf } from './year.ts';

/** Other orders tried before the generator gives up (each from the seed, so the answer stays the same). */
const ATTEMPTS = 12;

/** A small seeded generator (mulberry32): the same seed gives the same rota. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Which rules the diagnosis may set aside, to find the one that stops a review being placed. */
interface Relax {
  reciprocal: boolean;
  doubleBooked: boolean;
}
const STRICT: Relax = { reciprocal: false, doubleBooked: false };

/** Where "outside Lincolnshire" or "from another school" applies. */
function outsideWords(context: RotaContext, host: RotaSchool): string {
  return !context.input.options.allowSameLocalAuthority && host.localAuthority
    ? `outside ${host.localAuthority}`
    : 'from other schools';
}

/** Where the generator may place reviews: the year's window, from `earliest` when that is later. */
function windowOf(input: RotaInput): { from: CalendarDay; to: CalendarDay } {
  const window = reviewWindow(input.academicYear);
  return input.earliest && input.earliest > window.from ? { ...window, from: input.earliest } : window;
}

/** Start days of review slots in the window: weekdays with room for the review's days in the same week. */
function slotsOf(input: RotaInput): CalendarDay[][] {
  const { from, to } = windowOf(input);
  const length = input.options.reviewDays;
  const slots: CalendarDay[][] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (!isWeekend(day) && isoWeekday(day) + length - 1 <= 5) {
      slots.push(Array.from({ length }, (_, i) => addDays(day, i)));
    }
  }
  return slots;
}

/**
 * Reasons no rota can exist whatever the order, per school (docs/domain.md f): no lead reviewer, too few reviewers, no
 * improvement champion outside the team, or no day the host can host.
 */
function impossibilities(context: RotaContext, slots: CalendarDay[][]): RotaProblem[] {
  const { input } = context;
  const k = input.options.peerReviewers;
  const problems: RotaProblem[] = [];
  for (const host of input.schools) {
    const outside = outsideWords(context, host);
    const pool = input.people.filter(
      (p) =>
        context.schools.has(p.schoolId) &&
        p.schoolId !== host.id &&
        context.localAuthorityAllows(host, p.schoolId) &&
        context.trainedAs(p, 'peer_reviewer'),
    );
    const add = (rule: RotaProblem['rule'], message: string) => {
      problems.push({ rule, schoolId: host.id, message });
    };
    if (!slots.some((days) => context.hostCanHost(host, days))) {
      const { from, to } = windowOf(input);
      add(
        'school_day',
        `${host.name} has no school day between ${dayInWords(from)} and ${dayInWords(to)} for a review${host.phase === 'primary' ? ' outside the KS2 test week' : ''}. Check its term dates.`,
      );
    }
    if (!pool.some((p) => context.trainedAs(p, 'lead_reviewer'))) {
      add('lead_reviewer', `No trained lead reviewer ${outside} for ${host.name}.`);
      continue;
    }
    if (pool.length < k + 1) {
      add(
        'team_size',
        `Not enough peer reviewers ${outside} for ${host.name}: a review needs a lead reviewer and ${k} peer reviewers, and ${pool.length === 1 ? 'only 1 trained reviewer works' : `only ${pool.length} trained reviewers work`} ${outside}.`,
      );
      continue;
    }
    const champions = input.people.filter(
      (p) => context.schools.has(p.schoolId) && p.schoolId !== host.id && context.trainedAs(p, 'improvement_champion'),
    );
    const workable = champions.some((c) => {
      const rest = pool.filter((p) => p.userId !== c.userId && p.schoolId !== c.schoolId);
      return rest.length >= k + 1 && rest.some((p) => context.trainedAs(p, 'lead_reviewer'));
    });
    if (champions.length === 0) {
      add('champion', `No trained improvement champion from another school for ${host.name}.`);
    } else if (!workable) {
      add(
        'champion',
        `No improvement champion for ${host.name} from a school with no part in its review: every champion's school is needed to make up the review team. Train a champion at another school, or choose fewer peer reviewers.`,
      );
    }
  }
  return problems;
}

class Placement {
  readonly entries: RotaEntry[] = [];
  readonly #load = new Map<string, number>();
  readonly #busy = new Map<string, Set<CalendarDay>>();
  readonly #rank: Map<string, number>;
  readonly #context: RotaContext;

  constructor(context: RotaContext, random: () => number) {
    this.#context = context;
    this.#rank = new Map(context.input.people.map((p) => [p.userId, random()]));
  }

  /** Least loaded first; the seed breaks ties, so nobody is always picked first. */
  #byLoad = (a: RotaPerson, b: RotaPerson) =>
    (this.#load.get(a.userId) ?? 0) - (this.#load.get(b.userId) ?? 0) ||
    (this.#rank.get(a.userId) ?? 0) - (this.#rank.get(b.userId) ?? 0);

  /** Whether a review hosted by `schoolId` this term already has reviewers from `host` (they would review each other). */
  #reviewsHostThisTerm(schoolId: string, host: RotaSchool, days: readonly CalendarDay[]): boolean {
    const term = termOf(days[0] ?? '');
    return this.entries.some(
      (e) =>
        e.hostSchoolId === schoolId &&
        termOf(e.days[0] ?? '') === term &&
        reviewersOf(e).some((id) => this.#context.people.get(id)?.schoolId === host.id),
    );
  }

  /** A full team for the host on these days, or null. */
  team(host: RotaSchool, days: readonly CalendarDay[], relax: Relax): Omit<RotaEntry, 'hostSchoolId' | 'days'> | null {
    const context = this.#context;
    const { people, options } = context.input;
    const k = options.peerReviewers;
    const free = (p: RotaPerson) => relax.doubleBooked || !days.some((d) => this.#busy.get(p.userId)?.has(d));
    const reviewers = people.filter(
      (p) =>
        context.schools.has(p.schoolId) &&
        p.schoolId !== host.id &&
        context.trainedAs(p, 'peer_reviewer') &&
        context.localAuthorityAllows(host, p.schoolId) &&
        days.every((d) => context.schoolDay(p.schoolId, d).schoolDay) &&
        free(p) &&
        (relax.reciprocal || !this.#reviewsHostThisTerm(p.schoolId, host, days)),
    );
    const champions = people
      .filter(
        (p) =>
          context.schools.has(p.schoolId) && p.schoolId !== host.id && context.trainedAs(p, 'improvement_champion'),
      )
      .sort(this.#byLoad);
    for (const champion of champions) {
      const pool = reviewers.filter((p) => p.userId !== champion.userId && p.schoolId !== champion.schoolId);
      const lead = pool.filter((p) => context.trainedAs(p, 'lead_reviewer')).sort(this.#byLoad)[0];
      if (!lead || pool.length < k + 1) {
        continue;
      }
      const peers: RotaPerson[] = [];
      const fromSchool = new Map<string, number>([[lead.schoolId, 1]]);
      let rest = pool.filter((p) => p.userId !== lead.userId);
      while (peers.length < k && rest.length > 0) {
        // Reviewers from as many different schools as possible, then the least loaded.
        const next = [...rest].sort(
          (a, b) => (fromSchool.get(a.schoolId) ?? 0) - (fromSchool.get(b.schoolId) ?? 0) || this.#byLoad(a, b),
        )[0] as RotaPerson;
        peers.push(next);
        fromSchool.set(next.schoolId, (fromSchool.get(next.schoolId) ?? 0) + 1);
        rest = rest.filter((p) => p.userId !== next.userId);
      }
      return { leadReviewerId: lead.userId, peerReviewerIds: peers.map((p) => p.userId), championId: champion.userId };
    }
    return null;
  }

  add(entry: RotaEntry): void {
    this.entries.push(entry);
    for (const id of [...reviewersOf(entry), ...(entry.championId ? [entry.championId] : [])]) {
      this.#load.set(id, (this.#load.get(id) ?? 0) + 1);
    }
    for (const id of reviewersOf(entry)) {
      const busy = this.#busy.get(id) ?? new Set<CalendarDay>();
      entry.days.forEach((d) => busy.add(d));
      this.#busy.set(id, busy);
    }
  }
}

/** One pass in one order: every host placed near its share of the year, or the first host that could not be. */
function place(
  context: RotaContext,
  slots: CalendarDay[][],
  random: () => number,
): { entries: RotaEntry[] } | { problem: RotaProblem } {
  const { input } = context;
  const order = shuffled(input.schools, random);
  const placement = new Placement(context, random);
  const window = windowOf(input);
  const span = Math.max(0, daysBetween(window.from, window.to));
  for (const [index, host] of order.entries()) {
    // Spread over the year: each host aims at its share of the window.
    const target = addDays(window.from, Math.round(((index + 0.5) * span) / order.length));
    const preference = (days: CalendarDay[]) => {
      const first = days[0] ?? '';
      // Mondays and Fridays only when nothing nearby suits: they are the hardest days to be away from school.
      const edge = isoWeekday(first) === 1 || isoWeekday(first) === 5 ? 3 : 0;
      return Math.abs(daysBetween(target, first)) + edge;
    };
    const candidates = slots
      .filter((days) => context.hostCanHost(host, days))
      .sort((a, b) => preference(a) - preference(b));
    let placed = false;
    for (const days of candidates) {
      const team = placement.team(host, days, STRICT);
      if (team) {
        placement.add({ hostSchoolId: host.id, days, ...team });
        placed = true;
        break;
      }
    }
    if (!placed) {
      return { problem: diagnose(context, placement, host, candidates) };
    }
  }
  const position = new Map(input.schools.map((s, i) => [s.id, i]));
  const entries = [...placement.entries].sort(
    (a, b) =>
      (a.days[0] ?? '').localeCompare(b.days[0] ?? '') ||
      (position.get(a.hostSchoolId) ?? 0) - (position.get(b.hostSchoolId) ?? 0),
  );
  return { entries };
}

/** Which rule stopped a host from getting a team on any of its days: the one whose absence would let it through. */
function diagnose(
  context: RotaContext,
  placement: Placement,
  host: RotaSchool,
  candidates: CalendarDay[][],
): RotaProblem {
  const works = (relax: Relax) => candidates.some((days) => placement.team(host, days, relax) !== null);
  const k = context.input.options.peerReviewers;
  if (works({ reciprocal: true, doubleBooked: false })) {
    return {
      rule: 'reciprocal',
      schoolId: host.id,
      message: `No team for ${host.name} without two schools reviewing each other in the same term. Add trained reviewers at other schools, or choose fewer peer reviewers.`,
    };
  }
  if (works({ reciprocal: false, doubleBooked: true }) || works({ reciprocal: true, doubleBooked: true })) {
    return {
      rule: 'double_booked',
      schoolId: host.id,
      message: `No team for ${host.name}: on every day it can host, the trained reviewers ${outsideWords(context, host)} are already reviewing another school. Add trained reviewers, or choose fewer peer reviewers.`,
    };
  }
  return {
    rule: 'school_day',
    schoolId: host.id,
    message: `No day when ${host.name} and the schools of a full team (a lead reviewer, ${k} peer reviewers ${outsideWords(context, host)} and an improvement champion) are all open. Check the schools' term dates, or choose fewer peer reviewers.`,
  };
}

/**
 * A proposed rota for the year (docs/domain.md f), the same for the same input and seed: every member school hosts
 * one review, placed near its share of the year, with a lead reviewer and peer reviewers from other schools (other
 * local authorities unless allowed), an improvement champion from a school with no part in it, no two schools
 * reviewing each other in one term, nobody in two places on one day, and every day a school day for the host and
 * the reviewers' schools (the KS2 test week avoided for primary hosts). Load is shared out: the least used person
 * is chosen first. When the rules cannot all be kept, the answer names the rule and the school, and no rota.
 */
export function generateRota(input: RotaInput): RotaResult {
  const context = new RotaContext(input);
  const slots = slotsOf(input);
  const impossible = impossibilities(context, slots);
  if (impossible.length > 0) {
    return { ok: false, problems: impossible };
  }
  let first: RotaProblem | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const result = place(context, slots, seededRandom(input.options.seed * 7919 + attempt));
    if ('entries' in result) {
      return { ok: true, rota: { academicYear: input.academicYear, options: input.options, entries: result.entries } };
    }
    first ??= result.problem;
  }
  return { ok: false, problems: first ? [first] : [] };
}
