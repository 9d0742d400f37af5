// PROVISIONAL until the Rust rule engine lands: replaced by the engine wrapper.
import type { SimRobot, SimState, Profile } from './state.js';

export interface Verdict {
  code: number;
  rule: string;
  message: string;
  intercepted: boolean;
  conversation: string;
}

export class SimRules {
  quota(_endpoint: string, _appKey: string, _now: number): boolean {
    return false;
  }
  check(_endpoint: string, _body: Record<string, unknown>, _profile: Profile, _robot: SimRobot | undefined, _state: SimState, _now: number): Verdict | null {
    return null;
  }
  commit(_endpoint: string, _body: Record<string, unknown>, _robot: SimRobot | undefined, _now: number): void {}
}
