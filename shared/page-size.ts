/**
 * The largest page a list endpoint gives (`limit`): the API refuses more, and the web app asks
 * for this much to read a whole list in the fewest requests. Plain TypeScript, so both import it.
 */
export const MAX_PAGE_SIZE = 500;
