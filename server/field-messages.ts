import type { TFunction } from 'i18next';
import type { FieldName } from './letters/request.js';
import type { FieldIssue } from './letters/service.js';

/**
 * Field problems as sentences a person understands, in the interface language: they name
 * the field and say what to fix. The form, the API, the command line and the library all
 * use these.
 */

export interface FieldMessage {
  field: FieldName;
  code: string;
  message: string;
}

export function fieldMessages(issues: FieldIssue[], t: TFunction): FieldMessage[] {
  return issues.map((issue) => {
    const field = t(`fields.${issue.field}.label`);
    const message = t(
      [`errors.${issue.field}.${issue.code}`, `errors.${issue.code}`, 'errors.invalid'],
      {
        replace: { field, ...issue.params },
      },
    );
    return { field: issue.field, code: issue.code, message };
  });
}
