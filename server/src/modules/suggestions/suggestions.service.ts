import {
  SCHOOL_TIME_ZONE,
  appendCorrection,
  applyCorrection,
  atLeast,
  checkPassage,
  correctionLine,
  decideSuggest,
  decideSuggestionDecision,
  documentName,
  reviewAccess,
  suggestionTargetLabel,
  suggestionText,
  type Actor,
  type Suggestion,
  type SuggestionCreate,
  type SuggestionList,
  type SuggestionTarget,
} from '@crosswalk/shared';
import { Conflict, NotFound, Refused, Unavailable, refusalOf } from '../../errors/domain-errors.ts';
import type { EventBus } from '../../events/bus.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { SuggestionRow, SuggestionsRepository } from './suggestions.repository.ts';

/** The origin of changes Crosswalk makes to the findings when a correction is accepted. */
const CORRECTION_ORIGIN = 'factual-correction';

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: SCHOOL_TIME_ZONE,
});

/**
 * Factual-accuracy mode (docs/factual-accuracy.md): the host headteacher proposes corrections of fact to the
 * findings and the feedback record; the lead reviewer accepts or rejects each. Accepting applies the correction to
 * the live findings document here on the server, only if the passage still reads as it did when proposed, and
 * writes a line in the feedback record's "factual corrections made". Who may do what is the shared rule's.
 */
export class SuggestionsService {
  readonly #reviews: ReviewsService;
  readonly #suggestions: SuggestionsRepository;
  readonly #audit: AuditRepository;
  readonly #events: Pick<EventBus, 'publish'>;
  readonly #logger: Logger;
  #live: LiveDocuments | undefined;

  constructor(deps: {
    reviews: ReviewsService;
    suggestions: SuggestionsRepository;
    audit: AuditRepository;
    events: Pick<EventBus, 'publish'>;
    logger: Logger;
  }) {
    this.#reviews = deps.reviews;
    this.#suggestions = deps.suggestions;
    this.#audit = deps.audit;
    this.#events = deps.events;
    this.#logger = deps.logger;
  }

  /** Connects the live documents once the realtime server is mounted in this process. */
  attach(live: LiveDocuments | undefined): void {
    this.#live = live;
  }

  /** How many corrections wait for the lead reviewer's decision (the report cannot be agreed while any do). */
  async pendingCount(reviewId: string): Promise<number> {
    return this.#suggestions.pendingCount(reviewId);
  }

  /** Loads the review for someone who may read the findings (404 if they may not see the review, 403 if not these). */
  async #readable(reviewId: string, actor: Actor): Promise<ReviewView> {
    const view = await this.#reviews.view(reviewId, actor);
    if (!atLeast(reviewAccess(view.access, 'findings'), 'read')) {
      throw new Refused('Your role on this review does not include the findings.');
    }
    return view;
  }

  /** Whether this person may follow the review's suggestions (for the live updates of an open page). */
  async mayFollow(reviewId: string, actor: Actor): Promise<boolean> {
    try {
      await this.#readable(reviewId, actor);
      return true;
    } catch (error) {
      if (error instanceof NotFound || error instanceof Refused) {
        return false;
      }
      throw error;
    }
  }

  async list(reviewId: string, actor: Actor): Promise<SuggestionList> {
    const view = await this.#readable(reviewId, actor);
    const propose = decideSuggest(view.roles, view.row.state);
    const decide = decideSuggestionDecision(view.roles, view.row.state);
    return {
      suggestions: (await this.#suggestions.list(reviewId)).map(toSuggestion),
      mayPropose: propose.ok ? { ok: true } : { ok: false, reason: propose.reason },
      mayDecide: decide.ok ? { ok: true } : { ok: false, reason: decide.reason },
    };
  }

  async propose(reviewId: string, actor: Actor, input: SuggestionCreate): Promise<Suggestion> {
    const view = await this.#reviews.view(reviewId, actor);
    const decision = decideSuggest(view.roles, view.row.state, input.target);
    if (!decision.ok) {
      if (decision.kind === 'refused') {
        // A correction aimed where this person may not propose one: kept in the log and the audit trail.
        this.#logger.warn(
          { reviewId, userId: actor.userId, target: input.target.kind, roles: view.roles },
          'factual correction refused',
        );
        await this.#audit.record({
          actorUserId: actor.userId,
          action: 'review.correction_refused',
          subjectId: reviewId,
          reviewId,
          detail: { target: targetDetail(input.target) },
        });
      }
      throw refusalOf(decision);
    }
    const live = this.#requireLive();
    const found = await live.withDocument(documentName(reviewId, 'findings'), (doc) => {
      const text = suggestionText(doc, input.target);
      if (!text) {
        return null;
      }
      return {
        check: checkPassage(text, { start: input.start, end: input.end }, input.original),
        label: suggestionTargetLabel(doc, input.target),
      };
    });
    if (!found) {
      throw new Conflict('That finding is no longer in the document.');
    }
    if (!found.check.ok) {
      throw new Conflict(`${found.check.reason} Please select the text again.`);
    }
    const id = await this.#suggestions.insert({
      reviewId,
      targetKind: input.target.kind,
      findingId: input.target.kind === 'finding' ? input.target.findingId : null,
      field: input.target.kind === 'finding' ? 'text' : (input.target.field as 'attendees' | 'hostResponse'),
      targetLabel: found.label,
      startPosition: input.start,
      endPosition: input.end,
      original: input.original,
      replacement: input.replacement,
      proposedBy: actor.userId,
    });
    await this.#audit.record({
      actorUserId: actor.userId,
      action: 'review.correction_proposed',
      subjectId: reviewId,
      reviewId,
      detail: { suggestionId: id, target: targetDetail(input.target) },
    });
    this.#logger.info({ reviewId, suggestionId: id }, 'factual correction proposed');
    this.#changed(reviewId);
    return this.#read(reviewId, id);
  }

  async reject(reviewId: string, suggestionId: string, actor: Actor): Promise<Suggestion> {
    const row = await this.#decidable(reviewId, suggestionId, actor);
    if (!(await this.#suggestions.claim(row.id, 'rejected', actor.userId))) {
      throw new Conflict('This correction has already been decided.');
    }
    await this.#audit.record({
      actorUserId: actor.userId,
      action: 'review.correction_rejected',
      subjectId: reviewId,
      reviewId,
      detail: { suggestionId },
    });
    this.#logger.info({ reviewId, suggestionId }, 'factual correction rejected');
    this.#changed(reviewId);
    return this.#read(reviewId, suggestionId);
  }

  /**
   * Applies the correction to the live text if the passage still reads as proposed; otherwise marks it outdated and
   * answers a conflict with the reason, having changed nothing in the document.
   */
  async accept(reviewId: string, suggestionId: string, actor: Actor & { displayName: string }): Promise<Suggestion> {
    const row = await this.#decidable(reviewId, suggestionId, actor);
    const live = this.#requireLive();
    // Claim first, so two decisions arriving together cannot both apply the change.
    if (!(await this.#suggestions.claim(row.id, 'accepted', actor.userId))) {
      throw new Conflict('This correction has already been decided.');
    }
    const target = targetOf(row);
    let outcome: { ok: true; before: string; after: string; label: string } | { ok: false; reason: string };
    try {
      outcome = await live.withDocument(documentName(reviewId, 'findings'), (doc) => {
        const text = suggestionText(doc, target);
        if (!text) {
          return { ok: false as const, reason: 'The finding this correction was proposed for has been removed.' };
        }
        const label = suggestionTargetLabel(doc, target);
        const applied = applyCorrection(
          text,
          { start: row.startPosition, end: row.endPosition },
          row.original,
          row.replacement,
          CORRECTION_ORIGIN,
        );
        if (!applied.ok) {
          return applied;
        }
        appendCorrection(
          doc,
          correctionLine({
            targetLabel: label,
            original: row.original,
            replacement: row.replacement,
            proposedBy: row.proposedByName,
            acceptedBy: actor.displayName,
            date: dayFormat.format(new Date()),
          }),
          CORRECTION_ORIGIN,
        );
        return { ...applied, label };
      });
    } catch (error) {
      await this.#suggestions.release(row.id);
      throw error;
    }
    if (!outcome.ok) {
      await this.#suggestions.markOutdated(row.id);
      this.#logger.info({ reviewId, suggestionId }, 'factual correction outdated');
      this.#changed(reviewId);
      throw new Conflict(`${outcome.reason} It has been marked as outdated and nothing was changed.`);
    }
    await this.#suggestions.recordApplied(row.id, {
      before: outcome.before,
      after: outcome.after,
      targetLabel: outcome.label,
    });
    await this.#audit.record({
      actorUserId: actor.userId,
      action: 'review.correction_accepted',
      subjectId: reviewId,
      reviewId,
      detail: { suggestionId },
    });
    this.#logger.info({ reviewId, suggestionId }, 'factual correction accepted');
    this.#changed(reviewId);
    return this.#read(reviewId, suggestionId);
  }

  async #decidable(reviewId: string, suggestionId: string, actor: Actor): Promise<SuggestionRow> {
    const view = await this.#readable(reviewId, actor);
    const decision = decideSuggestionDecision(view.roles, view.row.state);
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    const row = await this.#suggestions.find(reviewId, suggestionId);
    if (!row) {
      throw new NotFound('correction');
    }
    if (row.status !== 'pending') {
      throw new Conflict('This correction has already been decided.');
    }
    return row;
  }

  #requireLive(): LiveDocuments {
    if (!this.#live) {
      throw new Unavailable('Corrections are not available on this server right now. Please try again shortly.');
    }
    return this.#live;
  }

  #changed(reviewId: string): void {
    this.#events.publish('review.suggestions_changed', { reviewId });
  }

  async #read(reviewId: string, id: string): Promise<Suggestion> {
    const row = await this.#suggestions.find(reviewId, id);
    if (!row) {
      throw new Error('a correction recorded just now could not be read back');
    }
    return toSuggestion(row);
  }
}

/** What the log and audit trail keep about a target: its kind and field, never any text. */
function targetDetail(target: SuggestionTarget): string {
  return target.kind === 'finding' ? 'finding' : `feedback.${target.field.slice(0, 50)}`;
}

function targetOf(row: SuggestionRow): SuggestionTarget {
  return row.targetKind === 'finding'
    ? { kind: 'finding', findingId: row.findingId ?? '' }
    : { kind: 'feedback', field: row.field };
}

function toSuggestion(row: SuggestionRow): Suggestion {
  return {
    id: row.id,
    target: targetOf(row),
    targetLabel: row.targetLabel,
    start: row.startPosition,
    end: row.endPosition,
    original: row.original,
    replacement: row.replacement,
    status: row.status,
    proposedBy: { id: row.proposedById, displayName: row.proposedByName },
    proposedAt: row.proposedAt.toISOString(),
    decidedBy: row.decidedById ? { id: row.decidedById, displayName: row.decidedByName ?? '' } : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    textBefore: row.textBefore,
    textAfter: row.textAfter,
  };
}
