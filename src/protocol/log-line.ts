// Redis's log line: `<pid>:<role> <dd Mon yyyy hh:mm:ss.mmm> <mark> <text>`,
// e.g. `9807:S 21 Nov 2026 04:57:30.461 * Successful partial resynchronization with master.`
// Role: M master, S replica, C child (fork), X sentinel. Mark: `.` debug,
// `-` verbose, `*` notice, `#` warning. The time is the node's own wall clock
// (so a skewed node logs skewed times, as a real one does), shown in UTC.

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
export type LogRole = 'M' | 'S' | 'C' | 'X';

const MARKS: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The trace fields of a log event (kind `log`). */
export interface LogFields {
  readonly pid: number;
  readonly role: LogRole;
  readonly level: LogLevel;
  readonly wallMs: number;
  readonly text: string;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatLogTime(wallMs: number): string {
  const d = new Date(wallMs);
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
  return (
    `${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${ms}`
  );
}

export function formatLogLine(fields: LogFields): string {
  return `${fields.pid}:${fields.role} ${formatLogTime(fields.wallMs)} ${MARKS[fields.level]} ${fields.text}`;
}
