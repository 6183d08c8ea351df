import {
  DefaultGovernorSections,
  assembleReport,
  type ReportImpact,
  decideGovernorSectionsChoice,
  decideReportReady,
  decideReportSections,
  documentName,
  type Actor,
  type DocumentPart,
  type ReportDocument,
  type ReportFacts,
  type ReportKind,
  type ReportSection,
  type ReportStatus,
} from '@crosswalk/shared';
import * as Y from 'yjs';
import { NotFound, Unavailable, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { SignOffsRepository } from '../sign-offs/sign-offs.repository.ts';
import { formatFingerprint } from '../versions/fingerprint.ts';
import type { VersionsRepository } from '../versions/versions.repository.ts';
import type { ReportsRepository } from './reports.repository.ts';
import { renderDocx } from './render-docx.ts';
import { renderPdf } from './render-pdf.ts';

export type ReportFormat = 'docx' | 'pdf';

const MediaType: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export interface ReportFile {
  fileName: string;
  mediaType: string;
  body: Buffer;
}

export interface ReportsServiceDeps {
  reviews: ReviewsService;
  reviewRows: ReviewsRepository;
  versions: VersionsRepository;
  signOffs: SignOffsRepository;
  reports: ReportsRepository;
  /** The host headteacher's choice per finding (the sharing module owns it). */
  shareableFindingIds: (reviewId: string) => Promise<Set<string>>;
  /** The fingerprint kept with a saved version (the versions module owns it). */
  fingerprintOf: (versionId: string) => Promise<string>;
  /** The recorded impact huddles (the impact module owns them). */
  impactRecords: (reviewId: string) => Promise<ReportImpact>;
  audit: AuditRepository;
  logger: Logger;
}

/**
 * The agreed report leaving the platform (docs/reports.md): assembled from the version the host headteacher signed
 * (focus, findings, feedback, evidence) and the live workshop record and action plan, then rendered as Word or PDF.
 * Who gets which copy is decided by the shared rules in permissions/reports.ts; every download is audited.
 */
export class ReportsService {
  readonly #deps: ReportsServiceDeps;
  #live: LiveDocuments | undefined;

  constructor(deps: ReportsServiceDeps) {
    this.#deps = deps;
  }

  /** Connects the live documents once the realtime server is mounted in this process. */
  attach(live: LiveDocuments | undefined): void {
    this.#live = live;
  }

  /** Whether the report can be downloaded, and which copies this person may take (404 without the findings). */
  async status(reviewId: string, actor: Actor): Promise<ReportStatus> {
    const view = await this.#deps.reviews.view(reviewId, actor);
    const governorSections = await this.#governorSections(reviewId);
    const full = decideReportSections(view.access, 'full');
    if (!full.ok) {
      throw new NotFound('report');
    }
    const agreed = await this.#deps.reports.agreedVersion(reviewId);
    const ready = decideReportReady(view.access, agreed !== undefined);
    const kinds = (['full', 'briefing', 'governors'] as const).filter(
      (kind) => decideReportSections(view.access, kind, governorSections).ok,
    );
    return {
      available: ready.ok,
      reason: ready.ok ? null : ready.reason,
      fingerprint: ready.ok && agreed ? formatFingerprint(await this.#deps.fingerprintOf(agreed.versionId)) : null,
      kinds,
      governorSections,
      canChooseGovernorSections: decideGovernorSectionsChoice(view.roles).ok,
    };
  }

  /** The host headteacher chooses which sections the governors' version holds. */
  async setGovernorSections(reviewId: string, actor: Actor, sections: ReportSection[]): Promise<ReportSection[]> {
    const view = await this.#deps.reviews.view(reviewId, actor);
    const decision = decideGovernorSectionsChoice(view.roles);
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    await this.#deps.reports.setGovernorSections(reviewId, sections, actor.userId);
    await this.#deps.audit.record({
      actorUserId: actor.userId,
      action: 'report.governor_sections_set',
      subjectId: reviewId,
      reviewId,
      detail: { sections: sections.join(',') },
    });
    return sections;
  }

  /** One copy of the agreed report as a file: 404 for people who may not have it, 409 before it is agreed. */
  async export(reviewId: string, actor: Actor, kind: ReportKind, format: ReportFormat): Promise<ReportFile> {
    const view = await this.#deps.reviews.view(reviewId, actor);
    const decision = decideReportSections(view.access, kind, await this.#governorSections(reviewId));
    if (!decision.ok) {
      throw new NotFound('report');
    }
    const agreed = await this.#deps.reports.agreedVersion(reviewId);
    const ready = decideReportReady(view.access, agreed !== undefined);
    if (!ready.ok || !agreed) {
      throw refusalOf(ready.ok ? { ok: false, kind: 'conflict', reason: 'There is no agreed report yet.' } : ready);
    }
    const report = await this.#assemble(view, agreed, kind, decision.sections);
    const body = format === 'docx' ? await renderDocx(report) : await renderPdf(report);
    await this.#deps.audit.record({
      actorUserId: actor.userId,
      action: 'report.exported',
      subjectId: reviewId,
      reviewId,
      detail: { kind, format, versionId: agreed.versionId },
    });
    this.#deps.logger.info({ reviewId, kind, format, versionId: agreed.versionId }, 'agreed report exported');
    return { fileName: fileName(view, kind, format), mediaType: MediaType[format], body };
  }

  async #governorSections(reviewId: string): Promise<ReportSection[]> {
    return (await this.#deps.reports.governorSections(reviewId)) ?? [...DefaultGovernorSections];
  }

  async #assemble(
    view: ReviewView,
    agreed: { versionId: string; label: string; createdAt: Date },
    kind: ReportKind,
    sections: ReportSection[],
  ): Promise<ReportDocument> {
    const { row } = view;
    const agreedParts = await this.#deps.versions.parts(agreed.versionId);
    const frozen = (part: DocumentPart) => docOf(agreedParts.find((p) => p.part === part)?.state);
    const [team, signOffRows, shareableFindingIds] = await Promise.all([
      this.#deps.reviewRows.team(row.id),
      this.#deps.signOffs.list(row.id),
      this.#deps.shareableFindingIds(row.id),
    ]);
    const fingerprints = new Map<string, string>();
    for (const versionId of new Set(signOffRows.map((s) => s.versionId).filter((v): v is string => !!v))) {
      fingerprints.set(versionId, formatFingerprint(await this.#deps.fingerprintOf(versionId)));
    }
    const needsLive = sections.some((s) => s === 'workshop' || s === 'actions' || s === 'impact');
    const facts: ReportFacts = {
      reviewId: row.id,
      partnershipName: row.partnershipName,
      hostSchool: { name: row.hostSchoolName, county: row.hostSchoolCounty },
      academicYear: row.academicYear,
      mode: row.mode,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      state: row.state,
      team: team.map((m) => ({ role: m.role, displayName: m.displayName })),
      focus: row.focus,
      shareableFindingIds,
      agreedVersion: {
        label: agreed.label,
        savedAt: agreed.createdAt.toISOString(),
        fingerprint: formatFingerprint(await this.#deps.fingerprintOf(agreed.versionId)),
      },
      // Oldest first: the order in which the report was agreed.
      signOffs: [...signOffRows].reverse().map((s) => ({
        role: s.role,
        displayName: s.signedByName,
        signedAt: s.signedAt.toISOString(),
        fingerprint: s.versionId ? (fingerprints.get(s.versionId) ?? null) : null,
        note: s.note,
      })),
    };
    return assembleReport(
      facts,
      {
        findings: frozen('findings'),
        evidence: frozen('evidence'),
        ...(needsLive
          ? {
              workshop: await this.#liveDoc(row.id, 'workshop'),
              actions: await this.#liveDoc(row.id, 'actions'),
              impact: await this.#deps.impactRecords(row.id),
            }
          : {}),
      },
      { kind, sections },
    );
  }

  /** A copy of a live part as it is now (the workshop record and action plan go on after the report is agreed). */
  async #liveDoc(reviewId: string, part: DocumentPart): Promise<Y.Doc> {
    const live = this.#live;
    if (!live) {
      throw new Unavailable('The report is not available on this server right now. Please try again shortly.');
    }
    return docOf(await live.withDocument(documentName(reviewId, part), (doc) => Y.encodeStateAsUpdate(doc)));
  }
}

function docOf(state: Uint8Array | undefined): Y.Doc {
  const doc = new Y.Doc();
  if (state && state.byteLength > 0) {
    Y.applyUpdate(doc, state);
  }
  return doc;
}

const FileKind: Record<ReportKind, string> = {
  full: 'peer-review-report',
  briefing: 'champion-briefing-pack',
  governors: 'peer-review-report-for-governors',
};

/** e.g. `fenbrook-primary-2025-26-peer-review-report.pdf`: says whose report, which year and which copy. */
function fileName(view: ReviewView, kind: ReportKind, format: ReportFormat): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${slug(view.row.hostSchoolName)}-${slug(view.row.academicYear)}-${FileKind[kind]}.${format}`;
}
