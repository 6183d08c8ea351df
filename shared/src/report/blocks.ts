/**
 * The agreed report as a neutral tree: headings, paragraphs, lists and tables, nothing about pages or files. The
 * Word and PDF renderers (server/src/modules/reports/) turn the same tree into their formats, so both files always
 * hold the same words in the same order.
 */
export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  /** `label`, when given, is shown in bold before the text ("Enquiry question: …"). */
  | { kind: 'paragraph'; text: string; label?: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; caption: string; header: string[]; rows: string[][] };

export interface ReportDocument {
  /** The document title (file properties, PDF title bar, first heading). */
  title: string;
  /** Shown at the top of every copy (docs/domain.md c.1). */
  confidentiality: string;
  language: 'en-GB';
  blocks: ReportBlock[];
}
