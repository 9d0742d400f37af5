// The platform's `msg` for a code, from the shared error catalogue (Rust `jdme::catalogue`).
import { explainJdmeCode } from '../../jdme/catalogue.js';

export function platformMessage(code: number): string {
  return explainJdmeCode(code)[0]?.msg ?? '失败';
}
