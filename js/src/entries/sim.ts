/**
 * Local simulators of both platforms (Node only), for tests, examples and CI.
 *
 * @module robotwire/sim
 */
// `robotwire/sim` (Node only): the local 京ME platform for tests, examples and CI.
import './node.js';
import './yjiyun.js';

export { startSimulator, DEFAULT_APP } from '../sim/jdme/server.js';
export type { Simulator, SimulatorOptions, SimRobotOptions } from '../sim/jdme/server.js';
export type { SimState, SimRobot, Group, Member, Card, ChatItem, Interception, Account, Profile } from '../sim/jdme/state.js';
export type { Delivery, Attempt, DeliveryTiming, SimTokenScheme } from '../sim/jdme/delivery.js';
export type { TokenLifetimes, SimApp, AuthServer, IssuedToken, TokenKind } from '../sim/jdme/auth.js';
export * from '../sim/yjiyun/index.js';
