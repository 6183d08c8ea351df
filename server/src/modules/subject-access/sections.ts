import { invitationsSection, profileSection, rolesSection, signInsSection } from './account-sections.ts';
import { documentsSection } from './document-sections.ts';
import { auditSection, emailsSection, notificationsSection } from './messages-sections.ts';
import type { SubjectAccessSection } from './section.ts';
import {
  actionsSection,
  commentsSection,
  correctionsSection,
  evaluationsSection,
  otherRecordsSection,
  readinessChecksSection,
  sessionsSection,
  signOffsSection,
  supportSection,
  workshopsSection,
} from './writing-sections.ts';

/**
 * Every section of a person's data download, in the order the summary reads them: the one place to add personal
 * data Crosswalk starts to keep (a new table that references `users`, or words written into a live document).
 * Each section has its own JSON file; the README and the summary are made from this list.
 */
export const subjectAccessSections: readonly SubjectAccessSection[] = [
  profileSection,
  rolesSection,
  signInsSection,
  sessionsSection,
  documentsSection,
  commentsSection,
  correctionsSection,
  actionsSection,
  supportSection,
  workshopsSection,
  evaluationsSection,
  readinessChecksSection,
  signOffsSection,
  otherRecordsSection,
  notificationsSection,
  emailsSection,
  invitationsSection,
  auditSection,
];
