import { ErasedPersonName, ErasedTextPlaceholder, type ErasureTextPolicy } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

export interface ErasableAccount {
  id: string;
  email: string;
  displayName: string;
  erasedAt: Date | null;
}

/** What erasure reads and writes in the database apart from the live documents (`collab-authors.ts`). */
export class ErasureRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async account(userId: string, sql: Queryable = this.#sql): Promise<ErasableAccount | undefined> {
    const [row] = await sql<ErasableAccount[]>`
      select id, email, display_name, erased_at from users where id = ${userId}`;
    return row;
  }

  async lockAccount(userId: string, tx: Queryable): Promise<ErasableAccount | undefined> {
    const [row] = await tx<ErasableAccount[]>`
      select id, email, display_name, erased_at from users where id = ${userId} for update`;
    return row;
  }

  /** Switches the account off and withdraws what could let them back in, before anything else is erased. */
  async switchOff(userId: string, tx: Queryable): Promise<void> {
    await tx`update users set disabled_at = coalesce(disabled_at, now()) where id = ${userId}`;
    await tx`update invitations set revoked_at = now()
      where user_id = ${userId} and accepted_at is null and revoked_at is null`;
    await tx`update password_resets set used_at = now() where user_id = ${userId} and used_at is null`;
  }

  /** The erasure policy of each review's host school ('replace' unless the headteacher chose otherwise). */
  async reviewPolicies(reviewIds: readonly string[]): Promise<Map<string, ErasureTextPolicy>> {
    const policies = new Map<string, ErasureTextPolicy>();
    for (const reviewId of new Set(reviewIds)) {
      const [row] = await this.#sql<{ policy: ErasureTextPolicy }[]>`
        select erasure_text_policy(host_school_id) as policy from reviews where id = ${reviewId}`;
      policies.set(reviewId, row?.policy ?? 'replace');
    }
    return policies;
  }

  async schoolPolicy(schoolId: string): Promise<ErasureTextPolicy | undefined> {
    const [row] = await this.#sql<{ policy: ErasureTextPolicy }[]>`
      select erasure_text_policy(id) as policy from schools where id = ${schoolId}`;
    return row?.policy;
  }

  async setSchoolPolicy(schoolId: string, policy: ErasureTextPolicy, userId: string, tx: Queryable): Promise<void> {
    await tx`insert into school_erasure_settings (school_id, text_policy, updated_by) values (${schoolId}, ${policy}, ${userId})
      on conflict (school_id) do update set text_policy = excluded.text_policy, updated_by = excluded.updated_by,
        updated_at = now()`;
  }

  /** The board notes the person wrote, with the review each board belongs to. */
  async boardNotesOf(userId: string): Promise<{ noteId: string; boardId: string; reviewId: string }[]> {
    return this.#sql<{ noteId: string; boardId: string; reviewId: string }[]>`
      select a.note_id, a.board_id, w.review_id
      from workshop_note_authors a
        join workshop_boards b on b.id = a.board_id
        join workshops w on w.session_id = b.session_id
      where a.user_id = ${userId} order by a.board_id, a.note_id`;
  }

  /** The saved states of one part of a review's named versions. */
  async versionParts(reviewId: string, part: string): Promise<{ versionId: string; state: Uint8Array }[]> {
    return this.#sql<{ versionId: string; state: Uint8Array }[]>`
      select p.version_id, p.state from document_version_parts p join document_versions v on v.id = p.version_id
      where v.review_id = ${reviewId} and p.part = ${part} order by v.created_at, v.id`;
  }

  async replaceVersionPart(versionId: string, part: string, state: Uint8Array, tx: Queryable): Promise<void> {
    await tx`update document_version_parts set state = ${state} where version_id = ${versionId} and part = ${part}`;
  }

  async versionPartsOf(versionId: string, tx: Queryable): Promise<{ part: string; state: Uint8Array }[]> {
    return tx<{ part: string; state: Uint8Array }[]>`
      select part, state from document_version_parts where version_id = ${versionId} order by part`;
  }

  /** A redacted version's fingerprint: what it holds now (docs/data-protection.md says why it changes). */
  async setVersionFingerprint(versionId: string, fingerprint: string, tx: Queryable): Promise<void> {
    await tx`update document_versions set fingerprint = ${fingerprint} where id = ${versionId}`;
  }

  /**
   * The person's words outside the live documents, each under the policy of the school it belongs to (the host
   * school of its review; the school of a support request): comments and the passages their threads quote,
   * factual corrections, action and support updates, support requests and offers, workshop commitments. Returns
   * how many rows it changed or removed.
   */
  async eraseTexts(userId: string, tx: Queryable): Promise<number> {
    const P = ErasedTextPlaceholder;
    const reviewPolicy = (column: string) =>
      tx`erasure_text_policy((select host_school_id from reviews where id = ${tx(column)}))`;
    let count = 0;
    const add = (rows: { count: number }) => {
      count += rows.count;
    };
    // Comments and their threads.
    add(
      await tx`update comments c set body = ${P} from comment_threads t
      where t.id = c.thread_id and c.author_id = ${userId} and ${reviewPolicy('t.review_id')} = 'replace'`,
    );
    add(
      await tx`delete from comments c using comment_threads t
      where t.id = c.thread_id and c.author_id = ${userId} and ${reviewPolicy('t.review_id')} = 'remove'`,
    );
    add(
      await tx`update comment_threads t set anchor = jsonb_set(anchor, '{quote}', to_jsonb(${P}::text))
      where t.created_by = ${userId} and anchor ? 'quote' and ${reviewPolicy('t.review_id')} <> 'keep'`,
    );
    add(
      await tx`delete from comment_threads t where t.created_by = ${userId}
      and not exists (select 1 from comments c where c.thread_id = t.id) and ${reviewPolicy('t.review_id')} = 'remove'`,
    );
    // Factual corrections: the passage, the proposal and what the text read before and after.
    add(
      await tx`update review_suggestions s set original = ${P}, replacement = ${P},
        text_before = case when text_before is null then null else ${P} end,
        text_after = case when text_after is null then null else ${P} end
      where s.proposed_by = ${userId} and ${reviewPolicy('s.review_id')} <> 'keep'`,
    );
    // Action updates: a note goes; a change of status stays (it is the plan's history, not their words).
    add(
      await tx`update review_action_updates u set note = ${P}
      where u.author_user_id = ${userId} and u.note is not null and ${reviewPolicy('u.review_id')} = 'replace'`,
    );
    add(
      await tx`update review_action_updates u set note = null
      where u.author_user_id = ${userId} and u.note is not null and u.to_status is not null
        and ${reviewPolicy('u.review_id')} = 'remove'`,
    );
    add(
      await tx`delete from review_action_updates u
      where u.author_user_id = ${userId} and u.to_status is null and ${reviewPolicy('u.review_id')} = 'remove'`,
    );
    // Support between schools, under the policy of the school that wrote each part.
    add(
      await tx`update support_updates u set note = ${P}
      where u.author_user_id = ${userId} and u.note is not null and erasure_text_policy(u.school_id) = 'replace'`,
    );
    add(
      await tx`update support_updates u set note = null
      where u.author_user_id = ${userId} and u.note is not null and u.to_status is not null
        and erasure_text_policy(u.school_id) = 'remove'`,
    );
    add(
      await tx`delete from support_updates u where u.author_user_id = ${userId} and u.to_status is null
      and erasure_text_policy(u.school_id) = 'remove'`,
    );
    add(
      await tx`update support_offers o set message = ${P}, offered_by = ${P}
      where o.offered_by_user_id = ${userId} and erasure_text_policy(o.school_id) <> 'keep'`,
    );
    add(
      await tx`update support_requests r set what_is_needed = ${P}
      where r.requested_by = ${userId} and erasure_text_policy(r.host_school_id) <> 'keep'`,
    );
    // Workshop commitments.
    add(
      await tx`update workshop_commitments c set text = ${P} from workshops w
      where w.session_id = c.session_id and c.user_id = ${userId} and ${reviewPolicy('w.review_id')} = 'replace'`,
    );
    add(
      await tx`delete from workshop_commitments c using workshops w
      where w.session_id = c.session_id and c.user_id = ${userId} and ${reviewPolicy('w.review_id')} = 'remove'`,
    );
    return count;
  }

  /**
   * Copies of the person's words that others' records made: the passage a thread quotes, a correction's passage and
   * the text before and after it, and an action as the published plan copied it from the document. Each run of
   * their characters found there whole becomes the placeholder (under `replace` and `remove` alike: the record
   * around it is someone else's). Returns how many rows changed.
   */
  async eraseCopies(reviewId: string, runs: readonly string[], tx: Queryable): Promise<number> {
    const P = ErasedTextPlaceholder;
    let count = 0;
    for (const run of runs) {
      const quoted = await tx`update comment_threads
        set anchor = jsonb_set(anchor, '{quote}', to_jsonb(replace(anchor ->> 'quote', ${run}, ${P})))
        where review_id = ${reviewId} and position(${run} in coalesce(anchor ->> 'quote', '')) > 0`;
      const corrected = await tx`update review_suggestions
        set original = replace(original, ${run}, ${P}), replacement = replace(replacement, ${run}, ${P}),
          text_before = replace(text_before, ${run}, ${P}), text_after = replace(text_after, ${run}, ${P})
        where review_id = ${reviewId} and (position(${run} in original) > 0 or position(${run} in replacement) > 0
          or position(${run} in coalesce(text_before, '')) > 0 or position(${run} in coalesce(text_after, '')) > 0)`;
      const planned = await tx`update review_actions
        set text = replace(text, ${run}, ${P}), success_criteria = replace(success_criteria, ${run}, ${P}),
          support_needed = replace(support_needed, ${run}, ${P})
        where review_id = ${reviewId} and (position(${run} in text) > 0 or position(${run} in success_criteria) > 0
          or position(${run} in support_needed) > 0)`;
      count += quoted.count + corrected.count + planned.count;
    }
    return count;
  }

  /**
   * Takes the person out of their account: the name becomes `ErasedPersonName`, the email an address nobody can
   * receive mail at (unique, so the account cannot be found by it), and what could identify them or let anyone
   * sign in as them is deleted: password, single sign-on links, sign-ins, invitations, password resets, their
   * notifications and preferences, and mail to them or naming them. The row stays, so signatures and records that
   * name the account show a former member of staff instead of breaking.
   */
  async scrubAccount(account: ErasableAccount, tx: Queryable): Promise<void> {
    const { id, email, displayName } = account;
    await tx`update users set display_name = ${ErasedPersonName}, email = ${`erased-${id}@erased.invalid`},
      password_hash = null, erased_at = now(), disabled_at = coalesce(disabled_at, now()) where id = ${id}`;
    await tx`delete from user_identities where user_id = ${id}`;
    await tx`delete from sign_ins where user_id = ${id}`;
    await tx`delete from password_resets where user_id = ${id}`;
    await tx`delete from invitations where user_id = ${id}`;
    await tx`delete from notification_preferences where user_id = ${id}`;
    await tx`delete from notification_digests where user_id = ${id}`;
    await tx`delete from session_reminders where user_id = ${id}`;
    await tx`delete from notifications where user_id = ${id}`;
    await tx`delete from mail_outbox where to_address = ${email}`;
    if (displayName.length >= 3) {
      await tx`update mail_outbox set subject = replace(subject, ${displayName}, ${ErasedPersonName}),
          body_text = replace(body_text, ${displayName}, ${ErasedPersonName})
        where position(${displayName} in subject) > 0 or position(${displayName} in body_text) > 0`;
      await tx`update notifications set text = replace(text, ${displayName}, ${ErasedPersonName})
        where position(${displayName} in text) > 0`;
    }
  }
}
