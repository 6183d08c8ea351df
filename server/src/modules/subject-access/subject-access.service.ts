import { canExportPersonData, londonDay, type Actor } from '@crosswalk/shared';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Sql } from '../../db/client.ts';
import { NotFound, Throttled } from '../../errors/domain-errors.ts';
import type { RateLimiters } from '../../http/rate-limiters.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { AuthoredDocumentText } from '../erasure/authored-text.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { buildArchive } from './archive.ts';
import type { ExportSubject } from './section.ts';
import { subjectAccessSections } from './sections.ts';

/** A light limit per person asking: enough for a few tries, not for hammering the database with big reads. */
const DOWNLOADS_PER_WINDOW = 10;
const WINDOW_SECONDS = 10 * 60;

export interface DataDownload {
  fileName: string;
  body: Buffer;
}

export interface SubjectAccessDeps {
  sql: Sql;
  users: UsersRepository;
  audit: AuditRepository;
  rateLimiters: RateLimiters;
  /** What a person typed into live documents, as erasure reads it. */
  authoredText: (userId: string) => Promise<AuthoredDocumentText[]>;
  logger: Logger;
}

/**
 * Subject access (docs/data-protection.md): everything Crosswalk holds about one person, as a ZIP of JSON files with
 * a README and a readable summary. A person may download their own; an administrator anyone's. Every download is
 * audited.
 */
export class SubjectAccessService {
  readonly #deps: SubjectAccessDeps;
  readonly #limiter: RateLimiterAbstract;
  #live: LiveDocuments | undefined;
  #now: () => Date = () => new Date();

  constructor(deps: SubjectAccessDeps) {
    this.#deps = deps;
    this.#limiter = deps.rateLimiters.create({
      keyPrefix: 'data-export',
      points: DOWNLOADS_PER_WINDOW,
      duration: WINDOW_SECONDS,
    });
  }

  /** Workshop notes are read from the boards' live documents, held by this process's realtime server. */
  attach(live: LiveDocuments | undefined): void {
    this.#live = live;
  }

  /** Sets the clock the download's date is taken from (tests never depend on the wall clock). */
  useClock(now: () => Date): void {
    this.#now = now;
  }

  /** The download of `subjectUserId`'s data, asked for by `actor`; 404 for anyone else's unless an administrator. */
  async export(actor: Actor, subjectUserId: string): Promise<DataDownload> {
    const { sql, users, audit, logger } = this.#deps;
    if (!canExportPersonData(actor, subjectUserId)) {
      throw new NotFound('person');
    }
    const user = await users.findById(subjectUserId);
    if (!user) {
      throw new NotFound('person');
    }
    await this.#consume(actor.userId);
    const started = performance.now();
    const subject: ExportSubject = { id: user.id, email: user.email, displayName: user.displayName };
    const context = { sql, subject, live: this.#live, authoredText: this.#deps.authoredText, logger };
    // Together: PostgreSQL serves them on several connections; the embedded database queues them on its one.
    const collected = await Promise.all(
      subjectAccessSections.map(async (section) => ({ section, content: await section.collect(context) })),
    );
    const madeAt = this.#now();
    const body = await buildArchive(subject, madeAt, collected);
    await audit.record({ actorUserId: actor.userId, action: 'account.data_exported', subjectId: subject.id });
    logger.info(
      {
        subjectId: subject.id,
        askedBy: actor.userId,
        bytes: body.length,
        ms: Math.round(performance.now() - started),
      },
      'personal data downloaded',
    );
    return { fileName: `crosswalk-data-${slug(subject.displayName)}-${londonDay(madeAt)}.zip`, body };
  }

  async #consume(askerId: string): Promise<void> {
    try {
      await this.#limiter.consume(askerId);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new Throttled(
          error.msBeforeNext / 1000,
          'You have downloaded data several times in the last few minutes. Please wait a few minutes and try again.',
        );
      }
      throw error;
    }
  }
}

/** A name as it can stand in a file name: lower case letters, digits and hyphens only. */
export function slug(name: string): string {
  const plain = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return plain || 'person';
}
