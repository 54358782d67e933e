import type { FormErrors } from '@mantine/form';
import { notAnAmountMessage, parseMajorAsMinor } from '../../../shared/money';

/** Today in the browser's time zone, YYYY-MM-DD. */
export const today = () => new Date().toLocaleDateString('en-CA');

/** A typed rate read in the business currency: its minor units, or why it is not an amount. */
export interface TypedRate {
  /** Undefined when the input is empty or not an amount of the currency. */
  minor: number | undefined;
  /** What to show under the input; null when it is empty or an amount. */
  error: string | null;
}

/**
 * A rate typed in major units of `currency` (12.50 EUR) as minor units (1250), exactly and with
 * at most the currency's decimals; `currency` is undefined while the settings load.
 */
export function readRate(amount: number | string, currency: string | undefined): TypedRate {
  const text = String(amount).trim();
  if (text === '') return { minor: undefined, error: null };
  if (!currency) return { minor: undefined, error: 'The business currency is still loading; try again' };
  const minor = parseMajorAsMinor(text, currency);
  return { minor, error: minor === undefined ? notAnAmountMessage(currency) : null };
}

/**
 * A form validator that adds, on the rate input `field`, why its text is not an amount of
 * `currency` to the errors of `validate` (the body checked with the API's schema): the body
 * only holds the minor units, which are missing then.
 */
export function withRateCheck<Values>(
  validate: (values: Values) => FormErrors,
  field: keyof Values & string,
  currency: string | undefined,
): (values: Values) => FormErrors {
  return (values) => {
    const errors = validate(values);
    const { error } = readRate(values[field] as number | string, currency);
    return error ? { ...errors, [field]: error } : errors;
  };
}
