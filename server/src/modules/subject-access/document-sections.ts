import { quoted, reviewName, type SubjectAccessSection } from './section.ts';

/**
 * The words a person typed into reviews' live documents that are still there: read through the authorship records
 * (which Yjs client ids were theirs), the same records erasure uses, so the download shows what erasure would take out.
 */
export const documentsSection: SubjectAccessSection = {
  file: 'documents',
  title: 'What you wrote in review documents',
  explains:
    'The words you typed into reviews’ shared documents (the enquiry document and workshop boards) that are still there, document by document, as recorded when you typed them. Words you typed before December 2026 are not linked to you and so are not listed.',
  async collect({ sql, subject, authoredText }) {
    const documents = await authoredText(subject.id);
    const reviewIds = [...new Set(documents.flatMap((d) => (d.reviewId ? [d.reviewId] : [])))];
    const reviews = await sql<{ id: string; hostSchool: string; academicYear: string }[]>`
      select r.id, hs.name as host_school, r.academic_year
      from reviews r join schools hs on hs.id = r.host_school_id where r.id = any(${reviewIds}::uuid[])`;
    const names = new Map(reviews.map((r) => [r.id, reviewName(r)]));
    const written = documents
      .filter((d) => d.runs.length > 0)
      .map((d) => ({
        review: d.reviewId ? (names.get(d.reviewId) ?? null) : null,
        document: d.documentName,
        text: d.runs,
      }));
    return {
      data: { documentText: written },
      lines: written.flatMap((d) => d.text.map((run) => `In the ${d.review ?? 'a review'}: ${quoted(run)}`)),
    };
  },
};
