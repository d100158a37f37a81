/** Mobizon writes times as `YYYY-MM-DD HH:MM:SS` in the account's time zone (wall-clock.ts). */
export { formatWallClock as mobizonTime, parseWallClock as parseMobizonTime } from './wall-clock.js';
