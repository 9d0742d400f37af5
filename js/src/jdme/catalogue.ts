// PROVISIONAL: replaced by the wrapper over the Rust catalogue.
export function explainJdmeCode(code: number): { code: number; msg: string }[] {
  return [{ code, msg: String(code) }];
}
