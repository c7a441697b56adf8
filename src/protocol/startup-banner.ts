// The lines redis-server and redis-sentinel 7.0.15 log as they start, before
// the server is initialized, as captured on the CI machine (logfile set, not a
// tty, so without the ASCII logo):
//
//   7389:C 03 Dec 2026 15:26:13.571 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo
//   7389:C 03 Dec 2026 15:26:13.571 # Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=7389, just started
//   7389:C 03 Dec 2026 15:26:13.571 # Configuration loaded
//   7389:S 03 Dec 2026 15:26:13.571 * monotonic clock: POSIX clock_gettime
//   7389:S 03 Dec 2026 15:26:13.572 * Running mode=standalone, port=27101.
//
// The role letter after the config is loaded is the process's own (M, S or
// X). Left out: the host-dependent warnings (memory overcommit, THP).

import { REDIS_VERSION } from './info-sections.js';

export interface BannerLine {
  readonly level: 'warning' | 'notice';
  /** 'C' before the config is loaded; then the process's own role letter. */
  readonly early: boolean;
  readonly text: string;
}

export function startupBanner(pid: number, hasConfigFile: boolean, mode: 'standalone' | 'sentinel', port: number): BannerLine[] {
  return [
    { level: 'warning', early: true, text: 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo' },
    { level: 'warning', early: true, text: `Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${pid}, just started` },
    hasConfigFile
      ? { level: 'warning', early: true, text: 'Configuration loaded' }
      : { level: 'warning', early: true, text: 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf' },
    { level: 'notice', early: false, text: 'monotonic clock: POSIX clock_gettime' },
    { level: 'notice', early: false, text: `Running mode=${mode}, port=${port}.` },
  ];
}
