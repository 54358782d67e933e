/** Today in the browser's time zone, YYYY-MM-DD. */
export const today = () => new Date().toLocaleDateString('en-CA');

/** An amount typed in currency units (12.50) as minor units, or undefined when left empty. */
export const toMinor = (amount: number | string) =>
  amount === '' ? undefined : Math.round(Number(amount) * 100);
