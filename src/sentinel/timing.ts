// Sentinel's tunable periods (sentinel.c's sentinel_*_period statics), all in
// milliseconds, with Redis 7's defaults. SENTINEL DEBUG reads and changes
// them at runtime; nothing persists them.

export interface SentinelTiming {
  infoPeriodMs: number;
  pingPeriodMs: number;
  askPeriodMs: number;
  publishPeriodMs: number;
  defaultDownAfterMs: number;
  defaultFailoverTimeoutMs: number;
  tiltTriggerMs: number;
  tiltPeriodMs: number;
  slaveReconfTimeoutMs: number;
  minLinkReconnectPeriodMs: number;
  electionTimeoutMs: number;
  scriptMaxRuntimeMs: number;
  scriptRetryDelayMs: number;
}

export function defaultSentinelTiming(): SentinelTiming {
  return {
    infoPeriodMs: 10_000,
    pingPeriodMs: 1_000,
    askPeriodMs: 1_000,
    publishPeriodMs: 2_000,
    defaultDownAfterMs: 30_000,
    defaultFailoverTimeoutMs: 180_000,
    tiltTriggerMs: 2_000,
    // 30 x the (compile-time) ping period; changing ping-period does not move it.
    tiltPeriodMs: 30_000,
    slaveReconfTimeoutMs: 10_000,
    minLinkReconnectPeriodMs: 15_000,
    electionTimeoutMs: 10_000,
    scriptMaxRuntimeMs: 60_000,
    scriptRetryDelayMs: 30_000,
  };
}

/**
 * The 13 values in the order SENTINEL DEBUG lists them: [reply key, setter
 * key (case-insensitive), field].
 */
export const SENTINEL_TIMING_KEYS: readonly (readonly [string, string, keyof SentinelTiming])[] = [
  ['INFO-PERIOD', 'info-period', 'infoPeriodMs'],
  ['PING-PERIOD', 'ping-period', 'pingPeriodMs'],
  ['ASK-PERIOD', 'ask-period', 'askPeriodMs'],
  ['PUBLISH-PERIOD', 'publish-period', 'publishPeriodMs'],
  ['DEFAULT-DOWN-AFTER', 'default-down-after', 'defaultDownAfterMs'],
  ['DEFAULT-FAILOVER-TIMEOUT', 'default-failover-timeout', 'defaultFailoverTimeoutMs'],
  ['TILT-TRIGGER', 'tilt-trigger', 'tiltTriggerMs'],
  ['TILT-PERIOD', 'tilt-period', 'tiltPeriodMs'],
  ['SLAVE-RECONF-TIMEOUT', 'slave-reconf-timeout', 'slaveReconfTimeoutMs'],
  ['MIN-LINK-RECONNECT-PERIOD', 'min-link-reconnect-period', 'minLinkReconnectPeriodMs'],
  ['ELECTION-TIMEOUT', 'election-timeout', 'electionTimeoutMs'],
  ['SCRIPT-MAX-RUNTIME', 'script-max-runtime', 'scriptMaxRuntimeMs'],
  ['SCRIPT-RETRY-DELAY', 'script-retry-delay', 'scriptRetryDelayMs'],
];
