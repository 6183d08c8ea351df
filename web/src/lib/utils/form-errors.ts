/** One problem with one field, as the API and the forms report it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * Puts the field's name in front of each message ("Enquiry question: Cannot be empty"), so an error summary
 * says which field is wrong. `nameOf` maps an API path (e.g. `subQuestions.1`) to the words on the form.
 */
export function nameFields(fields: FieldProblem[], nameOf: (path: string) => string | undefined): FieldProblem[] {
  return fields.map((field) => {
    const name = nameOf(field.path);
    return name && !field.message.startsWith(name) ? { ...field, message: `${name}: ${field.message}` } : field;
  });
}

/** The message for one field, if it has a problem. */
export function problemAt(fields: FieldProblem[], path: string): string | undefined {
  return fields.find((field) => field.path === path)?.message;
}

/**
 * The problems with a start and an end time (`startsAt`, `endsAt`) of a `thing` ("session"): either is missing,
 * or the end is not after the start. Times are "HH:MM", so they compare as text.
 */
export function timeProblems(thing: string, starts: string, ends: string): FieldProblem[] {
  return [
    starts ? undefined : { path: 'startsAt', message: `Enter the time the ${thing} starts` },
    ends ? undefined : { path: 'endsAt', message: `Enter the time the ${thing} ends` },
    starts && ends && ends <= starts ? { path: 'endsAt', message: `The ${thing} must end after it starts` } : undefined,
  ].filter((problem) => problem !== undefined);
}
