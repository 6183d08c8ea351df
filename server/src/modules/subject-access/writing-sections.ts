import {
  boardDocumentName,
  readNote,
  ReviewStateLabel,
  SessionKindInSentence,
  type ReviewState,
  type SessionKind,
} from '@crosswalk/shared';
import type { Logger } from '../../logger.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import { quoted, reviewName, when, type SubjectAccessSection } from './section.ts';

/** The review a row belongs to, named by its host school and year: joined as `r` and `hs` in the queries below. */
interface ReviewNamed {
  hostSchool: string;
  academicYear: string;
}

const stateLabel = (state: string): string =>
  state in ReviewStateLabel ? ReviewStateLabel[state as ReviewState] : state.replace(/_/g, ' ');
const sessionKind = (kind: string): string =>
  kind in SessionKindInSentence ? SessionKindInSentence[kind as SessionKind] : kind;

/** The video sessions they joined, and when they were let in from a lobby. */
export const sessionsSection: SubjectAccessSection = {
  file: 'sessions',
  title: 'Sessions you attended',
  explains:
    'Each time you joined and left a video session of a review (pre-review meetings, review days, feedback meetings, workshops), and when someone let you in from a session’s lobby. Nothing said or shown in a session is recorded.',
  async collect({ sql, subject }) {
    const attended = await sql<
      (ReviewNamed & { session: string; kind: string; startsAt: Date; joinedAt: Date; leftAt: Date | null })[]
    >`
      select rs.title as session, rs.kind, rs.starts_at, hs.name as host_school, r.academic_year, a.joined_at, a.left_at
      from session_attendance a
        join review_sessions rs on rs.id = a.session_id
        join reviews r on r.id = rs.review_id
        join schools hs on hs.id = r.host_school_id
      where a.user_id = ${subject.id} order by a.joined_at`;
    const admitted = await sql<(ReviewNamed & { session: string; admittedAt: Date; admittedBy: string | null })[]>`
      select rs.title as session, hs.name as host_school, r.academic_year, a.admitted_at, ab.display_name as admitted_by
      from session_admissions a
        join review_sessions rs on rs.id = a.session_id
        join reviews r on r.id = rs.review_id
        join schools hs on hs.id = r.host_school_id
        left join users ab on ab.id = a.admitted_by
      where a.user_id = ${subject.id} order by a.admitted_at`;
    return {
      data: { attended, letInFromTheLobby: admitted },
      lines: [
        ...attended.map(
          (a) =>
            `Joined “${a.session}” (${sessionKind(a.kind)}, ${reviewName(a)}) ${when(a.joinedAt)}, left ${when(a.leftAt, 'without the leaving being recorded')}`,
        ),
        ...admitted.map(
          (a) =>
            `Let into “${a.session}” (${reviewName(a)}) ${when(a.admittedAt)}${a.admittedBy ? ` by ${a.admittedBy}` : ''}`,
        ),
      ],
    };
  },
};

/** Comments they wrote on enquiry documents, and threads they marked resolved. */
export const commentsSection: SubjectAccessSection = {
  file: 'comments',
  title: 'Comments you wrote',
  explains:
    'Every comment you wrote on a review’s enquiry document, with the passage it was about, and the comment threads you marked as resolved.',
  async collect({ sql, subject }) {
    const written = await sql<
      (ReviewNamed & { part: string; aboutPassage: string | null; comment: string; writtenAt: Date })[]
    >`
      select hs.name as host_school, r.academic_year, t.part, t.anchor->>'quote' as about_passage, c.body as comment,
        c.created_at as written_at
      from comments c
        join comment_threads t on t.id = c.thread_id
        join reviews r on r.id = t.review_id
        join schools hs on hs.id = r.host_school_id
      where c.author_id = ${subject.id} order by c.created_at`;
    const resolved = await sql<(ReviewNamed & { part: string; resolvedAt: Date })[]>`
      select hs.name as host_school, r.academic_year, t.part, t.resolved_at
      from comment_threads t join reviews r on r.id = t.review_id join schools hs on hs.id = r.host_school_id
      where t.resolved_by = ${subject.id} order by t.resolved_at`;
    return {
      data: { comments: written, threadsYouResolved: resolved },
      lines: [
        ...written.map((c) => `${when(c.writtenAt)}, ${reviewName(c)} (${c.part}): ${quoted(c.comment)}`),
        ...resolved.map((t) => `Resolved a comment thread on the ${reviewName(t)} (${t.part}) ${when(t.resolvedAt)}`),
      ],
    };
  },
};

/** Corrections of fact they proposed or decided on. */
export const correctionsSection: SubjectAccessSection = {
  file: 'corrections',
  title: 'Corrections of fact',
  explains:
    'Corrections of fact you proposed to a review’s findings or feedback record (what the passage said and what you proposed instead), and those you accepted or rejected as lead reviewer.',
  async collect({ sql, subject }) {
    const rows = await sql<
      (ReviewNamed & {
        about: string;
        original: string;
        replacement: string;
        status: string;
        proposedAt: Date;
        decidedAt: Date | null;
        proposedByYou: boolean;
        decidedByYou: boolean;
      })[]
    >`
      select hs.name as host_school, r.academic_year, s.target_label as about, s.original, s.replacement, s.status,
        s.proposed_at, s.decided_at, s.proposed_by = ${subject.id} as proposed_by_you,
        coalesce(s.decided_by = ${subject.id}, false) as decided_by_you
      from review_suggestions s join reviews r on r.id = s.review_id join schools hs on hs.id = r.host_school_id
      where s.proposed_by = ${subject.id} or s.decided_by = ${subject.id}
      order by s.proposed_at`;
    return {
      data: { corrections: rows },
      lines: rows.map((s) =>
        s.proposedByYou
          ? `${when(s.proposedAt)}, ${reviewName(s)}: you proposed changing ${quoted(s.original, 120)} to ${quoted(s.replacement, 120)} in ${s.about} (${s.status})`
          : `${when(s.decidedAt)}, ${reviewName(s)}: you ${s.status} a correction to ${s.about}`,
      ),
    };
  },
};

/** Updates they wrote on published actions, and the actions they own. */
export const actionsSection: SubjectAccessSection = {
  file: 'actions',
  title: 'Actions and updates',
  explains:
    'The actions of published action plans that name you as owner, and every status change and evidence note you wrote on an action.',
  async collect({ sql, subject }) {
    const owned = await sql<(ReviewNamed & { label: string; action: string; dueOn: string; status: string })[]>`
      select hs.name as host_school, r.academic_year, a.label, a.text as action, a.due_on::text as due_on, a.status
      from review_actions a join reviews r on r.id = a.review_id join schools hs on hs.id = r.host_school_id
      where a.owner_user_id = ${subject.id} order by r.academic_year, a.position`;
    const updates = await sql<
      (ReviewNamed & {
        label: string;
        fromStatus: string | null;
        toStatus: string | null;
        note: string | null;
        writtenAt: Date;
      })[]
    >`
      select hs.name as host_school, r.academic_year, a.label, u.from_status, u.to_status, u.note, u.created_at as written_at
      from review_action_updates u
        join review_actions a on a.review_id = u.review_id and a.id = u.action_id
        join reviews r on r.id = u.review_id
        join schools hs on hs.id = r.host_school_id
      where u.author_user_id = ${subject.id} order by u.created_at, u.seq`;
    return {
      data: { actionsYouOwn: owned, updatesYouWrote: updates },
      lines: [
        ...owned.map(
          (a) => `You own action ${a.label} of the ${reviewName(a)}, due ${a.dueOn}: ${quoted(a.action, 160)}`,
        ),
        ...updates.map(
          (u) =>
            `${when(u.writtenAt)}, action ${u.label} (${reviewName(u)}): ${[
              u.toStatus ? `status set to ${u.toStatus.replace(/_/g, ' ')}` : '',
              u.note ? quoted(u.note) : '',
            ]
              .filter(Boolean)
              .join('; ')}`,
        ),
      ],
    };
  },
};

/** School-to-school support they asked for, offered or wrote progress notes on. */
export const supportSection: SubjectAccessSection = {
  file: 'support',
  title: 'School-to-school support',
  explains:
    'Requests for support you made on an action, offers of support you made for your school, and the progress notes and changes of status you wrote.',
  async collect({ sql, subject }) {
    const requests = await sql<
      { hostSchool: string; whatIsNeeded: string; neededBy: string; status: string; askedAt: Date }[]
    >`
      select hs.name as host_school, q.what_is_needed, q.needed_by::text as needed_by, q.status, q.created_at as asked_at
      from support_requests q join schools hs on hs.id = q.host_school_id
      where q.requested_by = ${subject.id} order by q.created_at`;
    const offers = await sql<
      { school: string; toSchool: string; message: string; whoWouldHelp: string; status: string; offeredAt: Date }[]
    >`
      select s.name as school, hs.name as to_school, o.message, o.offered_by as who_would_help, o.status,
        o.created_at as offered_at
      from support_offers o
        join schools s on s.id = o.school_id
        join support_requests q on q.id = o.request_id
        join schools hs on hs.id = q.host_school_id
      where o.offered_by_user_id = ${subject.id} order by o.created_at`;
    const updates = await sql<{ school: string; toStatus: string | null; note: string | null; writtenAt: Date }[]>`
      select s.name as school, u.to_status, u.note, u.created_at as written_at
      from support_updates u join schools s on s.id = u.school_id
      where u.author_user_id = ${subject.id} order by u.created_at`;
    return {
      data: { requestsYouMade: requests, offersYouMade: offers, updatesYouWrote: updates },
      lines: [
        ...requests.map((q) => `${when(q.askedAt)}: asked for support for ${q.hostSchool}: ${quoted(q.whatIsNeeded)}`),
        ...offers.map(
          (o) => `${when(o.offeredAt)}: offered support from ${o.school} to ${o.toSchool}: ${quoted(o.message)}`,
        ),
        ...updates.map(
          (u) =>
            `${when(u.writtenAt)}: support update for ${u.school}: ${[
              u.toStatus?.replace(/_/g, ' ') ?? '',
              u.note ? quoted(u.note) : '',
            ]
              .filter(Boolean)
              .join('; ')}`,
        ),
      ],
    };
  },
};

/**
 * The words of each note, read from its board's live document (the only place they are kept); null for a note that
 * has been removed, and for every note of a board that could not be read (the rest of the download still comes).
 */
async function noteTexts(
  live: LiveDocuments,
  notes: readonly { reviewId: string; boardId: string; noteId: string }[],
  logger: Logger,
): Promise<Map<string, string | null>> {
  const texts = new Map<string, string | null>();
  const byBoard = Map.groupBy(notes, (n) => n.boardId);
  for (const [boardId, onBoard] of byBoard) {
    const reviewId = onBoard[0]?.reviewId ?? '';
    try {
      await live.withDocument(boardDocumentName(reviewId, boardId, 'notes'), (doc) => {
        for (const note of onBoard) {
          texts.set(note.noteId, readNote(doc, note.noteId)?.text ?? null);
        }
      });
    } catch (error) {
      logger.warn(
        { err: error, boardId },
        'data download: a board could not be read; its notes are listed without text',
      );
    }
  }
  return texts;
}

/**
 * Workshop notes they wrote (the text read from the board's live document), their commitments, how many votes they
 * gave on each board, and groups they turned into actions.
 */
export const workshopsSection: SubjectAccessSection = {
  file: 'workshops',
  title: 'Improvement workshops',
  explains:
    'The notes you wrote on workshop boards (including those shown to others without your name), the personal commitments you made at the end of a workshop, how many votes you gave on each board, the breakout groups you were put in, and groups of notes you turned into actions.',
  async collect({ sql, subject, live, logger }) {
    const notes = await sql<
      (ReviewNamed & {
        reviewId: string;
        boardId: string;
        noteId: string;
        board: string;
        anonymous: boolean;
        writtenAt: Date;
      })[]
    >`
      select r.id as review_id, b.id as board_id, n.note_id, b.title as board, n.anonymous, n.created_at as written_at,
        hs.name as host_school, r.academic_year
      from workshop_note_authors n
        join workshop_boards b on b.id = n.board_id
        join workshops w on w.session_id = b.session_id
        join reviews r on r.id = w.review_id
        join schools hs on hs.id = r.host_school_id
      where n.user_id = ${subject.id} order by n.created_at`;
    const texts = live ? await noteTexts(live, notes, logger) : new Map<string, string | null>();
    const commitments = await sql<(ReviewNamed & { commitment: string; madeAt: Date; changedAt: Date })[]>`
      select hs.name as host_school, r.academic_year, c.text as commitment, c.created_at as made_at,
        c.updated_at as changed_at
      from workshop_commitments c
        join workshops w on w.session_id = c.session_id
        join reviews r on r.id = w.review_id
        join schools hs on hs.id = r.host_school_id
      where c.user_id = ${subject.id} order by c.created_at`;
    const votes = await sql<{ board: string; votes: number }[]>`
      select b.title as board, sum(v.votes)::int as votes
      from workshop_votes v join workshop_boards b on b.id = v.board_id
      where v.user_id = ${subject.id} group by b.id, b.title order by b.title`;
    const breakoutGroups = await sql<(ReviewNamed & { group: string; recalledAt: Date | null })[]>`
      select g.name as "group", g.recalled_at, hs.name as host_school, r.academic_year
      from workshop_breakout_members m
        join workshop_breakout_groups g on g.id = m.group_id
        join workshops w on w.session_id = g.session_id
        join reviews r on r.id = w.review_id
        join schools hs on hs.id = r.host_school_id
      where m.user_id = ${subject.id} order by g.created_at`;
    const madeActions = await sql<{ board: string; at: Date }[]>`
      select b.title as board, o.created_at as at
      from workshop_outputs o join workshop_boards b on b.id = o.board_id
      where o.claimed_by = ${subject.id} order by o.created_at`;
    const withText = notes.map((n) => ({
      board: n.board,
      hostSchool: n.hostSchool,
      academicYear: n.academicYear,
      anonymous: n.anonymous,
      writtenAt: n.writtenAt,
      text: texts.get(n.noteId) ?? null,
    }));
    return {
      data: {
        notesYouWrote: withText,
        commitments,
        votesYouGave: votes,
        breakoutGroups,
        groupsYouMadeIntoActions: madeActions,
      },
      lines: [
        ...withText.map(
          (n) =>
            `${when(n.writtenAt)}, board “${n.board}” (${reviewName(n)})${n.anonymous ? ', shown without your name' : ''}: ${
              n.text === null ? '(the note has since been removed from the board)' : quoted(n.text)
            }`,
        ),
        ...commitments.map((c) => `Commitment made ${when(c.madeAt)} (${reviewName(c)}): ${quoted(c.commitment)}`),
        ...votes.map((v) => `Gave ${String(v.votes)} vote${v.votes === 1 ? '' : 's'} on the board “${v.board}”`),
        ...breakoutGroups.map((g) => `In the breakout group “${g.group}” of a workshop (${reviewName(g)})`),
        ...madeActions.map((o) => `Turned a group of notes on “${o.board}” into an action ${when(o.at)}`),
      ],
    };
  },
};

/** Partnership evaluation ratings they saved. */
export const evaluationsSection: SubjectAccessSection = {
  file: 'evaluations',
  title: 'Partnership evaluation ratings',
  explains:
    'Ratings you saved in the partnership’s own evaluation: your school’s rating of itself on each strand, with its evidence, and the partnership’s agreed ratings you recorded.',
  async collect({ sql, subject }) {
    const selfRatings = await sql<
      {
        partnership: string;
        school: string;
        academicYear: string;
        strand: string;
        level: string;
        evidence: string;
        savedAt: Date;
      }[]
    >`
      select p.name as partnership, s.name as school, e.academic_year, e.strand, e.level, e.evidence, e.rated_at as saved_at
      from evaluation_self_ratings e join partnerships p on p.id = e.partnership_id join schools s on s.id = e.school_id
      where e.rated_by = ${subject.id} order by e.rated_at`;
    const agreed = await sql<
      { partnership: string; academicYear: string; strand: string; level: string; note: string; savedAt: Date }[]
    >`
      select p.name as partnership, e.academic_year, e.strand, e.level, e.note, e.agreed_at as saved_at
      from evaluation_agreed_ratings e join partnerships p on p.id = e.partnership_id
      where e.agreed_by = ${subject.id} order by e.agreed_at`;
    return {
      data: { schoolRatingsYouSaved: selfRatings, agreedRatingsYouRecorded: agreed },
      lines: [
        ...selfRatings.map(
          (e) =>
            `${when(e.savedAt)}: rated ${e.school} “${e.level}” on ${e.strand} (${e.academicYear})${e.evidence ? `: ${quoted(e.evidence)}` : ''}`,
        ),
        ...agreed.map(
          (e) =>
            `${when(e.savedAt)}: recorded ${e.partnership}’s agreed rating “${e.level}” on ${e.strand} (${e.academicYear})`,
        ),
      ],
    };
  },
};

/** Set-up checks of their computer before a review (outcomes only; never audio or video). */
export const readinessChecksSection: SubjectAccessSection = {
  file: 'readiness-checks',
  title: 'Set-up checks',
  explains:
    'The latest result of each set-up check of your computer before a review (camera, microphone and connection: whether each worked and the speeds measured; no sound or picture is ever kept), and when a link to the check was emailed to you.',
  async collect({ sql, subject }) {
    const results = await sql<
      (ReviewNamed & {
        checkedAt: Date;
        verdict: string;
        checks: unknown;
        downloadKbps: number | null;
        uploadKbps: number | null;
      })[]
    >`
      select hs.name as host_school, r.academic_year, c.checked_at, c.verdict, c.checks, c.download_kbps, c.upload_kbps
      from readiness_check_results c join reviews r on r.id = c.review_id join schools hs on hs.id = r.host_school_id
      where c.user_id = ${subject.id} order by c.checked_at`;
    const links = await sql<(ReviewNamed & { sentAt: Date; expiresAt: Date })[]>`
      select hs.name as host_school, r.academic_year, l.created_at as sent_at, l.expires_at
      from readiness_check_links l join reviews r on r.id = l.review_id join schools hs on hs.id = r.host_school_id
      where l.user_id = ${subject.id} order by l.created_at`;
    const verdict: Record<string, string> = { good: 'all good', warn: 'working, with warnings', fail: 'not working' };
    return {
      data: { results, linksSentToYou: links },
      lines: [
        ...results.map((c) => `${when(c.checkedAt)}, ${reviewName(c)}: ${verdict[c.verdict] ?? c.verdict}`),
        ...links.map((l) => `A set-up check link for the ${reviewName(l)} was emailed to you ${when(l.sentAt)}`),
      ],
    };
  },
};

/** Sign-offs of enquiry documents they made. */
export const signOffsSection: SubjectAccessSection = {
  file: 'sign-offs',
  title: 'Sign-offs',
  explains: 'Each time you signed off a review’s enquiry document, in which role, at which stage, and your note.',
  async collect({ sql, subject }) {
    const rows = await sql<
      (ReviewNamed & {
        role: string;
        reviewState: string;
        version: string | null;
        note: string | null;
        signedAt: Date;
      })[]
    >`
      select hs.name as host_school, r.academic_year, s.role, s.review_state, v.label as version, s.note, s.signed_at
      from review_sign_offs s
        join reviews r on r.id = s.review_id
        join schools hs on hs.id = r.host_school_id
        left join document_versions v on v.id = s.version_id
      where s.signed_by = ${subject.id} order by s.signed_at`;
    return {
      data: { signOffs: rows },
      lines: rows.map(
        (s) =>
          `${when(s.signedAt)}: signed off the ${reviewName(s)} as ${s.role === 'lead_reviewer' ? 'lead reviewer' : 'host headteacher'}${s.note ? `: ${quoted(s.note)}` : ''}`,
      ),
    };
  },
};

/** Other records that name them as the one who did something. */
export const otherRecordsSection: SubjectAccessSection = {
  file: 'other-records',
  title: 'Other things recorded with your name',
  explains:
    'Other records that keep your name as the one who did something: reviews you created, changes of a review’s stage, named versions of a document you saved, impact huddles you scheduled or recorded, calendar dates you added, review rotas you drafted or published, sharing and report choices you made, and the choice of what happens to an erased person’s words in your school’s reviews.',
  async collect({ sql, subject }) {
    const reviewsCreated = await sql<(ReviewNamed & { createdAt: Date })[]>`
      select hs.name as host_school, r.academic_year, r.created_at
      from reviews r join schools hs on hs.id = r.host_school_id where r.created_by = ${subject.id} order by r.created_at`;
    const stageChanges = await sql<
      (ReviewNamed & { action: string; from: string | null; to: string; note: string | null; at: Date })[]
    >`
      select hs.name as host_school, r.academic_year, t.action, t.from_state as "from", t.to_state as "to", t.note, t.at
      from review_transitions t join reviews r on r.id = t.review_id join schools hs on hs.id = r.host_school_id
      where t.actor_user_id = ${subject.id} order by t.at, t.id`;
    const versionsSaved = await sql<(ReviewNamed & { label: string; savedAt: Date })[]>`
      select hs.name as host_school, r.academic_year, v.label, v.created_at as saved_at
      from document_versions v join reviews r on r.id = v.review_id join schools hs on hs.id = r.host_school_id
      where v.created_by = ${subject.id} order by v.created_at`;
    const huddles = await sql<
      (ReviewNamed & {
        scheduledAt: Date;
        scheduledByYou: boolean;
        recordedAt: Date | null;
        recordedByYou: boolean;
        attendees: string | null;
        evidence: string | null;
        adjustments: string | null;
      })[]
    >`
      select hs.name as host_school, r.academic_year, c.scheduled_at,
        coalesce(c.scheduled_by = ${subject.id}, false) as scheduled_by_you, c.recorded_at,
        coalesce(c.recorded_by = ${subject.id}, false) as recorded_by_you,
        case when c.recorded_by = ${subject.id} then c.attendees end as attendees,
        case when c.recorded_by = ${subject.id} then c.evidence end as evidence,
        case when c.recorded_by = ${subject.id} then c.adjustments end as adjustments
      from impact_checkpoints c join reviews r on r.id = c.review_id join schools hs on hs.id = r.host_school_id
      where c.scheduled_by = ${subject.id} or c.recorded_by = ${subject.id} order by c.scheduled_at`;
    const calendarDates = await sql<{ kind: string; startsOn: string; endsOn: string; label: string; addedAt: Date }[]>`
      select kind, starts_on::text as starts_on, ends_on::text as ends_on, label, created_at as added_at
      from calendar_events where created_by = ${subject.id} order by created_at`;
    const rotas = await sql<
      { partnership: string; academicYear: string; changedAt: Date | null; publishedAt: Date | null }[]
    >`
      select p.name as partnership, d.academic_year,
        case when d.updated_by = ${subject.id} then d.updated_at end as changed_at,
        case when d.published_by = ${subject.id} then d.published_at end as published_at
      from rota_drafts d join partnerships p on p.id = d.partnership_id
      where d.updated_by = ${subject.id} or d.published_by = ${subject.id} order by d.academic_year`;
    const findingSharing = await sql<(ReviewNamed & { shareable: boolean; setAt: Date })[]>`
      select hs.name as host_school, r.academic_year, f.shareable, f.set_at
      from finding_sharing f join reviews r on r.id = f.review_id join schools hs on hs.id = r.host_school_id
      where f.set_by = ${subject.id} order by f.set_at`;
    const reportChoices = await sql<(ReviewNamed & { governorSections: string[]; chosenAt: Date })[]>`
      select hs.name as host_school, r.academic_year, s.governor_sections, s.updated_at as chosen_at
      from review_report_settings s join reviews r on r.id = s.review_id join schools hs on hs.id = r.host_school_id
      where s.updated_by = ${subject.id} order by s.updated_at`;
    const safeguardingContacts = await sql<{ school: string; role: string; changedAt: Date }[]>`
      select s.name as school, c.role, c.updated_at as changed_at
      from school_safeguarding_contacts c join schools s on s.id = c.school_id
      where c.updated_by = ${subject.id} order by c.updated_at`;
    const erasurePolicies = await sql<{ school: string; policy: string; changedAt: Date }[]>`
      select s.name as school, e.text_policy as policy, e.updated_at as changed_at
      from school_erasure_settings e join schools s on s.id = e.school_id
      where e.updated_by = ${subject.id} order by e.updated_at`;
    return {
      data: {
        reviewsYouCreated: reviewsCreated,
        reviewStageChanges: stageChanges,
        documentVersionsYouSaved: versionsSaved,
        impactHuddles: huddles,
        calendarDatesYouAdded: calendarDates,
        reviewRotas: rotas,
        findingSharingChoices: findingSharing,
        governorReportChoices: reportChoices,
        safeguardingContactsYouChanged: safeguardingContacts,
        erasurePoliciesYouSet: erasurePolicies,
      },
      lines: [
        ...reviewsCreated.map((r) => `Created the ${reviewName(r)} ${when(r.createdAt)}`),
        ...stageChanges.map((t) => `${when(t.at)}: moved the ${reviewName(t)} to “${stateLabel(t.to)}”`),
        ...versionsSaved.map((v) => `${when(v.savedAt)}: saved the version “${v.label}” of the ${reviewName(v)}`),
        ...huddles.map((h) =>
          h.recordedByYou
            ? `${when(h.recordedAt)}: recorded an impact huddle of the ${reviewName(h)}`
            : `Scheduled an impact huddle of the ${reviewName(h)} for ${when(h.scheduledAt)}`,
        ),
        ...calendarDates.map(
          (c) =>
            `Added the calendar date ${c.startsOn} to ${c.endsOn} (${c.kind.replace(/_/g, ' ')}) ${when(c.addedAt)}`,
        ),
        ...rotas.map(
          (r) =>
            `Worked on the ${r.academicYear} review rota of ${r.partnership}${r.publishedAt ? `, published ${when(r.publishedAt)}` : ''}`,
        ),
        ...findingSharing.map(
          (f) =>
            `${when(f.setAt)}: said a finding of the ${reviewName(f)} ${f.shareable ? 'may' : 'may not'} be shared beyond the school`,
        ),
        ...reportChoices.map(
          (s) => `${when(s.chosenAt)}: chose what the governors’ report of the ${reviewName(s)} holds`,
        ),
        ...safeguardingContacts.map((c) => `${when(c.changedAt)}: changed the safeguarding contacts of ${c.school}`),
        ...erasurePolicies.map(
          (e) => `${when(e.changedAt)}: chose what happens to an erased person’s words in ${e.school}’s reviews`,
        ),
      ],
    };
  },
};
