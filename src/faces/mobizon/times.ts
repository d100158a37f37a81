/** Mobizon writes times as `YYYY-MM-DD HH:MM:SS` in the account's time zone (core/wall-clock.ts). */
export { formatWallClock as mobizonTime, parseWallClock as parseMobizonTime } from '../../core/wall-clock.js';
