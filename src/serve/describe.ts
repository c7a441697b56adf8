// A fault step in a few words, for `redsim serve`'s log and `redsim ctl`'s answer.

import type { FaultStep } from '../scenario/scenario.js';
import { shortSecondsText } from '../sim/time.js';

const seconds = (us: number) => shortSecondsText(us).replace(/s$/, ' s');

export function describeFault(step: FaultStep): string {
  const lasting = (forUs: number | null) => (forUs === null ? '' : ` for ${seconds(forUs)}`);
  const when = step.atUs > 0 ? ` in ${seconds(step.atUs)}` : '';
  switch (step.kind) {
    case 'partition':
      return `${step.oneway ? 'one-way ' : ''}partition ${step.groups.map((g) => `[${g.join(', ')}]`).join(' | ')}${step.mode === 'reject' ? ' (reject)' : ''}${lasting(step.forUs)}${when}`;
    case 'heal':
      return `heal all partitions${when}`;
    case 'crash':
    case 'power-off':
    case 'pause':
      return `${step.kind} ${step.target}${lasting(step.forUs)}${when}`;
    case 'restart':
      return `restart ${step.target}${step.wipe ? ' with its disk wiped' : ''}${when}`;
    case 'resume':
      return `resume ${step.target}${when}`;
    case 'clock-jump':
      return `clock of ${step.target} jumps ${step.jumpUs < 0 ? '-' : '+'}${seconds(Math.abs(step.jumpUs))}${when}`;
    case 'clock-drift':
      return `clock of ${step.target} drifts ${step.drift}${when}`;
    case 'slow':
      return `slow ${step.targets.join(', ')} by ${seconds(step.latencyUs)}${lasting(step.forUs)}${when}`;
    case 'command':
      return `${step.target}: ${step.args.join(' ')}${when}`;
  }
}
