// The local 京ME (`startSimulator`), exported from `robotwire/sim`.
export { startSimulator } from './server.js';
export { DEFAULT_APP } from './api.js';
export type { Simulator, SimulatorOptions, SimRobotOptions } from './api.js';
export type { SimState, SimRobot, Group, Member, Card, ChatItem, Interception, InterceptionNotice, ApiCall, Account, Profile } from './state.js';
export type { Delivery, Attempt, DeliveryTiming, SimTokenScheme } from './delivery.js';
export type { TokenLifetimes, SimApp, AuthServer, IssuedToken, TokenKind } from './auth.js';
