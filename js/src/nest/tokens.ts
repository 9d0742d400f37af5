// Injection tokens of `robotwire/nest`. Symbol.for: two copies of the bundle (ESM and CJS in
// one process) still agree on them.

/** The `JdmeClient` (the class `JdmeClient` is an alias of this token). */
export const JDME_CLIENT: unique symbol = Symbol.for('robotwire.nest.JDME_CLIENT');
/** The `JdmeWebhook`, or `null` when the module was given no `webhook` options. */
export const JDME_WEBHOOK: unique symbol = Symbol.for('robotwire.nest.JDME_WEBHOOK');
/** The resolved `RobotwireModuleOptions` (from `forRoot` or the `forRootAsync` factory). */
export const ROBOTWIRE_OPTIONS: unique symbol = Symbol.for('robotwire.nest.ROBOTWIRE_OPTIONS');
