import { ApiError, messageOf } from '#lib/api/client.ts';
import { nameFields, problemAt, type FieldProblem } from './form-errors.ts';

/**
 * What one form shows while it is sent: whether it is on its way, and what is wrong with it, both for the
 * error summary and for each field. The problems come from the form's own checks or from the server.
 */
export class FormSubmission {
  busy = $state(false);
  error = $state<string | null>(null);
  fields = $state<FieldProblem[]>([]);
  readonly #nameOf: (path: string) => string | undefined;

  /** `nameOf` gives the words on the form for an API field path, so the server's messages say which field. */
  constructor(nameOf: (path: string) => string | undefined = () => undefined) {
    this.#nameOf = nameOf;
  }

  /** The problem with one field, if any. */
  at(path: string): string | undefined {
    return problemAt(this.fields, path);
  }

  /** Forgets the problems shown, before something else is tried. */
  clear(): void {
    this.error = null;
    this.fields = [];
  }

  /**
   * Shows `problems` found before sending and stops there; otherwise runs `send`, showing whatever it fails with.
   * Resolves to whether `send` finished.
   */
  async submit(problems: FieldProblem[], send: () => Promise<void>): Promise<boolean> {
    this.fields = problems;
    if (problems.length > 0) {
      this.error = problems.map((problem) => problem.message).join('. ');
      return false;
    }
    this.error = null;
    this.busy = true;
    try {
      await send();
      return true;
    } catch (caught) {
      this.error = messageOf(caught);
      this.fields = caught instanceof ApiError ? nameFields(caught.fields, this.#nameOf) : [];
      return false;
    } finally {
      this.busy = false;
    }
  }
}
