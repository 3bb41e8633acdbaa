import type { TFunction } from 'i18next';
import { formatLongDate } from './letters/dates.js';
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
    const params = { ...issue.params };
    // A date in a message is written as the letters of that language write dates.
    if (typeof params.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(params.date)) {
      const meta = t('_meta', { ns: 'letter', returnObjects: true }) as unknown as {
        dateLocale?: string;
        firstDayOfMonth?: string;
      };
      if (meta?.dateLocale)
        params.date = formatLongDate(params.date, meta.dateLocale, meta.firstDayOfMonth);
    }
    const message = t(
      [`errors.${issue.field}.${issue.code}`, `errors.${issue.code}`, 'errors.invalid'],
      {
        replace: { field, ...params },
      },
    );
    return { field: issue.field, code: issue.code, message };
  });
}
