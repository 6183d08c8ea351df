import { dayInWords, daysBetween, isoWeekday, type CalendarDay } from '../calendar/dates.ts';
import { clashesWithKs2Tests } from '../calendar/review-deadlines.ts';
import { NonSchoolDayReasonWords } from '../calendar/school-calendar.ts';
import { TeamLimits } from '../domain/review-states.ts';
import type { Rota, RotaConflict, RotaEntry, RotaInput, RotaPerson, RotaRole, RotaSchool } from './schemas.ts';
import { TermLabel, academicYearSpan, termOf } from './year.ts';

/** Lookups over a rota's input, shared by the checker and the generator so both apply the same rules. */
export class RotaContext {
  readonly input: RotaInput;
  readonly schools: Map<string, RotaSchool>;
  readonly people: Map<string, RotaPerson>;
  readonly #schoolDays = new Map<string, ReturnType<RotaInput['schoolDay']>>();

  constructor(input: RotaInput) {
    this.input = input;
    this.schools = new Map(input.schools.map((s) => [s.id, s]));
    this.people = new Map(input.people.map((p) => [p.userId, p]));
  }

  schoolName(schoolId: string): string {
    return this.schools.get(schoolId)?.name ?? 'a school that has left the partnership';
  }

  personName(userId: string): string {
    return this.people.get(userId)?.displayName ?? 'Someone no longer available';
  }

  /** Memoised: the generator asks the same school and day many times. */
  schoolDay(schoolId: string, day: CalendarDay): ReturnType<RotaInput['schoolDay']> {
    const key = `${schoolId} ${day}`;
    let answer = this.#schoolDays.get(key);
    if (!answer) {
      answer = this.input.schoolDay(schoolId, day);
      this.#schoolDays.set(key, answer);
    }
    return answer;
  }

  /** Whether a review of `host` may take place on `days` as far as the host is concerned (open, no KS2 tests). */
  hostCanHost(host: RotaSchool, days: readonly CalendarDay[]): boolean {
    return days.every((d) => this.schoolDay(host.id, d).schoolDay && !clashesWithKs2Tests(host.phase, d));
  }

  /** Whether someone from `schoolId` may review `host` under the local-authority option. */
  localAuthorityAllows(host: RotaSchool, schoolId: string): boolean {
    if (this.input.options.allowSameLocalAuthority || host.localAuthority === null) {
      return true;
    }
    return this.schools.get(schoolId)?.localAuthority !== host.localAuthority;
  }

  trainedAs(person: RotaPerson, role: RotaRole): boolean {
    // A lead reviewer is an experienced peer reviewer (docs/domain.md a), so may also serve as one.
    return person.roles.includes(role) || (role === 'peer_reviewer' && person.roles.includes('lead_reviewer'));
  }
}

/** The reviewers of an entry (lead first), without gaps. */
export function reviewersOf(entry: RotaEntry): string[] {
  return [...(entry.leadReviewerId ? [entry.leadReviewerId] : []), ...entry.peerReviewerIds];
}

/** Whether a review's days are distinct school days in order within one week. */
export function daysAreOneRun(days: readonly CalendarDay[]): boolean {
  for (let i = 1; i < days.length; i += 1) {
    const before = days[i - 1] ?? '';
    const at = days[i] ?? '';
    if (!(before < at) || daysBetween(before, at) > 4 || isoWeekday(at) <= isoWeekday(before)) {
      return false;
    }
  }
  return true;
}

/**
 * Every rule an edited rota breaks (docs/domain.md f), each on the review it concerns; none means the rota can be
 * published. The generator's rotas always pass (property-tested).
 */
export function checkRota(rota: Rota, input: RotaInput): RotaConflict[] {
  const context = new RotaContext({ ...input, options: rota.options });
  const conflicts: RotaConflict[] = [];
  const hosted = new Set(rota.entries.map((e) => e.hostSchoolId));
  for (const school of input.schools) {
    if (!hosted.has(school.id)) {
      conflicts.push({
        rule: 'every_school_hosts',
        hostSchoolId: school.id,
        message: `${school.name} has no review in this rota. Every school hosts at least one review a year.`,
      });
    }
  }
  for (const entry of rota.entries) {
    conflicts.push(...entryConflicts(context, rota, entry));
  }
  conflicts.push(...crossEntryConflicts(context, rota));
  return conflicts;
}

function entryConflicts(context: RotaContext, rota: Rota, entry: RotaEntry): RotaConflict[] {
  const out: RotaConflict[] = [];
  const add = (rule: RotaConflict['rule'], message: string) => {
    out.push({ rule, hostSchoolId: entry.hostSchoolId, message });
  };
  const host = context.schools.get(entry.hostSchoolId);
  if (!host) {
    add('unknown_school', 'The host of this review is no longer one of the partnership’s schools.');
    return out;
  }
  const { options } = rota;
  const dayWord = options.reviewDays === 1 ? 'day' : 'days';
  if (entry.days.length !== options.reviewDays) {
    add(
      'review_length',
      `Reviews in this rota last ${options.reviewDays} ${dayWord}; this one has ${entry.days.length}.`,
    );
  } else if (!daysAreOneRun(entry.days)) {
    add('review_length', 'The review days must be different days in order, in the same week.');
  }
  const year = academicYearSpan(rota.academicYear);
  for (const day of entry.days) {
    if (day < year.from || day > year.to) {
      add('outside_year', `${dayInWords(day)} is outside the ${rota.academicYear} academic year.`);
    }
    if (clashesWithKs2Tests(host.phase, day)) {
      add('ks2_tests', `${dayInWords(day)} is in the KS2 test week, which primary schools like ${host.name} avoid.`);
    }
  }

  const team = reviewersOf(entry);
  if (!entry.leadReviewerId) {
    add('lead_reviewer', 'This review has no lead reviewer.');
  }
  if (entry.peerReviewerIds.length < TeamLimits.minPeerReviewers) {
    add(
      'team_size',
      `A review needs ${TeamLimits.minPeerReviewers} to ${TeamLimits.maxPeerReviewers} peer reviewers besides the lead reviewer; this one has ${entry.peerReviewerIds.length}.`,
    );
  }
  const everyone = [...team, ...(entry.championId ? [entry.championId] : [])];
  const twice = everyone.filter((id, i) => everyone.indexOf(id) !== i);
  for (const id of new Set(twice)) {
    add('one_role_each', `${context.personName(id)} has more than one place on this review; each person has one.`);
  }
  const roleOf = (id: string): RotaRole =>
    id === entry.leadReviewerId ? 'lead_reviewer' : id === entry.championId ? 'improvement_champion' : 'peer_reviewer';
  const roleWords: Record<RotaRole, string> = {
    lead_reviewer: 'a lead reviewer',
    peer_reviewer: 'a peer reviewer',
    improvement_champion: 'an improvement champion',
  };
  for (const id of new Set(everyone)) {
    const person = context.people.get(id);
    if (!person) {
      add('trained', 'Someone on this review is no longer one of the partnership’s trained reviewers.');
      continue;
    }
    if (!context.trainedAs(person, roleOf(id))) {
      add('trained', `${person.displayName} is not trained as ${roleWords[roleOf(id)]}.`);
    }
  }

  const teamSchools = new Set<string>();
  for (const id of new Set(team)) {
    const person = context.people.get(id);
    if (!person) {
      continue;
    }
    teamSchools.add(person.schoolId);
    if (person.schoolId === host.id) {
      add('own_school', `${person.displayName} works at ${host.name}, so cannot review it.`);
    } else if (!context.localAuthorityAllows(host, person.schoolId)) {
      add(
        'same_local_authority',
        `${person.displayName} works at ${context.schoolName(person.schoolId)}, also in ${host.localAuthority ?? ''}: in this rota reviewers come from other local authorities.`,
      );
    }
  }
  for (const schoolId of [host.id, ...teamSchools]) {
    for (const day of entry.days) {
      const answer = context.schoolDay(schoolId, day);
      if (!answer.schoolDay) {
        const label = answer.label ? ` (${answer.label})` : '';
        add(
          'school_day',
          `${dayInWords(day)} is not a school day at ${context.schoolName(schoolId)}: ${NonSchoolDayReasonWords[answer.reason]}${label}.`,
        );
      }
    }
  }

  if (!entry.championId) {
    add('champion', 'This review has no improvement champion.');
  } else {
    const champion = context.people.get(entry.championId);
    if (champion && (champion.schoolId === host.id || teamSchools.has(champion.schoolId))) {
      add(
        'champion',
        `${champion.displayName}, the improvement champion, works at ${context.schoolName(champion.schoolId)}, which takes part in this review. The champion comes from a school with no part in it.`,
      );
    }
  }
  return out;
}

/** Rules between reviews: no two schools reviewing each other in one term, nobody in two places on one day. */
function crossEntryConflicts(context: RotaContext, rota: Rota): RotaConflict[] {
  const out: RotaConflict[] = [];
  const schoolsOnTeam = (entry: RotaEntry) =>
    new Set(reviewersOf(entry).flatMap((id) => context.people.get(id)?.schoolId ?? []));
  const entries = rota.entries.filter((e) => context.schools.has(e.hostSchoolId) && e.days.length > 0);
  for (const [i, a] of entries.entries()) {
    for (const b of entries.slice(i + 1)) {
      const aHost = a.hostSchoolId;
      const bHost = b.hostSchoolId;
      const aTerm = termOf(a.days[0] ?? '');
      if (
        aHost !== bHost &&
        aTerm === termOf(b.days[0] ?? '') &&
        schoolsOnTeam(a).has(bHost) &&
        schoolsOnTeam(b).has(aHost)
      ) {
        const message = `${context.schoolName(aHost)} and ${context.schoolName(bHost)} review each other in the ${TermLabel[aTerm]}. Move one of the two reviews to another term, or change a reviewer.`;
        out.push(
          { rule: 'reciprocal', hostSchoolId: aHost, message },
          { rule: 'reciprocal', hostSchoolId: bHost, message },
        );
      }
      const shared = a.days.filter((d) => b.days.includes(d));
      if (shared.length > 0) {
        const aPeople = [...reviewersOf(a)];
        for (const id of reviewersOf(b).filter((p) => aPeople.includes(p))) {
          const day = dayInWords(shared[0] ?? '');
          out.push(
            {
              rule: 'double_booked',
              hostSchoolId: aHost,
              message: `${context.personName(id)} is also reviewing ${context.schoolName(bHost)} on ${day}.`,
            },
            {
              rule: 'double_booked',
              hostSchoolId: bHost,
              message: `${context.personName(id)} is also reviewing ${context.schoolName(aHost)} on ${day}.`,
            },
          );
        }
      }
    }
  }
  return out;
}
