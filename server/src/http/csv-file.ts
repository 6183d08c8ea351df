import type { Response } from 'express';

/** Sends a CSV file as a download that no cache keeps. */
export function sendCsv(res: Response, file: { fileName: string; body: string }): void {
  res
    .status(200)
    .set('Cache-Control', 'no-store')
    .set('Content-Type', 'text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${file.fileName}"`)
    .send(file.body);
}
